import type { Actor, PlatformId, ReferralRequest, RequestEvent } from "referral-kit";
import { checkSafeguards, requestState, SafeguardError } from "referral-kit";
import type { SubmitInput } from "referral-kit/adapter";
import { ManualConfirmationError } from "./errors.js";
import { buildPacket, type PortalForm, type SubmissionPacket } from "./packet.js";
import type { PortalConfirmation, PreparedRecord, PreparedStore } from "./store.js";

/** A prepared packet still waiting for its confirmation number, and for how long. */
export type OverdueSubmission = Awaited<ReturnType<ManualChannel["overdue"]>>[number];

/**
 * The manual portal channel.
 *
 * @example
 * ```ts
 * const packet = await channel.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * ```
 */
export interface ManualChannel<P extends PlatformId = PlatformId> {
  readonly platform: P;
  readonly portal: PortalForm;
  /** Builds the packet and records it as prepared. Appends nothing to the request: it is not submitted. */
  submit(input: SubmitInput, options: { idempotencyKey: string }): Promise<SubmissionPacket>;
  /**
   * Records the portal's confirmation number and returns the `submitted` event (`channel: "portal"`,
   * `platformRef` = the number). With `commit`, the event is handed to it first (e.g. appended to the
   * request store) and recorded as confirmed only if that succeeds.
   */
  confirm(
    requestId: string,
    confirmationNumber: string,
    options: {
      at?: string;
      by: Actor;
      commit?: (event: Extract<RequestEvent, { type: "submitted" }>) => Promise<void>;
    },
  ): Promise<Extract<RequestEvent, { type: "submitted" }>>;
  /** Prepared packets unconfirmed for longer than `after` (default `overdueAfterMs`) at `asOf` (default now). */
  overdue(options?: {
    asOf?: string | number;
    after?: number;
  }): Promise<(PreparedRecord & { readonly waitingMs: number })[]>;
  /** Prepared packets not yet confirmed, overdue or not. */
  awaitingConfirmation(): Promise<PreparedRecord[]>;
}

const DAY = 86_400_000;

/**
 * Creates the manual channel for a platform whose government-request intake is a web form. `submit`
 * prepares a packet (the form's fields, as Markdown, HTML and JSON) and records it as prepared; the
 * request stays approved, so nothing counts it as submitted. `confirm` turns the portal's confirmation
 * number into the `submitted` event. `overdue` lists packets left unconfirmed too long.
 *
 * Not a `ReportingAdapter`: its `submit` returns a packet, not a platform receipt, so no dispatcher can
 * mistake a prepared packet for a submission.
 *
 * @throws {SafeguardError} from `submit`, when the request lacks what submission requires.
 *
 * @example
 * ```ts
 * import { createManualChannel, openPreparedFile } from "referral-kit/adapters/manual";
 *
 * const channel = createManualChannel({
 *   platform: "telegram",
 *   portal: { name: "Telegram government portal (modelled)", url: "https://telegram.example/gov" },
 *   store: openPreparedFile("./portal-submissions.jsonl"),
 * });
 * const packet = await channel.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * writeFileSync(`${request.id}.html`, packet.html);
 * // later, after the operator submitted the form:
 * const event = await channel.confirm(request.id, "TG-2025-0042", { by: { id: "analyst-1" } });
 * ```
 */
export function createManualChannel<const P extends PlatformId>(config: {
  readonly platform: P;
  readonly portal: PortalForm;
  readonly store: PreparedStore;
  /** How long a prepared packet may wait for its confirmation before it is overdue. Default 24 h. */
  readonly overdueAfterMs?: number;
  /** The clock (epoch ms). */
  readonly now?: () => number;
}): ManualChannel<P> {
  const { platform, portal, store } = config;
  const now = config.now ?? Date.now;
  const overdueAfter = config.overdueAfterMs ?? DAY;

  const channel: ManualChannel<P> = {
    platform,
    portal,
    async submit(input, { idempotencyKey }) {
      const { request } = input;
      if (request.platform !== platform) {
        throw new TypeError(`the ${platform} portal channel cannot prepare a request to ${request.platform}`);
      }
      if (input.targets.length === 0) throw new TypeError("a packet needs at least one target");
      const approvers = "events" in request ? requestState(request as ReferralRequest).approvers : [];
      const violations = checkSafeguards(request, { stage: "submission", approvers });
      if (violations.length > 0) throw new SafeguardError(request.id, violations);
      const existing = await store.get(request.id);
      if (existing?.confirmation) {
        throw new ManualConfirmationError(
          request.id,
          "already_confirmed",
          `already submitted through the portal (confirmation ${existing.confirmation.number})`,
        );
      }
      const packet = buildPacket(input, portal, {
        preparedAt: existing?.preparedAt ?? new Date(now()).toISOString(),
        idempotencyKey,
      });
      await store.savePrepared({
        requestId: packet.requestId,
        platform: packet.platform,
        portal: portal.name,
        preparedAt: packet.preparedAt,
        idempotencyKey,
        targetKeys: packet.targetKeys,
      });
      return packet;
    },

    async confirm(requestId, confirmationNumber, options) {
      const number = confirmationNumber.trim();
      if (number.length === 0 || number.length > 200 || hasControlCharacter(number)) {
        throw new ManualConfirmationError(
          requestId,
          "invalid_confirmation_number",
          "a confirmation number is one line of 1 to 200 printable characters",
        );
      }
      const prepared = await store.get(requestId);
      if (!prepared) {
        throw new ManualConfirmationError(
          requestId,
          "not_prepared",
          `no packet was prepared for it on the ${platform} portal channel; prepare one first`,
        );
      }
      const at = options.at ?? new Date(now()).toISOString();
      const event: Extract<RequestEvent, { type: "submitted" }> = {
        type: "submitted",
        at,
        by: options.by,
        channel: "portal",
        idempotencyKey: prepared.idempotencyKey,
        platformRef: number,
        note: `portal confirmation number recorded by ${options.by.id}; packet prepared ${prepared.preparedAt}`,
      };
      if (prepared.confirmation) {
        if (prepared.confirmation.number === number) return { ...event, at: prepared.confirmation.at };
        throw new ManualConfirmationError(
          requestId,
          "already_confirmed",
          `already confirmed with ${prepared.confirmation.number}; a different number (${number}) is not recorded`,
        );
      }
      await options.commit?.(event);
      const confirmation: PortalConfirmation = { number, at, by: options.by };
      await store.saveConfirmation(requestId, confirmation);
      return event;
    },

    async overdue(options = {}) {
      const asOf =
        options.asOf === undefined
          ? now()
          : typeof options.asOf === "number"
            ? options.asOf
            : Date.parse(options.asOf);
      if (!Number.isFinite(asOf)) throw new RangeError(`asOf ${String(options.asOf)} is not a time`);
      const after = options.after ?? overdueAfter;
      return (await store.list())
        .filter((record) => !record.confirmation && record.platform === platform)
        .map((record) => ({ ...record, waitingMs: asOf - Date.parse(record.preparedAt) }))
        .filter((record) => record.waitingMs > after)
        .sort((a, b) => b.waitingMs - a.waitingMs);
    },

    async awaitingConfirmation() {
      return (await store.list()).filter((record) => !record.confirmation && record.platform === platform);
    },
  };
  return Object.freeze(channel);
}

/** A line break or other control character: a confirmation number is one line of printable text. */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

import type { RequestStatus } from "../../domain/lifecycle.js";
import type { Actor } from "../../domain/schemas/common.js";
import { type RequestEvent, RequestEventSchema, type RequestKind } from "../../domain/schemas/request.js";
import { ProtocolError } from "../errors.js";
import { kindEvent } from "./disclosure-answer.js";
import type { StatusUpdate } from "./spec.js";

/**
 * Options for {@link toRequestEvents}.
 *
 * @example
 * ```ts
 * toRequestEvents(update, { current: requestState(request).status, by: { id: "adapter:x" } });
 * ```
 */
export interface ToRequestEventsOptions {
  /**
   * The request's current status (from `requestState`). When given, events that tell nothing new are
   * left out: a repeat of the current state, or an `acknowledged` once the request is past it. Without
   * it, every mapped event is returned.
   */
  current?: RequestStatus;
  /** Who to record as the actor (e.g. `{ id: "adapter:x" }`). */
  by?: Actor;
  /**
   * The request's kind: a `disclose-data` or `preserve` decision becomes `produced`, `partially-produced`,
   * `no-data` or `preserved` from the update's `disclosure` answer (the production receipt records the
   * files the platform declares, received by `by` through `channel`).
   */
  kind?: RequestKind;
  /** The channel a production arrives through, for its receipt (default `api`). */
  channel?: string;
}

const MAX_TEXT = 5000;

/**
 * Turns a status update into request events, ready to append to the request's history.
 *
 * | outcome | events |
 * | --- | --- |
 * | `pending` | none: nothing has happened yet that the lifecycle records |
 * | `acknowledged` | `acknowledged` with the platform reference |
 * | `needs-information` | `acknowledged`, with a note saying what the platform asks for |
 * | `actioned` | `actioned`, with the actioned target keys when the platform gave per-target outcomes |
 * | `partially-actioned` | `partially-actioned` with the actioned target keys |
 * | `rejected` | `rejected` with the platform's reason |
 * | `withdrawn` | `withdrawn` with the reason the platform records (none new when already withdrawn) |
 *
 * With `kind` given, a `disclose-data` decision becomes `produced` or `partially-produced` with a receipt
 * of the files in the update's `disclosure` answer (or `no-data`), and a `preserve` decision `preserved`.
 *
 * Why `needs-information` becomes `acknowledged`: the lifecycle has no "waiting on the agency" state,
 * and a platform that asks for more has looked at the request, which is what `acknowledged` records.
 * The note keeps the platform's question in the history; the caller should still act on the update
 * itself (tell a person). Every event's note names the platform's own state, for audit.
 *
 * @throws {ProtocolError} the update cannot become valid events (a partial action naming no actioned
 * target, a time without a zone).
 *
 * @example
 * ```ts
 * import { requestState } from "referral-kit";
 * import { toRequestEvents } from "referral-kit/adapter";
 *
 * const update = await adapter.getStatus({ platformRef }, { signal });
 * const events = toRequestEvents(update, { current: requestState(request).status, by: { id: "adapter:x" } });
 * request = { ...request, events: [...request.events, ...events] };
 * ```
 */
export function toRequestEvents(update: StatusUpdate, options: ToRequestEventsOptions = {}): RequestEvent[] {
  const generic = mapUpdate(update, options.by);
  const event =
    generic &&
    kindEvent(generic, {
      kind: options.kind,
      answer: update.disclosure,
      platformRef: update.platformRef,
      current: options.current,
      by: options.by,
      channel: options.channel,
    });
  if (!event) return [];
  if (options.current !== undefined && !isNews(event.type, options.current)) return [];
  const parsed = RequestEventSchema.safeParse(event);
  if (!parsed.success) {
    throw ProtocolError.fromZod(parsed.error, {
      reason: `status update for ${update.platformRef} does not make a valid "${event.type}" event`,
    });
  }
  return [parsed.data];
}

function mapUpdate(update: StatusUpdate, by: Actor | undefined): RequestEvent | undefined {
  const base = { at: update.at, ...(by ? { by } : {}) };
  const state = `platform state ${JSON.stringify(update.platformState)}`;
  const actioned = update.targets?.filter((target) => target.outcome === "actioned").map((t) => t.key);
  switch (update.outcome) {
    case "pending":
      return undefined;
    case "acknowledged":
      return {
        type: "acknowledged",
        ...base,
        platformRef: update.platformRef,
        note: note(state, update.reason),
      };
    case "needs-information":
      return {
        type: "acknowledged",
        ...base,
        platformRef: update.platformRef,
        note: note(`${state}; the platform needs more information`, update.reason),
      };
    case "actioned":
      return {
        type: "actioned",
        ...base,
        ...(actioned && actioned.length > 0 ? { targets: actioned } : {}),
        note: note(state, update.reason),
      };
    case "partially-actioned":
      if (!actioned || actioned.length === 0) {
        throw new ProtocolError({
          reason: `status update for ${update.platformRef} is "partially-actioned" but names no actioned target`,
        });
      }
      return { type: "partially-actioned", ...base, targets: actioned, note: note(state, update.reason) };
    case "rejected":
      return {
        type: "rejected",
        ...base,
        reason: clip(update.reason.trim() || "no reason given"),
        note: note(state, undefined),
      };
    case "withdrawn":
      return {
        type: "withdrawn",
        ...base,
        reason: clip(update.reason.trim() || "no reason given"),
        note: note(state, undefined),
      };
  }
}

/** Past these states an `acknowledged` adds nothing. */
const PAST_ACKNOWLEDGED: ReadonlySet<RequestStatus> = new Set([
  "acknowledged",
  "actioned",
  "partially-actioned",
  "rejected",
  "withdrawn",
  "appealed",
  "reinstated",
]);

function isNews(type: RequestEvent["type"], current: RequestStatus): boolean {
  if (type === current) return false;
  if (type === "acknowledged" && PAST_ACKNOWLEDGED.has(current)) return false;
  return true;
}

function note(prefix: string, reason: string | undefined): string {
  return clip(reason?.trim() ? `${prefix}: ${reason.trim()}` : prefix);
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

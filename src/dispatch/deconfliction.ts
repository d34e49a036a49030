import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";
import { type RequestStatus, transitionTable } from "../domain/lifecycle.js";
import {
  REQUEST_KINDS,
  type ReferralRequest,
  RequestEvent,
  type RequestEventType,
  type RequestKind,
} from "../domain/schemas/request.js";
import type { RequestStore } from "./store/port.js";

const EVENT_TYPES: readonly RequestEventType[] = RequestEvent.options.map(
  (option) => option.shape.type.value,
);

/**
 * A hold a unit places on a target for an active investigation: until `until`, no other unit's request
 * covering that target is sent (enqueue refuses it; a queued one waits). The unit's own requests are
 * not held.
 *
 * @example
 * ```ts
 * const hold = await store.placeHold({ targetKey: "x:someone", unit: "CTD North", until, reason: "case 2026/14", placedBy: "supervisor-2" }, Date.now());
 * ```
 */
export interface TargetHold {
  readonly id: number;
  /** The target's `targetKey`. */
  readonly targetKey: string;
  /** The unit that placed it (`issuingAuthority.unit` of its requests). */
  readonly unit: string;
  /** When it ends (ms since the epoch). */
  readonly until: number;
  /** Why, for the unit's own records; never shown to other units. */
  readonly reason: string;
  /** The actor who placed it. */
  readonly placedBy: string;
  readonly placedAt: number;
}

/**
 * What a new hold says (the store adds its id and time).
 *
 * @example
 * ```ts
 * const input: HoldInput = { targetKey: "x:someone", unit: "CTD North", until: Date.parse("2026-03-01T00:00:00Z"), reason: "case 14", placedBy: "supervisor-2" };
 * ```
 */
export type HoldInput = Omit<TargetHold, "id" | "placedAt">;

/** An open request that covers a target, as the store's target index finds it (`findCovering`). */
export type TargetCover = Awaited<ReturnType<RequestStore["findCovering"]>>[number];

/**
 * A request that covers a target another open request already covers (any unit), as `enqueue` reports it.
 *
 * @example
 * ```ts
 * const { duplicates } = await dispatcher.enqueue(requests);
 * for (const d of duplicates) console.log(`${d.requestId} duplicates ${d.duplicateOf} on ${d.targetKey}`);
 * ```
 */
export interface DuplicateTarget {
  readonly requestId: string;
  readonly targetKey: string;
  /** The other open request covering the target. */
  readonly duplicateOf: string;
  /** That request's unit, when it names one. */
  readonly unit: string | undefined;
}

/**
 * Whether a request can still change: its kind's transition table allows another event after `status`
 * (`transitionTable`). Every other request is closed: withdrawn, reinstated, produced in full...
 */
export function isOpen(kind: RequestKind, status: RequestStatus): boolean {
  return (transitionTable(kind)[status] ?? []).length > 0;
}

/** Every closed `kind:status` pair (see {@link isOpen}), for the SQL stores' queries. */
export const CLOSED_KIND_STATES: readonly string[] = REQUEST_KINDS.flatMap((kind) =>
  EVENT_TYPES.filter((status) => !isOpen(kind, status)).map((status) => `${kind}:${status}`),
);

/** The unit of a request: `issuingAuthority.unit`, when it names one. */
export function unitOf(request: Pick<ReferralRequest, "issuingAuthority">): string | undefined {
  return request.issuingAuthority.unit;
}

/**
 * The holds in force at `now` on any of `targetKeys`, placed by another unit than `unit`: the ones that
 * stop a request of `unit` from being sent.
 */
export function blockingHolds(
  holds: Iterable<TargetHold>,
  targetKeys: Iterable<string>,
  unit: string | undefined,
  now: number,
): TargetHold[] {
  const keys = new Set(targetKeys);
  const blocking: TargetHold[] = [];
  for (const hold of holds) {
    if (hold.until > now && keys.has(hold.targetKey) && hold.unit !== unit) blocking.push(hold);
  }
  return blocking;
}

const heldMarker = Symbol.for("referral-kit.error.target_held");

/**
 * Why a request is not sent: a target it covers is held by another unit for an active investigation.
 * Names the unit to ask and when the hold ends; never the unit's reason.
 *
 * @example
 * ```ts
 * import { TargetHeldError } from "referral-kit/dispatch";
 *
 * for (const error of refused.errors) if (TargetHeldError.isInstance(error)) console.log(error.heldBy, error.until);
 * ```
 */
export class TargetHeldError extends ReferralKitError {
  declare readonly code: "target_held";
  readonly requestId: string;
  /** The held target's key (the field: a target of the request). */
  readonly targetKey: string;
  /** The unit holding it. */
  readonly heldBy: string;
  /** When the hold ends (ISO 8601, UTC). */
  readonly until: string;

  constructor(args: { requestId: string; targetKey: string; heldBy: string; until: number }) {
    const until = new Date(args.until).toISOString();
    super(
      "target_held",
      `request ${args.requestId}: target ${args.targetKey} is held by unit "${args.heldBy}" until ${until} ` +
        `for an active investigation; it is not sent before then (ask that unit to lift the hold)`,
    );
    this.name = "TargetHeldError";
    markError(this, heldMarker);
    this.requestId = args.requestId;
    this.targetKey = args.targetKey;
    this.heldBy = args.heldBy;
    this.until = until;
  }

  static override isInstance(value: unknown): value is TargetHeldError {
    return hasMarker(value, heldMarker);
  }
}

const notOwnedMarker = Symbol.for("referral-kit.error.hold_not_owned");

/**
 * Thrown by `placeHold` (and `releaseHold`) when the unit does not own the target: it has no open request
 * covering it (or, to release, the hold is another unit's). A unit holds only what it is working on.
 *
 * @example
 * ```ts
 * import { HoldNotOwnedError } from "referral-kit/dispatch";
 *
 * if (HoldNotOwnedError.isInstance(error)) console.error(error.unit, error.targetKey);
 * ```
 */
export class HoldNotOwnedError extends ReferralKitError {
  declare readonly code: "hold_not_owned";
  readonly unit: string;
  readonly targetKey: string;
  /** The offending field of the hold (`targetKey`, or `id` to release). */
  readonly field: string;

  constructor(args: { unit: string; targetKey: string; field: string; reason: string }) {
    super("hold_not_owned", `unit "${args.unit}" cannot hold ${args.targetKey}: ${args.reason}`);
    this.name = "HoldNotOwnedError";
    markError(this, notOwnedMarker);
    this.unit = args.unit;
    this.targetKey = args.targetKey;
    this.field = args.field;
  }

  static override isInstance(value: unknown): value is HoldNotOwnedError {
    return hasMarker(value, notOwnedMarker);
  }
}

/** Refuses a hold for a unit with no open request covering the target. */
export function notOwned(hold: Pick<HoldInput, "unit" | "targetKey">): HoldNotOwnedError {
  return new HoldNotOwnedError({
    unit: hold.unit,
    targetKey: hold.targetKey,
    field: "targetKey",
    reason: "no open request of the unit covers that target",
  });
}

/** Refuses to release a hold that is not the unit's (or does not exist). */
export function notOwnHold(
  options: { id: number; unit: string },
  hold: TargetHold | undefined,
): HoldNotOwnedError {
  return new HoldNotOwnedError({
    unit: options.unit,
    targetKey: hold?.targetKey ?? "(no target)",
    field: "id",
    reason: hold ? `hold ${options.id} was placed by unit "${hold.unit}"` : `there is no hold ${options.id}`,
  });
}

/**
 * The holds in force, as a dispatcher run sees them: read when the run starts and again every
 * `everyMs`, so a hold placed during a run stops the sends it covers within that time, without a store
 * query per send.
 */
export class HoldWatch {
  #holds: readonly TargetHold[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: { listHolds(filter: { activeAt: number }): Promise<TargetHold[]> },
    private readonly now: () => number,
    private readonly everyMs: number,
  ) {}

  async start(): Promise<void> {
    await this.#refresh();
    this.#timer = setInterval(() => {
      // A failed read keeps the holds last read; the next tick tries again.
      this.#refresh().catch(() => {});
    }, this.everyMs);
    this.#timer.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The holds that stop a request of `unit` covering `targetKeys` at `now`. */
  blocking(targetKeys: readonly string[], unit: string | undefined, now: number): TargetHold[] {
    return this.#holds.length === 0 ? [] : blockingHolds(this.#holds, targetKeys, unit, now);
  }

  async #refresh(): Promise<void> {
    this.#holds = await this.store.listHolds({ activeAt: this.now() });
  }
}

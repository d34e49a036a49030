import { requestState } from "./lifecycle.js";
import type { Actor } from "./schemas/common.js";
import type { ReferralRequest, RequestEvent } from "./schemas/request.js";

/** States in which a request still waits for the platform's first decision. */
const AWAITING = new Set(["submitted", "acknowledged", "information-supplied", "escalated"]);

/**
 * The `expired` event to append when the deadline in force has passed at `now` with no decision, or
 * `null` when there is nothing to record: not submitted, decided, withdrawn, a question of the platform's
 * still open (its clock is stopped), not yet due, or already expired since the deadline was last set.
 * Appending what it returns is therefore idempotent: a second call on the new history returns `null`.
 * The event's time is the deadline (or the last event, when that came later, to keep time order).
 *
 * @example
 * ```ts
 * import { expiryEvent } from "referral-kit";
 *
 * const event = expiryEvent(request, new Date(), { id: "referral-kit:expire" });
 * if (event) request = { ...request, events: [...request.events, event] };
 * ```
 */
export function expiryEvent(
  request: ReferralRequest,
  now: Date | string | number,
  by?: Actor,
): Extract<RequestEvent, { type: "expired" }> | null {
  const time = typeof now === "number" ? now : typeof now === "string" ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(time)) throw new RangeError(`now ${String(now)} is not a time`);
  const state = requestState(request);
  if (state.submittedAt === undefined || state.deadline === undefined) return null;
  if (!AWAITING.has(state.status) || state.outcome !== "pending") return null;
  const deadline = Date.parse(state.deadline);
  if (deadline > time) return null;
  const lastAnswer = state.agencyWaits.at(-1)?.to;
  if (
    state.expiredAt !== undefined &&
    (lastAnswer === undefined || Date.parse(state.expiredAt) >= Date.parse(lastAnswer))
  ) {
    return null;
  }
  const at = new Date(Math.max(deadline, Date.parse(state.updatedAt))).toISOString();
  return { type: "expired", at, deadline: state.deadline, ...(by ? { by } : {}) };
}

import { toTime } from "../compliance/record.js";
import { canTransition, requestState } from "../domain/lifecycle.js";
import type { Actor } from "../domain/schemas/common.js";
import { ReferralRequest, RequestEvent } from "../domain/schemas/request.js";
import { validate } from "../domain/validate.js";
import { RedressError } from "./errors.js";
import { type Challenge, requestFacts } from "./history.js";

/**
 * Records a challenge of an action (by the account holder, the platform, the agency or another party):
 * returns a new request with an `appealed` event appended. The input is not changed. Only an actioned or
 * partially-actioned request can be challenged, and a challenge cannot predate the last event.
 *
 * @throws {RedressError} the lifecycle does not allow a challenge now, or `at` is earlier than the last event.
 * @throws {ValidationError}, {IllegalTransitionError}, {SafeguardError} an invalid request or event.
 *
 * @example
 * ```ts
 * import { recordChallenge } from "referral-kit/transparency";
 *
 * const challenged = recordChallenge(request, { appellant: "account-holder", at: "2025-03-05T10:00:00Z" });
 * challenged.events.at(-1)?.type; // "appealed"
 * ```
 */
export function recordChallenge(
  request: ReferralRequest,
  input: {
    /** Who challenges the action. */
    appellant: Challenge["appellant"];
    at: string;
    by?: Actor;
    note?: string;
  },
): ReferralRequest {
  const status = checkedStatus(request, input.at);
  if (!canTransition(status, "appealed")) {
    throw new RedressError(
      request.id,
      status === "appealed"
        ? "a challenge is already open; record its outcome first"
        : `only an action can be challenged; the request is ${status}`,
    );
  }
  return append(request, { type: "appealed", ...optional(input), appellant: input.appellant });
}

/**
 * Records the outcome of the open challenge: `upheld` appends an `actioned` event (the action stands,
 * for the same items as before: a partial action stays partial), `reinstated` appends a `reinstated`
 * event. Returns a new request; the input is not changed.
 *
 * @throws {RedressError} no challenge is open, or `at` is earlier than the last event.
 * @throws {ValidationError}, {IllegalTransitionError}, {SafeguardError} an invalid request or event.
 *
 * @example
 * ```ts
 * import { recordChallenge, recordChallengeOutcome } from "referral-kit/transparency";
 *
 * const challenged = recordChallenge(request, { appellant: "platform", at: "2025-03-05T10:00:00Z" });
 * const decided = recordChallengeOutcome(challenged, { outcome: "upheld", at: "2025-03-09T10:00:00Z" });
 * decided.events.at(-1)?.type; // "actioned"
 * ```
 */
export function recordChallengeOutcome(
  request: ReferralRequest,
  input: {
    outcome: "upheld" | "reinstated";
    at: string;
    by?: Actor;
    note?: string;
  },
): ReferralRequest {
  if (input.outcome !== "upheld" && input.outcome !== "reinstated") {
    throw new RedressError(request.id, `outcome must be "upheld" or "reinstated"`);
  }
  const status = checkedStatus(request, input.at);
  if (status !== "appealed") {
    throw new RedressError(request.id, `no challenge is open; the request is ${status}`);
  }
  if (input.outcome === "reinstated") return append(request, { type: "reinstated", ...optional(input) });
  // Keep the action's scope: list the items actioned so far unless that was every item.
  const facts = requestFacts(request)!;
  const event: RequestEvent =
    facts.actionedKeys.size === facts.targetKeys.length || facts.actionedKeys.size === 0
      ? { type: "actioned", ...optional(input) }
      : { type: "actioned", ...optional(input), targets: [...facts.actionedKeys] };
  return append(request, event);
}

/**
 * The challenges of a request and their outcomes, in order, optionally as known before `asOf`.
 *
 * @throws {ValidationError}, {IllegalTransitionError}, {SafeguardError} an invalid request or history.
 *
 * @example
 * ```ts
 * import { challengesOf } from "referral-kit/transparency";
 *
 * for (const challenge of challengesOf(request)) console.log(challenge.appellant, challenge.outcome);
 * ```
 */
export function challengesOf(
  request: ReferralRequest,
  options: { asOf?: string | Date | number } = {},
): Challenge[] {
  const before = options.asOf === undefined ? Number.POSITIVE_INFINITY : toTime(options.asOf);
  return requestFacts(request, before)?.challenges ?? [];
}

function checkedStatus(request: ReferralRequest, at: string) {
  const parsed = validate(ReferralRequest, request, "Request");
  const state = requestState(parsed);
  let time: number;
  try {
    time = toTime(at);
  } catch {
    throw new RedressError(request.id, "at must be an ISO 8601 time with a zone");
  }
  if (time < Date.parse(state.updatedAt)) {
    throw new RedressError(request.id, `${at} is earlier than the last event (${state.updatedAt})`);
  }
  return state.status;
}

function optional(input: { at: string; by?: Actor; note?: string }) {
  const fields: { at: string; by?: Actor; note?: string } = { at: input.at };
  if (input.by !== undefined) fields.by = input.by;
  if (input.note !== undefined) fields.note = input.note;
  return fields;
}

function append(request: ReferralRequest, event: RequestEvent): ReferralRequest {
  const checked = validate(RequestEvent, event, "RequestEvent");
  const next = { ...request, events: [...request.events, checked] };
  // The appended history must still fold; this also guards against a future change to TRANSITIONS.
  requestState(next);
  return next;
}

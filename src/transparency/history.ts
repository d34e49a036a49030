import { type DisclosureState, disclosureState } from "../domain/disclosure.js";
import { ValidationError } from "../domain/errors.js";
import { type RequestOutcome, type RequestStatus, requestState } from "../domain/lifecycle.js";
import { type PreservationState, preservationState } from "../domain/preservation.js";
import { ReferralRequest, type RequestEvent } from "../domain/schemas/request.js";
import { targetKey } from "../domain/targets/target-key.js";

/**
 * One challenge of an action and what became of it: `upheld` when the action was confirmed (an `actioned`
 * event after the `appealed` one), `reinstated` when the platform restored the account or content,
 * `pending` when neither happened by the time considered.
 *
 * @example
 * ```ts
 * const challenge: Challenge = {
 *   appellant: "account-holder", at: "2025-03-05T10:00:00Z", outcome: "upheld", decidedAt: "2025-03-09T10:00:00Z",
 * };
 * ```
 */
export interface Challenge {
  /** Who challenged the action, as recorded on the `appealed` event. */
  appellant: Extract<RequestEvent, { type: "appealed" }>["appellant"];
  /** When the challenge was recorded. */
  at: string;
  outcome: "upheld" | "reinstated" | "pending";
  /** When the outcome was recorded; undefined while pending. */
  decidedAt: string | undefined;
}

/**
 * What the exports need from one request, as known before a cut-off time. Internal.
 *
 * @internal
 */
export interface RequestFacts {
  request: ReferralRequest;
  submittedAt: string;
  acknowledgedAt: string | undefined;
  status: RequestStatus;
  outcome: RequestOutcome;
  /** Distinct target keys, in the request's order. */
  targetKeys: string[];
  /** Target keys actioned (fully or partially) by the cut-off. */
  actionedKeys: Set<string>;
  challenges: Challenge[];
  /** Reinstatements that followed no open challenge (the platform reversed itself). */
  reinstatedWithoutChallenge: number;
  /** The channel of the submitted event. */
  channel: string | undefined;
  /** For a `disclose-data` request: its answer by the cut-off. */
  disclosure: DisclosureState | undefined;
  /** For a `preserve` request: its preservation at the cut-off. */
  preservation: PreservationState | undefined;
}

/**
 * Validates a request (unless told it was) and folds its events strictly before `before` (epoch ms).
 * Returns `null` when the request was not submitted by then.
 *
 * @throws {ValidationError} when the request does not match `ReferralRequest`.
 * @throws {IllegalTransitionError} or {SafeguardError} when its history is inconsistent.
 *
 * @internal
 */
export function requestFacts(input: ReferralRequest, before = Number.POSITIVE_INFINITY): RequestFacts | null {
  const parsed = ReferralRequest.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod("Request", parsed.error);
  const request = parsed.data;
  const events = request.events.filter((event) => Date.parse(event.at) < before);
  const submitted = events.find((event) => event.type === "submitted");
  if (!submitted) return null;
  // requestState enforces the transition table, the safeguards and time order on the kept events.
  const state = requestState(events, request);

  const targetKeys = distinct(request.targets.map((entry) => targetKey(entry.target)));
  const known = new Set(targetKeys);
  const actionedKeys = new Set<string>();
  const challenges: Challenge[] = [];
  let reinstatedWithoutChallenge = 0;
  let acknowledgedAt: string | undefined;
  let open: Challenge | undefined;

  for (const event of events) {
    switch (event.type) {
      case "acknowledged":
        acknowledgedAt ??= event.at;
        break;
      case "actioned":
      case "partially-actioned":
      case "produced":
      case "partially-produced":
      case "preserved": {
        // An action without a target list covers every target; otherwise only the listed keys that
        // belong to the request count (a stray key is not an item of this request). A production or a
        // preservation acts on the request's targets as the removal decision it stands for.
        const keys = "targets" in event && event.targets !== undefined ? event.targets : targetKeys;
        for (const key of keys ?? []) if (known.has(key)) actionedKeys.add(key);
        if (open) {
          open.outcome = "upheld";
          open.decidedAt = event.at;
          open = undefined;
        }
        break;
      }
      case "appealed":
        open = { appellant: event.appellant, at: event.at, outcome: "pending", decidedAt: undefined };
        challenges.push(open);
        break;
      case "reinstated":
        if (open) {
          open.outcome = "reinstated";
          open.decidedAt = event.at;
          open = undefined;
        } else reinstatedWithoutChallenge += 1;
        break;
      default:
        break;
    }
  }

  return {
    request,
    submittedAt: submitted.at,
    acknowledgedAt,
    status: state.status,
    outcome: state.outcome,
    targetKeys,
    actionedKeys,
    challenges,
    reinstatedWithoutChallenge,
    channel: submitted.type === "submitted" ? submitted.channel : undefined,
    disclosure: request.kind === "disclose-data" ? disclosureState({ ...request, events }) : undefined,
    preservation:
      request.kind === "preserve"
        ? preservationState({ ...request, events }, { asOf: Math.min(before, Date.now()) })
        : undefined,
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

import { IllegalTransitionError, SafeguardError } from "./errors.js";
import {
  genericDecision,
  kindEventChecks,
  kindTransitions,
  type TransitionTable,
} from "./kind-lifecycles.js";
import { checkSafeguards } from "./safeguards.js";
import type { Actor } from "./schemas/common.js";
import type {
  ReferralRequest,
  RequestContent,
  RequestEvent,
  RequestEventType,
  RequestKind,
} from "./schemas/request.js";

/** The state of a request: the type of the last event that moved it (or `null` before `drafted`). */
export type RequestStatus = RequestEventType;

/**
 * The removal lifecycle as a table: for each state, the events allowed next. A state missing from the
 * table, or an event missing from its list, is an illegal transition. `disclose-data` and `preserve`
 * requests have their own tables (`DISCLOSURE_TRANSITIONS`, `PRESERVATION_TRANSITIONS`).
 *
 * - `approved` may repeat (a second, distinct approver for sensitive targets);
 * - a late decision after `expired` is still recorded (the deadline figures count it as a breach);
 * - `partially-actioned` may become `actioned` when the platform finishes;
 * - `appealed` and `reinstated` follow an action; a dismissed appeal returns to `actioned`;
 * - `rejected`, `withdrawn` and `reinstated` are final.
 */
export const TRANSITIONS: TransitionTable = Object.freeze({
  initial: ["drafted"],
  drafted: ["approved", "withdrawn"],
  approved: ["approved", "submitted", "withdrawn"],
  submitted: ["acknowledged", "actioned", "partially-actioned", "rejected", "expired", "withdrawn"],
  acknowledged: ["actioned", "partially-actioned", "rejected", "expired", "withdrawn"],
  expired: ["actioned", "partially-actioned", "rejected", "withdrawn"],
  "partially-actioned": ["actioned", "appealed", "reinstated"],
  actioned: ["appealed", "reinstated"],
  appealed: ["actioned", "reinstated"],
  rejected: [],
  withdrawn: [],
  reinstated: [],
});

/** The outcome of a request for compliance purposes. */
export type RequestOutcome = "actioned" | "partially-actioned" | "rejected" | "withdrawn" | "pending";

/** What the fold of a request's history gives. */
export interface RequestState {
  /** The current state (type of the last event that moved the request). */
  status: RequestStatus;
  /** Distinct approvers, in order of approval. */
  approvers: Actor[];
  draftedAt: string;
  submittedAt: string | undefined;
  /** The platform's first decision: `actioned`, `partially-actioned`, `rejected`; or `withdrawn`; else `pending`. */
  outcome: RequestOutcome;
  /** When the outcome happened (undefined while pending). */
  outcomeAt: string | undefined;
  /** When the first `actioned` or `partially-actioned` event happened. */
  firstActionAt: string | undefined;
  /** The time of the last event. */
  updatedAt: string;
  /** Number of events folded. */
  eventCount: number;
}

/**
 * Folds a request's history through {@link TRANSITIONS}, enforcing the safeguards at `approved` and
 * `submitted` (see `checkSafeguards`) and time order. Pass the request itself (with its `events`), or the
 * events and the request content separately: the safeguards need the content, so there is no events-only
 * form that could skip them.
 *
 * @throws {IllegalTransitionError} an event not allowed in the current state, or out of time order.
 * @throws {SafeguardError} approval or submission without what the safeguards require.
 *
 * @example
 * ```ts
 * import { requestState } from "referral-kit";
 *
 * const state = requestState(request);
 * console.log(state.status, state.approvers.map((a) => a.id), state.outcome);
 * ```
 */
export function requestState(request: ReferralRequest): RequestState;
export function requestState(events: readonly RequestEvent[], content: RequestContent): RequestState;
export function requestState(
  requestOrEvents: ReferralRequest | readonly RequestEvent[],
  maybeContent?: RequestContent,
): RequestState {
  const [events, content] = Array.isArray(requestOrEvents)
    ? [requestOrEvents as readonly RequestEvent[], maybeContent]
    : [(requestOrEvents as ReferralRequest).events, requestOrEvents as ReferralRequest];
  if (!content) throw new TypeError("requestState(events, content) needs the request content");
  return foldEvents(events, content);
}

function foldEvents(events: readonly RequestEvent[], content: RequestContent): RequestState {
  const requestId = content.id;
  if (events.length === 0) {
    throw new IllegalTransitionError({
      from: null,
      event: "(none)",
      index: 0,
      requestId,
      reason: "the history is empty",
    });
  }
  let status: RequestStatus | null = null;
  let previousTime = Number.NEGATIVE_INFINITY;
  const approvers: Actor[] = [];
  let submittedAt: string | undefined;
  let outcome: RequestOutcome = "pending";
  let outcomeAt: string | undefined;
  let firstActionAt: string | undefined;
  const table = kindTransitions(content.kind, TRANSITIONS);
  const checkKindEvent = kindEventChecks(content);

  events.forEach((event, index) => {
    const allowed = table[status ?? "initial"] ?? [];
    if (!allowed.includes(event.type)) {
      throw new IllegalTransitionError({ from: status, event: event.type, index, requestId });
    }
    const time = Date.parse(event.at);
    if (time < previousTime) {
      throw new IllegalTransitionError({
        from: status,
        event: event.type,
        index,
        requestId,
        reason: `"${event.type}" at ${event.at} is earlier than the event before it`,
      });
    }
    previousTime = time;
    checkKindEvent?.(event, index, status);
    // Disclosure and preservation decisions count as the removal decision they stand for.
    const decision = genericDecision(event.type);

    if (event.type === "approved") {
      if (approvers.some((approver) => approver.id === event.by.id)) {
        throw new IllegalTransitionError({
          from: status,
          event: event.type,
          index,
          requestId,
          reason: `"${event.by.id}" has already approved this request`,
        });
      }
      const violations = checkSafeguards(content, { stage: "approval" });
      if (violations.length > 0) throw new SafeguardError(requestId, violations);
      approvers.push(event.by);
    } else if (event.type === "submitted") {
      const violations = checkSafeguards(content, { stage: "submission", approvers });
      if (violations.length > 0) throw new SafeguardError(requestId, violations);
      submittedAt = event.at;
    } else if (
      decision === "actioned" &&
      status !== null &&
      genericDecision(status) === "partially-actioned"
    ) {
      // The platform finished what it had partly done: the outcome becomes a full action. An `actioned`
      // after `appealed` only upholds the earlier decision and leaves a partial action partial.
      outcome = "actioned";
      outcomeAt = event.at;
    } else if (
      outcome === "pending" &&
      (decision === "actioned" ||
        decision === "partially-actioned" ||
        decision === "rejected" ||
        decision === "withdrawn")
    ) {
      outcome = decision;
      outcomeAt = event.at;
    }
    if ((decision === "actioned" || decision === "partially-actioned") && firstActionAt === undefined) {
      firstActionAt = event.at;
    }
    status = event.type;
  });

  const first = events[0]!;
  const last = events[events.length - 1]!;
  return {
    status: status!,
    approvers,
    draftedAt: first.at,
    submittedAt,
    outcome,
    outcomeAt,
    firstActionAt,
    updatedAt: last.at,
    eventCount: events.length,
  };
}

/**
 * True when `event` may follow a request in `status` (`null` before the first event).
 *
 * @example
 * ```ts
 * canTransition("submitted", "actioned"); // true
 * canTransition("rejected", "actioned"); // false
 * ```
 */
export function canTransition(
  status: RequestStatus | null,
  event: RequestEventType,
  kind?: RequestKind,
): boolean {
  return (kindTransitions(kind, TRANSITIONS)[status ?? "initial"] ?? []).includes(event);
}

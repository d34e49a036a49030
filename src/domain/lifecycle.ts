import { IllegalTransitionError } from "./errors.js";
import { HistoryFold } from "./history-fold.js";
import { kindTransitions, type TransitionTable } from "./kind-lifecycles.js";
import type { Actor } from "./schemas/common.js";
import type { EscalationLevel } from "./schemas/follow-up.js";
import type { ActionGround, DeclineReason, OutcomeMeasure, OutcomeScope } from "./schemas/outcome.js";
import type { ReferralRequest, RequestContent, RequestEvent, RequestKind } from "./schemas/request.js";

/** The state of a request: the type of the last event that moved it (or `null` before `drafted`). */
export type RequestStatus = RequestEvent["type"];

/**
 * The removal lifecycle as a table: for each state, the events allowed next. A state missing from the
 * table, or an event missing from its list, is an illegal transition. `disclose-data` and `preserve`
 * requests have their own tables (`DISCLOSURE_TRANSITIONS`, `PRESERVATION_TRANSITIONS`).
 *
 * - `approved` may repeat (a second, distinct approver for sensitive targets);
 * - a late decision after `expired` is still recorded (the deadline figures count it as a breach);
 * - `partially-actioned` may become `actioned` when the platform finishes;
 * - `information-requested` stops the platform's clock, `information-supplied` restarts it;
 * - `escalated` may follow any open state, a rejection or an action the agency disputes, and the
 *   platform's next decision follows it; escalations may repeat (a higher level);
 * - `appealed` and `reinstated` follow an action; a dismissed appeal returns to `actioned`;
 * - `withdrawn` and `reinstated` are final; `rejected` is final unless escalated.
 *
 * The fold adds what a table cannot say: `information-supplied` needs an open question, `expired` is
 * refused while the clock is stopped or when the request has already expired since the clock last
 * (re)started, and `appealed`/`reinstated` need an earlier action.
 */
export const TRANSITIONS: TransitionTable = Object.freeze({
  initial: ["drafted"],
  drafted: ["approved", "withdrawn"],
  approved: ["approved", "submitted", "withdrawn"],
  submitted: [
    "acknowledged",
    "information-requested",
    "actioned",
    "partially-actioned",
    "rejected",
    "expired",
    "escalated",
    "withdrawn",
  ],
  acknowledged: [
    "information-requested",
    "actioned",
    "partially-actioned",
    "rejected",
    "expired",
    "escalated",
    "withdrawn",
  ],
  "information-requested": [
    "information-supplied",
    "actioned",
    "partially-actioned",
    "rejected",
    "escalated",
    "withdrawn",
  ],
  "information-supplied": [
    "acknowledged",
    "information-requested",
    "actioned",
    "partially-actioned",
    "rejected",
    "expired",
    "escalated",
    "withdrawn",
  ],
  expired: ["information-requested", "actioned", "partially-actioned", "rejected", "escalated", "withdrawn"],
  escalated: [
    "acknowledged",
    "information-requested",
    "information-supplied",
    "actioned",
    "partially-actioned",
    "rejected",
    "expired",
    "escalated",
    "withdrawn",
    "appealed",
    "reinstated",
  ],
  "partially-actioned": ["actioned", "escalated", "appealed", "reinstated"],
  actioned: ["escalated", "appealed", "reinstated"],
  appealed: ["actioned", "reinstated"],
  rejected: ["escalated"],
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
  /**
   * The platform's last decision (after escalations), or `withdrawn`, or `pending`: what the request
   * finally achieved, where `outcome` is how the platform first answered.
   */
  finalOutcome: RequestOutcome;
  /** When the final outcome happened. */
  finalOutcomeAt: string | undefined;
  /**
   * The platform's first response after submission: `acknowledged`, `information-requested` or a
   * decision, whichever came first.
   */
  acknowledgedAt: string | undefined;
  /**
   * The platform's questions and the agency's answers, in order: each wait on the agency runs from the
   * platform's question (`from`) to the agency's answer (`to`, undefined while the question is open).
   */
  agencyWaits: { from: string; to: string | undefined }[];
  /**
   * The deadline in force: the request's deadline, moved to (answer time + the time the request had from
   * submission to its deadline) after each `information-supplied`; undefined while a question is open
   * (the clock is stopped). Before submission, the request's deadline.
   */
  deadline: string | undefined;
  /** Escalations, in order: when, to what level, to whom and why. */
  escalations: { at: string; level: EscalationLevel; to: string; reason: string }[];
  /** The first `actioned` or `partially-actioned` event after the first escalation. */
  actionAfterEscalationAt: string | undefined;
  /** The last `expired` event. */
  expiredAt: string | undefined;
  /**
   * Each decided target's latest outcome, with "unspecified" where the platform (or an older history,
   * recorded before outcomes existed) did not say. The latest decision about a target wins: an escalation
   * that turns a withheld post into a global removal replaces the earlier outcome.
   */
  outcomes: {
    /** The target's key. */
    target: string;
    /** What was done; `unspecified` for an action recorded without outcomes. */
    measure: OutcomeMeasure | "unspecified";
    /** Where; `unspecified` when not said, absent for `no-action`. */
    scope?: OutcomeScope | "unspecified";
    /** On what ground; `unspecified` when not said, absent for `no-action`. */
    ground?: ActionGround | "unspecified";
    /** When a temporary measure ends. */
    until?: string;
    /** Why nothing was done (`no-action` only); `unspecified` for a rejection recorded without outcomes. */
    reasonCode?: DeclineReason | "unspecified";
    platformCode?: string;
    platformText?: string;
    /** When the decision was recorded. */
    at: string;
    /** The event that carried it. */
    event: "actioned" | "partially-actioned" | "rejected";
  }[];
  /** The time of the last event. */
  updatedAt: string;
  /** Number of events folded. */
  eventCount: number;
}

/**
 * Folds a request's history through the transition table of its kind (see {@link canTransition}), enforcing the safeguards at `approved` and
 * `submitted` (see `checkSafeguards`), time order, and that outcomes name the request's targets. Pass the
 * request itself (with its `events`), or the events and the request content separately: the safeguards
 * need the content, so there is no events-only form that could skip them.
 *
 * @throws {IllegalTransitionError} an event not allowed in the current state, or out of time order.
 * @throws {SafeguardError} approval or submission without what the safeguards require.
 * @throws {InvalidOutcomeError} an outcome for a target the request does not have.
 *
 * @example
 * ```ts
 * import { requestState } from "referral-kit";
 *
 * const state = requestState(request);
 * console.log(state.status, state.approvers.map((a) => a.id), state.outcome, state.deadline);
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
  if (events.length === 0) {
    throw new IllegalTransitionError({
      from: null,
      event: "(none)",
      index: 0,
      requestId: content.id,
      reason: "the history is empty",
    });
  }
  const fold = new HistoryFold(content, transitionTable(content.kind));
  for (const [index, event] of events.entries()) fold.apply(event, index);
  return fold.state(events);
}

/**
 * The transition table of a request kind: `DISCLOSURE_TRANSITIONS` for `disclose-data`,
 * `PRESERVATION_TRANSITIONS` for `preserve`, `TRANSITIONS` for the others (and when no kind is
 * given). A state whose list is empty or missing is final.
 *
 * @example
 * ```ts
 * transitionTable("disclose-data").submitted?.includes("produced"); // true
 * ```
 */
export function transitionTable(kind?: RequestKind): TransitionTable {
  return kindTransitions(kind, TRANSITIONS);
}

/**
 * True when `event` may follow a request in `status` (`null` before the first event), by the table of the
 * request's `kind` (the removal table when none is given).
 *
 * @example
 * ```ts
 * canTransition("submitted", "actioned"); // true
 * canTransition("rejected", "actioned"); // false
 * ```
 */
export function canTransition(
  status: RequestStatus | null,
  event: RequestEvent["type"],
  kind?: RequestKind,
): boolean {
  return (transitionTable(kind)[status ?? "initial"] ?? []).includes(event);
}

import { IllegalTransitionError, SafeguardError } from "./errors.js";
import {
  genericDecision,
  kindEventChecks,
  kindTransitions,
  type TransitionTable,
} from "./kind-lifecycles.js";
import { OutcomeResolver, type ResolvedOutcome } from "./resolve-outcomes.js";
import { checkSafeguards } from "./safeguards.js";
import type { Actor } from "./schemas/common.js";
import type { EscalationLevel } from "./schemas/follow-up.js";
import type {
  ReferralRequest,
  RequestContent,
  RequestEvent,
  RequestEventType,
  RequestKind,
} from "./schemas/request.js";
import { targetKey } from "./targets/target-key.js";

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

/**
 * A time the request waited on the agency: from the platform's question to the agency's answer (`to`
 * undefined while the question is open).
 *
 * @example
 * ```ts
 * const wait: AgencyWait = { from: "2025-03-01T12:00:00Z", to: "2025-03-02T08:00:00Z" };
 * ```
 */
export interface AgencyWait {
  from: string;
  to: string | undefined;
}

/**
 * One escalation of a request.
 *
 * @example
 * ```ts
 * const escalation: Escalation = { at: "2025-03-05T09:00:00Z", level: "regulator", to: "PTA", reason: "no answer" };
 * ```
 */
export interface Escalation {
  at: string;
  level: EscalationLevel;
  to: string;
  reason: string;
}

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
  /** The platform's questions and the agency's answers, in order. */
  agencyWaits: AgencyWait[];
  /**
   * The deadline in force: the request's deadline, moved to (answer time + the time the request had from
   * submission to its deadline) after each `information-supplied`; undefined while a question is open
   * (the clock is stopped). Before submission, the request's deadline.
   */
  deadline: string | undefined;
  /** Escalations, in order. */
  escalations: Escalation[];
  /** The first `actioned` or `partially-actioned` event after the first escalation. */
  actionAfterEscalationAt: string | undefined;
  /** The last `expired` event. */
  expiredAt: string | undefined;
  /** Each decided target's latest outcome ("unspecified" where the history does not say). */
  outcomes: ResolvedOutcome[];
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

const DECISIONS: ReadonlySet<RequestEventType> = new Set(["actioned", "partially-actioned", "rejected"]);
const RESPONSES: ReadonlySet<RequestEventType> = new Set([
  "acknowledged",
  "information-requested",
  "actioned",
  "partially-actioned",
  "rejected",
]);

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
  let finalOutcome: RequestOutcome = "pending";
  let finalOutcomeAt: string | undefined;
  let lastDecision: RequestEventType | undefined;
  let acknowledgedAt: string | undefined;
  const agencyWaits: AgencyWait[] = [];
  let openWait: AgencyWait | undefined;
  let deadline: number | undefined =
    content.deadline === undefined ? undefined : Date.parse(content.deadline);
  let allowance = 0;
  let expiredSinceRestart = false;
  let expiredAt: string | undefined;
  const escalations: Escalation[] = [];
  let actionAfterEscalationAt: string | undefined;
  let keys: Set<string> | undefined;
  const resolver = new OutcomeResolver(requestId, () => {
    keys ??= new Set(content.targets.map((entry) => targetKey(entry.target)));
    return keys;
  });

  const table = transitionTable(content.kind);
  const checkKindEvent = kindEventChecks(content);

  events.forEach((event, index) => {
    const allowed = table[status ?? "initial"] ?? [];
    const refuse = (reason?: string) =>
      new IllegalTransitionError({
        from: status,
        event: event.type,
        index,
        requestId,
        ...(reason ? { reason } : {}),
      });
    if (!allowed.includes(event.type)) throw refuse();
    const time = Date.parse(event.at);
    if (time < previousTime)
      throw refuse(`"${event.type}" at ${event.at} is earlier than the event before it`);
    previousTime = time;
    checkKindEvent?.(event, index, status);
    // Disclosure and preservation decisions count as the removal decision they stand for.
    const decision = genericDecision(event.type);
    const previous = status === null ? null : genericDecision(status);

    switch (event.type) {
      case "approved": {
        if (approvers.some((approver) => approver.id === event.by.id)) {
          throw refuse(`"${event.by.id}" has already approved this request`);
        }
        const violations = checkSafeguards(content, { stage: "approval" });
        if (violations.length > 0) throw new SafeguardError(requestId, violations);
        approvers.push(event.by);
        break;
      }
      case "submitted": {
        const violations = checkSafeguards(content, { stage: "submission", approvers });
        if (violations.length > 0) throw new SafeguardError(requestId, violations);
        submittedAt = event.at;
        allowance = Math.max(0, (deadline ?? time) - time);
        break;
      }
      case "information-requested":
        if (!openWait) {
          openWait = { from: event.at, to: undefined };
          agencyWaits.push(openWait);
          deadline = undefined;
        }
        break;
      case "information-supplied":
        if (!openWait) throw refuse("the platform has no open question to answer");
        openWait.to = event.at;
        openWait = undefined;
        deadline = time + allowance;
        expiredSinceRestart = false;
        break;
      case "expired":
        if (openWait) throw refuse("the clock is stopped while the platform waits on the agency's answer");
        if (expiredSinceRestart)
          throw refuse("the request has already expired since its deadline was last set");
        expiredSinceRestart = true;
        expiredAt = event.at;
        break;
      case "escalated":
        escalations.push({ at: event.at, level: event.level, to: event.to, reason: event.reason });
        break;
      case "appealed":
      case "reinstated":
        if (firstActionAt === undefined) throw refuse(`"${event.type}" needs an earlier action`);
        break;
      case "actioned":
      case "partially-actioned":
      case "rejected":
        resolver.apply(event, index);
        break;
    }

    if (DECISIONS.has(decision) || decision === "withdrawn") {
      const type = decision as RequestOutcome;
      if (outcome === "pending") {
        outcome = type;
        outcomeAt = event.at;
      } else if (decision === "actioned" && previous === "partially-actioned") {
        // The platform finished what it had partly done: the outcome becomes a full action. An `actioned`
        // after `appealed` only upholds the earlier decision and leaves a partial action partial; one after
        // an escalation is the escalation's result (`finalOutcome`), not the platform's first answer.
        outcome = "actioned";
        outcomeAt = event.at;
      }
      if (!(decision === "actioned" && status === "appealed" && lastDecision === "partially-actioned")) {
        finalOutcome = type;
        finalOutcomeAt = event.at;
      }
      if (decision !== "withdrawn") lastDecision = decision;
    }
    if ((decision === "actioned" || decision === "partially-actioned") && status !== "appealed") {
      firstActionAt ??= event.at;
      if (escalations.length > 0) actionAfterEscalationAt ??= event.at;
    }
    if (submittedAt !== undefined && acknowledgedAt === undefined && RESPONSES.has(decision)) {
      acknowledgedAt = event.at;
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
    finalOutcome,
    finalOutcomeAt,
    acknowledgedAt,
    agencyWaits,
    deadline: deadline === undefined ? undefined : new Date(deadline).toISOString(),
    escalations,
    actionAfterEscalationAt,
    expiredAt,
    outcomes: resolver.result(),
    updatedAt: last.at,
    eventCount: events.length,
  };
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

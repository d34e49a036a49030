import { IllegalTransitionError, SafeguardError } from "./errors.js";
import { genericDecision, kindEventChecks, type TransitionTable } from "./kind-lifecycles.js";
import type { RequestOutcome, RequestState, RequestStatus } from "./lifecycle.js";

type AgencyWait = RequestState["agencyWaits"][number];
type Escalation = RequestState["escalations"][number];

import { OutcomeResolver } from "./resolve-outcomes.js";
import { checkSafeguards } from "./safeguards.js";
import type { Actor } from "./schemas/common.js";
import type { RequestContent, RequestEvent, RequestEventType } from "./schemas/request.js";
import { targetKey } from "./targets/target-key.js";

const DECISIONS: ReadonlySet<RequestEventType> = new Set(["actioned", "partially-actioned", "rejected"]);
const RESPONSES: ReadonlySet<RequestEventType> = new Set([
  "acknowledged",
  "information-requested",
  "actioned",
  "partially-actioned",
  "rejected",
]);

/** One event being folded: its time, and the error refusing it (with why). */
interface Step<E extends RequestEvent = RequestEvent> {
  readonly event: E;
  readonly index: number;
  readonly time: number;
  refuse(reason?: string): IllegalTransitionError;
}

type EventRules = {
  readonly [T in RequestEventType]?: (
    fold: HistoryFold,
    step: Step<Extract<RequestEvent, { type: T }>>,
  ) => void;
};

/**
 * What each event type checks and records beyond the transition table; the decisions an event stands
 * for (outcome, final outcome, first action, acknowledgement) are recorded for every type afterwards.
 */
const EVENT_RULES: EventRules = {
  approved(fold, { event, refuse }) {
    if (fold.approvers.some((approver) => approver.id === event.by.id)) {
      throw refuse(`"${event.by.id}" has already approved this request`);
    }
    const violations = checkSafeguards(fold.content, { stage: "approval" });
    if (violations.length > 0) throw new SafeguardError(fold.content.id, violations);
    fold.approvers.push(event.by);
  },
  submitted(fold, { event, time }) {
    const violations = checkSafeguards(fold.content, { stage: "submission", approvers: fold.approvers });
    if (violations.length > 0) throw new SafeguardError(fold.content.id, violations);
    fold.submittedAt = event.at;
    fold.allowance = Math.max(0, (fold.deadline ?? time) - time);
  },
  "information-requested"(fold, { event }) {
    if (fold.openWait) return;
    fold.openWait = { from: event.at, to: undefined };
    fold.agencyWaits.push(fold.openWait);
    fold.deadline = undefined;
  },
  "information-supplied"(fold, { event, time, refuse }) {
    if (!fold.openWait) throw refuse("the platform has no open question to answer");
    fold.openWait.to = event.at;
    fold.openWait = undefined;
    fold.deadline = time + fold.allowance;
    fold.expiredSinceRestart = false;
  },
  expired(fold, { event, refuse }) {
    if (fold.openWait) throw refuse("the clock is stopped while the platform waits on the agency's answer");
    if (fold.expiredSinceRestart)
      throw refuse("the request has already expired since its deadline was last set");
    fold.expiredSinceRestart = true;
    fold.expiredAt = event.at;
  },
  escalated(fold, { event }) {
    fold.escalations.push({ at: event.at, level: event.level, to: event.to, reason: event.reason });
  },
  appealed: needsEarlierAction,
  reinstated: needsEarlierAction,
  actioned: resolveOutcomes,
  "partially-actioned": resolveOutcomes,
  rejected: resolveOutcomes,
};

function needsEarlierAction(fold: HistoryFold, { event, refuse }: Step): void {
  if (fold.firstActionAt === undefined) throw refuse(`"${event.type}" needs an earlier action`);
}

function resolveOutcomes(
  fold: HistoryFold,
  { event, index }: Step<Extract<RequestEvent, { type: "actioned" | "partially-actioned" | "rejected" }>>,
): void {
  fold.resolver.apply(event, index);
}

/**
 * The fold of one request's history, event by event, through its kind's transition table: enforces the
 * table, time order, the kind's own event checks and each event type's rules (`EVENT_RULES`), and keeps
 * what `RequestState` reports.
 */
export class HistoryFold {
  readonly content: RequestContent;
  readonly approvers: Actor[] = [];
  readonly agencyWaits: AgencyWait[] = [];
  readonly escalations: Escalation[] = [];
  readonly resolver: OutcomeResolver;
  status: RequestStatus | null = null;
  submittedAt: string | undefined;
  outcome: RequestOutcome = "pending";
  outcomeAt: string | undefined;
  firstActionAt: string | undefined;
  finalOutcome: RequestOutcome = "pending";
  finalOutcomeAt: string | undefined;
  acknowledgedAt: string | undefined;
  openWait: AgencyWait | undefined;
  deadline: number | undefined;
  /** The time the request had from submission to its deadline (restarted after each answer). */
  allowance = 0;
  expiredSinceRestart = false;
  expiredAt: string | undefined;
  actionAfterEscalationAt: string | undefined;
  readonly #table: TransitionTable;
  readonly #checkKindEvent: ReturnType<typeof kindEventChecks>;
  #previousTime = Number.NEGATIVE_INFINITY;
  #lastDecision: RequestEventType | undefined;

  constructor(content: RequestContent, table: TransitionTable) {
    this.content = content;
    this.#table = table;
    this.#checkKindEvent = kindEventChecks(content);
    this.deadline = content.deadline === undefined ? undefined : Date.parse(content.deadline);
    let keys: Set<string> | undefined;
    this.resolver = new OutcomeResolver(content.id, () => {
      keys ??= new Set(content.targets.map((entry) => targetKey(entry.target)));
      return keys;
    });
  }

  /**
   * Folds the next event.
   *
   * @throws {IllegalTransitionError} an event not allowed in the current state, or out of time order.
   * @throws {SafeguardError} approval or submission without what the safeguards require.
   * @throws {InvalidOutcomeError} an outcome for a target the request does not have.
   */
  apply(event: RequestEvent, index: number): void {
    const status = this.status;
    const allowed = this.#table[status ?? "initial"] ?? [];
    const refuse = (reason?: string) =>
      new IllegalTransitionError({
        from: status,
        event: event.type,
        index,
        requestId: this.content.id,
        ...(reason ? { reason } : {}),
      });
    if (!allowed.includes(event.type)) throw refuse();
    const time = Date.parse(event.at);
    if (time < this.#previousTime)
      throw refuse(`"${event.type}" at ${event.at} is earlier than the event before it`);
    this.#previousTime = time;
    this.#checkKindEvent?.(event, index, status);
    const rule = EVENT_RULES[event.type] as ((fold: HistoryFold, step: Step) => void) | undefined;
    rule?.(this, { event, index, time, refuse });
    this.#recordDecision(event);
    this.status = event.type;
  }

  /** The state after the folded `events` (the ones passed to `apply`, at least one). */
  state(events: readonly RequestEvent[]): RequestState {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    return {
      status: this.status!,
      approvers: this.approvers,
      draftedAt: first.at,
      submittedAt: this.submittedAt,
      outcome: this.outcome,
      outcomeAt: this.outcomeAt,
      firstActionAt: this.firstActionAt,
      finalOutcome: this.finalOutcome,
      finalOutcomeAt: this.finalOutcomeAt,
      acknowledgedAt: this.acknowledgedAt,
      agencyWaits: this.agencyWaits,
      deadline: this.deadline === undefined ? undefined : new Date(this.deadline).toISOString(),
      escalations: this.escalations,
      actionAfterEscalationAt: this.actionAfterEscalationAt,
      expiredAt: this.expiredAt,
      outcomes: this.resolver.result(),
      updatedAt: last.at,
      eventCount: events.length,
    };
  }

  /** The decision `event` stands for: outcome, final outcome, first action and acknowledgement. */
  #recordDecision(event: RequestEvent): void {
    const status = this.status;
    // Disclosure and preservation decisions count as the removal decision they stand for.
    const decision = genericDecision(event.type);
    const previous = status === null ? null : genericDecision(status);
    if (DECISIONS.has(decision) || decision === "withdrawn") {
      const type = decision as RequestOutcome;
      if (this.outcome === "pending") {
        this.outcome = type;
        this.outcomeAt = event.at;
      } else if (decision === "actioned" && previous === "partially-actioned") {
        // The platform finished what it had partly done: the outcome becomes a full action. An `actioned`
        // after `appealed` only upholds the earlier decision and leaves a partial action partial; one after
        // an escalation is the escalation's result (`finalOutcome`), not the platform's first answer.
        this.outcome = "actioned";
        this.outcomeAt = event.at;
      }
      if (
        !(decision === "actioned" && status === "appealed" && this.#lastDecision === "partially-actioned")
      ) {
        this.finalOutcome = type;
        this.finalOutcomeAt = event.at;
      }
      if (decision !== "withdrawn") this.#lastDecision = decision;
    }
    if ((decision === "actioned" || decision === "partially-actioned") && status !== "appealed") {
      this.firstActionAt ??= event.at;
      if (this.escalations.length > 0) this.actionAfterEscalationAt ??= event.at;
    }
    if (this.submittedAt !== undefined && this.acknowledgedAt === undefined && RESPONSES.has(decision)) {
      this.acknowledgedAt = event.at;
    }
  }
}

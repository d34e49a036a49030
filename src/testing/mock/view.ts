/** Where a mock's submission stands at a moment: its platform state and what that state means. */
import type { StatusOutcome } from "../../adapter/v1/spec.js";
import type { MockSubmission, PlatformStateInfo, SubmissionView } from "./types.js";

/** The platform state name for an outcome. */
export type StateResolver<S extends string> = (outcome: StatusOutcome | "withdrawn") => S;

/**
 * The platform state for each outcome: the first state declared with it, else the first declared as
 * acknowledged or pending, else the first state (a platform with few states reports what it can).
 * @internal
 *
 * @example
 * ```ts
 * const stateFor = stateResolver("acme", { open: { outcome: "pending" }, done: { outcome: "actioned" } });
 * stateFor("actioned"); // "done"
 * ```
 */
export function stateResolver<S extends string>(
  platform: string,
  states: Readonly<Record<S, PlatformStateInfo>>,
): StateResolver<S> {
  const names = Object.keys(states) as S[];
  const resolved = new Map<StatusOutcome | "withdrawn", S>();
  return (outcome) => {
    const known = resolved.get(outcome);
    if (known !== undefined) return known;
    for (const wanted of [outcome, "acknowledged", "pending"] as const) {
      const found = names.find((name) => states[name].outcome === wanted);
      if (found) {
        resolved.set(outcome, found);
        return found;
      }
    }
    const first = names[0];
    if (first === undefined) throw new TypeError(`the ${platform} mock declares no states`);
    resolved.set(outcome, first);
    return first;
  };
}

/**
 * Where a submission stands at virtual time `now`: withdrawn, forced, or its plan (pending until review,
 * acknowledged until the decision, then decided).
 * @internal
 *
 * @example
 * ```ts
 * viewSubmission(submission, clock.now(), definition.states, stateFor).outcome; // "acknowledged"
 * ```
 */
export function viewSubmission<S extends string>(
  submission: MockSubmission,
  now: number,
  states: Readonly<Record<S, PlatformStateInfo>>,
  stateFor: StateResolver<S>,
): SubmissionView {
  if (submission.withdrawn) {
    return {
      state: stateFor("withdrawn"),
      outcome: "withdrawn",
      reason: submission.withdrawn.reason,
      targets: submission.plan.targets.map(({ key }) => ({ key, outcome: "pending" as const })),
      since: submission.withdrawn.at,
    };
  }
  if (submission.forced) {
    const { state, reason, targets, at } = submission.forced;
    return { state, outcome: states[state as S].outcome, reason, targets, since: at };
  }
  const { plan } = submission;
  const undecided = plan.targets.map(({ key }) => ({ key, outcome: "pending" as const }));
  if (plan.outcome === "pending" || now < plan.reviewAt) {
    return {
      state: stateFor("pending"),
      outcome: "pending",
      reason: undefined,
      targets: undecided,
      since: submission.createdAt,
    };
  }
  if (now < plan.decideAt) {
    return {
      state: stateFor("acknowledged"),
      outcome: "acknowledged",
      reason: undefined,
      targets: undecided,
      since: plan.reviewAt,
    };
  }
  const state = stateFor(plan.outcome);
  return {
    state,
    outcome: states[state].outcome,
    reason: plan.reason,
    targets: plan.targets,
    since: plan.decideAt,
  };
}

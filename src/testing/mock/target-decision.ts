/** One target's decision as a mock renders it on the wire. One job: read it off a SubmissionView. */
import type { MockOutcomeDetail } from "./outcome-detail.js";
import type { MockTargetOutcome, SubmissionView } from "./types.js";

/**
 * What a mock shows for one target of a submission: its outcome (`pending` until decided), for a
 * rejected target only the platform's reason, and what the platform says it did.
 *
 * @example
 * ```ts
 * const { outcome, rejectionReason } = targetDecision(view.targets[index]);
 * ```
 */
export interface TargetDecision {
  readonly outcome: MockTargetOutcome["outcome"];
  /** The reason, when the target is rejected and one was given; otherwise undefined. */
  readonly rejectionReason: string | undefined;
  /**
   * What the platform did (or why it declined), once decided, on a platform that says: render it in the
   * platform's own words. Undefined while pending and when the scenario draws no detail.
   */
  readonly detail: MockOutcomeDetail | undefined;
}

/**
 * The decision on the target at `index` of a submission's view, as every mock renders it: `pending`
 * while the view has none, and a reason only for a rejected target (a platform does not explain an
 * action it took). Map `outcome` to the platform's own word.
 *
 * @example
 * ```ts
 * targets: submission.targets.map((target, index) => {
 *   const { outcome, rejectionReason } = targetDecision(view, index);
 *   return { ...target.wire, decision: outcome, ...(rejectionReason ? { reason: rejectionReason } : {}) };
 * }),
 * ```
 */
export function targetDecision(view: SubmissionView, index: number): TargetDecision {
  const target = view.targets[index];
  const outcome = target?.outcome ?? "pending";
  return {
    outcome,
    rejectionReason: outcome === "rejected" && target?.reason ? target.reason : undefined,
    detail: outcome === "pending" ? undefined : target?.detail,
  };
}

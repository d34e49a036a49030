import { mergeDisclosureAnswers } from "../adapter/v1/disclosure-answer.js";
import type { StatusUpdate, TargetOutcome } from "../adapter/v1/spec.js";

/**
 * One batch's latest status, with the target keys the batch submitted.
 *
 * @example
 * ```ts
 * const part: BatchStatus = { update, targetKeys: job.targetKeys };
 * ```
 */
export interface BatchStatus {
  readonly update: StatusUpdate;
  readonly targetKeys: readonly string[];
}

const FINAL = new Set(["actioned", "partially-actioned", "rejected", "withdrawn"]);

/**
 * Folds the statuses of a request's batches (one `submit` call each) into one update for the request:
 * one batch is passed through; several are a decision only once every batch has one (all actioned:
 * `actioned`; all rejected: `rejected`; otherwise `partially-actioned` naming the actioned targets), and
 * until then `acknowledged` as soon as any batch was looked at.
 *
 * @example
 * ```ts
 * const update = mergeStatuses([{ update: a, targetKeys: ["x:a"] }, { update: b, targetKeys: ["x:b"] }]);
 * ```
 */
export function mergeStatuses(parts: readonly BatchStatus[]): StatusUpdate | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0]!.update;
  const latest = parts.map((part) => part.update.at).sort();
  const base = {
    platformRef: parts[0]!.update.platformRef,
    at: latest[latest.length - 1]!,
    platformState: parts.map((part) => part.update.platformState).join(","),
    ...mergeDisclosureAnswers(parts.map((part) => part.update.disclosure)),
  };
  const outcomes = parts.map((part) => part.update.outcome);
  if (!outcomes.every((outcome) => FINAL.has(outcome))) {
    const looked = outcomes.some((outcome) => outcome !== "pending");
    return looked ? { ...base, outcome: "acknowledged" } : { ...base, outcome: "pending" };
  }
  if (outcomes.every((outcome) => outcome === "actioned")) {
    return { ...base, outcome: "actioned", targets: parts.flatMap(targetOutcomes) };
  }
  const reason = [...new Set(parts.map((part) => reasonOf(part.update)).filter(Boolean))].join("; ");
  if (outcomes.every((outcome) => outcome === "withdrawn")) {
    return { ...base, outcome: "withdrawn", reason: reason || "withdrawn" };
  }
  // Nothing actioned: parts the platform declined or recorded as withdrawn add up to a rejection.
  if (outcomes.every((outcome) => outcome === "rejected" || outcome === "withdrawn")) {
    return {
      ...base,
      outcome: "rejected",
      reason: reason || "rejected",
      targets: parts.flatMap(targetOutcomes),
    };
  }
  return { ...base, outcome: "partially-actioned", targets: parts.flatMap(targetOutcomes) };
}

/** Per-target outcomes of a batch: the platform's own, or the batch's outcome for each of its targets. */
function reasonOf(update: StatusUpdate): string {
  return update.outcome === "rejected" || update.outcome === "withdrawn" ? update.reason : "";
}

function targetOutcomes(part: BatchStatus): TargetOutcome[] {
  if (part.update.targets && part.update.targets.length > 0) return [...part.update.targets];
  const outcome = part.update.outcome === "actioned" ? "actioned" : "rejected";
  return part.targetKeys.map((key) => ({ key, outcome }));
}

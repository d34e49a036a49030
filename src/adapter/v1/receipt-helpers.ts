/**
 * Helpers for the two mappings every adapter writes: a platform's per-target intake answers into a
 * receipt's targets, and its per-target decisions into a status update's targets. What the platform's
 * words mean stays in each adapter; these only shape the result the same way everywhere.
 */
import { targetKey } from "../../domain/targets/target-key.js";
import type { SubmitInput, SubmitTargetStatus, TargetOutcome } from "./spec.js";

/** What a platform said at intake about one target (what `intake` of {@link toReceiptTargets} returns). */
type TargetIntake = ReturnType<Parameters<typeof toReceiptTargets>[2]["intake"]>;

/**
 * One receipt target from an intake answer: an accepted target carries the new submission's reference, a
 * duplicate the reference it duplicates (when known), a rejected one its reason.
 *
 * @example
 * ```ts
 * toSubmitTargetStatus("x:somename", "1867", { status: "duplicate", existingRef: "1866" });
 * // { key: "x:somename", status: "duplicate", platformRef: "1866" }
 * ```
 */
export function toSubmitTargetStatus(
  key: string,
  platformRef: string,
  intake: TargetIntake,
): SubmitTargetStatus {
  switch (intake.status) {
    case "accepted":
      return { key, status: "accepted", platformRef };
    case "duplicate":
      return { key, status: "duplicate", ...(intake.existingRef ? { platformRef: intake.existingRef } : {}) };
    case "rejected":
      return { key, status: "rejected", reason: intake.reason };
  }
}

/**
 * A receipt's targets from a platform's per-target intake answers, keyed by the `targetKey` of the target
 * sent. Returns the problem as a string (`"<platform> answered for 2 targets, 3 were sent"`) unless there
 * is exactly one answer for every target sent, so the adapter can raise a `ProtocolError` with it.
 *
 * @example
 * ```ts
 * const targets = toReceiptTargets(input, data.targets, {
 *   platformName: "X",
 *   platformRef: data.id,
 *   intake: (answer) =>
 *     answer.result === "duplicate"
 *       ? { status: "duplicate", existingRef: answer.existing_request_id }
 *       : { status: "accepted" },
 * });
 * if (typeof targets === "string") throw new ProtocolError({ platform: "x", reason: targets });
 * ```
 */
export function toReceiptTargets<A>(
  input: SubmitInput,
  answers: readonly A[],
  options: {
    /** The platform as the mismatch message names it ("X", "TikTok"). */
    readonly platformName: string;
    /** What the platform calls a target in the mismatch message. Default `targets`. */
    readonly noun?: string;
    /** The new submission's reference, which every accepted target carries. */
    readonly platformRef: string;
    /**
     * The index (into `input.targets`) an answer is for. Default: its position, for platforms that answer
     * in the order the targets were sent.
     */
    readonly indexOf?: (answer: A, position: number) => number;
    /**
     * What one answer says, in neutral words: taken (`accepted`), already under another of the platform's
     * references (`duplicate`, with that reference when the platform gives it), or refused (`rejected`,
     * with the reason).
     */
    readonly intake: (
      answer: A,
    ) =>
      | { readonly status: "accepted" }
      | { readonly status: "duplicate"; readonly existingRef?: string | undefined }
      | { readonly status: "rejected"; readonly reason: string };
  },
): SubmitTargetStatus[] | string {
  const indexOf = options.indexOf ?? ((_answer: A, position: number) => position);
  const byIndex = new Map(answers.map((answer, position) => [indexOf(answer, position), answer]));
  const sent = input.targets.length;
  if (byIndex.size !== sent || input.targets.some((_, index) => !byIndex.has(index))) {
    return `${options.platformName} answered for ${byIndex.size} ${options.noun ?? "targets"}, ${sent} were sent`;
  }
  return input.targets.map((target, index) =>
    toSubmitTargetStatus(
      targetKey(target.target),
      options.platformRef,
      options.intake(byIndex.get(index) as A),
    ),
  );
}

/**
 * One status-update target: its key, its outcome, and the platform's reason when it gives one (an empty
 * or missing reason is left out).
 *
 * @example
 * ```ts
 * toTargetOutcome("x:somename", "rejected", "no violation found");
 * // { key: "x:somename", outcome: "rejected", reason: "no violation found" }
 * ```
 */
export function toTargetOutcome(
  key: string,
  outcome: TargetOutcome["outcome"],
  reason?: string | null | undefined,
): TargetOutcome {
  return { key, outcome, ...(reason ? { reason } : {}) };
}

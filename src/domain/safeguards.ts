import { checkKindDetails } from "./disclosure-safeguards.js";
import type { SafeguardViolation } from "./errors.js";
import type { Actor } from "./schemas/common.js";
import type { RequestContent } from "./schemas/request.js";
import { targetKey } from "./targets/target-key.js";

/** Which stage the safeguards are checked for: approval checks the content, submission also the approvers. */
export type SafeguardStage = "approval" | "submission";

/**
 * Lists every safeguard a request fails at a stage, or `[]` when it may proceed. The rules:
 * - a legal basis (instrument and section);
 * - at least one designation the request relies on;
 * - evidence for every target;
 * - for `disclose-data` and `preserve`, details that fit the kind (see `checkKindDetails`): a disclosure's
 *   instrument, data, accounts and reasons, and the threat-to-life justification of an emergency;
 * - at submission, at least one approver, and two distinct approvers when any target is sensitive
 *   (journalist, media, politician, NGO).
 *
 * `requestState` applies the same rules to `approved` and `submitted` events, so a history that skips them
 * cannot be folded; call this first to tell a person everything that is missing at once.
 *
 * @example
 * ```ts
 * import { checkSafeguards } from "referral-kit";
 *
 * for (const violation of checkSafeguards(request, { stage: "submission", approvers })) {
 *   console.log(violation.rule, violation.message);
 * }
 * ```
 */
export function checkSafeguards(
  request: RequestContent,
  options: { stage?: SafeguardStage; approvers?: readonly Actor[] } = {},
): SafeguardViolation[] {
  const stage = options.stage ?? "submission";
  const violations: SafeguardViolation[] = [];
  if (!request.legalBasis) {
    violations.push({
      rule: "legal_basis_required",
      message: "no legal basis (instrument and section) is given",
    });
  }
  if (request.designations.length === 0) {
    violations.push({
      rule: "designation_required",
      message: "no designation the request relies on is given",
    });
  }
  const withoutEvidence = request.targets.filter((entry) => entry.evidence.length === 0);
  if (withoutEvidence.length > 0) {
    const keys = withoutEvidence.map((entry) => targetKey(entry.target));
    violations.push({ rule: "evidence_required", message: `no evidence for target ${keys.join(", ")}` });
  }
  violations.push(...checkKindDetails(request));
  if (stage === "submission") {
    const distinct = new Set((options.approvers ?? []).map((approver) => approver.id)).size;
    const sensitive = request.targets.some((entry) => entry.sensitive.length > 0);
    if (distinct === 0) {
      violations.push({ rule: "approver_required", message: "nobody has approved it" });
    } else if (sensitive && distinct < 2) {
      violations.push({
        rule: "second_approver_required",
        message:
          "a target is sensitive (journalist, media, politician or NGO) and needs two distinct approvers",
      });
    }
  }
  return violations;
}

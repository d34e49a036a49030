import { checkDesignations, type DesignationSource } from "./designation-check.js";
import { checkKindDetails } from "./disclosure-safeguards.js";
import type { SafeguardViolation } from "./errors.js";
import type { Actor } from "./schemas/common.js";
import type { RequestContent } from "./schemas/request.js";
import { targetKey } from "./targets/target-key.js";
import { checkTierRules } from "./tiers.js";

/**
 * Lists every safeguard a request fails at a stage, or `[]` when it may proceed. The rules:
 * - a legal basis (instrument and section);
 * - at least one designation the request relies on;
 * - evidence for every target;
 * - the content tier rules (see `checkTierRules`): emergency priority for a tier 1 target, a written
 *   justification for each tier 4 target;
 * - for `disclose-data` and `preserve`, details that fit the kind (see `checkKindDetails`): a disclosure's
 *   instrument, data, accounts and reasons, and the threat-to-life justification of an emergency;
 * - at submission, at least one approver, and two distinct approvers when any target is sensitive
 *   (journalist, media, politician, NGO) or tier 4 (promotional);
 * - with a `registry`, every designation resolved against it on the date `on` (see `checkDesignations`:
 *   unknown, wrong authority, delisted, not yet listed).
 *
 * `requestState` applies the same rules to `approved` and `submitted` events, so a history that skips them
 * cannot be folded; call this first to tell a person everything that is missing at once. The registry
 * check needs the registry, so it is made when an approval is appended (`approveRequest`, `appendEvents`)
 * and when a request is enqueued, not when an old history is folded again.
 *
 * @example
 * ```ts
 * import { checkSafeguards } from "referral-kit";
 *
 * for (const violation of checkSafeguards(request, { stage: "submission", approvers })) {
 *   console.log(violation.rule, violation.message);
 * }
 * ```
 *
 * @throws {DesignationListMissingError} with a `registry` that holds no list of an authority the request
 * names.
 */
export function checkSafeguards(
  request: RequestContent,
  options: {
    /** Which stage the safeguards are checked for: `approval` checks the content, `submission` (the default) also the approvers. */
    stage?: "approval" | "submission";
    /** Who has approved so far (submission stage). */
    approvers?: readonly Actor[];
    /** Resolve every designation against this registry (see `checkDesignations`); needs `on`. */
    registry?: DesignationSource;
    /** The time of the approval or submission being checked: the date designations must be in force on. */
    on?: string | Date;
  } = {},
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
  if (options.registry) {
    if (options.on === undefined)
      throw new TypeError("checkSafeguards: a registry needs `on`, the date to check");
    violations.push(...checkDesignations(request, options.registry, { on: options.on }));
  }
  const withoutEvidence = request.targets.filter((entry) => entry.evidence.length === 0);
  if (withoutEvidence.length > 0) {
    const keys = withoutEvidence.map((entry) => targetKey(entry.target));
    violations.push({ rule: "evidence_required", message: `no evidence for target ${keys.join(", ")}` });
  }
  violations.push(...checkTierRules(request));
  violations.push(...checkKindDetails(request));
  if (stage === "submission") {
    const distinct = new Set((options.approvers ?? []).map((approver) => approver.id)).size;
    const sensitive = request.targets.some((entry) => entry.sensitive.length > 0);
    const promotional = request.targets.some((entry) => entry.tier === 4);
    if (distinct === 0) {
      violations.push({ rule: "approver_required", message: "nobody has approved it" });
    } else if ((sensitive || promotional) && distinct < 2) {
      const why = [
        ...(sensitive ? ["a target is sensitive (journalist, media, politician or NGO)"] : []),
        ...(promotional ? ["a target is tier 4 (promotional)"] : []),
      ];
      violations.push({
        rule: "second_approver_required",
        message: `${why.join(" and ")}: it needs two distinct approvers`,
      });
    }
  }
  return violations;
}

import type { SafeguardViolation } from "./errors.js";
import type { RequestContent } from "./schemas/request.js";
import { accountKey, targetKey } from "./targets/target-key.js";

/**
 * The safeguards that depend on a request's kind, checked with the others before approval:
 * - a `disclose-data` request carries its `disclosure` details and a `preserve` request its
 *   `preservation` details (`preservation_details_required`), and only they do;
 * - every account a disclosure names is one of the request's targets or the account a content target
 *   belongs to (the platform must be able to tell whose data is sought, Regulation (EU) 2022/2065,
 *   Art. 10(2)(a)(iii));
 * - an emergency-priority disclosure carries the written threat-to-life justification, and an
 *   `emergency-disclosure` is sent with emergency priority.
 *
 * @example
 * ```ts
 * for (const violation of checkKindDetails(request)) console.log(violation.rule, violation.message);
 * ```
 */
export function checkKindDetails(request: RequestContent): SafeguardViolation[] {
  const violations: SafeguardViolation[] = [];
  const { disclosure, preservation } = request;
  if (request.kind === "disclose-data" && disclosure === undefined) {
    violations.push({
      rule: "disclosure_details_required",
      message:
        "a disclose-data request needs its disclosure details: instrument, data categories, accounts, statement of reasons",
      field: "disclosure",
    });
  }
  if (request.kind === "preserve" && preservation === undefined) {
    violations.push({
      rule: "preservation_details_required",
      message:
        "a preserve request needs its preservation details: the rule (a preset or a cited rule of its own) it is made under",
      field: "preservation",
    });
  }
  if (request.kind !== "disclose-data" && disclosure !== undefined) {
    violations.push({
      rule: "kind_details_mismatch",
      message: `disclosure details belong to a disclose-data request, not a ${request.kind} request`,
    });
  }
  if (request.kind !== "preserve" && preservation !== undefined) {
    violations.push({
      rule: "kind_details_mismatch",
      message: `preservation details belong to a preserve request, not a ${request.kind} request`,
    });
  }
  if (request.kind !== "disclose-data" || disclosure === undefined) return violations;

  const named = new Set(
    request.targets.flatMap(({ target }) => [
      targetKey(target),
      ...(target.type === "content" && target.account ? [accountKey(target.account)] : []),
    ]),
  );
  const unknown = disclosure.accounts.filter((key) => !named.has(key));
  if (unknown.length > 0) {
    violations.push({
      rule: "disclosure_account_unknown",
      message: `disclosure.accounts names ${unknown.join(", ")}, neither a target of the request nor the account of one`,
    });
  }
  if (request.priority === "emergency" && disclosure.emergency === undefined) {
    violations.push({
      rule: "emergency_justification_required",
      message:
        "an emergency disclosure needs the written threat-to-life justification (disclosure.emergency)",
    });
  }
  if (disclosure.instrument === "emergency-disclosure" && request.priority !== "emergency") {
    violations.push({
      rule: "emergency_priority_required",
      message: "an emergency-disclosure request is sent with emergency priority",
    });
  }
  return violations;
}

import { checkDesignations, type DesignationSource } from "../domain/designation-check.js";
import { ReferralKitError, type SafeguardViolation } from "../domain/errors.js";
import type { ReferralRequest } from "../domain/schemas/request.js";

/**
 * The accountability rules `enqueue` applies besides the lifecycle and the adapter's capabilities.
 *
 * @example
 * ```ts
 * const rules: EnqueueRules = { registry: createRegistry(knownGroups) };
 * ```
 */
export interface EnqueueRules {
  /** Resolve every designation against this registry on the day of enqueueing (see `checkDesignations`). */
  readonly registry?: DesignationSource;
}

/** What the accountability rules refuse in one request: reasons for people, violations and typed errors. */
export interface RuleFindings {
  readonly reasons: string[];
  readonly violations: SafeguardViolation[];
  readonly errors: ReferralKitError[];
}

/** Applies {@link EnqueueRules} to one request that is otherwise ready to send, at time `now`. */
export function checkEnqueueRules(request: ReferralRequest, rules: EnqueueRules, now: number): RuleFindings {
  const findings: RuleFindings = { reasons: [], violations: [], errors: [] };
  if (rules.registry) {
    try {
      const violations = checkDesignations(request, rules.registry, { on: new Date(now) });
      findings.violations.push(...violations);
      findings.reasons.push(...violations.map((violation) => violation.message));
    } catch (error) {
      if (!ReferralKitError.isInstance(error)) throw error;
      findings.errors.push(error);
      findings.reasons.push(error.message);
    }
  }
  return findings;
}

import { checkDesignations, type DesignationSource } from "../domain/designation-check.js";
import { ReferralKitError, type SafeguardViolation } from "../domain/errors.js";
import { checkPermissions, type RolePolicy } from "../domain/roles.js";
import type { ReferralRequest, RequestEventType } from "../domain/schemas/request.js";

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
  /**
   * Check every event of the history against this policy (see `checkPermissions`): a request approved by
   * someone whose role may not approve, or by its own drafter, is refused.
   */
  readonly roles?: RolePolicy;
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
  const attempt = (check: () => SafeguardViolation[] | undefined): void => {
    try {
      const violations = check() ?? [];
      findings.violations.push(...violations);
      findings.reasons.push(...violations.map((violation) => violation.message));
    } catch (error) {
      if (!ReferralKitError.isInstance(error)) throw error;
      findings.errors.push(error);
      findings.reasons.push(error.message);
    }
  };
  const { registry, roles } = rules;
  if (roles) attempt(() => void checkPermissions(request, roles));
  if (registry) attempt(() => checkDesignations(request, registry, { on: new Date(now) }));
  return findings;
}

/**
 * Checks, when the dispatcher is created, that the actor it records may append what it appends (sends
 * and platform answers), so a policy that forgot it fails at once rather than at the first settle.
 */
export function checkDispatchActor(roles: RolePolicy, actorId: string): string | undefined {
  const role = roles.roleOf(actorId);
  if (role === undefined) return `the dispatcher's actor "${actorId}" has no role in the role policy`;
  const refused = DISPATCH_EVENTS.filter((type) => !roles.mayAppend(role, type));
  return refused.length === 0
    ? undefined
    : `the dispatcher's actor "${actorId}" is ${role}, who may not append ${refused.join(", ")}`;
}

const DISPATCH_EVENTS: readonly RequestEventType[] = [
  "submitted",
  "acknowledged",
  "actioned",
  "partially-actioned",
  "rejected",
];

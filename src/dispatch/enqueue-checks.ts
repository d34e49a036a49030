import { capabilityRefusal } from "../adapter/capability-check.js";
import { checkDesignations, type DesignationSource } from "../domain/designation-check.js";
import { ReferralKitError, SafeguardError, type SafeguardViolation } from "../domain/errors.js";
import { requestState } from "../domain/lifecycle.js";
import { checkSafeguards } from "../domain/safeguards.js";
import { type ReferralRequest, type ReferralRequestInput, RequestSchema } from "../domain/schemas/request.js";
import { planBatches } from "./batching.js";
import type { PlatformRuntime } from "./context.js";
import type { RefusedRequest } from "./errors.js";
import type { EnqueueEntry } from "./store/port.js";

/**
 * Checks requests before they are stored: the schema, a history that folds to \`approved\`, the
 * submission safeguards, the accountability rules (designations against the registry), an adapter for the platform that takes the request (the adapter's own
 * capability check), and splits each into the calls the adapter takes. Returns what may be stored and
 * what is refused, with every reason.
 */
export function checkForEnqueue(
  requests: readonly (ReferralRequest | ReferralRequestInput)[],
  runtimes: ReadonlyMap<string, PlatformRuntime>,
  rules: EnqueueRules,
  now: number,
): { entries: EnqueueEntry[]; refused: RefusedRequest[] } {
  const refused: RefusedRequest[] = [];
  const entries: EnqueueEntry[] = [];
  requests.forEach((input, index) => {
    const parsed = RequestSchema.safeParse(input);
    if (!parsed.success) {
      const id =
        typeof (input as { id?: unknown }).id === "string" ? (input as { id: string }).id : "(unknown)";
      refused.push({
        requestId: id,
        index,
        reasons: parsed.error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`),
        violations: [],
        errors: [],
      });
      return;
    }
    const request = parsed.data;
    const reasons: string[] = [];
    let violations: RefusedRequest["violations"] = [];
    const errors: RefusedRequest["errors"] = [];
    const runtime = runtimes.get(request.platform);
    try {
      const state = requestState(request);
      if (state.status !== "approved") reasons.push(`it is "${state.status}", not "approved"`);
      violations = checkSafeguards(request, { stage: "submission", approvers: state.approvers });
      reasons.push(...violations.map((violation) => violation.message));
    } catch (error) {
      // A history that cannot be folded: approved without what approval needs, or out of order.
      if (SafeguardError.isInstance(error)) violations = error.violations;
      reasons.push(error instanceof Error ? error.message : String(error));
    }
    const findings = checkEnqueueRules(request, rules, now);
    reasons.push(...findings.reasons);
    violations = [...violations, ...findings.violations];
    errors.push(...findings.errors);
    if (!runtime) {
      reasons.push(`no adapter is configured for platform "${request.platform}"`);
    } else {
      // The adapter's own capability check (defineAdapter's), so enqueue refuses what submit would.
      const { platform, capabilities } = runtime.adapter;
      const refusal = capabilityRefusal(platform, capabilities, request, request.targets);
      if (refusal) reasons.push(refusal.message);
    }
    if (reasons.length > 0) {
      refused.push({ requestId: request.id, index, reasons, violations, errors });
      return;
    }
    entries.push({ request, batches: planBatches(request.targets, runtime!.maxTargetsPerCall) });
  });
  return { entries, refused };
}

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

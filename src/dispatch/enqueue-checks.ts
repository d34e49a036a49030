import { capabilityRefusal } from "../adapter/capability-check.js";
import { checkDesignations } from "../domain/designation-check.js";
import { ReferralKitError, SafeguardError, type SafeguardViolation } from "../domain/errors.js";
import { requestState } from "../domain/lifecycle.js";
import { checkPermissions, type RolePolicy } from "../domain/roles.js";
import { checkSafeguards } from "../domain/safeguards.js";
import {
  ReferralRequest,
  type ReferralRequestInput,
  type RequestEventType,
} from "../domain/schemas/request.js";
import { planBatches } from "./batching.js";
import type { PlatformRuntime } from "./context.js";
import { blockingHolds, type DuplicateTarget, TargetHeldError, unitOf } from "./deconfliction.js";
import type { DispatcherOptions } from "./dispatcher.js";
import type { RefusedRequest } from "./errors.js";
import type { EnqueueEntry, RequestStore } from "./store/port.js";

/**
 * Checks requests before they are stored: the schema, a history that folds to \`approved\`, the
 * submission safeguards, the accountability rules (designations against the registry, roles), an adapter
 * for the platform that takes the request (the adapter's own
 * capability check), and splits each into the calls the adapter takes. Returns what may be stored (with
 * its position in the input) and what is refused, with every reason.
 */
export function checkForEnqueue(
  requests: readonly (ReferralRequest | ReferralRequestInput)[],
  runtimes: ReadonlyMap<string, PlatformRuntime>,
  rules: EnqueueRules,
  now: number,
): { entries: { entry: EnqueueEntry; index: number }[]; refused: RefusedRequest[] } {
  const refused: RefusedRequest[] = [];
  const entries: { entry: EnqueueEntry; index: number }[] = [];
  requests.forEach((input, index) => {
    const parsed = ReferralRequest.safeParse(input);
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
    entries.push({
      entry: { request, batches: planBatches(request.targets, runtime!.maxTargetsPerCall) },
      index,
    });
  });
  return { entries, refused };
}

/**
 * The accountability rules `enqueue` applies besides the lifecycle and the adapter's capabilities: the
 * dispatcher's `registry`, `roles` and `duplicates` options (see `checkDesignations`, `checkPermissions`).
 */
export type EnqueueRules = Pick<DispatcherOptions, "registry" | "roles" | "duplicates">;

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

/**
 * Deconflicts requests about to be stored against the store's target index and holds: a request with a
 * target held by another unit is refused (`TargetHeldError`, naming the unit and the end of the hold);
 * one covering a target another open request covers (stored, or earlier in the same call) is reported
 * as a duplicate, or refused with `duplicates: "refuse"`.
 */
export async function deconflict(
  entries: readonly { entry: EnqueueEntry; index: number }[],
  store: Pick<RequestStore, "findCovering" | "listHolds">,
  rules: Pick<EnqueueRules, "duplicates">,
  now: number,
): Promise<{ refused: RefusedRequest[]; duplicates: DuplicateTarget[] }> {
  const keys = [...new Set(entries.flatMap(({ entry }) => entry.batches.flat()))];
  if (keys.length === 0) return { refused: [], duplicates: [] };
  const [covers, holds] = await Promise.all([
    store.findCovering(keys),
    store.listHolds({ activeAt: now, targetKeys: keys }),
  ]);
  const coveredBy = new Map<string, { requestId: string; unit: string | undefined }[]>();
  for (const cover of covers) {
    const list = coveredBy.get(cover.targetKey) ?? [];
    list.push({ requestId: cover.requestId, unit: cover.unit });
    coveredBy.set(cover.targetKey, list);
  }
  const refused: RefusedRequest[] = [];
  const duplicates: DuplicateTarget[] = [];
  for (const { entry, index } of entries) {
    const { request } = entry;
    const targetKeys = entry.batches.flat();
    const errors = blockingHolds(holds, targetKeys, unitOf(request), now).map(
      (hold) =>
        new TargetHeldError({
          requestId: request.id,
          targetKey: hold.targetKey,
          heldBy: hold.unit,
          until: hold.until,
        }),
    );
    const found: DuplicateTarget[] = [];
    for (const targetKey of targetKeys) {
      const other = coveredBy.get(targetKey)?.find((cover) => cover.requestId !== request.id);
      if (other)
        found.push({ requestId: request.id, targetKey, duplicateOf: other.requestId, unit: other.unit });
    }
    const refuseDuplicates = rules.duplicates === "refuse" && found.length > 0;
    if (errors.length > 0 || refuseDuplicates) {
      refused.push({
        requestId: request.id,
        index,
        reasons: [
          ...errors.map((error) => error.message),
          ...(refuseDuplicates
            ? found.map((d) => `target ${d.targetKey} is already covered by open request ${d.duplicateOf}`)
            : []),
        ],
        violations: [],
        errors,
      });
      continue;
    }
    duplicates.push(...found);
    // Later requests of this call see this one as covering its targets.
    for (const targetKey of targetKeys) {
      const list = coveredBy.get(targetKey) ?? [];
      if (!list.some((cover) => cover.requestId === request.id))
        list.push({ requestId: request.id, unit: unitOf(request) });
      coveredBy.set(targetKey, list);
    }
  }
  return { refused, duplicates };
}

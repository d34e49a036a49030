import {
  IllegalTransitionError,
  InvalidOutcomeError,
  SafeguardError,
  ValidationError,
} from "../domain/errors.js";
import { type RequestOutcome, requestState } from "../domain/lifecycle.js";
import { PlatformIdSchema } from "../domain/platforms.js";
import { Id } from "../domain/schemas/common.js";
import { ESCALATION_LEVELS, type EscalationLevel } from "../domain/schemas/follow-up.js";
import {
  ACTION_GROUNDS,
  type ActionGround,
  DECLINE_REASONS,
  type DeclineReason,
  OUTCOME_MEASURES,
  type OutcomeMeasure,
} from "../domain/schemas/outcome.js";
import { REQUEST_KINDS, ReferralRequest } from "../domain/schemas/request.js";
import { targetKey } from "../domain/targets/target-key.js";
import { ContentTier, requestTier } from "../domain/tiers.js";

/**
 * The outcomes a compliance record can have (see `RequestOutcome` in the domain).
 *
 * @example
 * ```ts
 * COMPLIANCE_OUTCOMES.includes("pending"); // true
 * ```
 */
export const COMPLIANCE_OUTCOMES: readonly RequestOutcome[] = Object.freeze([
  "actioned",
  "partially-actioned",
  "rejected",
  "pending",
  "withdrawn",
]);

/**
 * One submitted request reduced to what the compliance figures need. Times are milliseconds since the
 * epoch (UTC), so a million records cost no date objects. Build one from a domain request with
 * {@link toComplianceRecord}, or read them from a flat CSV with `readComplianceCsv`.
 *
 * @example
 * ```ts
 * import type { ComplianceRecord } from "referral-kit/compliance";
 *
 * const record: ComplianceRecord = {
 *   id: "req-1", platform: "x", groups: ["ttp"], kind: "suspend", priority: "standard",
 *   submittedAt: Date.parse("2025-03-01T09:00:00Z"),
 *   outcome: "actioned", outcomeAt: Date.parse("2025-03-02T09:00:00Z"),
 *   firstActionAt: Date.parse("2025-03-02T09:00:00Z"),
 *   deadline: Date.parse("2025-03-03T09:00:00Z"),
 * };
 * ```
 */
export interface ComplianceRecord {
  id: string;
  platform: string;
  /** Ids of the groups whose designations the request relies on (deduplicated; may be empty). */
  groups: readonly string[];
  kind: string;
  priority: string;
  /** The submitted event's time. */
  submittedAt: number;
  /** The outcome as recorded (the calculators apply the as-of time themselves). */
  outcome: RequestOutcome;
  /** When the outcome happened; null while pending. For `actioned` after a partial action: the full action. */
  outcomeAt: number | null;
  /** The first actioned or partially-actioned event; null when there was none. */
  firstActionAt: number | null;
  /** When the platform was expected to have acted; null when no deadline was set. */
  deadline: number | null;
  /** The request's most severe content tier (see `requestTier`); null or left out when none is set. */
  tier?: ContentTier | null;
  /** The campaign the request is part of; null or left out outside any. */
  campaign?: string | null;
  /**
   * When the agency's own checks confirmed every target removed or withheld (`verifiedAt` of
   * referral-kit/verify); null when not verified; left out when the record carries no verification.
   */
  verifiedAt?: number | null;
  /**
   * The platform's first response after submission (acknowledged, a question, or a decision); null when
   * none. Left out, the decision time (when decided) stands in for it.
   */
  acknowledgedAt?: number | null;
  /** The platform's questions: `[asked, answered]`, answered null while open. Times in ms. */
  agencyWaits?: readonly (readonly [number, number | null])[];
  /** The request this one re-refers, when it is a re-referral. */
  supersedes?: string;
  /** The first escalation; left out or null when never escalated. */
  escalatedAt?: number | null;
  /** The highest level the request was escalated to. */
  escalationLevel?: EscalationLevel;
  /** The first action after the first escalation; null when none. */
  actionAfterEscalationAt?: number | null;
  /** The decision of each target decided (its latest outcome); left out when the record says nothing. */
  outcomes?: readonly ComplianceOutcome[];
}

/**
 * A target's decision as compliance counts it. From a domain request, each resolved outcome of
 * `requestState` (with "unspecified" where the history does not say); from the flat CSV, the row's columns.
 *
 * @example
 * ```ts
 * const outcome: ComplianceOutcome = {
 *   target: "x:somename", targetType: "account", measure: "account-terminated", scope: "global",
 *   ground: "terms-of-service", temporary: false, at: Date.parse("2025-03-02T10:00:00Z"),
 * };
 * ```
 */
export interface ComplianceOutcome {
  /** The target's key, when known (joins verification records and returns). */
  target?: string;
  targetType: "account" | "content" | "unspecified";
  measure: OutcomeMeasure | "unspecified";
  /** For an action: `global`, `country` (some countries only) or `unspecified`; ignored for no-action. */
  scope: "global" | "country" | "unspecified";
  ground: ActionGround | "unspecified";
  /** True when the measure has an end (`until`). */
  temporary: boolean;
  /** For no-action: why. */
  reasonCode?: DeclineReason | "unspecified";
  /** When it was decided (ms). */
  at: number;
  /**
   * For an account the platform suspended or terminated: when it came back (a reinstatement found by
   * verification, or a mirror account a person confirmed); null or left out when it has not.
   */
  returnedAt?: number | null;
  /** The agency's latest conclusive check of the target (joined from verification records). */
  verified?: "removed" | "withheld" | "available";
}

/**
 * What the calculators accept: a flat record or a domain request with its events.
 *
 * @example
 * ```ts
 * const inputs: ComplianceInput[] = [...domainRequests, ...flatRecords];
 * computeCompliance(inputs, { asOf: "2026-01-01T00:00:00Z" });
 * ```
 */
export type ComplianceInput = ComplianceRecord | ReferralRequest;

/**
 * True for a domain request (it has an event history), false for a flat record.
 *
 * @example
 * ```ts
 * for (const input of inputs) console.log(isReferralRequest(input) ? input.events.length : input.outcome);
 * ```
 */
export function isReferralRequest(input: ComplianceInput): input is ReferralRequest {
  return Array.isArray((input as ReferralRequest).events);
}

// Requests the readers already validated with ReferralRequest, so the calculators do not parse them twice.
const validatedRequests = new WeakSet<object>();

/**
 * Marks a request as validated by ReferralRequest (internal: the JSON Lines reader uses it).
 *
 * @internal
 */
export function markValidated(request: ReferralRequest): ReferralRequest {
  validatedRequests.add(request);
  return request;
}

/**
 * A record problem: which record, why, and a stable code.
 *
 * @example
 * ```ts
 * const problem: RecordProblem | undefined = checkComplianceRecord(record);
 * if (problem?.code === "inconsistent_history") console.error(problem.reason);
 * ```
 */
export interface RecordProblem {
  code: "invalid_record" | "inconsistent_history";
  reason: string;
}

/**
 * Reduces a domain request to a compliance record as known at `asOf`: events after `asOf` are dropped,
 * then the rest is folded with `requestState`. Returns `null` when the request was not submitted by then.
 *
 * @throws {IllegalTransitionError} or {SafeguardError} when the history is inconsistent (see
 * `complianceRecordFromRequest` for a form that returns the problem instead).
 * @throws {ValidationError} when the request does not match `ReferralRequest`.
 *
 * @example
 * ```ts
 * import { toComplianceRecord } from "referral-kit/compliance";
 *
 * const record = toComplianceRecord(request, { asOf: "2026-01-01T00:00:00Z" });
 * if (record) console.log(record.outcome, record.firstActionAt);
 * ```
 */
export function toComplianceRecord(
  request: ReferralRequest,
  options: { asOf: Date | string | number },
): ComplianceRecord | null {
  const asOf = toTime(options.asOf);
  let checked = request;
  if (!validatedRequests.has(request)) {
    const parsed = ReferralRequest.safeParse(request);
    if (!parsed.success) throw ValidationError.fromZod("Request", parsed.error);
    checked = parsed.data;
  }
  const events = checked.events.filter((event) => Date.parse(event.at) <= asOf);
  if (!events.some((event) => event.type === "submitted")) return null;
  const state = requestState(events, checked);
  if (state.submittedAt === undefined) return null;
  const groups: string[] = [];
  for (const designation of checked.designations) {
    if (!groups.includes(designation.groupId)) groups.push(designation.groupId);
  }
  const time = (value: string | undefined) => (value === undefined ? null : Date.parse(value));
  const types = new Map(checked.targets.map((entry) => [targetKey(entry.target), entry.target.type]));
  const record: ComplianceRecord = {
    id: checked.id,
    platform: checked.platform,
    groups,
    kind: checked.kind,
    priority: checked.priority,
    submittedAt: Date.parse(state.submittedAt),
    outcome: state.outcome,
    outcomeAt: time(state.outcomeAt),
    firstActionAt: time(state.firstActionAt),
    deadline: checked.deadline === undefined ? null : Date.parse(checked.deadline),
    acknowledgedAt: time(state.acknowledgedAt),
    outcomes: state.outcomes.map((outcome) => ({
      target: outcome.target,
      targetType: types.get(outcome.target) ?? "unspecified",
      measure: outcome.measure,
      scope:
        outcome.scope === undefined || outcome.scope === "unspecified"
          ? "unspecified"
          : outcome.scope === "global"
            ? "global"
            : "country",
      ground: outcome.ground ?? "unspecified",
      temporary: outcome.until !== undefined,
      ...(outcome.reasonCode === undefined ? {} : { reasonCode: outcome.reasonCode }),
      at: Date.parse(outcome.at),
    })),
    tier: requestTier(checked) ?? null,
    campaign: checked.campaign ?? null,
  };
  if (state.agencyWaits.length > 0) {
    record.agencyWaits = state.agencyWaits.map((wait) => [Date.parse(wait.from), time(wait.to)] as const);
  }
  if (checked.supersedes !== undefined) record.supersedes = checked.supersedes;
  const [firstEscalation] = state.escalations;
  if (firstEscalation) {
    record.escalatedAt = Date.parse(firstEscalation.at);
    record.escalationLevel = highestLevel(state.escalations.map((escalation) => escalation.level));
    record.actionAfterEscalationAt = time(state.actionAfterEscalationAt);
  }
  return record;
}

function highestLevel(levels: readonly EscalationLevel[]): EscalationLevel {
  let best = levels[0]!;
  for (const level of levels)
    if (ESCALATION_LEVELS.indexOf(level) > ESCALATION_LEVELS.indexOf(best)) best = level;
  return best;
}

/**
 * The non-throwing form of {@link toComplianceRecord}: the record, `null` when not submitted by `asOf`,
 * or a problem (with the domain error's message) for an invalid request or inconsistent history.
 *
 * @example
 * ```ts
 * const result = complianceRecordFromRequest(request, Date.parse("2026-01-01T00:00:00Z"));
 * if (result && "reason" in result) console.error(request.id, result.reason);
 * ```
 */
export function complianceRecordFromRequest(
  request: ReferralRequest,
  asOf: number,
): ComplianceRecord | RecordProblem | null {
  try {
    return toComplianceRecord(request, { asOf });
  } catch (error) {
    if (
      IllegalTransitionError.isInstance(error) ||
      SafeguardError.isInstance(error) ||
      InvalidOutcomeError.isInstance(error)
    ) {
      return { code: "inconsistent_history", reason: error.message };
    }
    if (ValidationError.isInstance(error)) return { code: "invalid_record", reason: error.message };
    throw error;
  }
}

const knownKinds = new Set<string>(REQUEST_KINDS);
const knownPriorities = new Set<string>(["emergency", "standard"]);
const knownOutcomes = new Set<string>(COMPLIANCE_OUTCOMES);
const knownTiers = new Set<unknown>(ContentTier.values);
// Platform ids repeat across a file: remember the ones already checked against the schema.
const validPlatforms = new Set<string>();
const validIds = new Set<string>();

/**
 * A flat record's fields, each read from the record once. Records have many shapes (their optional fields
 * come and go), so every property read on them is a slow, megamorphic one; the checker and the
 * calculators read this object of one shape instead, reused from record to record.
 *
 * @internal
 */
export class RecordFields {
  id: ComplianceRecord["id"] = "";
  platform: ComplianceRecord["platform"] = "";
  groups: ComplianceRecord["groups"] = [];
  kind: ComplianceRecord["kind"] = "";
  priority: ComplianceRecord["priority"] = "";
  // A double from the start (as the times it will hold), so the class keeps one hidden class (see `Facts`).
  submittedAt: ComplianceRecord["submittedAt"] = Number.NaN;
  outcome: ComplianceRecord["outcome"] = "pending";
  outcomeAt: ComplianceRecord["outcomeAt"] = null;
  firstActionAt: ComplianceRecord["firstActionAt"] = null;
  deadline: ComplianceRecord["deadline"] = null;
  tier: ComplianceRecord["tier"] = undefined;
  campaign: ComplianceRecord["campaign"] = undefined;
  verifiedAt: ComplianceRecord["verifiedAt"] = undefined;
  acknowledgedAt: ComplianceRecord["acknowledgedAt"] = undefined;
  agencyWaits: ComplianceRecord["agencyWaits"] = undefined;
  supersedes: ComplianceRecord["supersedes"] = undefined;
  escalatedAt: ComplianceRecord["escalatedAt"] = undefined;
  escalationLevel: ComplianceRecord["escalationLevel"] = undefined;
  actionAfterEscalationAt: ComplianceRecord["actionAfterEscalationAt"] = undefined;
  outcomes: ComplianceRecord["outcomes"] = undefined;

  /** Reads every field of `record` (an object). */
  read(record: ComplianceRecord): this {
    this.id = record.id;
    this.platform = record.platform;
    this.groups = record.groups;
    this.kind = record.kind;
    this.priority = record.priority;
    this.submittedAt = record.submittedAt;
    this.outcome = record.outcome;
    this.outcomeAt = record.outcomeAt;
    this.firstActionAt = record.firstActionAt;
    this.deadline = record.deadline;
    this.tier = record.tier;
    this.campaign = record.campaign;
    this.verifiedAt = record.verifiedAt;
    this.acknowledgedAt = record.acknowledgedAt;
    this.agencyWaits = record.agencyWaits;
    this.supersedes = record.supersedes;
    this.escalatedAt = record.escalatedAt;
    this.escalationLevel = record.escalationLevel;
    this.actionAfterEscalationAt = record.actionAfterEscalationAt;
    this.outcomes = record.outcomes;
    return this;
  }
}

const sharedFields = new RecordFields();

/**
 * Checks a flat record and returns what is wrong with it, or `undefined` when it can be counted. Cheap
 * enough for millions of records: no allocation on the happy path.
 *
 * @example
 * ```ts
 * const problem = checkComplianceRecord(record);
 * if (problem) console.error(record.id, problem.reason);
 * ```
 */
export function checkComplianceRecord(record: ComplianceRecord): RecordProblem | undefined {
  if (typeof record !== "object" || record === null) return invalid("a record must be an object");
  const problem = checkRecordFields(sharedFields.read(record));
  // Let go of the record's lists: the shared fields outlive the call.
  sharedFields.groups = [];
  sharedFields.agencyWaits = undefined;
  sharedFields.outcomes = undefined;
  return problem;
}

/**
 * {@link checkComplianceRecord} on a record's fields already read (see `RecordFields`).
 *
 * @internal
 */
export function checkRecordFields(record: RecordFields): RecordProblem | undefined {
  if (typeof record.id !== "string" || record.id.length === 0) return invalid("id is missing");
  const { platform } = record;
  if (!validPlatforms.has(platform)) {
    if (typeof platform !== "string" || !PlatformIdSchema.safeParse(platform).success) {
      return invalid(`platform ${JSON.stringify(platform)} is not a platform id`);
    }
    validPlatforms.add(platform);
  }
  if (!Array.isArray(record.groups)) return invalid("groups must be a list of group ids");
  // Index loops on the per-record path: for-of allocated an iterator result per element (sampling heap profiler).
  for (let index = 0; index < record.groups.length; index++) {
    const group = record.groups[index];
    if (typeof group !== "string" || !validId(group)) {
      return invalid(
        `group ${JSON.stringify(group)} is not a group id (letters, digits, '.', '_', ':', '-')`,
      );
    }
  }
  if (!knownKinds.has(record.kind))
    return invalid(`kind ${JSON.stringify(record.kind)} is not a request kind`);
  if (!knownPriorities.has(record.priority)) {
    return invalid(`priority ${JSON.stringify(record.priority)} is not emergency or standard`);
  }
  if (!knownOutcomes.has(record.outcome)) {
    return invalid(
      `outcome ${JSON.stringify(record.outcome)} is not one of ${COMPLIANCE_OUTCOMES.join(", ")}`,
    );
  }
  const { submittedAt, outcomeAt, firstActionAt, deadline } = record;
  if (!isTime(submittedAt)) return invalid("submittedAt is not a time");
  const followUp = checkFollowUp(record, submittedAt);
  if (followUp) return followUp;
  if (record.verifiedAt !== undefined && record.verifiedAt !== null && !isTime(record.verifiedAt)) {
    return invalid("verifiedAt is not a time");
  }
  if (deadline !== null && !isTime(deadline)) return invalid("deadline is not a time");
  if (record.campaign != null && !(typeof record.campaign === "string" && validId(record.campaign))) {
    return invalid(`campaign ${JSON.stringify(record.campaign)} is not a campaign id`);
  }
  if (record.tier != null && !knownTiers.has(record.tier)) {
    return invalid(`tier ${JSON.stringify(record.tier)} is not a content tier (1, 2, 3 or 4)`);
  }
  if (record.outcome === "pending") {
    if (outcomeAt !== null) return inconsistent("a pending request has an outcome time");
    if (firstActionAt !== null) return inconsistent("a pending request has an action time");
    return undefined;
  }
  if (!isTime(outcomeAt)) return invalid(`outcome ${record.outcome} has no valid outcome time`);
  if (outcomeAt < submittedAt) return inconsistent(`${record.outcome} before submitted`);
  if (record.outcome === "actioned" || record.outcome === "partially-actioned") {
    if (!isTime(firstActionAt)) return inconsistent(`outcome ${record.outcome} has no action time`);
    if (firstActionAt < submittedAt) return inconsistent("actioned before submitted");
    if (firstActionAt > outcomeAt) return inconsistent("first action after the outcome time");
    if (record.outcome === "partially-actioned" && firstActionAt !== outcomeAt) {
      return inconsistent("a partial action's outcome time differs from its first action time");
    }
  } else if (firstActionAt !== null) {
    return inconsistent(`outcome ${record.outcome} after an action: two outcomes`);
  }
  return undefined;
}

/** Whether an id (group, campaign) is valid; ids repeat across a file, so the valid ones are remembered. */
function validId(id: string): boolean {
  if (validIds.has(id)) return true;
  if (!Id.safeParse(id).success) return false;
  validIds.add(id);
  return true;
}

const knownMeasures = new Set<string>([...OUTCOME_MEASURES, "unspecified"]);
const knownGrounds = new Set<string>([...ACTION_GROUNDS, "unspecified"]);
const knownReasons = new Set<string>([...DECLINE_REASONS, "unspecified"]);
const knownScopes = new Set<string>(["global", "country", "unspecified"]);
const knownTargetTypes = new Set<string>(["account", "content", "unspecified"]);
const knownLevels = new Set<string>(ESCALATION_LEVELS);

/** The optional fields of issue 21 (outcomes, questions, escalation, re-referral), when present. */
function checkFollowUp(record: RecordFields, submittedAt: number): RecordProblem | undefined {
  const { acknowledgedAt, agencyWaits, escalatedAt, actionAfterEscalationAt, outcomes } = record;
  if (acknowledgedAt != null) {
    if (!isTime(acknowledgedAt)) return invalid("acknowledgedAt is not a time");
    if (acknowledgedAt < submittedAt) return inconsistent("acknowledged before submitted");
  }
  if (agencyWaits !== undefined) {
    if (!Array.isArray(agencyWaits)) return invalid("agencyWaits must be a list of [asked, answered] pairs");
    let previous = submittedAt;
    for (let index = 0; index < agencyWaits.length; index++) {
      const from = agencyWaits[index]![0];
      const to = agencyWaits[index]![1];
      if (!isTime(from) || (to !== null && !isTime(to)))
        return invalid("an agency wait is not a pair of times");
      if (from < previous) return inconsistent("a question before submission or before the previous answer");
      if (to !== null && to < from) return inconsistent("a question answered before it was asked");
      previous = to ?? Number.POSITIVE_INFINITY;
    }
  }
  if (
    record.supersedes !== undefined &&
    (typeof record.supersedes !== "string" || record.supersedes === record.id)
  ) {
    return invalid("supersedes must name another request");
  }
  if (escalatedAt != null) {
    if (!isTime(escalatedAt)) return invalid("escalatedAt is not a time");
    if (escalatedAt < submittedAt) return inconsistent("escalated before submitted");
    if (record.escalationLevel !== undefined && !knownLevels.has(record.escalationLevel)) {
      return invalid(
        `escalation level ${JSON.stringify(record.escalationLevel)} is not one of ${ESCALATION_LEVELS.join(", ")}`,
      );
    }
    if (
      actionAfterEscalationAt != null &&
      (!isTime(actionAfterEscalationAt) || actionAfterEscalationAt < escalatedAt)
    ) {
      return inconsistent("the action after escalation is not after the escalation");
    }
  } else if (actionAfterEscalationAt != null) {
    return inconsistent("an action after escalation without an escalation");
  }
  if (outcomes !== undefined) {
    if (!Array.isArray(outcomes)) return invalid("outcomes must be a list");
    for (let index = 0; index < outcomes.length; index++) {
      const outcome = outcomes[index]!;
      if (!knownMeasures.has(outcome.measure))
        return invalid(`measure ${JSON.stringify(outcome.measure)} is not an outcome measure`);
      if (!knownScopes.has(outcome.scope))
        return invalid(`scope ${JSON.stringify(outcome.scope)} is not global, country or unspecified`);
      if (!knownGrounds.has(outcome.ground))
        return invalid(`ground ${JSON.stringify(outcome.ground)} is not a ground`);
      if (!knownTargetTypes.has(outcome.targetType))
        return invalid(`target type ${JSON.stringify(outcome.targetType)} is not account or content`);
      if (outcome.measure === "no-action") {
        if (outcome.reasonCode === undefined || !knownReasons.has(outcome.reasonCode)) {
          return invalid(`reason code ${JSON.stringify(outcome.reasonCode)} is not a decline reason`);
        }
      } else if (outcome.reasonCode !== undefined) {
        return inconsistent(`a reason code on a ${outcome.measure} outcome`);
      }
      if (!isTime(outcome.at)) return invalid("an outcome's time is not a time");
      if (outcome.at < submittedAt) return inconsistent("an outcome before submission");
      if (outcome.returnedAt != null && (!isTime(outcome.returnedAt) || outcome.returnedAt < outcome.at)) {
        return inconsistent("an account returned before the platform acted on it");
      }
    }
  }
  return undefined;
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function invalid(reason: string): RecordProblem {
  return { code: "invalid_record", reason };
}

function inconsistent(reason: string): RecordProblem {
  return { code: "inconsistent_history", reason };
}

/**
 * A time given as a Date, an ISO 8601 string with a zone, or milliseconds since the epoch, as milliseconds.
 *
 * @throws {RangeError} when it is not a valid time, or a string without a zone (ambiguous).
 *
 * @example
 * ```ts
 * toTime("2026-01-01T00:00:00Z"); // 1767225600000
 * ```
 */
export function toTime(value: Date | string | number): number {
  let time: number;
  if (typeof value === "number") time = value;
  else if (typeof value === "string") {
    if (!ISO_WITH_ZONE_PATTERN.test(value)) {
      throw new RangeError(`${JSON.stringify(value)} is not an ISO 8601 time with a zone (Z or +hh:mm)`);
    }
    time = Date.parse(value);
  } else time = value.getTime();
  if (!Number.isFinite(time)) throw new RangeError(`${String(value)} is not a valid time`);
  return time;
}

/**
 * ISO 8601 date-time with seconds optional and a required zone: Z or ±hh:mm (or ±hhmm).
 *
 * @example
 * ```ts
 * ISO_WITH_ZONE_PATTERN.test("2025-03-01T09:30:00+05:00"); // true
 * ISO_WITH_ZONE_PATTERN.test("2025-03-01T09:30:00"); // false: no zone
 * ```
 */
export const ISO_WITH_ZONE_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

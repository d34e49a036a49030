import { referralChains } from "../domain/chains.js";
import { DECLINE_REASONS, OUTCOME_MEASURES } from "../domain/schemas/outcome.js";
import { targetKey } from "../domain/targets/target-key.js";
import type { VerificationRecord } from "../verify/record.js";
import { latestObservations, verifiedAt } from "../verify/status.js";
import { COMPLIANCE_DEFINITIONS } from "./definitions.js";
import { ComplianceRecordError } from "./errors.js";
import { hourLabel } from "./hour.js";
import {
  type ComplianceInput,
  type ComplianceOutcome,
  type ComplianceRecord,
  checkRecordFields,
  complianceRecordFromRequest,
  isReferralRequest,
  RecordFields,
  type RecordProblem,
  toTime,
} from "./record.js";
import { type AccountReturn, returnIndex } from "./returns.js";
import { SampleBuffer, SortSpace } from "./samples.js";
import { type KaplanMeierEstimate, kaplanMeierSorted } from "./stats/kaplan-meier.js";
import { zForConfidence } from "./stats/normal.js";
import { wilsonWithZ } from "./stats/wilson.js";

/**
 * The fields compliance can be grouped by. `month` is the UTC month of submission (`YYYY-MM`), `hour` the
 * UTC hour (`YYYY-MM-DDTHH:00Z`); `tier` is the request's most severe content tier (`1` to `4`, `(none)`
 * without one; see `requestTier`); `campaign` the campaign it is part of (`(none)` outside any).
 *
 * @example
 * ```ts
 * const by: GroupField[] = ["platform", "month"];
 * ```
 */
export type GroupField = "platform" | "group" | "kind" | "priority" | "tier" | "campaign" | "month" | "hour";

/**
 * Every field compliance can be grouped by, in a stable order.
 *
 * @example
 * ```ts
 * GROUP_FIELDS.includes("priority"); // true
 * ```
 */
export const GROUP_FIELDS: readonly GroupField[] = Object.freeze([
  "platform",
  "group",
  "kind",
  "priority",
  "tier",
  "campaign",
  "month",
  "hour",
]);

/**
 * The figures of one row (a group, or the total). See `COMPLIANCE_DEFINITIONS` for each.
 *
 * @example
 * ```ts
 * const { actionRate, actionRateLow, actionRateHigh }: ComplianceFigures = result.total;
 * ```
 */
export interface ComplianceFigures {
  submitted: number;
  /** x: actioned, partially-actioned included. */
  actioned: number;
  partiallyActioned: number;
  rejected: number;
  pending: number;
  withdrawn: number;
  actionRate: number | null;
  actionRateLow: number | null;
  actionRateHigh: number | null;
  decidedRate: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  due: number;
  onTime: number;
  breaches: number;
  onTimeRate: number | null;
  /** Requests the agency's own checks found removed or withheld (see `verified`). */
  verified: number;
  /** verified / n; null when n = 0 or when no verification records were given. */
  verifiedRate: number | null;
  verifiedRateLow: number | null;
  verifiedRateHigh: number | null;
  /** Median hours from submission to the platform's first response (Kaplan-Meier). */
  medianHoursToAcknowledge: number | null;
  /** Requests the platform asked a question about. */
  informationRequested: number;
  /** Requests whose question was still unanswered at the as-of time. */
  awaitingAgency: number;
  /** Median of the hours each questioned request waited on the agency. */
  medianAgencyWaitHours: number | null;
  /** Breaches the platform answers for (late against the deadline in force). */
  platformBreaches: number;
  /** Breaches due to time the platform waited on the agency. */
  agencyBreaches: number;
  escalated: number;
  actionedAfterEscalation: number;
  escalationActionRate: number | null;
  escalationActionRateLow: number | null;
  escalationActionRateHigh: number | null;
  reReferrals: number;
  reReferralsActioned: number;
  reReferralActionRate: number | null;
  reReferralActionRateLow: number | null;
  reReferralActionRateHigh: number | null;
  /** Targets with a decision by the as-of time. */
  decidedTargets: number;
  /** Decided targets with an action (any measure but no-action). */
  actionedTargets: number;
  /** Decided targets with no action. */
  declinedTargets: number;
  globalActions: number;
  countryActions: number;
  unspecifiedScopeActions: number;
  termsOfServiceActions: number;
  localLawActions: number;
  unspecifiedGroundActions: number;
  /** Actioned targets by measure (`unspecified` for actions recorded without outcomes). */
  actionsByMeasure: Record<string, number>;
  /** Declined targets by reason code (`unspecified` for rejections recorded without reasons). */
  declinesByReason: Record<string, number>;
  /** Decided account targets. */
  decidedAccountTargets: number;
  /** Account targets terminated globally. */
  permanentSuspensions: number;
  permanentSuspensionRate: number | null;
  permanentSuspensionRateLow: number | null;
  permanentSuspensionRateHigh: number | null;
  /** Account targets suspended (`account-suspended`, temporary or not said). */
  temporarySuspensions: number;
  /** Account targets suspended or terminated (the accounts that could come back). */
  suspendedAccounts: number;
  /** Of those, accounts that came back by the as-of time. */
  returnedAccounts: number;
  returnRate: number | null;
  returnRateLow: number | null;
  returnRateHigh: number | null;
  /** Median hours from the suspension to the return (Kaplan-Meier). */
  medianHoursToReturn: number | null;
  /** Targets the platform reported removed or suspended worldwide that the agency's check found only withheld. */
  reportedGlobalFoundWithheld: number;
}

/**
 * One row of the result: its key fields by name (only those grouped by) and its figures. `survival` is
 * the time-to-action curve, present when the computation was asked for `curves`.
 *
 * @example
 * ```ts
 * for (const row of result.rows) console.log(row.platform, row.month, row.breaches);
 * ```
 */
export interface ComplianceRow extends ComplianceFigures {
  platform?: string;
  group?: string;
  kind?: string;
  priority?: string;
  tier?: string;
  campaign?: string;
  month?: string;
  hour?: string;
  survival?: {
    /** An observed event time (hours). */
    time: number;
    /** Events (actions) at this time. */
    events: number;
    /** Subjects still at risk just before this time. */
    atRisk: number;
    /** S(time): the estimated share with no event up to and including this time. */
    survival: number;
  }[];
}

/**
 * A record that was not counted, and why.
 *
 * @example
 * ```ts
 * for (const issue of result.issues) console.error(issue.line, issue.recordId, issue.reason);
 * ```
 */
export interface ComplianceIssue {
  /** `invalid_record`: the record itself is wrong; `inconsistent_history`: its events contradict each other. */
  code: "invalid_record" | "inconsistent_history";
  reason: string;
  /** The record's id, when it has one. */
  recordId: string | undefined;
  /** Line in the input file, when the caller passed it. */
  line?: number;
}

/**
 * Options of {@link computeCompliance}.
 *
 * @example
 * ```ts
 * const options: ComplianceOptions = { by: ["platform", "group"], asOf: "2026-01-01T00:00:00Z", confidence: 0.9 };
 * ```
 */
export interface ComplianceOptions {
  /** Fields to group by, in order. Default: `["platform"]`. */
  by?: readonly GroupField[];
  /** The moment the figures describe; events after it are ignored. Required, so results are reproducible. */
  asOf: Date | string | number;
  /** Confidence level of the intervals, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
  /** Throw {@link ComplianceRecordError} at the first record that cannot be counted, instead of listing it. */
  strict?: boolean;
  /** Keep each row's Kaplan-Meier curve in `survival` (for charts). Default false. */
  curves?: boolean;
  /** How many issues to keep in detail (all are counted). Default 1000. */
  maxIssues?: number;
  /**
   * The agency's own checks (`VerificationRecord`s of referral-kit/verify), joined to domain requests by
   * id to count `verified`. Without them (and without flat records carrying `verifiedAt`),
   * `verifiedRate` is null: nothing was checked.
   */
  verifications?: Iterable<VerificationRecord>;
  /**
   * Accounts that came back after the platform suspended or terminated them (reinstatements found by
   * verification, mirror accounts a person confirmed; see `returnsFromReinstatements`), joined to domain
   * requests' account targets by key for the recidivism figures.
   */
  returns?: Iterable<AccountReturn>;
  /**
   * Count each re-referral chain (`supersedes`) once: the first try's keys, submission and deadline, the
   * final request's result. Holds the records until `result()`. Default false: every request counts.
   */
  chains?: boolean;
}

/**
 * What {@link computeCompliance} returns.
 *
 * @example
 * ```ts
 * const result: ComplianceResult = computeCompliance(records, { asOf: "2026-01-01T00:00:00Z" });
 * console.log(result.total.actionRate, result.counts.invalid, result.span.firstSubmittedAt);
 * ```
 */
export interface ComplianceResult {
  by: GroupField[];
  /** ISO 8601, UTC. */
  asOf: string;
  confidence: number;
  /** One row per group key, sorted by key. */
  rows: ComplianceRow[];
  /** Every counted request once. */
  total: ComplianceRow;
  /** Records not counted (invalid or inconsistent), at most `maxIssues` of them. */
  issues: ComplianceIssue[];
  counts: {
    /** Records given. */
    records: number;
    /** Submitted by the as-of time and counted. */
    counted: number;
    /** Valid, but not submitted by the as-of time. */
    notSubmitted: number;
    /** Not counted because invalid or inconsistent. */
    invalid: number;
  };
  /** The data's time span (ISO 8601, UTC): first and last submission, last event taken into account. */
  span: { firstSubmittedAt: string | null; lastSubmittedAt: string | null; lastEventAt: string | null };
  definitions: typeof COMPLIANCE_DEFINITIONS;
  /** True when verification data was given (records, or flat records with `verifiedAt`). */
  verification: boolean;
}

const HOUR = 3_600_000;
const NO_GROUP = "(none)";
const TIER_LABELS = ["", "1", "2", "3", "4"] as const;

/** Rows by key, one level per field: strings for most fields, month and hour by their index (numbers). */
type TallyTrie = Map<string | number, TallyTrie | Tally>;

/**
 * The time samples of every row (under its index), one buffer per pair of series. The buffers share their
 * work arrays: `#times` reads one collection at a time.
 */
class Samples {
  readonly #space = new SortSpace();
  /** Time to action: actioned (first series) and not (second, censored). */
  readonly action = new SampleBuffer(this.#space, HOUR);
  /** Time to the first response: responded and not. */
  readonly response = new SampleBuffer(this.#space, HOUR);
  /** Time to an account's return: returned and not. */
  readonly returns = new SampleBuffer(this.#space, HOUR);
  /** Time each questioned request waited on the agency (first series only). */
  readonly waits = new SampleBuffer(this.#space, HOUR);
}

/** A row's time figures, worked out from its samples at the end. */
interface RowTimes {
  km: KaplanMeierEstimate;
  ack: KaplanMeierEstimate;
  back: KaplanMeierEstimate;
  wait: number | null;
}

const NO_ESTIMATE: KaplanMeierEstimate = { steps: [], median: null, p90: null };

/** Running counts for one row; its times (hours) are in the accumulator's samples, under its index. */
class Tally {
  submitted = 0;
  actioned = 0;
  partiallyActioned = 0;
  rejected = 0;
  pending = 0;
  withdrawn = 0;
  due = 0;
  onTime = 0;
  verified = 0;
  informationRequested = 0;
  awaitingAgency = 0;
  platformBreaches = 0;
  escalated = 0;
  actionedAfterEscalation = 0;
  reReferrals = 0;
  reReferralsActioned = 0;
  decidedTargets = 0;
  declinedTargets = 0;
  globalActions = 0;
  countryActions = 0;
  termsOfServiceActions = 0;
  localLawActions = 0;
  decidedAccountTargets = 0;
  permanentSuspensions = 0;
  temporarySuspensions = 0;
  suspendedAccounts = 0;
  returnedAccounts = 0;
  reportedGlobalFoundWithheld = 0;
  constructor(
    readonly values: readonly string[],
    readonly index: number,
  ) {}
}

type Counter = Exclude<keyof Tally, "values" | "index">;
/** The counters of a {@link Tally}. */
const COUNTERS = Object.keys(new Tally([], 0)).filter(
  (name): name is Counter => name !== "values" && name !== "index",
);

/** Counter slots of the measure and reason breakdowns: the taxonomy, then "unspecified". */
const MEASURE_SLOTS = [...OUTCOME_MEASURES.filter((measure) => measure !== "no-action"), "unspecified"];
const REASON_SLOTS = [...DECLINE_REASONS, "unspecified"];
/**
 * Counters per row of the measure and reason breakdowns, kept for all rows in one array rather than two
 * small arrays per row: over 1M records in 1,152 rows the per-row arrays cost a cache miss per decided
 * target, and one array took the adding of records from about 1,040 to 890 ms CPU.
 */
const BREAKDOWN = MEASURE_SLOTS.length + REASON_SLOTS.length;
const measureSlot = new Map(MEASURE_SLOTS.map((measure, index) => [measure, index]));
const reasonSlot = new Map(REASON_SLOTS.map((reason, index) => [reason, index]));
const ACCOUNT_MEASURES: ReadonlySet<string> = new Set(["account-suspended", "account-terminated"]);
const GLOBAL_REMOVALS: ReadonlySet<string> = new Set([
  "content-removed",
  "account-suspended",
  "account-terminated",
]);

/**
 * What one record adds beyond the outcome counts, worked out once per record (not once per row it is
 * counted in). One instance is reused for every record.
 */
class Facts {
  /**
   * Times in milliseconds: the sample buffers give them back in hours. They start as doubles (NaN), not 0:
   * a field that held a small integer first changes representation at the first time stored in it, and
   * that gives every new instance a hidden class of its own (see `ComplianceAccumulator.#shapes`).
   */
  toAction = Number.NaN;
  toResponse = Number.NaN;
  acknowledged = false;
  asked = false;
  awaiting = false;
  waited = Number.NaN;
  platformBreach = false;
  escalated = false;
  actionedAfterEscalation = false;
  reReferral = false;
  /** The record's outcomes decided by the as-of time, each as flag bits, a counter slot and time to return. */
  outcomeCount = 0;
  flags = new Int32Array(8);
  slot = new Int32Array(8);
  toReturn = new Float64Array(8);

  /** Reads the outcomes once per record, so each row it is counted in only adds numbers. */
  setOutcomes(outcomes: readonly ComplianceOutcome[] | undefined, asOf: number): void {
    this.outcomeCount = 0;
    if (outcomes === undefined) return;
    if (outcomes.length > this.flags.length) {
      this.flags = new Int32Array(outcomes.length);
      this.slot = new Int32Array(outcomes.length);
      this.toReturn = new Float64Array(outcomes.length);
    }
    for (let position = 0; position < outcomes.length; position++) {
      const outcome = outcomes[position]!;
      if (outcome.at > asOf) continue;
      const index = this.outcomeCount++;
      const measure = outcome.measure;
      let flags = outcome.targetType === "account" ? ACCOUNT : 0;
      if (measure === "no-action") {
        this.flags[index] = flags | DECLINED;
        this.slot[index] = reasonSlot.get(outcome.reasonCode ?? "unspecified")!;
        continue;
      }
      this.slot[index] = measureSlot.get(measure)!;
      if (outcome.scope === "global") flags |= GLOBAL;
      else if (outcome.scope === "country") flags |= COUNTRY;
      if (outcome.ground === "terms-of-service") flags |= TERMS;
      else if (outcome.ground === "local-law") flags |= LAW;
      if (outcome.verified === "withheld" && outcome.scope === "global" && GLOBAL_REMOVALS.has(measure)) {
        flags |= FOUND_WITHHELD;
      }
      if (flags & ACCOUNT && ACCOUNT_MEASURES.has(measure)) {
        flags |= SUSPENDED;
        if (measure === "account-terminated" && outcome.scope === "global") flags |= PERMANENT;
        if (measure === "account-suspended") flags |= TEMPORARY;
        const back = outcome.returnedAt ?? null;
        if (back !== null && back <= asOf) {
          flags |= RETURNED;
          this.toReturn[index] = back - outcome.at;
        } else {
          this.toReturn[index] = asOf - outcome.at;
        }
      }
      this.flags[index] = flags;
    }
  }
}

// Flag bits of an outcome in Facts.
const ACCOUNT = 1;
const DECLINED = 2;
const GLOBAL = 4;
const COUNTRY = 8;
const TERMS = 16;
const LAW = 32;
const FOUND_WITHHELD = 64;
const SUSPENDED = 128;
const PERMANENT = 256;
const TEMPORARY = 512;
const RETURNED = 1024;

/**
 * Computes compliance incrementally: `add` records one at a time (from a stream), then `result()`.
 * Memory grows with the number of groups and two numbers per request, not with the input's size.
 * {@link computeCompliance} is this over an iterable.
 *
 * @example
 * ```ts
 * import { ComplianceAccumulator, readComplianceCsv } from "referral-kit/compliance";
 *
 * const accumulator = new ComplianceAccumulator({ by: ["platform"], asOf: "2026-01-01T00:00:00Z" });
 * for await (const record of readComplianceCsv("requests.csv")) accumulator.add(record);
 * const result = accumulator.result();
 * ```
 */
export class ComplianceAccumulator {
  /**
   * An accumulator that lives as long as the class, holding no records, so that the hidden classes of an
   * accumulator and of the objects it owns (tallies, facts, record fields, sample buffers) outlive each
   * computation. V8's optimised code refers to hidden classes weakly: when a computation's accumulator
   * was collected, its classes went with it, the collection threw away the optimised code of every
   * per-record function ("weak objects" in `--trace-deopt`), and the next computation ran its first
   * records unoptimised and compiled them all again (about 100 ms CPU a computation over 1,000,000
   * records with outcomes; see bench/RESULTS.md). A static field, as a module constant nothing reads is
   * collected once the module has run. Costs the empty sample buffers (about 3 MB). Its `asOf` is a time
   * in milliseconds (a double), as every real one, so that field keeps its representation.
   */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: held, never read, for its hidden classes (above).
  static readonly #shapes = new ComplianceAccumulator({ asOf: Date.UTC(2000, 0, 1) });
  readonly #by: GroupField[];
  readonly #asOf: number;
  readonly #confidence: number;
  readonly #z: number;
  readonly #strict: boolean;
  readonly #curves: boolean;
  readonly #maxIssues: number;
  readonly #trie: TallyTrie = new Map();
  readonly #tallies: Tally[] = [];
  readonly #total = new Tally([], 0);
  /**
   * With rows, the total is their sum less what records in several groups added beyond their first row:
   * counting each record in the total as well as in its row took a second pass over the counters.
   */
  readonly #extra = new Tally([], 0);
  readonly #extraBreakdowns = new Float64Array(BREAKDOWN);
  readonly #samples = new Samples();
  /** Every row's breakdown counters (see `BREAKDOWN`), row after row; the total first. */
  #breakdowns = new Float64Array(BREAKDOWN * 64);
  readonly #issues: ComplianceIssue[] = [];
  readonly #byGroup: boolean;
  /** Latest conclusive observation per request and target, as of asOf; undefined when none given. */
  readonly #observations: Map<string, Map<string, VerificationRecord>> | undefined;
  #verification: boolean;
  readonly #returns: ReturnType<typeof returnIndex> | undefined;
  /** Records held for chain counting (the `chains` option), in the order added. */
  readonly #held: ComplianceRecord[] | undefined;
  readonly #facts = new Facts();
  readonly #fields = new RecordFields();
  #records = 0;
  #counted = 0;
  #notSubmitted = 0;
  #invalid = 0;
  #firstSubmitted = Number.POSITIVE_INFINITY;
  #lastSubmitted = Number.NEGATIVE_INFINITY;
  #lastEvent = Number.NEGATIVE_INFINITY;

  constructor(options: ComplianceOptions) {
    const by = [...(options.by ?? ["platform"])];
    for (const field of by) {
      if (!GROUP_FIELDS.includes(field)) {
        throw new RangeError(`cannot group by ${JSON.stringify(field)}; use ${GROUP_FIELDS.join(", ")}`);
      }
    }
    if (new Set(by).size !== by.length) throw new RangeError(`a group field is repeated in ${by.join(",")}`);
    this.#by = by;
    this.#byGroup = by.includes("group");
    this.#asOf = toTime(options.asOf);
    this.#confidence = options.confidence ?? 0.95;
    this.#z = zForConfidence(this.#confidence);
    this.#strict = options.strict ?? false;
    this.#curves = options.curves ?? false;
    this.#maxIssues = options.maxIssues ?? 1000;
    this.#observations =
      options.verifications === undefined
        ? undefined
        : latestObservations(options.verifications, { asOf: this.#asOf });
    this.#verification = options.verifications !== undefined;
    this.#returns = options.returns === undefined ? undefined : returnIndex(options.returns);
    this.#held = options.chains ? [] : undefined;
  }

  /** Adds one record or domain request; `line` is its line in the input file, for issue reports. */
  add(input: ComplianceInput, line?: number): void {
    this.#records++;
    let record: ComplianceRecord;
    if (isReferralRequest(input)) {
      const converted = complianceRecordFromRequest(input, this.#asOf);
      if (converted === null) {
        this.#notSubmitted++;
        return;
      }
      if ("reason" in converted) {
        this.#reject(typeof input.id === "string" ? input.id : undefined, converted, line);
        return;
      }
      record = converted;
      if (this.#observations) {
        const keys = input.targets.map((entry) => targetKey(entry.target));
        const observations = this.#observations.get(input.id);
        record = {
          ...record,
          verifiedAt: verifiedAt(observations, keys),
          ...(record.outcomes && observations
            ? { outcomes: record.outcomes.map((outcome) => withCheck(outcome, observations)) }
            : {}),
        };
      }
      if (this.#returns && record.outcomes) {
        const returns = this.#returns;
        record = { ...record, outcomes: record.outcomes.map((outcome) => withReturn(outcome, returns)) };
      }
    } else {
      if (typeof input !== "object" || input === null) {
        this.#reject(undefined, { code: "invalid_record", reason: "a record must be an object" }, line);
        return;
      }
      const fields = this.#fields.read(input);
      const problem = checkRecordFields(fields);
      if (problem) {
        this.#reject(typeof fields.id === "string" ? fields.id : undefined, problem, line);
        return;
      }
      if (fields.verifiedAt !== undefined) this.#verification = true;
      if (this.#held) this.#held.push(input);
      else this.#count(fields);
      return;
    }
    if (this.#held) this.#held.push(record);
    else this.#count(this.#fields.read(record));
  }

  /** Adds every record of an iterable. */
  addAll(inputs: Iterable<ComplianceInput>): this {
    // Arrays by index: for-of here allocated an iterator result per record (sampling heap profiler, 1M records).
    if (Array.isArray(inputs)) for (let index = 0; index < inputs.length; index++) this.add(inputs[index]);
    else for (const input of inputs) this.add(input);
    return this;
  }

  #reject(recordId: string | undefined, problem: RecordProblem, line: number | undefined): void {
    if (this.#strict) throw new ComplianceRecordError({ recordId, line, reason: problem.reason });
    this.#invalid++;
    if (this.#issues.length < this.#maxIssues) {
      const issue: ComplianceIssue = { recordId, code: problem.code, reason: problem.reason };
      if (line !== undefined) issue.line = line;
      this.#issues.push(issue);
    }
  }

  #count(record: RecordFields): void {
    const asOf = this.#asOf;
    const submittedAt = record.submittedAt;
    if (submittedAt > asOf) {
      this.#notSubmitted++;
      return;
    }
    // The outcome as known at asOf: later events are ignored. An action after a partial action that
    // happens after asOf leaves the request partially actioned at asOf.
    let outcome = record.outcome;
    let outcomeAt = record.outcomeAt;
    let firstActionAt = record.firstActionAt;
    if (outcomeAt !== null && outcomeAt > asOf) {
      if (outcome === "actioned" && firstActionAt !== null && firstActionAt <= asOf) {
        outcome = "partially-actioned";
        outcomeAt = firstActionAt;
      } else {
        outcome = "pending";
        outcomeAt = null;
        firstActionAt = null;
      }
    }
    this.#counted++;
    if (submittedAt < this.#firstSubmitted) this.#firstSubmitted = submittedAt;
    if (submittedAt > this.#lastSubmitted) this.#lastSubmitted = submittedAt;
    const lastEvent = outcomeAt ?? submittedAt;
    if (lastEvent > this.#lastEvent) this.#lastEvent = lastEvent;

    const deadline = record.deadline;
    // Codes keep the per-tally update branch-light: 0 actioned, 1 partial, 2 rejected, 3 pending, 4 withdrawn.
    const code =
      outcome === "actioned"
        ? 0
        : outcome === "partially-actioned"
          ? 1
          : outcome === "rejected"
            ? 2
            : outcome === "pending"
              ? 3
              : 4;
    const end = code === 3 ? asOf : code <= 1 ? firstActionAt! : outcomeAt!;
    const waits = record.agencyWaits;
    const facts = this.#facts;
    // Time waiting on the agency is not the platform's: it is left out of time to action.
    facts.toAction =
      end - submittedAt - (waits === undefined ? 0 : waitedBetween(waits, submittedAt, end, asOf));
    const isDue = code !== 4 && deadline !== null && deadline <= asOf;
    const isOnTime = isDue && code <= 1 && firstActionAt! <= deadline!;
    // Withdrawn requests are out of n, so out of verified too.
    const isVerified = code !== 4 && record.verifiedAt != null && record.verifiedAt <= asOf;
    this.#gather(record, code, outcomeAt, firstActionAt, isDue && !isOnTime);

    // The total's time samples are those of the record's first row (its own when there are no rows).
    const samples = this.#samples;
    if (this.#by.length === 0) {
      update(this.#total, samples, true, code, isDue, isOnTime, isVerified, facts, this.#breakdowns);
      return;
    }
    if (this.#byGroup && record.groups.length > 1) {
      const groups = record.groups;
      for (let index = 0; index < groups.length; index++) {
        const tally = this.#tallyFor(record, groups[index]!);
        update(tally, samples, index === 0, code, isDue, isOnTime, isVerified, facts, this.#breakdowns);
        if (index > 0) {
          update(this.#extra, null, false, code, isDue, isOnTime, isVerified, facts, this.#extraBreakdowns);
        }
      }
    } else {
      const group = record.groups[0] ?? NO_GROUP;
      const tally = this.#tallyFor(record, group);
      update(tally, samples, true, code, isDue, isOnTime, isVerified, facts, this.#breakdowns);
    }
  }

  /** Fills the reused {@link Facts} with what the record says about responses, questions and follow-up. */
  #gather(
    record: RecordFields,
    code: number,
    outcomeAt: number | null,
    firstActionAt: number | null,
    isBreach: boolean,
  ): void {
    const asOf = this.#asOf;
    const facts = this.#facts;
    const submittedAt = record.submittedAt;
    // The first response: the acknowledgement when recorded, else the decision.
    let response = record.acknowledgedAt ?? null;
    if (response !== null && response > asOf) response = null;
    if (code <= 2 && outcomeAt !== null && (response === null || outcomeAt < response)) response = outcomeAt;
    facts.acknowledged = response !== null;
    facts.toResponse = (response ?? (code === 4 ? outcomeAt! : asOf)) - submittedAt;
    const waits = record.agencyWaits;
    facts.asked = false;
    facts.awaiting = false;
    facts.waited = 0;
    facts.platformBreach = isBreach;
    if (waits !== undefined && waits.length > 0 && waits[0]![0] <= asOf) {
      facts.asked = true;
      const last = lastWaitBy(waits, asOf);
      facts.awaiting = last[1] === null || last[1] > asOf;
      facts.waited = waitedBetween(waits, submittedAt, asOf, asOf);
      if (isBreach) facts.platformBreach = platformAnswers(record, waits, firstActionAt, asOf);
    }
    const escalatedAt = record.escalatedAt ?? null;
    facts.escalated = escalatedAt !== null && escalatedAt <= asOf;
    const after = record.actionAfterEscalationAt ?? null;
    facts.actionedAfterEscalation = facts.escalated && after !== null && after <= asOf;
    facts.reReferral = record.supersedes !== undefined;
    facts.setOutcomes(code === 4 ? undefined : record.outcomes, asOf);
  }

  #tallyFor(record: RecordFields, group: string): Tally {
    // A trie of maps, one level per field: the values are strings V8 has already hashed, so no key
    // string is built per record.
    const by = this.#by;
    const last = by.length - 1;
    let node: TallyTrie = this.#trie;
    for (let index = 0; index < last; index++) {
      const value = this.#key(record, by[index]!, group);
      let next = node.get(value) as TallyTrie | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const value = this.#key(record, by[last]!, group);
    let tally = node.get(value) as Tally | undefined;
    if (tally === undefined) {
      tally = new Tally(
        by.map((field) => this.#value(record, field, group)),
        this.#tallies.length + 1,
      );
      node.set(value, tally);
      this.#tallies.push(tally);
      if (this.#breakdowns.length < (tally.index + 1) * BREAKDOWN) {
        const grown = new Float64Array(this.#breakdowns.length * 2);
        grown.set(this.#breakdowns);
        this.#breakdowns = grown;
      }
    }
    return tally;
  }

  /**
   * A field's key in the trie: its label, except the month and the hour, whose index since year 0 (month)
   * or 1970 (hour) is found by arithmetic alone; the label, a map lookup more, is needed only for a new row.
   */
  #key(record: RecordFields, field: GroupField, group: string): string | number {
    if (field === "month") return monthIndex(Math.floor(record.submittedAt / 86_400_000));
    if (field === "hour") return Math.floor(record.submittedAt / HOUR);
    return this.#value(record, field, group);
  }

  #value(record: RecordFields, field: GroupField, group: string): string {
    switch (field) {
      case "platform":
        return record.platform;
      case "group":
        return group;
      case "kind":
        return record.kind;
      case "priority":
        return record.priority;
      case "tier":
        return record.tier == null ? NO_GROUP : TIER_LABELS[record.tier];
      case "campaign":
        return record.campaign ?? NO_GROUP;
      case "hour":
        return hourLabel(record.submittedAt);
      case "month":
        return this.#month(record.submittedAt);
    }
  }

  /** The month's label (`YYYY-MM`): only for a new row, so not cached. */
  #month(time: number): string {
    const index = monthIndex(Math.floor(time / 86_400_000));
    const year = Math.floor(index / 12);
    return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
  }

  /** The figures for everything added so far. */
  result(): ComplianceResult {
    if (this.#held) {
      for (const record of chainRecords(this.#held.splice(0), this.#asOf)) {
        this.#count(this.#fields.read(record));
      }
    }
    if (this.#by.length > 0) this.#sumTotal();
    const times = this.#times();
    const rows = [...this.#tallies]
      .sort((a, b) => compareValues(a.values, b.values))
      .map((tally) => this.#row(tally, times));
    const iso = (time: number) => (Number.isFinite(time) ? new Date(time).toISOString() : null);
    return {
      by: [...this.#by],
      asOf: new Date(this.#asOf).toISOString(),
      confidence: this.#confidence,
      rows,
      total: this.#row(this.#total, times),
      issues: [...this.#issues],
      counts: {
        records: this.#records,
        counted: this.#counted,
        notSubmitted: this.#notSubmitted,
        invalid: this.#invalid,
      },
      span: {
        firstSubmittedAt: iso(this.#firstSubmitted),
        lastSubmittedAt: iso(this.#lastSubmitted),
        lastEventAt: iso(this.#lastEvent),
      },
      definitions: COMPLIANCE_DEFINITIONS,
      verification: this.#verification,
    };
  }

  /** Sets the total's counters to the rows' sums less the extra counts (see `#extra`). */
  #sumTotal(): void {
    const total = this.#total;
    const breakdowns = this.#breakdowns;
    for (const counter of COUNTERS) {
      let sum = 0;
      for (const tally of this.#tallies) sum += tally[counter];
      total[counter] = sum - this.#extra[counter];
    }
    for (let slot = 0; slot < BREAKDOWN; slot++) {
      let sum = 0;
      for (const tally of this.#tallies) sum += breakdowns[tally.index * BREAKDOWN + slot]!;
      breakdowns[slot] = sum - this.#extraBreakdowns[slot]!;
    }
  }

  /**
   * The time figures of every row (index 0: the total), one series pair at a time: its rows, then its
   * total, so the pair's samples are sorted once.
   */
  #times(): RowTimes[] {
    const count = this.#tallies.length + 1;
    const times: RowTimes[] = Array.from({ length: count }, () => ({
      km: NO_ESTIMATE,
      ack: NO_ESTIMATE,
      back: NO_ESTIMATE,
      wait: null,
    }));
    const samples = this.#samples;
    const eachSeries = (
      buffer: SampleBuffer,
      visit: (row: RowTimes, first: Float64Array, second: Float64Array) => void,
    ) => {
      for (const total of [false, true]) {
        if (!total && count === 1) continue;
        const keys = total ? 1 : count;
        const { offsets, values } = buffer.collect(keys, total);
        for (let key = total ? 0 : 1; key < keys; key++) {
          visit(
            times[total ? 0 : key]!,
            values.subarray(offsets[2 * key]!, offsets[2 * key + 1]!),
            values.subarray(offsets[2 * key + 1]!, offsets[2 * key + 2]!),
          );
        }
      }
    };
    eachSeries(samples.action, (row, events, censored) => {
      row.km = kaplanMeierSorted(events, censored, this.#curves);
    });
    eachSeries(samples.response, (row, events, censored) => {
      row.ack = kaplanMeierSorted(events, censored, false);
    });
    eachSeries(samples.returns, (row, events, censored) => {
      row.back = kaplanMeierSorted(events, censored, false);
    });
    eachSeries(samples.waits, (row, waits) => {
      row.wait = median(waits);
    });
    return times;
  }

  #row(tally: Tally, rowTimes: RowTimes[]): ComplianceRow {
    // Key fields first, by name, so JSON rows read naturally.
    const keys: Partial<Record<GroupField, string>> = {};
    this.#by.forEach((field, index) => {
      if (tally.values.length > 0) keys[field] = tally.values[index]!;
    });
    const n = tally.submitted - tally.withdrawn;
    const x = tally.actioned;
    const interval = n > 0 ? wilsonWithZ(x, n, this.#z) : null;
    const verified = n > 0 && this.#verification ? wilsonWithZ(tally.verified, n, this.#z) : null;
    const decided = x + tally.rejected;
    const { km, ack, back, wait } = rowTimes[tally.index]!;
    const rate = (x: number, n: number) => (n > 0 ? wilsonWithZ(x, n, this.#z) : null);
    const escalation = rate(tally.actionedAfterEscalation, tally.escalated);
    const reReferral = rate(tally.reReferralsActioned, tally.reReferrals);
    const permanent = rate(tally.permanentSuspensions, tally.decidedAccountTargets);
    const suspendedAccounts = tally.suspendedAccounts;
    const returned = rate(tally.returnedAccounts, suspendedAccounts);
    const actionedTargets = tally.decidedTargets - tally.declinedTargets;
    const breaches = tally.due - tally.onTime;
    const figures: ComplianceFigures = {
      submitted: tally.submitted,
      actioned: x,
      partiallyActioned: tally.partiallyActioned,
      rejected: tally.rejected,
      pending: tally.pending,
      withdrawn: tally.withdrawn,
      actionRate: interval ? interval.estimate : null,
      actionRateLow: interval ? interval.low : null,
      actionRateHigh: interval ? interval.high : null,
      decidedRate: decided > 0 ? x / decided : null,
      medianHours: km.median,
      p90Hours: km.p90,
      due: tally.due,
      onTime: tally.onTime,
      breaches: tally.due - tally.onTime,
      onTimeRate: tally.due > 0 ? tally.onTime / tally.due : null,
      verified: tally.verified,
      verifiedRate: verified ? verified.estimate : null,
      verifiedRateLow: verified ? verified.low : null,
      verifiedRateHigh: verified ? verified.high : null,
      medianHoursToAcknowledge: ack.median,
      informationRequested: tally.informationRequested,
      awaitingAgency: tally.awaitingAgency,
      medianAgencyWaitHours: wait,
      platformBreaches: tally.platformBreaches,
      agencyBreaches: breaches - tally.platformBreaches,
      escalated: tally.escalated,
      actionedAfterEscalation: tally.actionedAfterEscalation,
      escalationActionRate: escalation ? escalation.estimate : null,
      escalationActionRateLow: escalation ? escalation.low : null,
      escalationActionRateHigh: escalation ? escalation.high : null,
      reReferrals: tally.reReferrals,
      reReferralsActioned: tally.reReferralsActioned,
      reReferralActionRate: reReferral ? reReferral.estimate : null,
      reReferralActionRateLow: reReferral ? reReferral.low : null,
      reReferralActionRateHigh: reReferral ? reReferral.high : null,
      decidedTargets: tally.decidedTargets,
      actionedTargets,
      declinedTargets: tally.declinedTargets,
      globalActions: tally.globalActions,
      countryActions: tally.countryActions,
      unspecifiedScopeActions: actionedTargets - tally.globalActions - tally.countryActions,
      termsOfServiceActions: tally.termsOfServiceActions,
      localLawActions: tally.localLawActions,
      unspecifiedGroundActions: actionedTargets - tally.termsOfServiceActions - tally.localLawActions,
      actionsByMeasure: slots(MEASURE_SLOTS, this.#breakdowns, tally.index * BREAKDOWN),
      declinesByReason: slots(REASON_SLOTS, this.#breakdowns, tally.index * BREAKDOWN + MEASURE_SLOTS.length),
      decidedAccountTargets: tally.decidedAccountTargets,
      permanentSuspensions: tally.permanentSuspensions,
      permanentSuspensionRate: permanent ? permanent.estimate : null,
      permanentSuspensionRateLow: permanent ? permanent.low : null,
      permanentSuspensionRateHigh: permanent ? permanent.high : null,
      temporarySuspensions: tally.temporarySuspensions,
      suspendedAccounts,
      returnedAccounts: tally.returnedAccounts,
      returnRate: returned ? returned.estimate : null,
      returnRateLow: returned ? returned.low : null,
      returnRateHigh: returned ? returned.high : null,
      medianHoursToReturn: back.median,
      reportedGlobalFoundWithheld: tally.reportedGlobalFoundWithheld,
    };
    // Object.assign, not a spread: spreading the 60 figures allocated some 75 KB a row (sampling heap profiler).
    const row: ComplianceRow = Object.assign(keys, figures);
    if (this.#curves) row.survival = km.steps;
    return row;
  }
}

/** Counts a record in a row; its time samples go to `samples` (none when null), marked `inTotal` or not. */
function update(
  tally: Tally,
  samples: Samples | null,
  inTotal: boolean,
  code: number,
  isDue: boolean,
  isOnTime: boolean,
  isVerified: boolean,
  facts: Facts,
  breakdowns: Float64Array,
): void {
  const key = tally.index;
  const at = key * BREAKDOWN;
  tally.submitted++;
  if (isVerified) tally.verified++;
  if (code <= 1) {
    tally.actioned++;
    if (code === 1) tally.partiallyActioned++;
    samples?.action.push(key, false, facts.toAction, inTotal);
  } else {
    if (code === 2) tally.rejected++;
    else if (code === 3) tally.pending++;
    else tally.withdrawn++;
    samples?.action.push(key, true, facts.toAction, inTotal);
  }
  if (isDue) {
    tally.due++;
    if (isOnTime) tally.onTime++;
    else if (facts.platformBreach) tally.platformBreaches++;
  }
  samples?.response.push(key, !facts.acknowledged, facts.toResponse, inTotal);
  if (code === 4) return;
  if (facts.asked) {
    tally.informationRequested++;
    samples?.waits.push(key, false, facts.waited, inTotal);
    if (facts.awaiting) tally.awaitingAgency++;
  }
  if (facts.escalated) {
    tally.escalated++;
    if (facts.actionedAfterEscalation) tally.actionedAfterEscalation++;
  }
  if (facts.reReferral) {
    tally.reReferrals++;
    if (code <= 1) tally.reReferralsActioned++;
  }
  const { flags, slot, toReturn } = facts;
  for (let index = 0; index < facts.outcomeCount; index++) {
    const bits = flags[index]!;
    tally.decidedTargets++;
    if (bits & ACCOUNT) tally.decidedAccountTargets++;
    if (bits & DECLINED) {
      tally.declinedTargets++;
      breakdowns[at + MEASURE_SLOTS.length + slot[index]!]!++;
      continue;
    }
    breakdowns[at + slot[index]!]!++;
    if (bits & GLOBAL) tally.globalActions++;
    else if (bits & COUNTRY) tally.countryActions++;
    if (bits & TERMS) tally.termsOfServiceActions++;
    else if (bits & LAW) tally.localLawActions++;
    if (bits & FOUND_WITHHELD) tally.reportedGlobalFoundWithheld++;
    if (!(bits & SUSPENDED)) continue;
    if (bits & PERMANENT) tally.permanentSuspensions++;
    if (bits & TEMPORARY) tally.temporarySuspensions++;
    tally.suspendedAccounts++;
    if (bits & RETURNED) tally.returnedAccounts++;
    samples?.returns.push(key, !(bits & RETURNED), toReturn[index]!, inTotal);
  }
}

/** Milliseconds between `from` and `to` spent waiting on the agency (open waits run to `asOf`). */
function waitedBetween(
  waits: readonly (readonly [number, number | null])[],
  from: number,
  to: number,
  asOf: number,
): number {
  let total = 0;
  for (let index = 0; index < waits.length; index++) {
    const asked = waits[index]![0];
    const answered = waits[index]![1];
    const end = Math.min(answered === null || answered > asOf ? asOf : answered, to);
    const start = Math.max(asked, from);
    if (end > start) total += end - start;
  }
  return total;
}

/** The last wait that had started by `asOf`. */
function lastWaitBy(
  waits: readonly (readonly [number, number | null])[],
  asOf: number,
): readonly [number, number | null] {
  let last = waits[0]!;
  for (let index = 1; index < waits.length; index++) if (waits[index]![0] <= asOf) last = waits[index]!;
  return last;
}

/**
 * Whether a breach (against the request's deadline) is the platform's: it also missed the deadline in
 * force, which restarts from each answer with the request's full time, unless the question came after
 * that deadline had already passed (asking late does not move a breach to the agency).
 */
function platformAnswers(
  record: RecordFields,
  waits: readonly (readonly [number, number | null])[],
  firstActionAt: number | null,
  asOf: number,
): boolean {
  const deadline = record.deadline!;
  const allowance = Math.max(0, deadline - record.submittedAt);
  let inForce = deadline;
  for (let index = 0; index < waits.length; index++) {
    const asked = waits[index]![0];
    const answered = waits[index]![1];
    if (asked > asOf || asked > inForce) break;
    if (answered === null || answered > asOf) return false;
    inForce = answered + allowance;
  }
  if (inForce > asOf) return false;
  return firstActionAt === null || firstActionAt > inForce;
}

/** The middle value of sorted numbers (the mean of the two middle ones for an even count); null when none. */
function median(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function slots(names: readonly string[], counts: Float64Array, from: number): Record<string, number> {
  const result: Record<string, number> = {};
  names.forEach((name, index) => {
    result[name] = counts[from + index]!;
  });
  return result;
}

/** An outcome with the agency's latest conclusive check of its target, when there is one. */
function withCheck(
  outcome: ComplianceOutcome,
  observations: ReadonlyMap<string, VerificationRecord>,
): ComplianceOutcome {
  const seen = outcome.target === undefined ? undefined : observations.get(outcome.target);
  // A check older than the decision says nothing about what the decision did.
  if (!seen || Date.parse(seen.at) < outcome.at) return outcome;
  const verified =
    seen.type === "verified-removed"
      ? "removed"
      : seen.type === "verified-withheld"
        ? "withheld"
        : "available";
  return { ...outcome, verified };
}

/** An account outcome with the first return after it, when there is one. */
function withReturn(outcome: ComplianceOutcome, returns: ReturnType<typeof returnIndex>): ComplianceOutcome {
  if (outcome.target === undefined || !ACCOUNT_MEASURES.has(outcome.measure)) return outcome;
  const at = returns.firstAfter(outcome.target, outcome.at);
  return at === undefined ? outcome : { ...outcome, returnedAt: at };
}

/**
 * Records merged per re-referral chain: the first try's keys, submission and deadline; the final
 * request's outcome and target outcomes; the first action anywhere in the chain; every question and
 * the first escalation. Requests submitted after `asOf` are left out of their chain.
 */
function chainRecords(records: ComplianceRecord[], asOf: number): ComplianceRecord[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  const merged: ComplianceRecord[] = [];
  for (const chain of referralChains(records)) {
    const members = chain.ids.map((id) => byId.get(id)!).filter((record) => record.submittedAt <= asOf);
    if (members.length === 0) {
      merged.push(byId.get(chain.first)!);
      continue;
    }
    const first = members[0]!;
    const final = members[members.length - 1]!;
    if (members.length === 1) {
      merged.push(first);
      continue;
    }
    const actions = members
      .map((record) => record.firstActionAt)
      .filter((time): time is number => time !== null);
    const acted = final.outcome === "actioned" || final.outcome === "partially-actioned";
    const record: ComplianceRecord = {
      ...first,
      outcome: final.outcome,
      outcomeAt: final.outcomeAt,
      firstActionAt: acted ? Math.min(...actions) : null,
      supersedes: members[members.length - 2]!.id,
    };
    const waits = members.flatMap((member) => member.agencyWaits ?? []);
    if (waits.length > 0) record.agencyWaits = waits;
    if (final.outcomes !== undefined) record.outcomes = final.outcomes;
    const escalated = members.find((member) => member.escalatedAt != null);
    if (escalated) {
      record.escalatedAt = escalated.escalatedAt!;
      record.actionAfterEscalationAt =
        members.find((member) => member.actionAfterEscalationAt != null)?.actionAfterEscalationAt ?? null;
    }
    merged.push(record);
  }
  return merged;
}

/** Months since year 0 for a day count since 1970-01-01 (Hinnant's civil-from-days, no Date objects). */
function monthIndex(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < a.length; index++) {
    const left = a[index]!;
    const right = b[index]!;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/**
 * Compliance figures for records (flat {@link ComplianceRecord}s, domain requests, or both), grouped by
 * `by`, as known at `asOf`. Pure: the same input gives the same output. Every figure follows
 * `COMPLIANCE_DEFINITIONS`; records that cannot be counted are listed in `issues` (or throw when
 * `strict`), never silently fixed.
 *
 * @throws {RangeError} for a bad option (unknown group field, confidence outside (0, 1), bad asOf).
 * @throws {ComplianceRecordError} in strict mode, at the first record that cannot be counted.
 *
 * @example
 * ```ts
 * import { computeCompliance } from "referral-kit/compliance";
 *
 * const result = computeCompliance(requests, { by: ["platform"], asOf: "2026-01-01T00:00:00Z" });
 * for (const row of result.rows) console.log(row.platform, row.actionRate, row.actionRateLow, row.actionRateHigh);
 * ```
 */
export function computeCompliance(
  records: Iterable<ComplianceInput>,
  options: ComplianceOptions,
): ComplianceResult {
  return new ComplianceAccumulator(options).addAll(records).result();
}

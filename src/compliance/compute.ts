import { targetKey } from "../domain/targets/target-key.js";
import type { VerificationRecord } from "../verify/record.js";
import { latestObservations, verifiedAt } from "../verify/status.js";
import { COMPLIANCE_DEFINITIONS } from "./definitions.js";
import { ComplianceRecordError } from "./errors.js";
import { hourLabel } from "./hour.js";
import {
  type ComplianceInput,
  type ComplianceRecord,
  checkComplianceRecord,
  complianceRecordFromRequest,
  isReferralRequest,
  type RecordProblem,
  toTime,
} from "./record.js";
import { kaplanMeier, type SurvivalStep } from "./stats/kaplan-meier.js";
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
  survival?: SurvivalStep[];
}

/**
 * A record that was not counted, and why.
 *
 * @example
 * ```ts
 * for (const issue of result.issues) console.error(issue.line, issue.recordId, issue.reason);
 * ```
 */
export interface ComplianceIssue extends RecordProblem {
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

type TallyTrie = Map<string, TallyTrie | Tally>;

/** A growable list of doubles: no boxing, and the Kaplan-Meier sort runs on it in place. */
class Hours {
  values = new Float64Array(16);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  /** The values, sorted ascending (sorts the buffer in place; order does not matter to the tallies). */
  sorted(): Float64Array {
    return this.values.subarray(0, this.length).sort();
  }
}

/** Running counts for one row; times in hours for the Kaplan-Meier estimate. */
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
  eventHours = new Hours();
  censorHours = new Hours();
  constructor(readonly values: readonly string[]) {}
}

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
  readonly #by: GroupField[];
  readonly #asOf: number;
  readonly #confidence: number;
  readonly #z: number;
  readonly #strict: boolean;
  readonly #curves: boolean;
  readonly #maxIssues: number;
  readonly #trie: TallyTrie = new Map();
  readonly #tallies: Tally[] = [];
  readonly #total = new Tally([]);
  readonly #issues: ComplianceIssue[] = [];
  readonly #months = new Map<number, string>();
  readonly #hours = new Map<number, string>();
  readonly #byGroup: boolean;
  /** Latest conclusive observation per request and target, as of asOf; undefined when none given. */
  readonly #observations: Map<string, Map<string, VerificationRecord>> | undefined;
  #verification: boolean;
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
        record = { ...record, verifiedAt: verifiedAt(this.#observations.get(input.id), keys) };
      }
    } else {
      const problem = checkComplianceRecord(input);
      if (problem) {
        this.#reject(typeof input?.id === "string" ? input.id : undefined, problem, line);
        return;
      }
      record = input;
      if (record.verifiedAt !== undefined) this.#verification = true;
    }
    this.#count(record);
  }

  /** Adds every record of an iterable. */
  addAll(inputs: Iterable<ComplianceInput>): this {
    for (const input of inputs) this.add(input);
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

  #count(record: ComplianceRecord): void {
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
    const hours = ((code === 3 ? asOf : code <= 1 ? firstActionAt! : outcomeAt!) - submittedAt) / HOUR;
    const isDue = code !== 4 && deadline !== null && deadline <= asOf;
    const isOnTime = isDue && code <= 1 && firstActionAt! <= deadline!;
    // Withdrawn requests are out of n, so out of verified too.
    const isVerified = code !== 4 && record.verifiedAt != null && record.verifiedAt <= asOf;

    update(this.#total, code, hours, isDue, isOnTime, isVerified);
    const by = this.#by;
    if (by.length === 0) return;
    if (this.#byGroup && record.groups.length > 1) {
      for (const group of record.groups) {
        update(this.#tallyFor(record, group), code, hours, isDue, isOnTime, isVerified);
      }
    } else {
      const group = record.groups[0] ?? NO_GROUP;
      update(this.#tallyFor(record, group), code, hours, isDue, isOnTime, isVerified);
    }
  }

  #tallyFor(record: ComplianceRecord, group: string): Tally {
    // A trie of maps, one level per field: the values are strings V8 has already hashed, so no key
    // string is built per record.
    const by = this.#by;
    const last = by.length - 1;
    let node: TallyTrie = this.#trie;
    for (let index = 0; index < last; index++) {
      const value = this.#value(record, by[index]!, group);
      let next = node.get(value) as TallyTrie | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const value = this.#value(record, by[last]!, group);
    let tally = node.get(value) as Tally | undefined;
    if (tally === undefined) {
      tally = new Tally(by.map((field) => this.#value(record, field, group)));
      node.set(value, tally);
      this.#tallies.push(tally);
    }
    return tally;
  }

  #value(record: ComplianceRecord, field: GroupField, group: string): string {
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
        return this.#hour(record.submittedAt);
      case "month":
        return this.#month(record.submittedAt);
    }
  }

  #month(time: number): string {
    const days = Math.floor(time / 86_400_000);
    const index = monthIndex(days);
    let label = this.#months.get(index);
    if (label === undefined) {
      const year = Math.floor(index / 12);
      label = `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
      this.#months.set(index, label);
    }
    return label;
  }

  #hour(time: number): string {
    const index = Math.floor(time / HOUR);
    let label = this.#hours.get(index);
    if (label === undefined) {
      label = hourLabel(time);
      this.#hours.set(index, label);
    }
    return label;
  }

  /** The figures for everything added so far. */
  result(): ComplianceResult {
    const rows = [...this.#tallies]
      .sort((a, b) => compareValues(a.values, b.values))
      .map((tally) => this.#row(tally));
    const iso = (time: number) => (Number.isFinite(time) ? new Date(time).toISOString() : null);
    return {
      by: [...this.#by],
      asOf: new Date(this.#asOf).toISOString(),
      confidence: this.#confidence,
      rows,
      total: this.#row(this.#total),
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

  #row(tally: Tally): ComplianceRow {
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
    const km = kaplanMeier(tally.eventHours.sorted(), tally.censorHours.sorted());
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
    };
    const row: ComplianceRow = { ...keys, ...figures };
    if (this.#curves) row.survival = km.steps;
    return row;
  }
}

function update(
  tally: Tally,
  code: number,
  hours: number,
  isDue: boolean,
  isOnTime: boolean,
  isVerified: boolean,
): void {
  tally.submitted++;
  if (isVerified) tally.verified++;
  if (code <= 1) {
    tally.actioned++;
    if (code === 1) tally.partiallyActioned++;
    tally.eventHours.push(hours);
  } else {
    if (code === 2) tally.rejected++;
    else if (code === 3) tally.pending++;
    else tally.withdrawn++;
    tally.censorHours.push(hours);
  }
  if (isDue) {
    tally.due++;
    if (isOnTime) tally.onTime++;
  }
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

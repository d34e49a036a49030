import type { ComplianceIssue } from "../compliance/compute.js";
import { ComplianceRecordError } from "../compliance/errors.js";
import {
  type ComplianceInput,
  type ComplianceRecord,
  checkComplianceRecord,
  complianceRecordFromRequest,
  isReferralRequest,
  toTime,
} from "../compliance/record.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { checkCountry } from "./countries.js";
import { type PublishedPeriod, toPeriod } from "./period.js";

/** Internal name of a type the public signatures write out. */
export type LedgerOptions = Parameters<typeof buildLedger>[1];

/** Internal name of a type the public signatures write out. */
export type LedgerEntry = Ledger["entries"][number];

/** Targets of a request by type, the way platforms count items: accounts and pieces of content. */
export type ItemCounts = NonNullable<LedgerEntry["items"]>;

/**
 * The agency's ledger as the reconciliation reads it: every counted request, the as-of time, and the span
 * the ledger covers (given, or inferred from its submissions).
 *
 * @example
 * ```ts
 * const ledger: Ledger = await buildLedger(requests, { asOf: "2026-01-31T00:00:00Z", country: "PK" });
 * console.log(ledger.entries.length, ledger.coverage);
 * ```
 */
export interface Ledger {
  /** ISO 8601, UTC. */
  asOf: string;
  /** The agency's country, ISO 3166-1 alpha-2. */
  country: string;
  /**
   * One request of the agency's ledger: its compliance record (how `referral-kit/compliance` reduces a
   * request, per-target outcomes and first response included), its country, and the targets it named, which
   * only a domain request lists (a flat CSV row holds at most its one decided target). Where the ledger
   * cannot say, the reconciliation shows "not comparable" with the reason, never 0.
   */
  entries: readonly {
    record: ComplianceRecord;
    /** ISO 3166-1 alpha-2 of the issuing authority (the ledger's country when the request does not say). */
    country: string;
    /** The targets the request named, by type (accounts and pieces of content, as platforms count items); null for a flat record. */
    items: { account: number; content: number } | null;
  }[];
  /**
   * The days the ledger holds every request for (both included), or null for an empty ledger. `inferred`
   * when it was not given: from the first day of the month of the first submission to the last day of the
   * month of the last one, and never past the day before the as-of time.
   */
  coverage: (PublishedPeriod & { inferred: boolean }) | null;
  /** Records that could not be counted (invalid or inconsistent), as compliance reports them. */
  issues: readonly ComplianceIssue[];
  counts: { records: number; counted: number; notSubmitted: number; invalid: number };
}

const DAY = 86_400_000;

/**
 * Builds the agency's ledger from compliance inputs: flat records (`readComplianceCsv`) or domain requests
 * (`readComplianceJsonl`, a dispatch store's `listRequests()`), in any mix, sync or async. Each request is
 * reduced exactly as `computeCompliance` does (`complianceRecordFromRequest`, `checkComplianceRecord`),
 * per-target outcomes and first response included; domain requests add the targets they named. Records that cannot be
 * counted are listed in `issues` (or throw with `strict`), never silently fixed.
 *
 * @throws {RangeError} a bad `asOf`, `country` or `coverage`.
 * @throws {ComplianceRecordError} in strict mode, at the first record that cannot be counted.
 *
 * @example
 * ```ts
 * import { readComplianceCsv } from "referral-kit/compliance";
 * import { buildLedger } from "referral-kit/reconcile";
 *
 * const ledger = await buildLedger(readComplianceCsv("requests.csv"), { asOf: "2026-01-31T00:00:00Z", country: "PK" });
 * ```
 */
export async function buildLedger(
  inputs: Iterable<ComplianceInput> | AsyncIterable<ComplianceInput>,
  /**
   * Options of {@link buildLedger}.
   */
  options: {
    /** The moment the ledger describes: events after it are ignored. */
    asOf: Date | string | number;
    /** The agency's country (ISO 3166-1 alpha-2), for records that do not name one. */
    country: string;
    /**
     * The days the ledger holds every request for: `2025`, `2025-H1`, `2025-01-01/2025-12-31` or
     * `{ start, end }`. Default: inferred from the submissions (see {@link Ledger.coverage}).
     */
    coverage?: string | PublishedPeriod;
    /** Throw `ComplianceRecordError` at the first record that cannot be counted instead of listing it. */
    strict?: boolean;
  },
): Promise<Ledger> {
  const asOf = toTime(options.asOf);
  const country = checkCountry(options.country);
  const given = options.coverage === undefined ? undefined : toPeriod(options.coverage, "coverage");
  const entries: LedgerEntry[] = [];
  const issues: ComplianceIssue[] = [];
  const counts = { records: 0, counted: 0, notSubmitted: 0, invalid: 0 };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for await (const input of inputs) {
    counts.records++;
    let entry: LedgerEntry;
    if (isReferralRequest(input)) {
      const converted = complianceRecordFromRequest(input, asOf);
      if (converted === null) {
        counts.notSubmitted++;
        continue;
      }
      if ("reason" in converted) {
        reject(typeof input.id === "string" ? input.id : undefined, converted.reason, converted.code);
        continue;
      }
      entry = fromRequest(input, converted, country);
    } else {
      const problem = checkComplianceRecord(input);
      if (problem) {
        reject(typeof input?.id === "string" ? input.id : undefined, problem.reason, problem.code);
        continue;
      }
      if (input.submittedAt > asOf) {
        counts.notSubmitted++;
        continue;
      }
      entry = { record: input, country, items: null };
    }
    counts.counted++;
    entries.push(entry);
    if (entry.record.submittedAt < first) first = entry.record.submittedAt;
    if (entry.record.submittedAt > last) last = entry.record.submittedAt;
  }
  let coverage: Ledger["coverage"] = null;
  if (given) coverage = { ...given, inferred: false };
  else if (entries.length > 0) {
    const start = new Date(first);
    const end = new Date(last);
    const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
    const monthEnd = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 1) - DAY);
    const lastKnownDay = Math.floor(asOf / DAY) * DAY - DAY;
    coverage = {
      start: isoDay(monthStart.getTime()),
      end: isoDay(Math.min(monthEnd.getTime(), lastKnownDay)),
      inferred: true,
    };
  }
  return { asOf: new Date(asOf).toISOString(), country, entries, coverage, issues, counts };

  function reject(recordId: string | undefined, reason: string, code: ComplianceIssue["code"]): void {
    if (options.strict) throw new ComplianceRecordError({ recordId, reason });
    counts.invalid++;
    if (issues.length < 1000) issues.push({ recordId, code, reason });
  }
}

function fromRequest(request: ReferralRequest, record: ComplianceRecord, country: string): LedgerEntry {
  const items: ItemCounts = { account: 0, content: 0 };
  for (const entry of request.targets) items[entry.target.type]++;
  return { record, country: request.issuingAuthority.country?.toUpperCase() ?? country, items };
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

import type { ComplianceResult, ComplianceRow } from "../compute.js";
import type { SkippedRow } from "../readers/source.js";
import type { ComplianceJson } from "./json.js";

/** A row or record left out of the figures: from the reader (bad row) or the calculators (bad record). */
type SkippedEntry = ComplianceJson["skipped"][number];

/**
 * What the formatters add to a result: the input's name, its rows, and what was skipped.
 *
 * @example
 * ```ts
 * formatComplianceTable(result, { source: "requests.csv", rowsRead: source.rowsRead, skipped: source.skipped });
 * ```
 */
export interface ReportContext {
  /** The input file's name, for the report's header. */
  source?: string;
  /** Data rows read from the input. */
  rowsRead?: number;
  /** Rows the reader skipped (line and reason). */
  skipped?: readonly SkippedRow[];
  /** How many rows the reader skipped in all (the list may be capped). */
  skippedCount?: number;
  /** The reader's skipped rows counted by reason. */
  skippedByReason?: Readonly<Record<string, number>>;
}

/**
 * Reader-skipped rows and calculator issues as one list, in that order.
 *
 * @internal
 */
export function allSkipped(result: ComplianceResult, context: ReportContext): SkippedEntry[] {
  const entries: SkippedEntry[] = [...(context.skipped ?? [])];
  for (const issue of result.issues) {
    const entry: SkippedEntry = { reason: issue.reason };
    if (issue.line !== undefined) entry.line = issue.line;
    if (issue.recordId !== undefined) entry.recordId = issue.recordId;
    entries.push(entry);
  }
  return entries;
}

/**
 * How many rows and records were left out, in all.
 *
 * @internal
 */
export function skippedTotal(result: ComplianceResult, context: ReportContext): number {
  return (context.skippedCount ?? context.skipped?.length ?? 0) + result.counts.invalid;
}

/**
 * The figure columns of every output, in order, with their headings for people.
 *
 * @internal
 */
export const FIGURE_COLUMNS = [
  "submitted",
  "actioned",
  "partiallyActioned",
  "rejected",
  "pending",
  "withdrawn",
  "actionRate",
  "actionRateLow",
  "actionRateHigh",
  "decidedRate",
  "medianHours",
  "p90Hours",
  "due",
  "onTime",
  "breaches",
  "onTimeRate",
] as const;

/**
 * The verification columns, shown right after the action rate when the result has verification data,
 * so "the platform said so" and "we checked" sit side by side.
 *
 * @internal
 */
export const VERIFICATION_COLUMNS = [
  "verified",
  "verifiedRate",
  "verifiedRateLow",
  "verifiedRateHigh",
] as const;

/**
 * The figures of issue 21 (follow-up, per-target outcomes, recidivism), after the original ones so
 * existing readers of the CSV and JSON keep their columns.
 *
 * @internal
 */
export const OUTCOME_COLUMNS = [
  "medianHoursToAcknowledge",
  "informationRequested",
  "awaitingAgency",
  "medianAgencyWaitHours",
  "platformBreaches",
  "agencyBreaches",
  "escalated",
  "actionedAfterEscalation",
  "escalationActionRate",
  "escalationActionRateLow",
  "escalationActionRateHigh",
  "reReferrals",
  "reReferralsActioned",
  "reReferralActionRate",
  "reReferralActionRateLow",
  "reReferralActionRateHigh",
  "decidedTargets",
  "actionedTargets",
  "declinedTargets",
  "globalActions",
  "countryActions",
  "unspecifiedScopeActions",
  "termsOfServiceActions",
  "localLawActions",
  "unspecifiedGroundActions",
  "decidedAccountTargets",
  "permanentSuspensions",
  "permanentSuspensionRate",
  "permanentSuspensionRateLow",
  "permanentSuspensionRateHigh",
  "temporarySuspensions",
  "suspendedAccounts",
  "returnedAccounts",
  "returnRate",
  "returnRateLow",
  "returnRateHigh",
  "medianHoursToReturn",
] as const;

/** A scalar figure column. */
type FigureColumn =
  | (typeof FIGURE_COLUMNS)[number]
  | (typeof VERIFICATION_COLUMNS)[number]
  | (typeof OUTCOME_COLUMNS)[number]
  | "reportedGlobalFoundWithheld";

/**
 * The scalar figure columns of a result: {@link FIGURE_COLUMNS}, with {@link VERIFICATION_COLUMNS} after
 * `actionRateHigh` when verification data was given, then {@link OUTCOME_COLUMNS} (and
 * `reportedGlobalFoundWithheld` with verification data).
 *
 * @internal
 */
export function figureColumns(result: ComplianceResult): readonly FigureColumn[] {
  const outcomes: FigureColumn[] = [...OUTCOME_COLUMNS];
  if (!result.verification) return [...FIGURE_COLUMNS, ...outcomes];
  const at = FIGURE_COLUMNS.indexOf("actionRateHigh") + 1;
  return [
    ...FIGURE_COLUMNS.slice(0, at),
    ...VERIFICATION_COLUMNS,
    ...FIGURE_COLUMNS.slice(at),
    ...outcomes,
    "reportedGlobalFoundWithheld",
  ];
}

/**
 * Every figure of a row as `[column, value]`: the scalar columns, then the breakdowns flattened as
 * `actionsByMeasure.<measure>` and `declinesByReason.<reason>`.
 *
 * @internal
 */
export function figureCells(result: ComplianceResult, row: ComplianceRow): [string, number | null][] {
  const cells: [string, number | null][] = figureColumns(result).map((column) => [column, row[column]]);
  for (const [measure, n] of Object.entries(row.actionsByMeasure))
    cells.push([`actionsByMeasure.${measure}`, n]);
  for (const [reason, n] of Object.entries(row.declinesByReason))
    cells.push([`declinesByReason.${reason}`, n]);
  return cells;
}

/**
 * The line every human output prints when no verification data was given.
 *
 * @internal
 */
export const NOT_VERIFIED_NOTE =
  "Verified rate not computed: no verification records were given. The action rate is what the platforms reported.";

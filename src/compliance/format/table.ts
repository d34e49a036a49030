import type { ComplianceResult, ComplianceRow, GroupField } from "../compute.js";
import { allSkipped, NOT_VERIFIED_NOTE, type ReportContext, skippedTotal } from "./context.js";
import { count, hours, percent, rateWithInterval } from "./numbers.js";

const FIELD_HEADINGS: Record<GroupField, string> = {
  platform: "Platform",
  group: "Group",
  kind: "Kind",
  priority: "Priority",
  tier: "Tier",
  campaign: "Campaign",
  month: "Month",
  hour: "Hour (UTC)",
};

/**
 * A terminal table: one line per group and a total, rates with their intervals, time to action,
 * deadline figures; then the as-of time, the data's span and counts, what was skipped and why, and the
 * definitions used.
 *
 * @example
 * ```ts
 * import { computeCompliance, formatComplianceTable } from "referral-kit/compliance";
 *
 * console.log(formatComplianceTable(computeCompliance(records, { asOf: "2026-01-01T00:00:00Z" })));
 * ```
 */
export function formatComplianceTable(
  result: ComplianceResult,
  options: ReportContext & {
    /** Print every definition under the table. Default true. */
    definitions?: boolean;
    /** How many skipped rows to list by line. Default 10. */
    listSkipped?: number;
  } = {},
): string {
  const level = `${trimNumber(result.confidence * 100)}% CI`;
  const headings = [
    ...result.by.map((field) => FIELD_HEADINGS[field]),
    "Submitted",
    "Actioned (partial)",
    "Rejected",
    "Pending",
    "Withdrawn",
    `Action rate (${level})`,
    ...(result.verification ? [`Verified rate (${level})`] : []),
    "Decided",
    "Median h",
    "P90 h",
    "Due",
    "Breaches",
    "On time",
  ];
  const cells = (row: ComplianceRow, label?: string): string[] => [
    ...result.by.map((field, index) =>
      label !== undefined ? (index === 0 ? label : "") : (row[field] ?? ""),
    ),
    count(row.submitted),
    `${count(row.actioned)} (${count(row.partiallyActioned)})`,
    count(row.rejected),
    count(row.pending),
    count(row.withdrawn),
    rateWithInterval(row.actionRate, row.actionRateLow, row.actionRateHigh),
    ...(result.verification
      ? [
          `${count(row.verified)}: ${rateWithInterval(row.verifiedRate, row.verifiedRateLow, row.verifiedRateHigh)}`,
        ]
      : []),
    percent(row.decidedRate),
    hours(row.medianHours),
    hours(row.p90Hours),
    count(row.due),
    count(row.breaches),
    percent(row.onTimeRate),
  ];
  const lines = grid(result, headings, cells);
  if (result.rows.length === 0 && result.total.submitted === 0) lines.splice(2, 0, "(no submitted requests)");
  lines.push("");
  if (hasFollowUp(result.total)) {
    const outcomeHeadings = [
      ...result.by.map((field) => FIELD_HEADINGS[field]),
      "Targets decided",
      "Global / country-only",
      "Terms / law",
      "Declined: top reason",
      `Permanent susp. (${level})`,
      "Returned",
      "Ack median h",
      "Questions (open)",
      "Breaches platform / agency",
      "Escalated: actioned",
      "Re-referred: actioned",
    ];
    const outcomeCells = (row: ComplianceRow, label?: string): string[] => [
      ...result.by.map((field, index) =>
        label !== undefined ? (index === 0 ? label : "") : (row[field] ?? ""),
      ),
      count(row.decidedTargets),
      `${count(row.globalActions)} / ${count(row.countryActions)}`,
      `${count(row.termsOfServiceActions)} / ${count(row.localLawActions)}`,
      topReason(row),
      rateWithInterval(
        row.permanentSuspensionRate,
        row.permanentSuspensionRateLow,
        row.permanentSuspensionRateHigh,
      ),
      `${count(row.returnedAccounts)} of ${count(row.suspendedAccounts)}`,
      hours(row.medianHoursToAcknowledge),
      `${count(row.informationRequested)} (${count(row.awaitingAgency)})`,
      `${count(row.platformBreaches)} / ${count(row.agencyBreaches)}`,
      `${count(row.actionedAfterEscalation)} of ${count(row.escalated)}`,
      `${count(row.reReferralsActioned)} of ${count(row.reReferrals)}`,
    ];
    lines.push(
      "What the platforms did, and the follow-up:",
      ...grid(result, outcomeHeadings, outcomeCells),
      "",
    );
  }

  const source = options.source ? `${options.source}: ` : "";
  const rowsRead = options.rowsRead !== undefined ? `${count(options.rowsRead)} rows read, ` : "";
  const { counts, span } = result;
  lines.push(
    `As of ${result.asOf}; intervals are Wilson score intervals at ${trimNumber(result.confidence * 100)}% confidence.`,
    `${source}${rowsRead}${count(counts.counted)} requests counted, ${count(counts.notSubmitted)} not submitted by then, ${count(skippedTotal(result, options))} skipped.`,
  );
  lines.push(
    result.verification
      ? "Action rate: what the platforms reported. Verified rate: what the agency's own checks found removed or withheld."
      : NOT_VERIFIED_NOTE,
  );
  if (span.firstSubmittedAt) {
    lines.push(
      `Submitted between ${span.firstSubmittedAt} and ${span.lastSubmittedAt}; last event ${span.lastEventAt}.`,
    );
  }
  const skipped = allSkipped(result, options);
  if (skipped.length > 0) {
    const reasons = options.skippedByReason ?? {};
    const summary = Object.entries(reasons).map(([reason, n]) => `${reason}: ${count(n)}`);
    if (result.counts.invalid > 0)
      summary.push(`invalid or inconsistent records: ${count(result.counts.invalid)}`);
    lines.push("", `Skipped (${summary.join("; ")}):`);
    const limit = options.listSkipped ?? 10;
    for (const entry of skipped.slice(0, limit)) {
      const where = [entry.line !== undefined ? `line ${entry.line}` : "", entry.recordId ?? ""]
        .filter(Boolean)
        .join(", ");
      lines.push(`  ${where}: ${entry.reason}`);
    }
    if (skipped.length > limit) lines.push(`  … and ${count(skippedTotal(result, options) - limit)} more`);
  }
  if (options.definitions ?? true) {
    lines.push("", "Definitions:");
    for (const [name, text] of Object.entries(result.definitions)) lines.push(`  ${name}: ${text}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Lines of one aligned table: headings, a rule, a line per row, a rule and the total. */
function grid(
  result: ComplianceResult,
  headings: string[],
  cells: (row: ComplianceRow, label?: string) => string[],
): string[] {
  const body = result.rows.map((row) => cells(row));
  const total = cells(result.total, "Total");
  const heads = [...headings];
  if (result.by.length === 0) {
    // No key columns: give every line a label column so the figures stay aligned.
    for (const line of body) line.unshift("All requests");
    total.unshift("Total");
    heads.unshift("");
  }
  const all = [heads, ...body, total];
  const widths = heads.map((_, column) => Math.max(...all.map((line) => width(line[column] ?? ""))));
  const keyColumns = Math.max(result.by.length, 1);
  const render = (line: string[]) =>
    line
      .map((text, column) =>
        column < keyColumns ? padEnd(text, widths[column]!) : padStart(text, widths[column]!),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [render(heads), rule, ...body.map(render), rule, render(total)];
}

/** True when the data says anything about outcomes or follow-up (old flat files say nothing). */
function hasFollowUp(row: ComplianceRow): boolean {
  return row.decidedTargets > 0 || row.informationRequested > 0 || row.escalated > 0 || row.reReferrals > 0;
}

/** The most frequent decline reason with its count, e.g. `not-violating 12 of 30`. */
function topReason(row: ComplianceRow): string {
  let best = "";
  let most = 0;
  for (const [reason, n] of Object.entries(row.declinesByReason)) {
    if (n > most) {
      best = reason;
      most = n;
    }
  }
  return most === 0 ? "–" : `${best} ${count(most)} of ${count(row.declinedTargets)}`;
}

function trimNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}

function width(text: string): number {
  return [...text].length;
}

function padEnd(text: string, size: number): string {
  return text + " ".repeat(Math.max(0, size - width(text)));
}

function padStart(text: string, size: number): string {
  return " ".repeat(Math.max(0, size - width(text))) + text;
}

import type { ComplianceResult, ComplianceRow } from "../compute.js";
import { figureCells } from "./context.js";

/**
 * The result as CSV: a `scope` column (`group` or `total`), the key fields, then every figure under its
 * name, unrounded (with `verified`, `verifiedRate`, `verifiedRateLow`, `verifiedRateHigh` after the
 * action rate when verification data was given), then the follow-up and per-target figures and the
 * breakdowns as `actionsByMeasure.<measure>` and `declinesByReason.<reason>`; nulls are empty cells. The
 * total row comes last with empty key fields.
 *
 * @example
 * ```ts
 * import { computeCompliance, formatComplianceCsv } from "referral-kit/compliance";
 *
 * writeFileSync("compliance.csv", formatComplianceCsv(computeCompliance(records, { asOf })));
 * ```
 */
export function formatComplianceCsv(result: ComplianceResult): string {
  const header = ["scope", ...result.by, ...figureCells(result, result.total).map(([column]) => column)];
  const line = (scope: string, row: ComplianceRow) =>
    [
      scope,
      ...result.by.map((field) => (scope === "total" ? "" : (row[field] ?? ""))),
      ...figureCells(result, row).map(([, value]) => (value === null ? "" : String(value))),
    ]
      .map(cell)
      .join(",");
  return `${[header.join(","), ...result.rows.map((row) => line("group", row)), line("total", result.total)].join("\n")}\n`;
}

/** Quotes a cell when it needs it; neutralises a leading formula character so spreadsheets show text. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

import type { TransparencyReport } from "../report.js";

/**
 * The report as JSON text: the report object as computed (period, definitions, rows, total, counts,
 * skipped), indented, with a final newline. Shares are unrounded; nulls stay null.
 *
 * @example
 * ```ts
 * import { computeTransparencyReport, formatTransparencyJson } from "referral-kit/transparency";
 *
 * writeFileSync("transparency.json", formatTransparencyJson(computeTransparencyReport(requests, { period })));
 * ```
 */
export function formatTransparencyJson(report: TransparencyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

import type { ComplianceResult, ComplianceRow } from "../compute.js";
import type { COMPLIANCE_DEFINITIONS } from "../definitions.js";
import { allSkipped, figureCells, type ReportContext, skippedTotal } from "./context.js";

/**
 * The JSON form of a compliance result (see {@link complianceToJson}).
 *
 * @example
 * ```ts
 * const json: ComplianceJson = JSON.parse(readFileSync("compliance.json", "utf8"));
 * json.rows[0]?.actionRateLow;
 * ```
 */
export interface ComplianceJson {
  definitions: Readonly<Record<keyof typeof COMPLIANCE_DEFINITIONS, string>>;
  rows: Array<Partial<Record<string, string | number | null>>>;
  total: Partial<Record<string, number | null>>;
  /**
   * What was left out of the figures: the rows the reader skipped, then the records the calculators
   * refused, each with its line and record id where known.
   */
  skipped: { line?: number; recordId?: string; reason: string }[];
  skippedCount: number;
  asOf: string;
  confidence: number;
  by: string[];
  source: string | null;
  counts: ComplianceResult["counts"] & { rowsRead: number | null };
  span: ComplianceResult["span"];
  /** True when verification data was given; the rows then carry `verified` and `verifiedRate`. */
  verification: boolean;
}

/**
 * The machine form of a result: `{ definitions, rows, total, skipped, ... }`, each row with its key fields
 * by name and the figures under their names (`actionRateLow`, `actionRateHigh` for the interval), numbers
 * unrounded. Curves are left out.
 *
 * @example
 * ```ts
 * import { complianceToJson, computeCompliance } from "referral-kit/compliance";
 *
 * const json = complianceToJson(computeCompliance(records, { asOf: "2026-01-01T00:00:00Z" }));
 * json.rows[0]?.actionRateLow;
 * ```
 */
export function complianceToJson(result: ComplianceResult, context: ReportContext = {}): ComplianceJson {
  return {
    definitions: result.definitions,
    rows: result.rows.map((row) => plainRow(row, result.by, result)),
    total: plainRow(result.total, [], result) as Partial<Record<string, number | null>>,
    skipped: allSkipped(result, context),
    skippedCount: skippedTotal(result, context),
    asOf: result.asOf,
    confidence: result.confidence,
    by: [...result.by],
    source: context.source ?? null,
    counts: { ...result.counts, rowsRead: context.rowsRead ?? null },
    span: result.span,
    verification: result.verification,
  };
}

/**
 * {@link complianceToJson} as text, indented, with a final newline.
 *
 * @example
 * ```ts
 * process.stdout.write(formatComplianceJson(result));
 * ```
 */
export function formatComplianceJson(result: ComplianceResult, context: ReportContext = {}): string {
  return `${JSON.stringify(complianceToJson(result, context), null, 2)}\n`;
}

function plainRow(
  row: ComplianceRow,
  by: readonly string[],
  result: ComplianceResult,
): Partial<Record<string, string | number | null>> {
  const plain: Partial<Record<string, string | number | null>> = {};
  for (const field of by) plain[field] = row[field as keyof ComplianceRow] as string;
  for (const [column, value] of figureCells(result, row)) plain[column] = value;
  return plain;
}

/**
 * referral-kit/compliance: how platforms answered, computed from requests and their events, never stored.
 * Rates with Wilson intervals, time to action by Kaplan-Meier, deadline breaches, comparisons with
 * Newcombe intervals; readers for JSON Lines and flat CSV; table, CSV, JSON and HTML output. Every figure
 * carries its definition (`COMPLIANCE_DEFINITIONS`).
 *
 * @packageDocumentation
 */
export { campaignCompliance } from "./campaign.js";
export { compareCompliance } from "./compare.js";
export {
  ComplianceAccumulator,
  type ComplianceFigures,
  type ComplianceIssue,
  type ComplianceOptions,
  type ComplianceResult,
  type ComplianceRow,
  computeCompliance,
  type GroupField,
} from "./compute.js";
export { COMPLIANCE_DEFINITIONS } from "./definitions.js";
export {
  computeDisclosureFigures,
  DISCLOSURE_DEFINITIONS,
  type DisclosureFigures,
} from "./disclosure.js";
export { ComplianceInputError, ComplianceRecordError } from "./errors.js";
export type { ReportContext } from "./format/context.js";
export { formatComplianceCsv } from "./format/csv.js";
export { formatDisclosureTable } from "./format/disclosure-table.js";
export { renderComplianceHtml } from "./format/html.js";
export { type ComplianceJson, complianceToJson } from "./format/json.js";
export { formatComplianceTable } from "./format/table.js";
export { COMPLIANCE_CSV_OPTIONAL_COLUMNS, readComplianceCsv } from "./readers/csv.js";
export { readComplianceJsonl } from "./readers/jsonl.js";
export { readComplianceFile } from "./readers/read-file.js";
export type { ComplianceSource, ReadOptions, SkippedRow } from "./readers/source.js";
export {
  type ComplianceInput,
  type ComplianceOutcome,
  type ComplianceRecord,
  toComplianceRecord,
} from "./record.js";
export {
  type AccountReturn,
  returnsFromMirrors,
  returnsFromReinstatements,
} from "./returns.js";

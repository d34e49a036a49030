export type { ReportContext, SkippedEntry } from "./context.js";
export { formatComplianceCsv } from "./csv.js";
export { formatDisclosureTable } from "./disclosure-table.js";
export { HTML_PALETTE, type HtmlOptions, renderComplianceHtml } from "./html.js";
export { type ComplianceJson, complianceToJson, formatComplianceJson } from "./json.js";
export { formatComplianceTable, type TableOptions } from "./table.js";

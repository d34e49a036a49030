/**
 * referral-kit/reconcile: what platforms publish, read as figures, beside the agency's own ledger.
 * One streaming reader (`readPublishedFigures`: line-numbered issues, strict mode) for Google's government
 * removal requests CSVs, TikTok's long-format transparency CSVs and the DSA harmonised transparency
 * report's table 3 ("Member State orders"), the format recognised from the header; DSA statements of
 * reasons read, matched and written.
 *
 * @packageDocumentation
 */
export type { PublishedFormat } from "./definitions.js";
export {
  type PublishedIssue,
  PublishedReportError,
  StatementOfReasonsError,
} from "./errors.js";
export type { PublishedFigure } from "./figures.js";
export { formatPublishedCsv, formatPublishedTable } from "./format/published.js";
export { formatReconciliationCsv, formatReconciliationTable } from "./format/text.js";
export {
  buildLedger,
  type Ledger,
} from "./ledger.js";
export { PUBLISHED_METRICS, type PublishedMetric } from "./metrics.js";
export { type PublishedPeriod, periodLabel } from "./period.js";
export {
  collectPublishedFigures,
  type PublishedFigureOptions,
  readPublishedFigures,
} from "./published.js";
export type { PublishedSource, ReadPublishedOptions } from "./read/source.js";
export {
  type ReconciliationLine,
  type ReconciliationReport,
  reconcileWithPublished,
} from "./reconcile.js";
export { RECONCILIATION_DEFINITIONS } from "./reconcile-definitions.js";
export { DSA_STATEMENT_VOCABULARY } from "./statements/enumerations.js";
export {
  matchStatements,
  type StatementMatchResult,
} from "./statements/match.js";
export { readStatementsOfReasons, type StatementRecord } from "./statements/read.js";
export { StatementOfReasons } from "./statements/schema.js";
export {
  draftStatementsOfReasons,
  statementBatches,
  validateStatementOfReasons,
} from "./statements/write.js";

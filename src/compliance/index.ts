/**
 * referral-kit/compliance: how platforms answered, computed from requests and their events, never stored.
 * Rates with Wilson intervals, time to action by Kaplan-Meier, deadline breaches, comparisons with
 * Newcombe intervals; readers for JSON Lines and flat CSV; table, CSV, JSON and HTML output. Every figure
 * carries its definition (`COMPLIANCE_DEFINITIONS`).
 *
 * @packageDocumentation
 */
export * from "./compare.js";
export * from "./compute.js";
export * from "./definitions.js";
export * from "./disclosure.js";
export * from "./errors.js";
export * from "./format/index.js";
export * from "./readers/index.js";
export {
  COMPLIANCE_OUTCOMES,
  type ComplianceInput,
  type ComplianceOutcome,
  type ComplianceRecord,
  checkComplianceRecord,
  complianceRecordFromRequest,
  ISO_WITH_ZONE_PATTERN,
  isReferralRequest,
  type RecordProblem,
  toComplianceRecord,
  toTime,
} from "./record.js";
export {
  type AccountReturn,
  type ConfirmedMirror,
  returnsFromMirrors,
  returnsFromReinstatements,
} from "./returns.js";
export * from "./stats/kaplan-meier.js";
export * from "./stats/newcombe.js";
export * from "./stats/normal.js";
export { type ProportionInterval, wilsonInterval } from "./stats/wilson.js";

import { COMPLIANCE_DEFINITIONS } from "../compliance/definitions.js";

const REMOVAL =
  "requests asking the platform to suspend, remove or restrict (kinds suspend, remove-content, restrict-locally)";
const TARGETS_ONLY =
  "Only domain requests list their targets; when any request of the group is a flat CSV record, the cell is not comparable.";
const NO_GROUND =
  "Not recorded: the ledger's actioned events do not say whether the platform acted under its terms or under the law.";
const NO_REASON =
  "Not recorded: a rejection's reason is the platform's words as free text, not one of the publisher's reason codes.";

/**
 * The agency's side of every reconciliation line, in words: what the ledger counts for it. The JSON,
 * CSV, table and HTML outputs carry these texts beside the publisher's definitions, and docs/reconcile.md
 * quotes them verbatim (a test checks).
 *
 * @example
 * ```ts
 * import { RECONCILIATION_DEFINITIONS } from "referral-kit/reconcile";
 *
 * console.log(RECONCILIATION_DEFINITIONS["item-action-rate"]);
 * ```
 */
export const RECONCILIATION_DEFINITIONS = Object.freeze({
  requests: `Ledger: ${REMOVAL}, submitted in the period (by the submitted event's UTC date), withdrawn ones included, as a platform counts what it received.`,
  items: `Ledger: targets (accounts and pieces of content) of those requests, withdrawn requests left out. ${TARGETS_ONLY}`,
  "content-items": `Ledger: targets of those requests that are pieces of content, withdrawn requests left out. ${TARGETS_ONLY}`,
  "account-items": `Ledger: targets of those requests that are whole accounts, withdrawn requests left out. ${TARGETS_ONLY}`,
  "items-actioned": `Ledger: targets the platform reported actioned by the as-of time (an actioned event without a target list covers every target; a partial action lists its own). ${TARGETS_ONLY}`,
  "items-actioned-law": NO_GROUND,
  "items-actioned-terms": NO_GROUND,
  "items-not-actioned": `Ledger: targets of decided requests the platform did not action: every target of a rejected request and those a partial action left out. Targets of requests still pending are not counted here. ${TARGETS_ONLY}`,
  "content-not-actioned": `Ledger: pieces of content among the targets not actioned (see items-not-actioned). ${TARGETS_ONLY}`,
  "account-not-actioned": `Ledger: accounts among the targets not actioned (see items-not-actioned). ${TARGETS_ONLY}`,
  "items-not-found": NO_REASON,
  "items-not-enough-information": NO_REASON,
  "items-no-action": NO_REASON,
  "items-already-removed": NO_REASON,
  "item-action-rate": `Ledger: targets actioned / targets of requests not withdrawn (targets of pending requests count as not actioned), with a Wilson score interval at the stated confidence. ${TARGETS_ONLY}`,
  "request-action-rate": `Ledger: ${COMPLIANCE_DEFINITIONS.actionRate} With a Wilson score interval at the stated confidence.`,
  "median-hours-to-answer":
    "Ledger: Kaplan-Meier median hours from submission to the platform's first answer (acknowledged, actioned or rejected); requests with no answer by the as-of time are censored then, withdrawn ones at their withdrawal. Domain requests only.",
  "median-hours-to-action": `Ledger: ${COMPLIANCE_DEFINITIONS.timeToAction} The median is ${COMPLIANCE_DEFINITIONS.medianHours.charAt(0).toLowerCase()}${COMPLIANCE_DEFINITIONS.medianHours.slice(1)}`,
  "information-requests":
    "Ledger: requests to disclose or to preserve data (kinds disclose-data and preserve) submitted in the period.",
  "information-orders":
    "Ledger: requests to disclose data (kind disclose-data, any priority) submitted in the period.",
  "legal-requests":
    "Ledger: requests to disclose data (kind disclose-data) of standard priority submitted in the period.",
  "emergency-requests":
    "Ledger: requests to disclose data (kind disclose-data) of emergency priority submitted in the period.",
  "preservation-requests": "Ledger: requests to preserve data (kind preserve) submitted in the period.",
  "request-accounts": `Ledger: accounts named as targets of those requests, withdrawn requests left out. ${TARGETS_ONLY}`,
  "disclosure-rate": `Ledger: the action rate of those requests (actioned / not withdrawn, the platform reported acting), with a Wilson score interval at the stated confidence.`,
} as const);

/**
 * The name of a reconciliation line (see {@link RECONCILIATION_DEFINITIONS}).
 *
 * @example
 * ```ts
 * const measure: ReconciliationMeasure = "items-actioned";
 * ```
 */
export type ReconciliationMeasure = keyof typeof RECONCILIATION_DEFINITIONS;

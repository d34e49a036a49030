import { COMPLIANCE_DEFINITIONS } from "../compliance/definitions.js";

const REMOVAL =
  "requests asking the platform to suspend, remove or restrict (kinds suspend, remove-content, restrict-locally)";
const NAMED_ONLY =
  "Only domain requests list the targets they named; when any request of the group is a flat CSV record (one row per request, at most its one decided target), the cell is not comparable.";
const DECIDED =
  "Each target counts with its latest outcome by the as-of time (compliance's target figures: requestState's outcomes, one per CSV row); withdrawn requests are left out. When a decided request has no per-target outcome recorded, the cell is not comparable.";
const REASON =
  "Not comparable when any declined target's reason was not recorded (a rejection recorded without outcomes).";

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
  items: `Ledger: targets (accounts and pieces of content) those requests named, withdrawn requests left out. ${NAMED_ONLY}`,
  "content-items": `Ledger: targets those requests named that are pieces of content, withdrawn requests left out. ${NAMED_ONLY}`,
  "account-items": `Ledger: targets those requests named that are whole accounts, withdrawn requests left out. ${NAMED_ONLY}`,
  "items-actioned": `Ledger: targets with an action (any measure but no-action), compliance's actionedTargets. ${DECIDED}`,
  "items-actioned-law": `Ledger: actioned targets whose ground is local-law (the requesting country's law), compliance's localLawActions; not comparable when any actioned target's ground was not recorded. ${DECIDED}`,
  "items-actioned-terms": `Ledger: actioned targets whose ground is terms-of-service (the platform's own rules), compliance's termsOfServiceActions; not comparable when any actioned target's ground was not recorded. ${DECIDED}`,
  "items-not-actioned": `Ledger: targets with no action (no-action, whatever the reason), compliance's declinedTargets. Targets still undecided are not counted. ${DECIDED}`,
  "content-not-actioned": `Ledger: declined targets that are pieces of content; not comparable when any decided target's type was not recorded. ${DECIDED}`,
  "account-not-actioned": `Ledger: declined targets that are whole accounts; not comparable when any decided target's type was not recorded. ${DECIDED}`,
  "items-not-found": `Ledger: declined targets with reason content-not-found. ${REASON}`,
  "items-not-enough-information": `Ledger: declined targets with reason insufficient-information. ${REASON}`,
  "items-no-action": `Ledger: declined targets with reason not-violating (reviewed and left up). ${REASON}`,
  "items-already-removed": `Ledger: declined targets with reason already-removed. ${REASON}`,
  "item-action-rate": `Ledger: actioned targets / decided targets (actioned or declined; undecided ones left out, as the publishers' items are all decided), with a Wilson score interval at the stated confidence. ${DECIDED}`,
  "request-action-rate": `Ledger: ${COMPLIANCE_DEFINITIONS.actionRate} With a Wilson score interval at the stated confidence.`,
  "median-hours-to-answer": `Ledger: compliance's medianHoursToAcknowledge. ${COMPLIANCE_DEFINITIONS.timeToAcknowledge}`,
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
  "request-accounts": `Ledger: accounts those requests named as targets, withdrawn requests left out. ${NAMED_ONLY}`,
  "disclosure-rate":
    "Ledger: requests answered produced or partially-produced (some data disclosed) / those not withdrawn, compliance's action rate of them (an answer of no data counts with the refusals, as the publishers count it), with a Wilson score interval at the stated confidence.",
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

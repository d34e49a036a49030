import { type ComplianceRow, computeCompliance } from "../compliance/compute.js";
import type { ItemCounts, LedgerEntry } from "./ledger.js";

/**
 * The agency's side of one group of reconciliation lines: the requests of one platform, period, country
 * and family of request kinds, counted by `computeCompliance` (request figures, per-target outcomes,
 * Kaplan-Meier medians), with what compliance does not split: targets named, and decided targets by type.
 *
 * @internal
 */
export interface LedgerFigures {
  /** Compliance's own figures for these requests. */
  compliance: ComplianceRow;
  /** Targets named by these requests (withdrawn ones left out); null when any is a flat record. */
  named: ItemCounts | null;
  /** Requests in the group that are flat records (no list of targets). */
  flat: number;
  /** Decided requests (not withdrawn) with no per-target outcome recorded (an older flat CSV). */
  decidedWithoutOutcomes: number;
  /** Decided targets whose type was not recorded. */
  untyped: number;
  /** Actioned and declined targets by type. */
  actioned: ItemCounts;
  declined: ItemCounts;
}

/**
 * Counts a group of ledger entries as of `asOf`.
 *
 * @internal
 */
export function ledgerFigures(
  entries: readonly LedgerEntry[],
  asOf: number,
  confidence: number,
): LedgerFigures {
  const compliance = computeCompliance(
    entries.map((entry) => entry.record),
    { by: [], asOf, confidence },
  ).total;
  const named: ItemCounts = { account: 0, content: 0 };
  const actioned: ItemCounts = { account: 0, content: 0 };
  const declined: ItemCounts = { account: 0, content: 0 };
  let flat = 0;
  let decidedWithoutOutcomes = 0;
  let untyped = 0;
  for (const { record, items } of entries) {
    const outcome = outcomeAt(record, asOf);
    if (items === null) flat++;
    if (outcome === "withdrawn") continue;
    if (items !== null) {
      named.account += items.account;
      named.content += items.content;
    }
    if (outcome === "pending") continue;
    const decided = (record.outcomes ?? []).filter((target) => target.at <= asOf);
    if (decided.length === 0) decidedWithoutOutcomes++;
    for (const target of decided) {
      if (target.targetType === "unspecified") {
        untyped++;
        continue;
      }
      (target.measure === "no-action" ? declined : actioned)[target.targetType]++;
    }
  }
  return {
    compliance,
    named: flat > 0 ? null : named,
    flat,
    decidedWithoutOutcomes,
    untyped,
    actioned,
    declined,
  };
}

/** The request's outcome as known at asOf (a later decision is still pending then). */
function outcomeAt(record: LedgerEntry["record"], asOf: number): string {
  if (record.outcomeAt !== null && record.outcomeAt > asOf) {
    return record.firstActionAt !== null && record.firstActionAt <= asOf ? "partially-actioned" : "pending";
  }
  return record.outcome;
}

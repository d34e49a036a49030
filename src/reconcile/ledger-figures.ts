import { type ComplianceRow, computeCompliance } from "../compliance/compute.js";
import { kaplanMeier } from "../compliance/stats/kaplan-meier.js";
import type { ItemCounts, LedgerEntry } from "./ledger.js";

/**
 * The agency's side of one reconciliation cell group: the requests of one platform, period, country and
 * family of request kinds, counted. Items are null when any request in the group is a flat record (no
 * targets), so a partial count never passes for a whole one.
 *
 * @internal
 */
export interface LedgerFigures {
  /** Compliance's own figures for these requests (submitted, actioned, rates with Wilson intervals, Kaplan-Meier). */
  compliance: ComplianceRow;
  /** Targets of these requests, withdrawn ones left out. */
  items: ItemCounts | null;
  /** Targets the platform reported actioned. */
  itemsActioned: ItemCounts | null;
  /** Targets of decided requests that were not actioned (rejected, or left out of a partial action). */
  itemsNotActioned: ItemCounts | null;
  /** Targets of requests still pending at the as-of time. */
  itemsPending: ItemCounts | null;
  /** Kaplan-Meier median hours to the platform's first answer; undefined when a flat record cannot say. */
  answerMedianHours: number | null | undefined;
  /** Requests in the group that are flat records (no targets, no answer time). */
  flat: number;
}

const HOUR = 3_600_000;

/**
 * Counts a group of ledger entries as of `asOf`, with `computeCompliance` for the request-level figures.
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
  const flat = entries.filter((entry) => entry.items === null).length;
  if (flat > 0) {
    return {
      compliance,
      items: null,
      itemsActioned: null,
      itemsNotActioned: null,
      itemsPending: null,
      answerMedianHours: undefined,
      flat,
    };
  }
  const items = zero();
  const itemsActioned = zero();
  const itemsNotActioned = zero();
  const itemsPending = zero();
  const answered: number[] = [];
  const censored: number[] = [];
  for (const entry of entries) {
    const { record } = entry;
    const outcome = outcomeAt(record, asOf);
    if (outcome === "withdrawn") {
      censored.push(((record.outcomeAt ?? asOf) - record.submittedAt) / HOUR);
      continue;
    }
    add(items, entry.items!);
    add(itemsActioned, entry.itemsActioned!);
    if (outcome === "pending") add(itemsPending, entry.items!);
    else {
      itemsNotActioned.account += entry.items!.account - entry.itemsActioned!.account;
      itemsNotActioned.content += entry.items!.content - entry.itemsActioned!.content;
    }
    if (entry.answeredAt !== null && entry.answeredAt !== undefined) {
      answered.push((entry.answeredAt - record.submittedAt) / HOUR);
    } else censored.push((asOf - record.submittedAt) / HOUR);
  }
  return {
    compliance,
    items,
    itemsActioned,
    itemsNotActioned,
    itemsPending,
    answerMedianHours: kaplanMeier(answered, censored).median,
    flat: 0,
  };
}

/** The outcome as known at asOf (a later outcome is still pending then). */
function outcomeAt(record: LedgerEntry["record"], asOf: number): string {
  if (record.outcomeAt !== null && record.outcomeAt > asOf) {
    return record.firstActionAt !== null && record.firstActionAt <= asOf ? "partially-actioned" : "pending";
  }
  return record.outcome;
}

function zero(): ItemCounts {
  return { account: 0, content: 0 };
}

function add(total: ItemCounts, part: ItemCounts): void {
  total.account += part.account;
  total.content += part.content;
}

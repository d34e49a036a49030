/**
 * What each platform did, target by target, as a plain-text table: terminated or only suspended, removed
 * worldwide or withheld in one country, on its own rules or under local law, and every reason it gave for
 * declining. Only reads the figures `computeCompliance` already computed (docs/compliance.md); it counts
 * nothing itself.
 */
import type { ComplianceRow } from "referral-kit/compliance";
import { printTable } from "./print.js";

/** Prints one line per row (a platform) and the total, from the rows' outcome breakdowns. */
export function printOutcomeBreakdown(
  title: string,
  rows: readonly ComplianceRow[],
  total: ComplianceRow,
): void {
  printTable(
    title,
    [
      "platform",
      "decided",
      "terminated",
      "suspended",
      "removed",
      "withheld",
      "other action",
      "worldwide / one country",
      "terms / law",
      "declined: why",
    ],
    [...rows.map((row) => cells(row.platform ?? "", row)), cells("total", total)],
  );
}

function cells(label: string, row: ComplianceRow): string[] {
  const measure = (name: string) => row.actionsByMeasure[name] ?? 0;
  const named = ["account-terminated", "account-suspended", "content-removed", "content-disabled"];
  const other = Object.entries(row.actionsByMeasure)
    .filter(([name, n]) => !named.includes(name) && n > 0)
    .map(([name, n]) => `${name} ${n}`);
  const unsaid = (n: number) => (n > 0 ? ` (+${n} not said)` : "");
  const reasons = Object.entries(row.declinesByReason)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${reason} ${n}`);
  return [
    label,
    String(row.decidedTargets),
    String(measure("account-terminated")),
    String(measure("account-suspended")),
    String(measure("content-removed")),
    String(measure("content-disabled")),
    other.join(", ") || "0",
    `${row.globalActions} / ${row.countryActions}${unsaid(row.unspecifiedScopeActions)}`,
    `${row.termsOfServiceActions} / ${row.localLawActions}${unsaid(row.unspecifiedGroundActions)}`,
    reasons.join(", ") || "–",
  ];
}

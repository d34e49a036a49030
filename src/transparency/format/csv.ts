import { TRANSPARENCY_COUNT_COLUMNS, type TransparencyFigures, type TransparencyReport } from "../report.js";
import { csvCell } from "./escape.js";

/**
 * The report as CSV: one line per platform and kind, then the total (`scope` = `total`, empty platform and
 * kind). Figures under their names, shares unrounded, nulls as empty cells; `legal_bases` and `groups`
 * list `name (requests)` joined by `; `, `tiers` `tier N (actioned/specified)` items per content tier,
 * `instruments` `instrument (requests; data n; no data n)` and `preservation_rules`
 * `rule (requests; preserved n; lapsed n)`. Period bounds are in `period_from` and `period_to` on every line
 * so a line keeps its meaning when copied elsewhere.
 *
 * @example
 * ```ts
 * import { computeTransparencyReport, formatTransparencyCsv } from "referral-kit/transparency";
 *
 * writeFileSync("transparency.csv", formatTransparencyCsv(computeTransparencyReport(requests, { period })));
 * ```
 */
export function formatTransparencyCsv(report: TransparencyReport): string {
  const header = [
    "scope",
    "period_from",
    "period_to",
    "platform",
    "kind",
    ...TRANSPARENCY_COUNT_COLUMNS,
    "legal_bases",
    "groups",
    "tiers",
    "instruments",
    "preservation_rules",
  ];
  const line = (scope: string, platform: string, kind: string, figures: TransparencyFigures) =>
    [
      scope,
      report.period.from,
      report.period.to,
      platform,
      kind,
      ...TRANSPARENCY_COUNT_COLUMNS.map((column) => {
        const value = figures[column];
        return value === null ? "" : String(value);
      }),
      figures.legalBases.map((basis) => `${legalBasisLabel(basis)} (${basis.requests})`).join("; "),
      figures.groups.map((group) => `${group.name ?? group.id} (${group.requests})`).join("; "),
      figures.tiers
        .map((entry) => `${tierLabel(entry.tier)} (${entry.itemsActioned}/${entry.itemsSpecified})`)
        .join("; "),
      figures.instruments
        .map(
          (entry) =>
            `${entry.instrument} (${entry.requests}; data ${entry.dataProduced}; no data ${entry.noData})`,
        )
        .join("; "),
      figures.preservationRules
        .map(
          (entry) =>
            `${entry.rule} (${entry.requests}; preserved ${entry.preserved}; lapsed ${entry.lapsedBeforeProductionRequest})`,
        )
        .join("; "),
    ]
      .map(csvCell)
      .join(",");
  const lines = [
    header.join(","),
    ...report.rows.map((row) => line("row", row.platform, row.kind, row)),
    line("total", "", "", report.total),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * A legal basis as one label: `instrument, section (jurisdiction)`.
 *
 * @internal
 */
export function legalBasisLabel(basis: { instrument: string; section: string; jurisdiction: string | null }) {
  return `${basis.instrument}, ${basis.section}${basis.jurisdiction ? ` (${basis.jurisdiction})` : ""}`;
}

/**
 * A content tier as a label: `tier 1` ... `tier 4`, or `no tier`.
 *
 * @internal
 */
export function tierLabel(tier: number | null): string {
  return tier === null ? "no tier" : `tier ${tier}`;
}

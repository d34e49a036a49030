/** The disclosure and preservation figures as two aligned text tables. */
import type { DisclosureFigures, DisclosureRow, PreservationRow } from "../disclosure.js";

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const interval = (low: number | null, high: number | null) =>
  low === null || high === null ? "–" : `${percent(low)}–${percent(high)}`;
const hours = (value: number | null) => (value === null ? "–" : `${Number(value.toFixed(1))} h`);

/**
 * The disclosure figures (per platform and instrument: answers, the share where some data was produced
 * with its interval, time to production) and the preservation figures (per platform and rule: confirmed,
 * production requested, lapsed before a production request), as text tables with their totals.
 *
 * @example
 * ```ts
 * import { computeDisclosureFigures, formatDisclosureTable } from "referral-kit/compliance";
 * import type { ReferralRequest } from "referral-kit";
 *
 * declare const requests: ReferralRequest[];
 * console.log(formatDisclosureTable(computeDisclosureFigures(requests, { asOf: "2026-01-01T00:00:00Z" })));
 * ```
 */
export function formatDisclosureTable(figures: DisclosureFigures): string {
  const level = `${Math.round(figures.confidence * 100)}%`;
  const disclosure = (row: DisclosureRow, label?: string) => [
    label ?? row.platform ?? "",
    label ? "" : (row.instrument ?? "(none)"),
    String(row.disclosures),
    String(row.produced),
    String(row.partiallyProduced),
    String(row.noData),
    String(row.rejected),
    String(row.pending),
    percent(row.someDataRate),
    interval(row.someDataRateLow, row.someDataRateHigh),
    hours(row.medianHoursToProduction),
  ];
  const preservation = (row: PreservationRow, label?: string) => [
    label ?? row.platform ?? "",
    label ? "" : (row.rule ?? "(none)"),
    String(row.preservations),
    String(row.productionRequested),
    String(row.lapsedBeforeProductionRequest),
    percent(row.lapseRate),
    interval(row.lapseRateLow, row.lapseRateHigh),
  ];
  return [
    `Data disclosure requests (as of ${figures.asOf})`,
    ...align(
      [
        "platform",
        "instrument",
        "requests",
        "produced",
        "partly",
        "no data",
        "rejected",
        "pending",
        "some data",
        `${level} interval`,
        "median to production",
      ],
      figures.disclosures.map((row) => disclosure(row)),
      disclosure(figures.disclosureTotal, "Total"),
    ),
    ...refusals(figures.disclosureTotal),
    "",
    `Preservations (as of ${figures.asOf})`,
    ...align(
      [
        "platform",
        "rule",
        "confirmed",
        "production requested",
        "lapsed first",
        "lapse rate",
        `${level} interval`,
      ],
      figures.preservations.map((row) => preservation(row)),
      preservation(figures.preservationTotal, "Total"),
    ),
    "",
  ].join("\n");
}

/** Why the platforms refused, over all disclosures: one line, none when nothing was rejected. */
function refusals(total: DisclosureRow): string[] {
  const reasons = Object.entries(total.rejectedByReason).map(([reason, count]) => `${reason} ${count}`);
  return reasons.length > 0 ? [`Rejected, by the platform's reason: ${reasons.join(", ")}`] : [];
}

/** Headings, a rule, the rows and the total, the first two columns left-aligned and the figures right. */
function align(headings: string[], rows: string[][], total: string[]): string[] {
  const all = [headings, ...rows, total];
  const widths = headings.map((_, column) =>
    Math.max(...all.map((line) => [...(line[column] ?? "")].length)),
  );
  const render = (line: string[]) =>
    line
      .map((text, column) => (column < 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [render(headings), rule, ...rows.map(render), rule, render(total)];
}

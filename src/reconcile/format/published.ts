import { csvCell } from "../../transparency/format/escape.js";
import type { PublishedFigure } from "../figures.js";
import { periodLabel } from "../period.js";
import { formatValue } from "./cells.js";

/**
 * The CSV columns of {@link formatPublishedCsv}, in order. `dimensions` is the figure's dimensions as a
 * JSON object.
 *
 * @example
 * ```ts
 * PUBLISHED_CSV_COLUMNS[0]; // "platform"
 * ```
 */
export const PUBLISHED_CSV_COLUMNS = [
  "platform",
  "period_start",
  "period_end",
  "country",
  "metric",
  "value",
  "unit",
  "dimensions",
  "definition",
  "publisher_note",
  "file",
  "format",
  "line",
  "column",
] as const;

/**
 * Published figures as CSV, one row per figure, values unrounded, an empty `value` where the source cell
 * was blank (never 0), an empty `country` for a total.
 *
 * @example
 * ```ts
 * import { formatPublishedCsv } from "referral-kit/reconcile";
 *
 * writeFileSync("published.csv", formatPublishedCsv(figures));
 * ```
 */
export function formatPublishedCsv(figures: Iterable<PublishedFigure>): string {
  const rows = [PUBLISHED_CSV_COLUMNS.join(",")];
  for (const figure of figures) rows.push(publishedCsvRow(figure));
  return `${rows.join("\n")}\n`;
}

/**
 * One figure as a CSV row (no line break), in the order of {@link PUBLISHED_CSV_COLUMNS}.
 *
 * @internal
 */
export function publishedCsvRow(figure: PublishedFigure): string {
  return [
    figure.platform,
    figure.period.start,
    figure.period.end,
    figure.country ?? "",
    figure.metric,
    figure.value === null ? "" : String(figure.value),
    figure.unit,
    JSON.stringify(figure.dimensions),
    figure.definition,
    figure.publisherNote ?? "",
    figure.source.file,
    figure.source.format,
    String(figure.source.line),
    figure.source.column,
  ]
    .map((cell) => csvCell(cell))
    .join(",");
}

/**
 * Published figures as a plain-text table: platform, period, country, metric, value in its unit, the
 * breakdown the source gives, and the line. Definitions are listed once under the table, by metric.
 *
 * @example
 * ```ts
 * import { formatPublishedTable } from "referral-kit/reconcile";
 *
 * console.log(formatPublishedTable(figures));
 * ```
 */
export function formatPublishedTable(figures: Iterable<PublishedFigure>): string {
  const rows: string[][] = [];
  const definitions = new Map<string, string>();
  for (const figure of figures) {
    const breakdown = Object.entries(figure.dimensions)
      .filter(([name]) => name !== "period" && name !== "country" && name !== "metricName")
      .map(([, value]) => value)
      .join(" · ");
    rows.push([
      figure.platform,
      periodLabel(figure.period),
      figure.country ?? "(total)",
      figure.metric,
      figure.value === null ? "blank" : formatValue(figure.value, figure.unit),
      breakdown,
      `${figure.source.file}:${figure.source.line}`,
    ]);
    definitions.set(`${figure.source.format} ${figure.metric}`, figure.definition);
  }
  const header = ["Platform", "Period", "Country", "Metric", "Value", "Breakdown", "Source"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column === 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  const out = [render(header), ...rows.map(render)];
  if (rows.length === 0) out.push("(no figures)");
  out.push("", "Definitions:");
  for (const [name, text] of definitions) out.push(`  ${name}: ${text}`);
  return `${out.join("\n")}\n`;
}

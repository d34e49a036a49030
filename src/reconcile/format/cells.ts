import { count, hours, percent } from "../../compliance/format/numbers.js";
import type { MetricUnit } from "../metrics.js";
import type { LedgerCell, PublishedCell, ReconciliationLine } from "../reconcile.js";

/**
 * A value in its unit for people: counts with separators, fractions as percentages, hours with one decimal.
 *
 * @internal
 */
export function formatValue(value: number, unit: MetricUnit): string {
  if (unit === "fraction") return percent(value);
  if (unit === "hours") return `${hours(value)} h`;
  return Number.isInteger(value) ? count(value) : String(value);
}

/**
 * The ledger's cell for people: the value with its interval, or "not comparable" and why.
 *
 * @internal
 */
export function ledgerText(cell: LedgerCell, unit: MetricUnit): string {
  if (cell.value === null) return `not comparable: ${cell.reason ?? "no value"}`;
  const value = formatValue(cell.value, unit);
  if (cell.low === undefined || cell.high === undefined) return value;
  return `${value} (${(cell.low * 100).toFixed(1)}–${(cell.high * 100).toFixed(1)}, n = ${count(cell.n ?? 0)})`;
}

/**
 * The published cell for people: the value and how many rows it sums, or "not comparable" and why.
 *
 * @internal
 */
export function publishedText(cell: PublishedCell, unit: MetricUnit): string {
  if (cell.value === null) return `not comparable: ${cell.reason ?? "no value"}`;
  const rows = cell.sources.length > 1 ? ` (${count(cell.sources.length)} rows)` : "";
  return `${formatValue(cell.value, unit)}${rows}`;
}

/**
 * The difference for people, signed; "–" when the line has none.
 *
 * @internal
 */
export function differenceText(line: ReconciliationLine): string {
  if (line.difference === null) return line.comparable ? "–" : "not the same quantity";
  const sign = line.difference > 0 ? "+" : line.difference < 0 ? "−" : "";
  const magnitude = Math.abs(line.difference);
  if (line.unit === "fraction") return `${sign}${(magnitude * 100).toFixed(1)} points`;
  return `${sign}${formatValue(magnitude, line.unit)}`;
}

/** Shared number formatting for the human outputs (table, HTML); machine outputs keep full precision. */

/**
 * A rate as a percentage with one decimal, or an en dash for null.
 *
 * @internal
 */
export function percent(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

/**
 * Hours with one decimal, or an en dash for null.
 *
 * @internal
 */
export function hours(value: number | null): string {
  if (value === null) return "–";
  return value >= 1000 ? Math.round(value).toLocaleString("en-GB") : value.toFixed(1);
}

/**
 * An integer with thousands separators.
 *
 * @internal
 */
export function count(value: number): string {
  return value.toLocaleString("en-GB");
}

/**
 * A rate with its interval: `57.1% (25.0–84.2)`.
 *
 * @internal
 */
export function rateWithInterval(rate: number | null, low: number | null, high: number | null): string {
  if (rate === null || low === null || high === null) return "–";
  return `${percent(rate)} (${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)})`;
}

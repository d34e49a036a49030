import { toTime } from "../compliance/record.js";
import { InvalidPeriodError } from "./errors.js";
import type { TransparencyOptions } from "./report.js";

/** A reporting period as {@link TransparencyOptions} takes it. */
export type ReportingPeriod = TransparencyOptions["period"];

/**
 * A checked period: both bounds as epoch milliseconds and as ISO strings (UTC).
 *
 * @example
 * ```ts
 * const period: ResolvedPeriod = resolvePeriod({ from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" });
 * period.toTime - period.fromTime; // milliseconds in the period
 * ```
 */
export interface ResolvedPeriod {
  from: string;
  to: string;
  fromTime: number;
  toTime: number;
}

/**
 * Checks a period and returns its bounds as times and ISO strings.
 *
 * @throws {InvalidPeriodError} a bound that is not a time with a zone, or `from` not before `to`.
 *
 * @example
 * ```ts
 * resolvePeriod({ from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" }).to; // "2025-07-01T00:00:00.000Z"
 * ```
 */
export function resolvePeriod(period: ReportingPeriod): ResolvedPeriod {
  if (typeof period !== "object" || period === null) {
    throw new InvalidPeriodError("a period is { from, to }");
  }
  const fromTime = bound(period.from, "from");
  const toTime = bound(period.to, "to");
  if (!(fromTime < toTime)) throw new InvalidPeriodError("from must be before to");
  return {
    from: new Date(fromTime).toISOString(),
    to: new Date(toTime).toISOString(),
    fromTime,
    toTime,
  };
}

function bound(value: string | Date | number, name: "from" | "to"): number {
  try {
    return toTime(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidPeriodError(`${name}: ${message}`);
  }
}

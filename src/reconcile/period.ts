/**
 * A published figure's period: first and last day, ISO dates (`YYYY-MM-DD`), both included, as the
 * publishers write them (Google's "July - December 2023" is 2023-07-01 to 2023-12-31).
 *
 * @example
 * ```ts
 * const period: PublishedPeriod = { start: "2025-01-01", end: "2025-06-30" };
 * ```
 */
export interface PublishedPeriod {
  start: string;
  end: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar date written `YYYY-MM-DD` (2025-02-29 is not one).
 *
 * @internal
 */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  return new Date(time).toISOString().slice(0, 10) === text;
}

/**
 * The half-year `half` (1: January to June, 2: July to December) of `year`.
 *
 * @example
 * ```ts
 * halfYear(2025, 2); // { start: "2025-07-01", end: "2025-12-31" }
 * ```
 */
export function halfYear(year: number, half: 1 | 2): PublishedPeriod {
  const y = String(year).padStart(4, "0");
  return half === 1 ? { start: `${y}-01-01`, end: `${y}-06-30` } : { start: `${y}-07-01`, end: `${y}-12-31` };
}

/**
 * A short label: `2025-H1` for a calendar half-year, `2025` for a calendar year, else `start/end`.
 *
 * @example
 * ```ts
 * periodLabel({ start: "2025-07-01", end: "2025-12-31" }); // "2025-H2"
 * ```
 */
export function periodLabel(period: PublishedPeriod): string {
  const year = period.start.slice(0, 4);
  if (period.end.slice(0, 4) === year) {
    const days = `${period.start.slice(5)}/${period.end.slice(5)}`;
    if (days === "01-01/06-30") return `${year}-H1`;
    if (days === "07-01/12-31") return `${year}-H2`;
    if (days === "01-01/12-31") return year;
  }
  return `${period.start}/${period.end}`;
}

/**
 * Reads a period as a person types it: `2025-H1`, `2025-H2`, `2025` (the calendar year), or
 * `2025-07-01/2025-12-31` (first and last day). Returns undefined for anything else.
 *
 * @example
 * ```ts
 * parsePeriod("2025-H1"); // { start: "2025-01-01", end: "2025-06-30" }
 * parsePeriod("H1 2025"); // undefined
 * ```
 */
export function parsePeriod(text: string): PublishedPeriod | undefined {
  const value = text.trim();
  const half = /^(\d{4})-H([12])$/i.exec(value);
  if (half) return halfYear(Number(half[1]), Number(half[2]) as 1 | 2);
  if (/^\d{4}$/.test(value)) return { start: `${value}-01-01`, end: `${value}-12-31` };
  const range = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (range && isIsoDate(range[1]!) && isIsoDate(range[2]!) && range[1]! <= range[2]!) {
    return { start: range[1]!, end: range[2]! };
  }
  return undefined;
}

/**
 * Milliseconds since the epoch of the start of `period` and of the day after its end (UTC), so a time
 * `t` is in the period when `from <= t < to`.
 *
 * @internal
 */
export function periodBounds(period: PublishedPeriod): { from: number; to: number } {
  return {
    from: Date.parse(`${period.start}T00:00:00Z`),
    to: Date.parse(`${period.end}T00:00:00Z`) + 86_400_000,
  };
}

/**
 * A period given as text (see {@link parsePeriod}) or as `{ start, end }`, checked.
 *
 * @throws {RangeError} naming `what` when it is not a period.
 * @internal
 */
export function toPeriod(value: string | PublishedPeriod, what: string): PublishedPeriod {
  const period =
    typeof value === "string"
      ? parsePeriod(value)
      : typeof value === "object" &&
          value !== null &&
          isIsoDate(value.start) &&
          isIsoDate(value.end) &&
          value.start <= value.end
        ? { start: value.start, end: value.end }
        : undefined;
  if (period === undefined) {
    throw new RangeError(
      `${what} ${JSON.stringify(value)} is not a period: use 2025-H1, 2025, 2025-07-01/2025-12-31 or { start, end }`,
    );
  }
  return period;
}

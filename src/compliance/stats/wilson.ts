import { zForConfidence } from "./normal.js";

/**
 * A proportion with its confidence interval.
 *
 * @example
 * ```ts
 * const { estimate, low, high }: ProportionInterval = wilsonInterval(56, 70)!;
 * ```
 */
export interface ProportionInterval {
  /** x / n. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * The Wilson score interval for `x` successes out of `n` (Wilson 1927; method 3 of Newcombe 1998):
 * `(x + z²/2 ± z·sqrt(x(n−x)/n + z²/4)) / (n + z²)`. Unlike the textbook `p ± z·sqrt(p(1−p)/n)` it
 * stays inside [0, 1] and is not degenerate at 0 or n, which matters for small platforms.
 * Returns `null` when `n` is 0 (no rate to estimate).
 *
 * @throws {RangeError} when `x` or `n` are not integers with 0 <= x <= n, or confidence is not in (0, 1).
 *
 * @example
 * ```ts
 * wilsonInterval(81, 263); // { estimate: 0.308, low: 0.2553, high: 0.3662 } (rounded)
 * ```
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): ProportionInterval | null {
  checkCounts(x, n);
  const z = zForConfidence(confidence);
  if (n === 0) return null;
  return wilsonWithZ(x, n, z);
}

/**
 * Wilson interval with a precomputed `z` (the calculators compute `z` once per call).
 *
 * @internal
 */
export function wilsonWithZ(x: number, n: number, z: number): ProportionInterval {
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (x + z2 / 2) / denominator;
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / denominator;
  // Clamp the last-bit rounding at the ends (x = 0 or x = n give exactly 0 or 1 in exact arithmetic).
  return {
    estimate: x / n,
    low: x === 0 ? 0 : Math.max(0, centre - half),
    high: x === n ? 1 : Math.min(1, centre + half),
  };
}

function checkCounts(x: number, n: number): void {
  if (!(Number.isInteger(x) && Number.isInteger(n) && x >= 0 && x <= n)) {
    throw new RangeError(`counts must be integers with 0 <= x <= n, got x=${x}, n=${n}`);
  }
}

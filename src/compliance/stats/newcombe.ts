import { zForConfidence } from "./normal.js";
import { wilsonWithZ } from "./wilson.js";

/**
 * A difference of two proportions with its confidence interval.
 *
 * @example
 * ```ts
 * const { difference, low, high }: DifferenceInterval = newcombeInterval(56, 70, 48, 80)!;
 * ```
 */
export interface DifferenceInterval {
  /** p1 − p2. */
  difference: number;
  low: number;
  high: number;
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions `x1/n1 − x2/n2`
 * (method 10 of Newcombe, Statistics in Medicine 17, 1998, 873-890): with Wilson intervals (l1, u1) and
 * (l2, u2), `low = d − sqrt((p1 − l1)² + (u2 − p2)²)` and `high = d + sqrt((u1 − p1)² + (p2 − l2)²)`.
 * Returns `null` when either `n` is 0.
 *
 * @example
 * ```ts
 * newcombeInterval(56, 70, 48, 80); // { difference: 0.2, low: 0.0524, high: 0.3339 } (rounded)
 * ```
 */
export function newcombeInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): DifferenceInterval | null {
  for (const [x, n] of [
    [x1, n1],
    [x2, n2],
  ] as const) {
    if (!(Number.isInteger(x) && Number.isInteger(n) && x >= 0 && x <= n)) {
      throw new RangeError(`counts must be integers with 0 <= x <= n, got x=${x}, n=${n}`);
    }
  }
  const z = zForConfidence(confidence);
  if (n1 === 0 || n2 === 0) return null;
  const a = wilsonWithZ(x1, n1, z);
  const b = wilsonWithZ(x2, n2, z);
  const difference = a.estimate - b.estimate;
  return {
    difference,
    low: difference - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2),
    high: difference + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2),
  };
}

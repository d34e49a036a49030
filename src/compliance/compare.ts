import type { ComplianceFigures } from "./compute.js";
import { COMPLIANCE_DEFINITIONS } from "./definitions.js";
import { newcombeInterval } from "./stats/newcombe.js";

/**
 * Compares the action rates of two rows (two periods, two platforms): the difference a − b with Newcombe's
 * hybrid score interval (method 10), so "X improved" is a claim with numbers. Any compliance row will do
 * for `a` and `b`: only `submitted`, `withdrawn` and `actioned` are read.
 *
 * @example
 * ```ts
 * import { compareCompliance, computeCompliance } from "referral-kit/compliance";
 *
 * const h1 = computeCompliance(firstHalf, { asOf }).rows.find((row) => row.platform === "x")!;
 * const h2 = computeCompliance(secondHalf, { asOf }).rows.find((row) => row.platform === "x")!;
 * const { difference, low, high, conclusion } = compareCompliance(h2, h1);
 * ```
 */
export function compareCompliance(
  a: Pick<ComplianceFigures, "submitted" | "withdrawn" | "actioned">,
  b: Pick<ComplianceFigures, "submitted" | "withdrawn" | "actioned">,
  options: { confidence?: number } = {},
): {
  a: { actioned: number; n: number; actionRate: number | null };
  b: { actioned: number; n: number; actionRate: number | null };
  confidence: number;
  /** actionRate(a) − actionRate(b); null when either has no requests. */
  difference: number | null;
  low: number | null;
  high: number | null;
  /**
   * `a-higher` or `b-higher` when the interval excludes 0, `inconclusive` when it contains 0 (or there is
   * nothing to compare): the difference could be chance at this confidence.
   */
  conclusion: "a-higher" | "b-higher" | "inconclusive";
  definition: string;
} {
  const confidence = options.confidence ?? 0.95;
  const side = (row: typeof a) => {
    const n = row.submitted - row.withdrawn;
    return { actioned: row.actioned, n, actionRate: n > 0 ? row.actioned / n : null };
  };
  const left = side(a);
  const right = side(b);
  const interval = newcombeInterval(left.actioned, left.n, right.actioned, right.n, confidence);
  const conclusion =
    interval === null
      ? "inconclusive"
      : interval.low > 0
        ? "a-higher"
        : interval.high < 0
          ? "b-higher"
          : "inconclusive";
  return {
    a: left,
    b: right,
    confidence,
    difference: interval?.difference ?? null,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    conclusion,
    definition: COMPLIANCE_DEFINITIONS.difference,
  };
}

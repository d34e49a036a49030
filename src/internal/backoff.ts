/**
 * Internal: the one backoff rule of referral-kit. The HTTP client waits with it between attempts of a
 * call, the dispatcher between attempts of a job. Not exported from the package.
 */

/**
 * How a backoff wait is randomised, so clients that failed together do not come back together:
 * - `"full"`: uniform between 0 and the ceiling (the default: spreads retries the most);
 * - `"equal"`: uniform between half the ceiling and the ceiling (never retries at once);
 * - `"none"`: the ceiling itself;
 * - a function of the ceiling and the random source, for anything else.
 */
export type Jitter = "full" | "equal" | "none" | ((ceilingMs: number, random: () => number) => number);

/** The backoff's settings. */
export interface BackoffOptions {
  /** The wait before the first retry, before jitter. Doubles with each retry. */
  readonly baseMs: number;
  /** The longest wait, before jitter. */
  readonly maxMs: number;
  /** Default `"full"`. */
  readonly jitter?: Jitter;
  /** The random source, in [0, 1). Default `Math.random`; tests inject one. */
  readonly random?: () => number;
}

/**
 * The wait before retry number `retry` (1 for the first retry), in whole milliseconds: the ceiling
 * `min(maxMs, baseMs * 2^(retry - 1))`, randomised by `jitter`. Never negative, never above the ceiling.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 100, maxMs: 1_000, random: () => 0.5 }); // 200 (full jitter: half of 400)
 * backoffDelay(3, { baseMs: 100, maxMs: 1_000, jitter: "equal", random: () => 0.5 }); // 300
 * backoffDelay(9, { baseMs: 100, maxMs: 1_000, jitter: "none" }); // 1000
 * ```
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const ceiling = backoffCeiling(retry, options);
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? "full";
  const unit = () => Math.min(1, Math.max(0, random()));
  let delay: number;
  if (jitter === "none") delay = ceiling;
  else if (jitter === "full") delay = unit() * ceiling;
  else if (jitter === "equal") delay = ceiling / 2 + (unit() * ceiling) / 2;
  else delay = jitter(ceiling, random);
  if (!Number.isFinite(delay)) return ceiling;
  return Math.floor(Math.min(ceiling, Math.max(0, delay)));
}

/**
 * The backoff's ceiling before jitter for retry number `retry` (1 for the first retry):
 * `min(maxMs, baseMs * 2^(retry - 1))`, and 0 for a negative or zero base.
 *
 * @example
 * ```ts
 * backoffCeiling(1, { baseMs: 500, maxMs: 8_000 }); // 500
 * backoffCeiling(10, { baseMs: 500, maxMs: 8_000 }); // 8000
 * ```
 */
export function backoffCeiling(retry: number, options: Pick<BackoffOptions, "baseMs" | "maxMs">): number {
  const base = Math.max(0, options.baseMs);
  const max = Math.max(0, options.maxMs);
  return Math.min(max, base * 2 ** Math.max(0, retry - 1));
}

/**
 * Deterministic randomness for mocks: the same seed gives the same decisions on every run and machine,
 * so a failing scenario can be replayed exactly. Never `Math.random` in a mock.
 */

/**
 * A source of numbers in [0, 1), like `Math.random`, but seeded.
 *
 * @example
 * ```ts
 * const random: Random = mulberry32(42);
 * ```
 */
export type Random = () => number;

/**
 * mulberry32: a tiny, fast 32-bit generator, good enough to spread outcomes and delays (not for secrets).
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // always the same first number for seed 42
 * ```
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample (Box-Muller), from two uniform samples of `random`.
 *
 * @example
 * ```ts
 * const z = standardNormal(mulberry32(1)); // mean 0, standard deviation 1 over many draws
 * ```
 */
export function standardNormal(random: Random): number {
  // 1 - u keeps the logarithm finite: random() may return 0, never 1.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A log-normal sample with the given median and shape. Decision delays are skewed this way: most
 * requests are handled near the median, a long tail takes far longer.
 *
 * @example
 * ```ts
 * logNormal(mulberry32(7), 3_600_000, 1); // around an hour, sometimes several
 * ```
 */
export function logNormal(random: Random, median: number, sigma: number): number {
  return Math.exp(Math.log(Math.max(median, 1)) + sigma * standardNormal(random));
}

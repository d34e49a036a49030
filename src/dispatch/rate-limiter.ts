import type { Clock } from "./clock.js";

/**
 * At most `limit` calls in any window of `windowMs` milliseconds.
 *
 * @example
 * ```ts
 * const limit: RateLimit = { limit: 300, windowMs: 15 * 60_000 };
 * ```
 */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Paces calls to one platform under one or more limits. A sliding window (the times of the last `limit`
 * calls) rather than a token bucket: a bucket holding `limit` tokens lets up to twice the limit through
 * in one window (a full bucket, then a window of refills), and platforms count by window.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter([{ limit: 100, windowMs: 60_000 }], systemClock);
 * await limiter.acquire(signal);
 * ```
 */
export class RateLimiter {
  readonly #windows: { limit: number; windowMs: number; times: number[] }[];
  readonly #clock: Clock;

  constructor(limits: readonly RateLimit[], clock: Clock) {
    for (const { limit, windowMs } of limits) {
      if (!(Number.isInteger(limit) && limit > 0 && windowMs > 0)) {
        throw new RangeError(
          `a rate limit needs a positive integer limit and window (got ${limit}/${windowMs} ms)`,
        );
      }
    }
    this.#windows = limits.map(({ limit, windowMs }) => ({ limit, windowMs, times: [] }));
    this.#clock = clock;
  }

  /** Milliseconds until a call may be made (0: now). */
  waitMs(): number {
    const now = this.#clock.now();
    let wait = 0;
    for (const window of this.#windows) {
      this.#prune(window, now);
      if (window.times.length >= window.limit) {
        wait = Math.max(wait, window.times[0]! + window.windowMs - now);
      }
    }
    return wait;
  }

  /** How many calls may be made now without waiting. */
  available(): number {
    const now = this.#clock.now();
    let free = Number.POSITIVE_INFINITY;
    for (const window of this.#windows) {
      this.#prune(window, now);
      free = Math.min(free, window.limit - window.times.length);
    }
    return free;
  }

  /** Counts a call made now (call after `waitMs()` returned 0). */
  take(): void {
    const now = this.#clock.now();
    for (const window of this.#windows) window.times.push(now);
  }

  /** Waits until a call may be made and counts it; false when `signal` aborted first. */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const wait = this.waitMs();
      if (wait <= 0) {
        this.take();
        return true;
      }
      await this.#clock.sleep(wait, signal);
    }
  }

  #prune(window: { windowMs: number; times: number[] }, now: number): void {
    let drop = 0;
    while (drop < window.times.length && window.times[drop]! <= now - window.windowMs) drop += 1;
    if (drop > 0) window.times.splice(0, drop);
  }
}

import { watchAbort } from "../adapter/http/abort-watch.js";
/**
 * Time as the dispatcher sees it. Injectable so tests run a day of rate limits and backoff in
 * milliseconds, deterministically.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleepFor(ms, signal) };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now` and timers.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, signal);
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      // One shared listener per signal: every platform loop and status poll sleeps on the run's signal,
      // and a listener each would pass Node's limit of ten (MaxListenersExceededWarning).
      const unwatch = signal ? watchAbort(signal, () => done()) : () => {};
      const done = () => {
        clearTimeout(timer);
        unwatch();
        resolve();
      };
      const timer = setTimeout(done, ms);
    }),
});

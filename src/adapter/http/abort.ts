/**
 * Abort helpers: a sleep that ends early on abort, and a race that stops waiting on any promise (a body
 * read, a token fetch) the moment the signal aborts. An abort always rejects with the signal's reason,
 * as `fetch` does.
 */

/**
 * A sleep that can be cancelled. Tests inject one that records the delays instead of waiting.
 *
 * @example
 * ```ts
 * const noWait: Sleep = async (_ms, signal) => signal?.throwIfAborted();
 * createHttpClient({ platform: "x", baseUrl, sleep: noWait });
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as the signal aborts.
 *
 * @example
 * ```ts
 * await abortableSleep(250, signal);
 * ```
 */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Resolves as `promise` does, unless `signal` aborts first, in which case it rejects with the signal's
 * reason (the promise keeps running; pass the signal to it as well where it takes one).
 *
 * @example
 * ```ts
 * const text = await raceAbort(response.text(), signal);
 * ```
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

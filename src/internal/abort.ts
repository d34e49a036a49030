/**
 * Internal: the time and abort helpers the HTTP client, the dispatcher and the verifier share. A sleep
 * that ends early on abort, a race that stops waiting on any promise the moment a signal aborts, and one
 * shared abort listener per long-lived signal. An abort always rejects with the signal's reason, as
 * `fetch` does. Not exported from the package (the HTTP toolkit re-exports `Sleep`, `abortableSleep`
 * and `raceAbort` as before).
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

const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `callback` (synchronously, during the signal's abort event) when `signal` aborts, until the
 * returned function is called. The signal must not be aborted yet (check `signal.aborted` first).
 *
 * One abort listener per signal, shared by every call that watches it: a dispatcher passes one
 * long-lived signal to thousands of calls; `AbortSignal.any` on it leaves a dependant entry on that
 * signal per call that Node 20 never removes, and an `abort` listener per call trips Node's
 * MaxListenersExceededWarning past ten calls in flight. Here each call adds and removes a callback in a
 * set, and the signal carries a single listener.
 *
 * @example
 * ```ts
 * const unwatch = watchAbort(signal, () => controller.abort(signal.reason));
 * try { await work(controller.signal); } finally { unwatch(); }
 * ```
 */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    const created = new Set<() => void>();
    callbacks = created;
    watchers.set(signal, created);
    signal.addEventListener(
      "abort",
      () => {
        watchers.delete(signal);
        for (const run of created) {
          try {
            run();
          } catch {
            // One call's clean-up must not stop the others from hearing the abort.
          }
        }
        created.clear();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
  };
}

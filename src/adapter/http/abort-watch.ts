/**
 * Internal: one abort listener per caller signal, shared by every call that watches it. A dispatcher
 * passes one long-lived signal to thousands of calls; `AbortSignal.any` on it leaves a dependant entry
 * on that signal per call that Node 20 never removes, and an `abort` listener per call trips Node's
 * MaxListenersExceededWarning past ten calls in flight. Here each call adds and removes a callback in a
 * set, and the signal carries a single listener. Not exported from the package.
 */

const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `callback` (synchronously, during the signal's abort event) when `signal` aborts, until the
 * returned function is called. The signal must not be aborted yet (check `signal.aborted` first).
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

/**
 * One call's budget: the caller's signal and the call's deadline (ky has per-attempt timeouts, no limit
 * on a whole call) folded into one signal that ky, every attempt and every wait between attempts listen to. The caller's signal is watched through one shared
 * listener (a dispatcher passes one long-lived signal to thousands of calls), the deadline through one
 * timer per call. One job.
 */
import { watchAbort } from "../../internal/abort.js";
import { type AdapterErrorOptions, TimeoutError } from "../errors.js";

/** The reason the budget's signal aborts with when the deadline passes (private to the client). */
export class DeadlineExceeded extends Error {
  constructor() {
    super("deadline exceeded");
    this.name = "DeadlineExceeded";
  }
}

/** The longest timer Node keeps (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

/** One call's budget. */
export interface CallBudget {
  /** Aborts with the caller's reason, or with a `DeadlineExceeded` when the deadline passes. */
  readonly signal: AbortSignal;
  readonly deadlineMs: number;
  /** Milliseconds left before the deadline, by the client's clock (negative once past). */
  remainingMs(): number;
  /** True once the deadline passed (by the timer or the clock). */
  deadlinePassed(): boolean;
  /**
   * Throws when the call must stop here: the caller's reason when it aborted, a deadline `TimeoutError`
   * when the deadline passed (the clock can pass it before its timer fires on a busy event loop).
   */
  checkpoint(describe: () => AdapterErrorOptions): void;
  /** Clears the timer and the watch; call when the call ends. */
  dispose(): void;
}

/**
 * Starts a call's budget.
 *
 * @example
 * ```ts
 * const budget = startBudget(120_000, options.signal, Date.now);
 * try { await work(budget.signal); } finally { budget.dispose(); }
 * ```
 */
export function startBudget(
  deadlineMs: number,
  callerSignal: AbortSignal | undefined,
  now: () => number,
): CallBudget {
  const started = now();
  const controller = new AbortController();
  let timerFired = false;
  const timer =
    deadlineMs < MAX_TIMER_MS
      ? setTimeout(
          () => {
            timerFired = true;
            controller.abort(new DeadlineExceeded());
          },
          Math.max(0, deadlineMs),
        )
      : undefined;
  const unwatch = callerSignal
    ? watchAbort(callerSignal, () => controller.abort(callerSignal.reason))
    : undefined;
  const remainingMs = () => deadlineMs - (now() - started);
  return {
    signal: controller.signal,
    deadlineMs,
    remainingMs,
    deadlinePassed: () => timerFired || remainingMs() <= 0,
    checkpoint(describe) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timerFired || remainingMs() <= 0) {
        throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs });
      }
    },
    dispose() {
      clearTimeout(timer);
      unwatch?.();
    },
  };
}

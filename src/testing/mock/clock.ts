/**
 * The mock's virtual clock. Platform decisions (in review after ten minutes, actioned after two days)
 * become visible when a test moves the clock, not when real time passes, so scenarios run in
 * milliseconds and give the same result every time.
 */

/**
 * A clock a test moves by hand.
 *
 * @example
 * ```ts
 * const clock: VirtualClock = createVirtualClock();
 * clock.advance(3_600_000);
 * ```
 */
export interface VirtualClock {
  /** The current virtual time, in epoch milliseconds. */
  now(): number;
  /** Moves the clock forward by `ms` (never backwards). */
  advance(ms: number): void;
  /** Sets the clock to a time (epoch ms or ISO 8601); used by `reset`. */
  set(time: number | string): void;
}

/**
 * Where a mock's clock starts unless told otherwise: a fixed Monday morning, UTC.
 *
 * @example
 * ```ts
 * new Date(DEFAULT_MOCK_START).toISOString(); // "2026-01-05T09:00:00.000Z"
 * ```
 */
export const DEFAULT_MOCK_START = Date.parse("2026-01-05T09:00:00Z");

/**
 * Creates a virtual clock starting at `start` (epoch ms or ISO 8601).
 *
 * @example
 * ```ts
 * const clock = createVirtualClock("2026-01-05T09:00:00Z");
 * clock.advance(60_000);
 * new Date(clock.now()).toISOString(); // "2026-01-05T09:01:00.000Z"
 * ```
 */
export function createVirtualClock(start: number | string = DEFAULT_MOCK_START): VirtualClock {
  let current = toMs(start);
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance takes a non-negative duration, got ${ms}`);
      current += ms;
    },
    set(time) {
      current = toMs(time);
    },
  };
}

function toMs(time: number | string): number {
  const ms = typeof time === "number" ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(time)}`);
  return ms;
}

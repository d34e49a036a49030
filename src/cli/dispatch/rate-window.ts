import { type RateLimit, RateLimiter } from "../../dispatch/rate-limiter.js";
import { formatDuration } from "./format.js";

/**
 * Follows each platform's submit rate window from the dispatcher's `started` events, with the same
 * `RateLimiter` the dispatcher paces itself with: a display can then say when a full window reopens.
 *
 * @example
 * ```ts
 * const windows = rateWindows({ x: [{ limit: 50, windowMs: 900_000 }] }, Date.now);
 * windows.started("x");
 * windows.waitMs("x"); // 0 until 50 calls were started within 15 minutes
 * ```
 */
export function rateWindows(limits: Readonly<Record<string, readonly RateLimit[]>>, now: () => number) {
  const clock = { now, sleep: async () => {} };
  const limiters = new Map<string, RateLimiter | undefined>();
  const limiter = (platform: string) => {
    if (!limiters.has(platform)) {
      const declared = limits[platform] ?? [];
      limiters.set(platform, declared.length > 0 ? new RateLimiter(declared, clock) : undefined);
    }
    return limiters.get(platform);
  };
  return {
    /** Counts a call the dispatcher started. */
    started(platform: string): void {
      limiter(platform)?.take();
    },
    /** Milliseconds until the platform's window lets the next call go (0: now). */
    waitMs(platform: string): number {
      return limiter(platform)?.waitMs() ?? 0;
    },
    /** Calls the window lets go now. */
    available(platform: string): number {
      return limiter(platform)?.available() ?? Number.POSITIVE_INFINITY;
    },
    /** The limits, for people: `50 per 15m00s`. */
    describe(platform: string): string {
      return (limits[platform] ?? [])
        .map(({ limit, windowMs }) => `${limit} per ${formatDuration(windowMs)}`)
        .join(", ");
    },
    limits(platform: string): readonly RateLimit[] {
      return limits[platform] ?? [];
    },
  };
}

/** What {@link rateWindows} returns. */
export type RateWindows = ReturnType<typeof rateWindows>;

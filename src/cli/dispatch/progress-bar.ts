import type { Writable } from "node:stream";
import type { PlatformProgress, ProgressEvent } from "../../dispatch/progress.js";
import type { RateLimit } from "../../dispatch/rate-limiter.js";
import { clockTime, formatDuration } from "./format.js";
import { type RateWindows, rateWindows } from "./rate-window.js";

const WIDTH = 24;

/** What the bar knows of one platform besides the dispatcher's counts. */
interface PlatformView {
  progress: PlatformProgress;
  /** The last retry's code. */
  lastRetry: string | undefined;
}

/**
 * Draws one progress bar per platform on a terminal, redrawn in place at most every 100 ms: sent and failed
 * (a failure never fills the bar), rate, and an ETA that takes the platform's declared rate limits into
 * account. While a platform waits for its rate window the line says so, with the time it reopens; a
 * Retry-After or an open circuit breaker shows as "paused". `log` prints a line above the bars.
 *
 * @example
 * ```ts
 * const bar = progressBar(process.stderr, Date.now, { x: [{ limit: 50, windowMs: 900_000 }] });
 * const dispatcher = createDispatcher({ adapters, store, onProgress: bar.onProgress });
 * ```
 */
export function progressBar(
  stream: Writable,
  now: () => number = Date.now,
  rateLimits: Readonly<Record<string, readonly RateLimit[]>> = {},
) {
  const platforms = new Map<string, PlatformView>();
  const windows = rateWindows(rateLimits, now);
  let drawnLines = 0;
  let lastDraw = 0;
  const clear = () => {
    if (drawnLines > 0) stream.write(`\u001b[${drawnLines}F\u001b[0J`);
    drawnLines = 0;
  };
  const draw = () => {
    const lines = [...platforms.values()].map((view) => line(view, windows, now()));
    clear();
    if (lines.length > 0) stream.write(`${lines.map((text) => `\u001b[2K${text}`).join("\n")}\n`);
    drawnLines = lines.length;
    lastDraw = now();
  };
  const view = (platform: string, progress: PlatformProgress): PlatformView => {
    let found = platforms.get(platform);
    if (!found) {
      found = { progress, lastRetry: undefined };
      platforms.set(platform, found);
    }
    found.progress = progress;
    return found;
  };
  // A terminal line that changes while the platform waits (the countdown) is redrawn once a second.
  const ticker = setInterval(() => {
    if (platforms.size > 0) draw();
  }, 1000);
  ticker.unref?.();
  return {
    onProgress(event: ProgressEvent) {
      const platform = view(event.platform, event.progress);
      if (event.type === "started") windows.started(event.platform);
      if (event.type === "retrying") platform.lastRetry = event.code;
      if (event.type === "drained" || event.type === "paused" || now() - lastDraw >= 100) draw();
    },
    /** Prints a line above the bars (a failure with its reason), keeping the bars below it. */
    log(text: string) {
      clear();
      stream.write(`${text}\n`);
      if (platforms.size > 0) draw();
    },
    finish() {
      clearInterval(ticker);
      if (platforms.size > 0) draw();
    },
  };
}

function line(view: PlatformView, windows: RateWindows, at: number): string {
  const p = view.progress;
  const done = p.submitted + p.failed;
  const sent = p.total > 0 ? Math.floor((p.submitted / p.total) * WIDTH) : 0;
  const failed = p.total > 0 && p.failed > 0 ? Math.max(1, Math.round((p.failed / p.total) * WIDTH)) : 0;
  const bar = `${"█".repeat(sent)}${"×".repeat(Math.min(failed, WIDTH - sent))}${"░".repeat(Math.max(0, WIDTH - sent - failed))}`;
  const rate = `${p.ratePerSecond.toFixed(1)}/s`;
  const remaining = Math.max(0, p.total - done);
  const windowWait = remaining > 0 && p.inFlight === 0 ? windows.waitMs(p.platform) : 0;
  const eta = estimate(view, windows, remaining);
  const parts = [
    `${p.platform.padEnd(10)} ${bar} ${String(done).padStart(6)}/${p.total}`,
    rate.padStart(9),
    eta === undefined ? "eta --" : `eta ${formatDuration(eta)}`,
  ];
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.pausedUntil)
    parts.push(`paused until ${clockTime(p.pausedUntil)} (${formatDuration(p.pausedUntil - at)})`);
  else if (windowWait > 1000) {
    parts.push(
      `waiting for the rate window (${windows.describe(p.platform)}), reopens ${clockTime(at + windowWait)}`,
    );
  }
  if (view.lastRetry && p.retries > 0) parts.push(`${p.retries} retries (last: ${view.lastRetry})`);
  return parts.join("  ");
}

/**
 * The longer of the dispatcher's estimate (remaining at the recent rate) and what the declared limits
 * allow: with 50 calls per 15 minutes and 120 left, no rate measured over half a minute can beat 30 minutes.
 */
function estimate(view: PlatformView, windows: RateWindows, remaining: number): number | undefined {
  if (remaining === 0) return 0;
  const platform = view.progress.platform;
  let byLimits = 0;
  const free = windows.available(platform);
  if (remaining > free) {
    for (const { limit, windowMs } of windows.limits(platform)) {
      byLimits = Math.max(byLimits, Math.ceil((remaining - free) / limit) * windowMs);
    }
    byLimits = Math.max(byLimits, windows.waitMs(platform));
  }
  const byRate = view.progress.etaMs;
  if (byRate === undefined) return byLimits > 0 ? byLimits : undefined;
  return Math.max(byRate, byLimits);
}

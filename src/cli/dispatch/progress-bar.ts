import type { Writable } from "node:stream";
import type { PlatformProgress, ProgressEvent } from "../../dispatch/progress.js";

const WIDTH = 24;

/**
 * Draws one progress bar per platform on a terminal (counts, rate, ETA, pauses), redrawn in place at
 * most every 100 ms. Only used when stderr is a terminal; scripts get the summary alone.
 *
 * @example
 * ```ts
 * const bar = progressBar(process.stderr);
 * const dispatcher = createDispatcher({ adapters, store, onProgress: bar.onProgress });
 * ```
 */
export function progressBar(stream: Writable, now: () => number = Date.now) {
  const platforms = new Map<string, PlatformProgress>();
  let drawnLines = 0;
  let lastDraw = 0;
  const draw = () => {
    const lines = [...platforms.values()].map(line);
    const up = drawnLines > 0 ? `\u001b[${drawnLines}F` : "";
    stream.write(`${up}${lines.map((text) => `\u001b[2K${text}`).join("\n")}\n`);
    drawnLines = lines.length;
    lastDraw = now();
  };
  return {
    onProgress(event: ProgressEvent) {
      platforms.set(event.platform, event.progress);
      if (event.type === "drained" || event.type === "paused" || now() - lastDraw >= 100) draw();
    },
    finish() {
      if (platforms.size > 0) draw();
    },
  };
}

function line(p: PlatformProgress): string {
  const done = p.submitted + p.failed;
  const filled = p.total > 0 ? Math.round((done / p.total) * WIDTH) : WIDTH;
  const bar = `${"█".repeat(filled)}${"░".repeat(Math.max(0, WIDTH - filled))}`;
  const rate = `${p.ratePerSecond.toFixed(1)}/s`;
  const eta = p.etaMs === undefined ? "eta --" : `eta ${formatDuration(p.etaMs)}`;
  const paused = p.pausedUntil ? `  paused ${formatDuration(p.pausedUntil - Date.now())}` : "";
  const failed = p.failed > 0 ? `  ${p.failed} failed` : "";
  return `${p.platform.padEnd(10)} ${bar} ${String(done).padStart(6)}/${p.total}  ${rate.padStart(9)}  ${eta}${failed}${paused}`;
}

/**
 * A duration for people: `1h02m`, `3m05s`, `12s`.
 *
 * @example
 * ```ts
 * formatDuration(185_000); // "3m05s"
 * ```
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds >= 3600)
    return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${seconds}s`;
}

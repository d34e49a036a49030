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

/**
 * A time of day (UTC) for "reopens at": short enough for a terminal line.
 *
 * @example
 * ```ts
 * clockTime(Date.parse("2026-03-02T10:15:00Z")); // "10:15:00Z"
 * ```
 */
export function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`;
}

const HOUR = 3_600_000;

/** The UTC hour a time (ms since the epoch) falls in, as `YYYY-MM-DDTHH:00Z`. */
export function hourLabel(time: number): string {
  return `${new Date(Math.floor(time / HOUR) * HOUR).toISOString().slice(0, 13)}:00Z`;
}

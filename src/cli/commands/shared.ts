import { isAbsolute, join } from "node:path";
import { ISO_WITH_ZONE_PATTERN } from "../../compliance/record.js";
import { UsageError } from "../command.js";

/**
 * A `--store` value as `openStore` takes it: URLs and `memory:` as given, a directory relative to the
 * command's working directory.
 *
 * @example
 * ```ts
 * storeLocation("./referrals.store", "/home/me"); // "/home/me/referrals.store"
 * ```
 */
export function storeLocation(location: string, cwd: string): string {
  if (location.includes("://") || location === "memory:" || location === ":memory:") return location;
  return isAbsolute(location) ? location : join(cwd, location);
}

/**
 * A file path relative to the command's working directory.
 *
 * @example
 * ```ts
 * pathIn("/home/me", "verifications.jsonl"); // "/home/me/verifications.jsonl"
 * ```
 */
export function pathIn(cwd: string, path: string): string {
  return isAbsolute(path) ? path : join(cwd, path);
}

/**
 * Reads an ISO 8601 time with a zone from an option, or throws a `UsageError` naming the option.
 *
 * @example
 * ```ts
 * isoTime("--as-of", "2026-01-05T09:00:00Z"); // 1767603600000
 * ```
 */
export function isoTime(option: string, value: string): number {
  const time = Date.parse(value);
  if (!ISO_WITH_ZONE_PATTERN.test(value) || Number.isNaN(time)) {
    throw new UsageError(
      `${option}: ${JSON.stringify(value)} is not an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z`,
    );
  }
  return time;
}

/**
 * A positive number from an option (`--after 24`), or a `UsageError`.
 *
 * @example
 * ```ts
 * positiveNumber("--recheck-every", "168"); // 168
 * ```
 */
export function positiveNumber(option: string, value: string): number {
  const number = Number(value);
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(number > 0)) {
    throw new UsageError(`${option}: ${JSON.stringify(value)} is not a positive number`);
  }
  return number;
}

/**
 * The message of anything thrown.
 *
 * @example
 * ```ts
 * messageOf(new Error("no such file")); // "no such file"
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A count with its noun, plural when it is not one.
 *
 * @example
 * ```ts
 * plural(1, "request"); // "1 request"
 * plural(2, "request"); // "2 requests"
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

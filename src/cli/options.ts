import { isAbsolute, join } from "node:path";
import { ISO_WITH_ZONE_PATTERN } from "../compliance/record.js";
import { Id } from "../domain/schemas/common.js";
import { UsageError } from "./command.js";
import type { OptionSpec } from "./define-command.js";
import { closest } from "./suggest.js";

// The options several commands share, declared once so they read the same in every --help.

/** `--store`: the request store. */
export const STORE_OPTION = {
  type: "string",
  value: "<path|url>",
  help: "the request store: a directory (the embedded store) or a postgres:// URL (default: $REFERRAL_KIT_STORE)",
} as const satisfies OptionSpec;

/** `--platform`: only these platforms (repeatable, or comma-separated). */
export const PLATFORM_OPTION = {
  type: "string",
  value: "<id>",
  multiple: true,
  help: "only this platform; several as --platform x --platform telegram or --platform x,telegram",
} as const satisfies OptionSpec;

/** `--actor`: who is recorded as doing it. */
export function actorOption(what: string): OptionSpec {
  return { type: "string", value: "<id>", help: `${what} (default: $REFERRAL_KIT_ACTOR)` };
}

/** `--clock`: read "now" from a sandbox's virtual clock. */
export const CLOCK_OPTION = {
  type: "string",
  value: "<url>",
  help:
    "take the current time from a sandbox's virtual clock (its URL, e.g. http://127.0.0.1:4010), so times " +
    "recorded and computed match the sandbox's (default: $REFERRAL_KIT_CLOCK, else this machine's clock)",
} as const satisfies OptionSpec;

/** `--encoding`: decode input files from another encoding than UTF-8. */
export const ENCODING_OPTION = {
  type: "string",
  value: "<name>",
  help: "the input files' encoding, when not UTF-8 (e.g. latin1, windows-1252); without it, bytes that are not UTF-8 are refused",
} as const satisfies OptionSpec;

/** `--out`: write the report to a file. */
export const OUT_OPTION = {
  type: "string",
  short: "o",
  value: "<path>",
  help: "write the report to a file instead of standard output",
} as const satisfies OptionSpec;

/** `--json`: the same as `--format json`. */
export const JSON_OPTION = {
  type: "boolean",
  help: "the same as --format json",
} as const satisfies OptionSpec;

/** `--format`: one of the command's output formats. */
export function formatOption(formats: readonly string[], fallback: string): OptionSpec {
  return {
    type: "string",
    short: "f",
    value: "<format>",
    help: `output format: ${formats.join(", ")} (default ${fallback})`,
  };
}

/**
 * The output format from `--format` and `--json`, checked against the command's formats.
 *
 * @example
 * ```ts
 * chosenFormat({ format: undefined, json: true }, ["text", "json"], "text"); // "json"
 * ```
 */
export function chosenFormat<F extends string>(
  values: { format?: string | undefined; json?: boolean | undefined },
  formats: readonly F[],
  fallback: F,
): F {
  if (values.json && values.format !== undefined && values.format !== "json") {
    throw new UsageError(`--json and --format ${values.format} disagree; give one`);
  }
  const format = values.json ? "json" : (values.format ?? fallback);
  if (!(formats as readonly string[]).includes(format)) {
    const suggestion = closest(format, formats);
    throw new UsageError(
      `--format: "${format}" is not one of ${formats.join(", ")}${suggestion ? `; did you mean ${suggestion}?` : ""}`,
    );
  }
  return format as F;
}

/**
 * The platforms of a repeatable `--platform` (each value may also list several, comma-separated), or
 * `undefined` when none was given.
 *
 * @example
 * ```ts
 * platformList(["x,telegram", "tiktok"]); // ["x", "telegram", "tiktok"]
 * ```
 */
export function platformList(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  const ids = values.flatMap((value) => value.split(",")).map((id) => id.trim());
  if (ids.some((id) => id === "")) throw new UsageError("--platform needs a platform id");
  return [...new Set(ids)];
}

/**
 * A required value from an option or its environment variable, or a `UsageError` naming both.
 *
 * @example
 * ```ts
 * required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
 * ```
 */
export function required(
  value: string | undefined,
  env: Record<string, string | undefined>,
  variable: string | undefined,
  option: string,
  what: string,
): string {
  const found = value ?? (variable ? env[variable] : undefined);
  if (found === undefined || found === "") {
    throw new UsageError(`${option} is required: ${what}${variable ? ` (or set $${variable})` : ""}`);
  }
  return found;
}

/**
 * The actor id from `--actor` or `$REFERRAL_KIT_ACTOR` (or `fallback`), checked to be an id.
 *
 * @example
 * ```ts
 * actorId(values.actor, io.env, "email-replies");
 * ```
 */
export function actorId(
  value: string | undefined,
  env: Record<string, string | undefined>,
  fallback?: string,
): string {
  const id = value ?? env.REFERRAL_KIT_ACTOR ?? fallback;
  if (id === undefined) {
    throw new UsageError("--actor is required: who records it (or set $REFERRAL_KIT_ACTOR)");
  }
  if (!Id.safeParse(id).success) throw new UsageError(`--actor ${JSON.stringify(id)} is not an id`);
  return id;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A time option: ISO 8601 with a zone, or a day alone (`2025-01-01`), read as the start of that day in
 * UTC. Returns the time as milliseconds and as an ISO string.
 *
 * @example
 * ```ts
 * timeOption("--from", "2025-01-01"); // { ms: 1735689600000, iso: "2025-01-01T00:00:00.000Z" }
 * ```
 */
export function timeOption(option: string, value: string): { ms: number; iso: string } {
  const text = DAY.test(value) ? `${value}T00:00:00Z` : value;
  const ms = Date.parse(text);
  if (!ISO_WITH_ZONE_PATTERN.test(text) || Number.isNaN(ms)) {
    throw new UsageError(
      `${option}: ${JSON.stringify(value)} is not a day (2025-01-01, read as 00:00 UTC) or an ISO 8601 time with a zone (2025-01-01T09:30:00Z)`,
    );
  }
  return { ms, iso: new Date(ms).toISOString() };
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

/** A number of 0 or more given to `option` (days, hours), or a usage error naming the option. */
export function nonNegativeNumber(option: string, value: string): number {
  const number = Number(value);
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(number >= 0)) {
    throw new UsageError(`${option}: ${JSON.stringify(value)} is not a number of 0 or more`);
  }
  return number;
}

/**
 * A positive whole number from an option (`--concurrency 4`), or a `UsageError`.
 *
 * @example
 * ```ts
 * positiveInteger("--concurrency", "4"); // 4
 * ```
 */
export function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !(number > 0)) {
    throw new UsageError(`${option}: ${JSON.stringify(value)} is not a positive whole number`);
  }
  return number;
}

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

import type { PlatformParser } from "./platform-parser.js";
import { facebookParser } from "./platforms/facebook.js";
import { instagramParser } from "./platforms/instagram.js";
import { telegramParser } from "./platforms/telegram.js";
import { tiktokParser } from "./platforms/tiktok.js";
import { whatsappParser } from "./platforms/whatsapp.js";
import { xParser } from "./platforms/x.js";

/**
 * The parsers of the six built-in platforms, in the order of `KNOWN_PLATFORM_IDS`. A custom parser can
 * wrap one of them (delegate to `parse` and post-process) or replace it by registering the same hosts.
 *
 * @example
 * ```ts
 * builtInPlatformParsers.map((parser) => parser.id); // ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"]
 * ```
 */
export const builtInPlatformParsers: readonly PlatformParser[] = Object.freeze([
  facebookParser,
  instagramParser,
  whatsappParser,
  tiktokParser,
  xParser,
  telegramParser,
]);

const hosts: readonly string[] = builtInPlatformParsers.flatMap((parser) => parser.hosts);
const parsersOfHosts: readonly PlatformParser[] = builtInPlatformParsers.flatMap((parser) =>
  parser.hosts.map(() => parser),
);

/**
 * The built-in parser for a normalised host. A scan of 14 hosts rather than a Map: the host is a fresh
 * string on every parse, and comparing it (most comparisons stop at the length) is cheaper than hashing it.
 * @internal
 *
 * @example
 * ```ts
 * builtInParserForHost("t.me")?.id; // "telegram"
 * ```
 */
export function builtInParserForHost(host: string): PlatformParser | undefined {
  for (let index = 0; index < hosts.length; index++) {
    if (hosts[index] === host) return parsersOfHosts[index];
  }
  return undefined;
}

/**
 * Built-in parsers by platform id, for bare handles.
 * @internal
 *
 * @example
 * ```ts
 * builtInParsersById.get("x")?.name; // "X"
 * ```
 */
export const builtInParsersById: ReadonlyMap<string, PlatformParser> = new Map(
  builtInPlatformParsers.map((parser) => [parser.id, parser] as const),
);

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
 * import { builtInPlatformParsers } from "referral-kit";
 *
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

/** Built-in parsers by host, for one lookup per parse. */
export const builtInParsersByHost: ReadonlyMap<string, PlatformParser> = new Map(
  builtInPlatformParsers.flatMap((parser) => parser.hosts.map((host) => [host, parser] as const)),
);

/** Built-in parsers by platform id, for bare handles. */
export const builtInParsersById: ReadonlyMap<string, PlatformParser> = new Map(
  builtInPlatformParsers.map((parser) => [parser.id, parser] as const),
);

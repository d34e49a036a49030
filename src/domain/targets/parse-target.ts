import { InvalidTargetError } from "../errors.js";
import type { PlatformId } from "../platforms.js";
import { BUILT_IN_PLATFORMS, builtInPlatformForHost, findPlatform } from "./builtin-platforms.js";
import {
  isRejection,
  type ParseOutcome,
  type PlatformDefinition,
  type TargetRejection,
} from "./platform-definition.js";
import { Target } from "./target.js";
import { schemeColon, splitUrl } from "./target-url.js";

/**
 * The longest input `parseTarget` reads. Real profile and post links are far shorter; the bound keeps
 * the work on hostile input (a pasted document, a megabyte of junk) constant.
 *
 * @example
 * ```ts
 * import { safeParseTarget } from "referral-kit";
 *
 * safeParseTarget("x".repeat(MAX_TARGET_INPUT_LENGTH + 1)).success; // false
 * ```
 */
export const MAX_TARGET_INPUT_LENGTH = 2048;

/**
 * Options of {@link parseTarget}.
 *
 * @example
 * ```ts
 * parseTarget("@somename", { platform: "telegram" });
 * parseTarget("https://vk.com/somename", { platforms: [vk] });
 * ```
 */
export interface ParseTargetOptions {
  /**
   * The platform the input is expected to be on. Required for bare handles (`@name`, `name`, `+phone`);
   * for links, a link to another platform is rejected.
   */
  platform?: PlatformId;
  /**
   * Definitions of platforms referral-kit does not ship (or replacements for built-in ones). They are
   * consulted before the built-in definitions, by host for links and by id for bare handles. What their
   * parsers return is validated against `Target` and must carry the definition's own platform id.
   */
  platforms?: readonly PlatformDefinition[];
}

// Invisible marks that copying from right-to-left documents and chat apps adds; never valid in links.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * Turns whatever a person pastes (a profile or post link in any of its variants, or a bare `@handle`
 * with `options.platform`) into a typed {@link Target}. Throws {@link InvalidTargetError}, and nothing
 * else, for any input it cannot read, with a `reason` saying why. No network access: short links that
 * need a redirect are refused with a hint.
 *
 * @example
 * ```ts
 * import { parseTarget, targetKey } from "referral-kit";
 *
 * targetKey(parseTarget("https://mobile.twitter.com/SomeName/")); // "x:somename"
 * targetKey(parseTarget("t.me/s/somechannel/42")); // "telegram:somechannel/42"
 * targetKey(parseTarget("@SomeName", { platform: "tiktok" })); // "tiktok:somename"
 * parseTarget("https://x.com/home"); // throws InvalidTargetError: "x.com/home is a reserved X page, not an account"
 * ```
 */
export function parseTarget(input: string, options: ParseTargetOptions = {}): Target {
  const outcome = parseOutcome(input, options);
  if (isRejection(outcome)) throw rejection(input, outcome);
  return outcome;
}

/**
 * Like {@link parseTarget}, but returns `{ success: false, error }` instead of throwing. Never throws.
 *
 * @example
 * ```ts
 * import { safeParseTarget } from "referral-kit";
 *
 * const result = safeParseTarget("instagram.com/explore");
 * if (!result.success) console.log(result.error.reason); // "instagram.com/explore is a reserved Instagram page, not an account"
 * ```
 */
export function safeParseTarget(
  input: string,
  options: ParseTargetOptions = {},
): { success: true; data: Target } | { success: false; error: InvalidTargetError } {
  const outcome = parseOutcome(input, options);
  if (isRejection(outcome)) return { success: false, error: rejection(input, outcome) };
  return { success: true, data: outcome };
}

function parseOutcome(input: unknown, options: ParseTargetOptions): ParseOutcome {
  try {
    return readInput(input, options ?? {});
  } catch (error) {
    // The contract is "InvalidTargetError or a Target" for every input, so a bug (or a custom parser
    // that throws) must not leak another error type to callers looping over imported rows.
    const detail = error instanceof Error ? error.message : String(error);
    return { reason: `the input could not be parsed (${detail})` };
  }
}

function readInput(input: unknown, options: ParseTargetOptions): ParseOutcome {
  if (typeof input !== "string") return { reason: `expected a string, got ${typeof input}` };
  if (input.length > MAX_TARGET_INPUT_LENGTH) {
    return {
      reason: `the input is longer than ${MAX_TARGET_INPUT_LENGTH} characters; paste one link at a time`,
    };
  }
  let text = input.trim();
  let shape = shapeOf(text);
  if (shape & INVISIBLE_CHAR) {
    text = text.replace(INVISIBLE, "").trim();
    shape = shapeOf(text);
  }
  if (text === "") return { reason: "the input is empty" };
  if (shape & CONTROL_CHAR) return { reason: "the input contains control characters" };

  const custom = options.platforms ?? [];
  if (options.platform !== undefined && !findPlatform(options.platform, custom)) {
    return { reason: `unknown platform "${options.platform}"; pass its definition in options.platforms` };
  }

  if (text.charCodeAt(0) === 64) return readHandle(text.slice(1), options, custom);
  if (shape & (SLASH | BACKSLASH) || schemeColon(text) !== -1)
    return readLink(input, text, shape, options, custom);
  if (shape & DOT) {
    if (options.platform === undefined) return readHostOnly(input, text, shape, options, custom);
    if (isKnownHost(text, custom)) return readLink(input, text, shape, options, custom);
  }
  return readHandle(text, options, custom);
}

// What one pass over the text found, as bit flags.
const CONTROL_CHAR = 1;
const INVISIBLE_CHAR = 2;
const WHITESPACE_CHAR = 4;
const SLASH = 8;
const BACKSLASH = 16;
const DOT = 32;

// Anything outside printable ASCII, or a backslash, sends the text through the full scan.
const UNUSUAL = /[^\x21-\x5b\x5d-\x7e]/;

/**
 * The shape flags of a text. Printable ASCII, the common case, needs one native search: a slash already
 * decides "link", so the dot only matters without one.
 */
function shapeOf(text: string): number {
  if (UNUSUAL.test(text)) return scan(text);
  if (text.includes("/")) return SLASH;
  return text.includes(".") ? DOT : 0;
}

/** One pass over the text instead of a regular expression per question. */
function scan(text: string): number {
  let shape = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 47) shape |= SLASH;
    else if (code === 46) shape |= DOT;
    else if (code === 92) shape |= BACKSLASH;
    else if (code === 32) shape |= WHITESPACE_CHAR;
    // C0 and C1 control characters: never part of a link, and a sign of binary junk or injection.
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) shape |= CONTROL_CHAR;
    else if (code > 0x9f) {
      if ((code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e)) shape |= INVISIBLE_CHAR;
      else if (code === 0x2060 || code === 0xfeff || (code >= 0x2066 && code <= 0x2069))
        shape |= INVISIBLE_CHAR;
      else if (/\s/.test(text[index]!)) shape |= WHITESPACE_CHAR;
    }
  }
  return shape;
}

function readLink(
  input: string,
  text: string,
  shape: number,
  options: ParseTargetOptions,
  custom: readonly PlatformDefinition[],
): ParseOutcome {
  if (shape & (WHITESPACE_CHAR | CONTROL_CHAR))
    return { reason: "a link cannot contain spaces; paste one link at a time" };
  if (shape & BACKSLASH) return { reason: 'a link cannot contain "\\"' };
  const url = splitUrl(input, text);
  if (typeof url === "string") return { reason: url };

  const parser = findByHost(url.host, custom);
  if (!parser) {
    return { reason: `${url.host} is not a supported platform (${supportedNames(custom)})` };
  }
  if (options.platform !== undefined && parser.id !== options.platform) {
    return { reason: `this link is on ${parser.name}, but platform "${options.platform}" was expected` };
  }
  const outcome = parser.parse(url);
  return custom.length > 0 && custom.includes(parser) ? checkCustom(parser, outcome) : outcome;
}

/** "something.tld" with no path: a platform home page, another site, or a handle without its platform. */
function readHostOnly(
  input: string,
  text: string,
  shape: number,
  options: ParseTargetOptions,
  custom: readonly PlatformDefinition[],
): ParseOutcome {
  const outcome = readLink(input, text, shape, options, custom);
  if (!isRejection(outcome) || isKnownHost(text, custom)) return outcome;
  return {
    reason: `${outcome.reason}; if "${truncate(text)}" is a handle, say which platform with options.platform`,
  };
}

function readHandle(
  handle: string,
  options: ParseTargetOptions,
  custom: readonly PlatformDefinition[],
): ParseOutcome {
  if (handle === "") return { reason: 'nothing follows the "@"' };
  if (options.platform === undefined) {
    return {
      reason: `"${truncate(handle)}" is a bare handle; say which platform it is on with options.platform, or paste a link`,
    };
  }
  const parser = findPlatform(options.platform, custom)!;
  if (!parser.parseHandle) return { reason: `${parser.name} needs a link, not a bare handle` };
  const outcome = parser.parseHandle(handle);
  return custom.includes(parser) ? checkCustom(parser, outcome) : outcome;
}

/** Custom parsers are someone else's code: hold their output to the same schema as ours. */
function checkCustom(parser: PlatformDefinition, outcome: ParseOutcome): ParseOutcome {
  if (isRejection(outcome)) return { reason: String(outcome.reason) };
  const checked = Target.safeParse(outcome);
  if (!checked.success) {
    return {
      reason: `the ${parser.name} parser returned an invalid target: ${checked.error.issues[0]?.message}`,
    };
  }
  const platform = checked.data.type === "account" ? checked.data.account.platform : checked.data.platform;
  if (platform !== parser.id) {
    return {
      reason: `the ${parser.name} parser returned a target for platform "${platform}", not "${parser.id}"`,
    };
  }
  return checked.data;
}

function findByHost(host: string, custom: readonly PlatformDefinition[]): PlatformDefinition | undefined {
  for (let index = 0; index < custom.length; index++) {
    if (custom[index]!.hosts.includes(host)) return custom[index];
  }
  return builtInPlatformForHost(host);
}

function isKnownHost(text: string, custom: readonly PlatformDefinition[]): boolean {
  const url = splitUrl(text, text);
  return typeof url !== "string" && findByHost(url.host, custom) !== undefined;
}

function supportedNames(custom: readonly PlatformDefinition[]): string {
  return [...custom, ...BUILT_IN_PLATFORMS].map((parser) => parser.name).join(", ");
}

// Reasons quote parts of the input; keep them readable when the input is 2,000 characters of junk.
const MAX_REASON_LENGTH = 300;

function rejection(input: unknown, outcome: TargetRejection): InvalidTargetError {
  // Non-string input reaches here only from untyped callers; the error still needs a string.
  const shown = typeof input === "string" ? input : `(${typeof input})`;
  const reason =
    outcome.reason.length <= MAX_REASON_LENGTH
      ? outcome.reason
      : `${outcome.reason.slice(0, MAX_REASON_LENGTH)}…`;
  return new InvalidTargetError(shown, reason);
}

function truncate(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 60)}…`;
}

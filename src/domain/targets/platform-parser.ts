import type { AccountRef, ContentKind, Target } from "./target.js";
import type { TargetUrl } from "./target-url.js";

/**
 * Why a parser refused a link. Returned (not thrown) so parsers stay plain functions; `parseTarget`
 * turns it into an {@link InvalidTargetError} carrying the input.
 *
 * @example
 * ```ts
 * const rejection: TargetRejection = { reason: "vk.com/feed is the news feed, not an account" };
 * ```
 */
export interface TargetRejection {
  readonly reason: string;
}

/**
 * What a parser returns: a target, or why not.
 *
 * @example
 * ```ts
 * const outcome: ParseOutcome = parser.parse(url);
 * if ("reason" in outcome) console.log(outcome.reason);
 * ```
 */
export type ParseOutcome = Target | TargetRejection;

/**
 * Turns links (and optionally bare handles) of one platform into targets. The six built-in platforms
 * have one each; an adapter for another platform passes its own through `options.platforms`.
 *
 * @example
 * ```ts
 * import { parseTarget, rejectTarget, type PlatformParser } from "referral-kit";
 *
 * const vk: PlatformParser = {
 *   id: "vk",
 *   name: "VK",
 *   hosts: ["vk.com"],
 *   parse: (url) => {
 *     const [name, ...rest] = url.path;
 *     if (!name || rest.length > 0 || !/^[a-z0-9_.]{5,32}$/i.test(name)) return rejectTarget("not a VK profile link");
 *     return { type: "account", account: { kind: "username", platform: "vk", username: name.toLowerCase() } };
 *   },
 * };
 * parseTarget("https://vk.com/SomeName", { platforms: [vk] }); // account vk:somename
 * ```
 */
export interface PlatformParser {
  /** The platform id the parser's targets carry (lower-case letters, digits, hyphens). */
  readonly id: string;
  /** Display name, used in rejection reasons. */
  readonly name: string;
  /** Hosts whose links this parser reads, lower-case, without `www.`, `m.` or `mobile.`. */
  readonly hosts: readonly string[];
  /** Reads a split link of one of `hosts`. */
  parse(url: TargetUrl): ParseOutcome;
  /**
   * Reads a bare handle (`@name`, `name`, `+phone`) given with `options.platform`. Without it, bare
   * handles for this platform are rejected.
   */
  parseHandle?(handle: string): ParseOutcome;
}

/**
 * Builds a rejection with a reason a person can act on.
 *
 * @example
 * ```ts
 * return rejectTarget("vk.com/feed is the news feed, not an account");
 * ```
 */
export function rejectTarget(reason: string): TargetRejection {
  return { reason };
}

/**
 * True when a parser outcome is a rejection.
 * @internal
 *
 * @example
 * ```ts
 * isRejection(rejectTarget("not a profile")); // true
 * ```
 */
export function isRejection(outcome: ParseOutcome): outcome is TargetRejection {
  return "reason" in outcome;
}

/**
 * An account target.
 * @internal
 *
 * @example
 * ```ts
 * accountTarget({ kind: "username", platform: "x", username: "somename" });
 * ```
 */
export function accountTarget(account: AccountRef): Target {
  return { type: "account", account };
}

/**
 * A content target, with its account when the link shows it.
 * @internal
 *
 * @example
 * ```ts
 * contentTarget("x", "post", "1234", usernameRef("x", "SomeName"));
 * ```
 */
export function contentTarget(platform: string, kind: ContentKind, id: string, account?: AccountRef): Target {
  return account ? { type: "content", platform, kind, id, account } : { type: "content", platform, kind, id };
}

/**
 * A username account ref; the canonical username is lower-case.
 * @internal
 *
 * @example
 * ```ts
 * usernameRef("x", "SomeName"); // { kind: "username", platform: "x", username: "somename" }
 * ```
 */
export function usernameRef(platform: string, username: string): AccountRef {
  return { kind: "username", platform, username: username.toLowerCase() };
}

import type { AccountRef, ContentKind, Target } from "./target.js";
import type { TargetUrl } from "./target-url.js";

/**
 * Why a platform's parser refused a link (what {@link rejectTarget} builds). Returned (not thrown) so
 * parsers stay plain functions; `parseTarget` turns it into an {@link InvalidTargetError} carrying the input.
 * @internal
 */
export interface TargetRejection {
  readonly reason: string;
}

/** What a parser returns: a target, or why not. @internal */
export type ParseOutcome = Target | TargetRejection;

/**
 * How a platform's public pages say a target is gone, withheld in the visitor's country, or hidden behind a
 * login, for independent verification (`referral-kit/verify`). Markers are case-insensitive substrings
 * looked for in the first bytes of a page (withheld markers before removed ones); redirects are matched
 * against the `Location` a probe is sent to. Data, not code: real pages change, so an agency updates the
 * rules without touching the probe.
 *
 * @example
 * ```ts
 * const rules: PageRules = { removedMarkers: ["Account suspended"], withheldMarkers: ["withheld in"], removedRedirects: [/\/account\/suspended/], loginRedirects: [/\/login/] };
 * ```
 */
export interface PageRules {
  readonly removedMarkers: readonly string[];
  readonly withheldMarkers: readonly string[];
  /** A redirect whose target matches means the account or post is gone. */
  readonly removedRedirects: readonly RegExp[];
  /** A redirect to a login page: the probe cannot tell, so the check is inconclusive. */
  readonly loginRedirects: readonly RegExp[];
}

/**
 * Everything referral-kit knows about one platform, in one place: its id and display name, the hosts its
 * links use, how to read a link or a bare handle into a target, the canonical link of a target, the content
 * kinds its links name, how its public pages say a target is gone, and fictional targets in its shape. The
 * six built-in platforms are definitions like any other ({@link BUILT_IN_PLATFORMS}); a platform referral-kit
 * does not ship is one more definition, passed where the functions take `platforms` (`parseTarget`,
 * `canonicalUrl`, the verification probe), and it replaces a built-in one with the same id or hosts.
 *
 * @example
 * ```ts
 * import { canonicalUrl, parseTarget, rejectTarget, type PlatformDefinition } from "referral-kit";
 *
 * const vk: PlatformDefinition = {
 *   id: "vk",
 *   name: "VK",
 *   hosts: ["vk.com"],
 *   parse: (url) => {
 *     const [name, ...rest] = url.path;
 *     if (!name || rest.length > 0 || !/^[a-z0-9_.]{5,32}$/i.test(name)) return rejectTarget("not a VK profile link");
 *     return { type: "account", account: { kind: "username", platform: "vk", username: name.toLowerCase() } };
 *   },
 *   canonicalUrl: (target) =>
 *     target.type === "account" && target.account.kind === "username" ? `https://vk.com/${target.account.username}` : undefined,
 * };
 * const target = parseTarget("https://vk.com/SomeName", { platforms: [vk] }); // account vk:somename
 * canonicalUrl(target, { platforms: [vk] }); // "https://vk.com/somename"
 * ```
 */
export interface PlatformDefinition {
  /** The platform id the targets carry (lower-case letters, digits, hyphens). */
  readonly id: string;
  /** Display name, used in tables, exports and rejection reasons. */
  readonly name: string;
  /** Hosts whose links this platform owns, lower-case, without `www.`, `m.` or `mobile.`. */
  readonly hosts: readonly string[];
  /** Reads a split link of one of `hosts`: a target, or why not ({@link rejectTarget}). */
  parse(url: TargetUrl): Target | { readonly reason: string };
  /**
   * Reads a bare handle (`@name`, `name`, `+phone`) given with `options.platform`. Without it, bare
   * handles for this platform are rejected.
   */
  parseHandle?(handle: string): Target | { readonly reason: string };
  /**
   * The one link a person opens to see a target of this platform, or `undefined` when the platform has no
   * public link for it (a private group by numeric id). Without it, `canonicalUrl` gives `undefined`.
   */
  canonicalUrl?(target: Target): string | undefined;
  /** The content kinds this platform's links name (documentation and test data; parsing decides). */
  readonly contentKinds?: readonly ContentKind[];
  /** How the platform's public pages show removal, withholding and login walls (for verification). */
  readonly pageRules?: PageRules;
  /**
   * A fictional target in this platform's shape, distinct for each `index`: what conformance runs, mocks
   * and examples submit. Without it they use `rk_conf_<index>` usernames and numeric post ids.
   */
  sampleTarget?(index: number, type: "account" | "content"): Target;
}

/**
 * Builds a parser's rejection with a reason a person can act on: returned (not thrown) from a
 * {@link PlatformDefinition}'s `parse` or `parseHandle`, so parsers stay plain functions; `parseTarget`
 * turns it into an {@link InvalidTargetError} carrying the input.
 *
 * @example
 * ```ts
 * return rejectTarget("vk.com/feed is the news feed, not an account");
 * ```
 */
export function rejectTarget(reason: string): { readonly reason: string } {
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

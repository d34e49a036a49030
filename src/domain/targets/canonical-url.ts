import { findPlatform } from "./builtin-platforms.js";
import type { PlatformDefinition } from "./platform-definition.js";
import type { Target } from "./target.js";

/**
 * A clean https link for a target, in the form the platform itself uses (its definition's `canonicalUrl`),
 * or `undefined` when the target does not carry enough to build one (a Facebook group post without its
 * group, a Telegram private channel without a message) or the platform's definition builds none. Parsing
 * the link gives the same {@link targetKey}. A custom platform's definition is passed in
 * `options.platforms`, as for {@link parseTarget}.
 *
 * @example
 * ```ts
 * import { canonicalUrl, parseTarget } from "referral-kit";
 *
 * canonicalUrl(parseTarget("mobile.twitter.com/SomeName/status/123?s=20")); // "https://x.com/somename/status/123"
 * canonicalUrl(parseTarget("api.whatsapp.com/send?phone=923001234567")); // "https://wa.me/923001234567"
 * canonicalUrl(vkTarget, { platforms: [vk] }); // what vk.canonicalUrl gives
 * ```
 */
export function canonicalUrl(
  target: Target,
  options: { readonly platforms?: readonly PlatformDefinition[] } = {},
): string | undefined {
  const platform = target.type === "account" ? target.account.platform : target.platform;
  return findPlatform(platform, options.platforms)?.canonicalUrl?.(target);
}

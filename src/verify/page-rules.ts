/**
 * The page rules the probe uses: each platform's definition gives them (see docs/verification.md); a caller
 * overrides them per platform through `createHttpProbe`'s `rules`.
 */
import type { KnownPlatformId } from "../domain/platforms.js";
import { BUILT_IN_PLATFORMS, findPlatform } from "../domain/targets/builtin-platforms.js";
import type { PageRules, PlatformDefinition } from "../domain/targets/platform-definition.js";

export type { PageRules };

/**
 * The machine-readable marker every modelled public page may carry (the sandbox serves it):
 * `<meta name="referral-kit:availability" content="available|removed|suspended|withheld">`.
 *
 * @example
 * ```ts
 * AVAILABILITY_META.exec('<meta name="referral-kit:availability" content="withheld">')?.[1]; // "withheld"
 * ```
 */
export const AVAILABILITY_META =
  /<meta\s+name=["']referral-kit:availability["']\s+content=["'](available|removed|suspended|withheld)["']/i;

const NO_RULES: PageRules = {
  removedMarkers: [],
  withheldMarkers: [],
  removedRedirects: [],
  loginRedirects: [],
};

/**
 * The modelled rules for the six reference platforms, as their definitions (`BUILT_IN_PLATFORMS`) give them.
 *
 * @example
 * ```ts
 * createHttpProbe({ rules: { ...DEFAULT_PAGE_RULES, x: { ...DEFAULT_PAGE_RULES.x, removedMarkers: ["Account suspended", "Cuenta suspendida"] } } });
 * ```
 */
export const DEFAULT_PAGE_RULES: Readonly<Record<KnownPlatformId, PageRules>> = Object.freeze(
  Object.fromEntries(BUILT_IN_PLATFORMS.map((platform) => [platform.id, platform.pageRules ?? NO_RULES])),
) as Readonly<Record<KnownPlatformId, PageRules>>;

/**
 * The rules for a platform: the given ones, else its definition's (custom, then built-in), else none
 * (status codes only).
 *
 * @internal
 */
export function rulesFor(
  platform: string,
  given: Readonly<Record<string, PageRules>> | undefined,
  platforms?: readonly PlatformDefinition[],
): PageRules {
  return given?.[platform] ?? findPlatform(platform, platforms)?.pageRules ?? NO_RULES;
}

/**
 * How each platform's public pages say an account or post is gone, in the modelled protocols (see
 * docs/verification.md). Data, not code: real pages change, so an agency updates these rules (or passes
 * its own to `createHttpProbe`) without touching the probe.
 */
import type { KnownPlatformId } from "../domain/platforms.js";

/**
 * What a 200 page or a redirect means on one platform. Markers are case-insensitive substrings looked
 * for in the first bytes of a page; withheld markers are checked before removed ones.
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

/**
 * The modelled rules for the six reference platforms.
 *
 * @example
 * ```ts
 * createHttpProbe({ rules: { ...DEFAULT_PAGE_RULES, x: { ...DEFAULT_PAGE_RULES.x, removedMarkers: ["Account suspended", "Cuenta suspendida"] } } });
 * ```
 */
export const DEFAULT_PAGE_RULES: Readonly<Record<KnownPlatformId, PageRules>> = Object.freeze({
  x: {
    removedMarkers: [
      "Account suspended",
      "This account doesn't exist",
      "This account doesn’t exist",
      "This post was deleted",
    ],
    withheldMarkers: ["has been withheld in", "withheld in your country"],
    removedRedirects: [/\/account\/suspended/i],
    loginRedirects: [/\/i\/flow\/login/i, /\/login\b/i],
  },
  instagram: {
    removedMarkers: ["Sorry, this page isn't available", "Sorry, this page isn’t available"],
    withheldMarkers: ["not available in your country", "Restricted in your country"],
    removedRedirects: [],
    loginRedirects: [/\/accounts\/login/i],
  },
  facebook: {
    removedMarkers: [
      "This content isn't available right now",
      "This content isn’t available right now",
      "This page isn't available",
    ],
    withheldMarkers: ["not available in your country"],
    removedRedirects: [],
    loginRedirects: [/\/login/i, /\/checkpoint/i],
  },
  tiktok: {
    removedMarkers: [
      "Couldn't find this account",
      "Couldn’t find this account",
      "This account was banned",
      "Video currently unavailable",
    ],
    withheldMarkers: ["not available in your region", "not available in your country"],
    removedRedirects: [],
    loginRedirects: [/\/login/i],
  },
  telegram: {
    removedMarkers: ["This channel is no longer accessible", "This account has been terminated"],
    withheldMarkers: [
      "can't be displayed because it violated local laws",
      "can’t be displayed because it violated local laws",
    ],
    removedRedirects: [],
    loginRedirects: [],
  },
  whatsapp: {
    removedMarkers: ["This channel is no longer available", "This link is no longer valid"],
    withheldMarkers: ["not available in your country"],
    removedRedirects: [],
    loginRedirects: [],
  },
});

const NO_RULES: PageRules = {
  removedMarkers: [],
  withheldMarkers: [],
  removedRedirects: [],
  loginRedirects: [],
};

/**
 * The rules for a platform: the given ones, else the defaults, else none (status codes only).
 *
 * @internal
 */
export function rulesFor(
  platform: string,
  given: Readonly<Record<string, PageRules>> | undefined,
): PageRules {
  return (
    given?.[platform] ?? (DEFAULT_PAGE_RULES as Readonly<Record<string, PageRules>>)[platform] ?? NO_RULES
  );
}

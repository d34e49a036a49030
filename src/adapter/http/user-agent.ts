// Named import without attributes: bundlers inline just this field (JSON modules with attributes only have a default export).
import { version } from "../../../package.json";

/**
 * The version of referral-kit, from package.json at build time (so the user agent never goes stale).
 *
 * @example
 * ```ts
 * console.log(`referral-kit ${REFERRAL_KIT_VERSION}`);
 * ```
 */
export const REFERRAL_KIT_VERSION: string = version;

/**
 * The user agent the HTTP client sends: `referral-kit/<version> (<platform>)`, then the adapter's or
 * application's own product token. Platforms' trust-and-safety teams use it to tell referral traffic
 * from everything else.
 *
 * @example
 * ```ts
 * userAgent("x", "ministry-referrals/2.1"); // "referral-kit/1.0.0 (x) ministry-referrals/2.1"
 * ```
 */
export function userAgent(platform: string, extra?: string): string {
  const base = `referral-kit/${REFERRAL_KIT_VERSION} (${platform})`;
  return extra ? `${base} ${extra}` : base;
}

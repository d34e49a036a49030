import { platformName } from "../domain/targets/builtin-platforms.js";
import { canonicalUrl } from "../domain/targets/canonical-url.js";
import type { Target } from "../domain/targets/target.js";

/**
 * What public exports may show of account identifiers. Both default to `true` (redacted), the safer
 * choice: a request names accounts the agency suspects, not accounts a court found to be terrorist, and
 * many belong to individuals.
 *
 * @example
 * ```ts
 * // A notice for a database that publishes the URLs of official group channels:
 * toLumenNotice(request, { redactHandles: false }); // phone numbers stay redacted
 * ```
 */
export interface RedactionOptions {
  /**
   * Leave out account handles, numeric profile ids, channel and invite codes: account targets get no URL,
   * content targets get the platform's account-free link where one exists (`x.com/i/web/status/<id>`).
   * Default `true`.
   */
  redactHandles?: boolean;
  /** Leave out phone numbers (WhatsApp and Telegram accounts identified by number). Default `true`. */
  redactPhoneNumbers?: boolean;
}

/**
 * A target as a public export may show it (see {@link RedactionOptions}). Never returns evidence URLs:
 * only the canonical URL of the account or content itself.
 *
 * @example
 * ```ts
 * import { parseTarget } from "referral-kit";
 *
 * publicTarget(parseTarget("x.com/somename/status/123")); // { description: "X post", url: "https://x.com/i/web/status/123", redacted: true }
 * publicTarget(parseTarget("wa.me/923001234567"), { redactHandles: false }).url; // null: phone numbers stay redacted
 * ```
 */
export function publicTarget(
  target: Target,
  options: RedactionOptions = {},
): {
  /** E.g. `X account`, `Telegram message`. Never contains an identifier. */
  description: string;
  /** The public URL, or null when redacted or when the platform has no link for the target. */
  url: string | null;
  /** True when an identifier was left out. */
  redacted: boolean;
} {
  const redactHandles = options.redactHandles ?? true;
  const redactPhones = options.redactPhoneNumbers ?? true;
  const account = target.account;
  const hide = account !== undefined && (redactHandles || (account.kind === "phone" && redactPhones));
  const platform = target.type === "account" ? target.account.platform : target.platform;
  const description = `${platformName(platform)} ${target.type === "account" ? "account" : target.kind}`;
  if (target.type === "account") {
    return hide
      ? { description, url: null, redacted: true }
      : { description, url: canonicalUrl(target) ?? null, redacted: false };
  }
  if (!hide) return { description, url: canonicalUrl(target) ?? null, redacted: false };
  // The content's own link without its account, where the platform has one.
  const { account: _omitted, ...withoutAccount } = target;
  return { description, url: canonicalUrl(withoutAccount) ?? null, redacted: true };
}

/**
 * Each platform's own rules for usernames, so a typo or a reserved page is caught when it is pasted rather
 * than when the platform answers "not found" days later. Every check returns `undefined` when the name is
 * valid, or the reason it is not. Names are checked case-insensitively where the platform is.
 */

/** The username rule of one platform. */
type UsernameRule = (name: string) => string | undefined;

const X_NAME = /^[A-Za-z0-9_]{1,15}$/;
const INSTAGRAM_NAME = /^[a-z0-9._]{1,30}$/;
const TIKTOK_NAME = /^[a-z0-9._]{2,30}$/;
const TELEGRAM_NAME = /^[a-z][a-z0-9_]{3,31}$/;
const FACEBOOK_NAME = /^[a-z0-9.]{5,50}$/;

/**
 * X: 1 to 15 letters, digits or underscores (help.x.com, "Choosing your username").
 *
 * @example
 * ```ts
 * checkXUsername("some_name"); // undefined
 * checkXUsername("some.name"); // "\"some.name\" is not an X username (...)"
 * ```
 */
export const checkXUsername: UsernameRule = (name) =>
  X_NAME.test(name) ? undefined : `"${name}" is not an X username (1 to 15 letters, digits or underscores)`;

/**
 * Instagram: 1 to 30 of a-z, 0-9, "." and "_"; no leading or trailing dot, no "..".
 *
 * @example
 * ```ts
 * checkInstagramUsername("some..name"); // "\"some..name\" is not an Instagram username (it cannot contain \"..\")"
 * ```
 */
export const checkInstagramUsername: UsernameRule = (name) => {
  const lower = name.toLowerCase();
  if (!INSTAGRAM_NAME.test(lower)) {
    return `"${name}" is not an Instagram username (1 to 30 letters, digits, "." or "_")`;
  }
  if (lower.startsWith(".") || lower.endsWith(".")) {
    return `"${name}" is not an Instagram username (it cannot start or end with ".")`;
  }
  if (lower.includes("..")) return `"${name}" is not an Instagram username (it cannot contain "..")`;
  return undefined;
};

/**
 * TikTok: letters, digits, "." and "_", not ending with ".". The long-standing limit is 2 to 24
 * characters; TikTok has since allowed up to 30, and refusing a real account is worse here than
 * accepting a name that turns out not to exist, so 30 is the upper bound.
 *
 * @example
 * ```ts
 * checkTikTokUsername("user.name"); // undefined
 * ```
 */
export const checkTikTokUsername: UsernameRule = (name) => {
  const lower = name.toLowerCase();
  if (!TIKTOK_NAME.test(lower)) {
    return `"${name}" is not a TikTok username (2 to 30 letters, digits, "." or "_")`;
  }
  if (lower.endsWith(".")) return `"${name}" is not a TikTok username (it cannot end with ".")`;
  return undefined;
};

/**
 * Telegram: a-z, 0-9 and "_", starting with a letter, no trailing or double underscore. Basic usernames
 * have at least 5 characters; collectible ones bought on Fragment may have 4 (telegram.org/faq), so 4 is
 * the lower bound. At most 32.
 *
 * @example
 * ```ts
 * checkTelegramUsername("some__channel"); // "... (it cannot contain \"__\")"
 * ```
 */
export const checkTelegramUsername: UsernameRule = (name) => {
  const lower = name.toLowerCase();
  if (!TELEGRAM_NAME.test(lower)) {
    return `"${name}" is not a Telegram username (4 to 32 letters, digits or "_", starting with a letter)`;
  }
  if (lower.endsWith("_")) return `"${name}" is not a Telegram username (it cannot end with "_")`;
  if (lower.includes("__")) return `"${name}" is not a Telegram username (it cannot contain "__")`;
  return undefined;
};

/**
 * Facebook: at least 5 of a-z, 0-9 and "." (facebook.com/help, "username guidelines"), at most 50; one
 * letter at least, because an all-digit path is a numeric profile id instead.
 *
 * @example
 * ```ts
 * checkFacebookUsername("some.page"); // undefined
 * ```
 */
export const checkFacebookUsername: UsernameRule = (name) => {
  const lower = name.toLowerCase();
  if (!FACEBOOK_NAME.test(lower)) {
    return `"${name}" is not a Facebook username (at least 5 letters, digits or ".")`;
  }
  if (!/[a-z]/.test(lower)) return `"${name}" is not a Facebook username (it needs a letter)`;
  return undefined;
};

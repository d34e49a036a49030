/**
 * Telegram's credentials travel in the path: `<base>/bot<token>/<method>`. The token is added by an auth
 * strategy on each attempt, after the toolkit resolved the URL, so the URL in errors, logs and hooks never
 * had it; the strategy lists it as a secret so any echo of it is scrubbed as well.
 */

import type { AuthStrategy, SecretSource } from "referral-kit/adapter";
import { AuthenticationError, loadSecret } from "referral-kit/adapter";

/**
 * The environment variable the bot token is read from when no `botToken` is given.
 *
 * @example
 * ```ts
 * process.env[TELEGRAM_TOKEN_ENV] = "123456:ABC...";
 * ```
 */
export const TELEGRAM_TOKEN_ENV = "REFERRAL_KIT_TELEGRAM_BOT_TOKEN";

/** `<bot id>:<secret>`, as Telegram issues them; anything else would not be redacted by shape. */
const TOKEN_SHAPE = /^\d+:[A-Za-z0-9_-]{10,}$/;

const refuse = (message: string) =>
  new AuthenticationError({ platform: "telegram", platformMessage: message });

/**
 * The auth strategy that puts the bot token into the path: `https://host/base/<method>` becomes
 * `https://host/base/bot<token>/<method>`.
 *
 * @example
 * ```ts
 * const auth = botTokenInPath("https://api.gov-requests.telegram.example", process.env.TELEGRAM_BOT_TOKEN);
 * ```
 */
export function botTokenInPath(baseUrl: string, token: SecretSource | undefined): AuthStrategy {
  const basePath = new URL(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).pathname;
  let last: string | undefined;
  const read = async (): Promise<string> => {
    const value = loadSecret({
      value: typeof token === "function" ? await token() : token,
      env: TELEGRAM_TOKEN_ENV,
      name: "botToken",
      platform: "telegram",
      description: "Telegram bot token",
    });
    last = value;
    // Checked here, not by the platform: a token of another shape could slip past redaction by pattern.
    if (!TOKEN_SHAPE.test(value)) throw refuse("the bot token is malformed (expected <bot id>:<secret>)");
    return value;
  };
  return {
    name: "telegram-bot-path",
    async apply(request) {
      const value = await read();
      const url = new URL(request.url);
      if (!url.pathname.startsWith(basePath))
        throw new TypeError("the call does not start with the base path");
      url.pathname = `${basePath}bot${value}/${url.pathname.slice(basePath.length)}`;
      // No body: the client attaches it as the call leaves (see AuthStrategy.apply).
      return new Request(url, {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        redirect: request.redirect,
      });
    },
    secrets: () => (last ? [last] : []),
  };
}

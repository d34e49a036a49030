/**
 * TikTok's request signing: the app key in `X-TT-App-Key`, Unix seconds in `X-TT-Timestamp`, and an
 * HMAC-SHA256 (hex, keyed with the app secret) of `app key \n timestamp \n METHOD \n path?query \n
 * sha256(body)` in `X-TT-Signature` (the toolkit's default string to sign, with the app key first). This module reads the credentials (parameter, then environment) when a call
 * needs them.
 */

import { createHash } from "node:crypto";
import type { AuthStrategy, SecretSource } from "referral-kit/adapter";
import { hmac, loadSecret } from "referral-kit/adapter";

/**
 * The environment variable the app key is read from when no `appKey` is given.
 *
 * @example
 * ```ts
 * process.env[TIKTOK_APP_KEY_ENV] = "agency-app";
 * ```
 */
export const TIKTOK_APP_KEY_ENV = "REFERRAL_KIT_TIKTOK_APP_KEY";
/**
 * The environment variable the app secret is read from when no `appSecret` is given.
 *
 * @example
 * ```ts
 * process.env[TIKTOK_APP_SECRET_ENV] = await vault.read("tiktok-app-secret");
 * ```
 */
export const TIKTOK_APP_SECRET_ENV = "REFERRAL_KIT_TIKTOK_APP_SECRET";

/**
 * Header names of the modelled TikTok signature scheme and idempotency key.
 *
 * @example
 * ```ts
 * request.headers.get(TIKTOK_HEADERS.signature);
 * ```
 */
export const TIKTOK_HEADERS = Object.freeze({
  appKey: "X-TT-App-Key",
  timestamp: "X-TT-Timestamp",
  signature: "X-TT-Signature",
  idempotencyKey: "X-TT-Idempotency-Key",
});

/** Read at call time, so the environment may be set after the adapter is created. */
const load = (value: string | undefined, name: string, env: string) =>
  loadSecret({ value, env, name, platform: "tiktok", description: `TikTok ${name}` });

/**
 * The signing strategy for TikTok calls.
 *
 * @example
 * ```ts
 * const auth = tiktokSigning({ appKey: "agency-app", appSecret: process.env.TT_SECRET });
 * ```
 */
export function tiktokSigning(credentials: { appKey?: string; appSecret?: SecretSource }): AuthStrategy {
  const secret: SecretSource =
    credentials.appSecret ?? (() => load(undefined, "appSecret", TIKTOK_APP_SECRET_ENV));
  const appKey = () => load(credentials.appKey, "appKey", TIKTOK_APP_KEY_ENV);
  let last = typeof secret === "string" ? secret : undefined;
  return {
    name: "tiktok-hmac",
    async apply(request, context) {
      request.headers.set(TIKTOK_HEADERS.appKey, appKey());
      // Read on every attempt, so a rotated secret is picked up.
      last = typeof secret === "string" ? secret : await secret();
      const url = new URL(request.url);
      const timestamp = String(Math.floor(context.now() / 1000));
      // The app key is signed too, so a signature cannot be replayed under another app's name.
      const canonical = [
        appKey(),
        timestamp,
        request.method.toUpperCase(),
        `${url.pathname}${url.search}`,
        createHash("sha256")
          .update(context.body ?? "", "utf8")
          .digest("hex"),
      ].join("\n");
      const signature = await hmac("SHA-256", last, canonical);
      request.headers.set(TIKTOK_HEADERS.timestamp, timestamp);
      request.headers.set(TIKTOK_HEADERS.signature, signature);
    },
    secrets: () => (last ? [last] : []),
  };
}

/**
 * TikTok's request signing: the app key in `X-TT-App-Key`, Unix seconds in `X-TT-Timestamp`, and an
 * HMAC-SHA256 (hex, keyed with the app secret) of `app key \n timestamp \n METHOD \n path?query \n
 * sha256(body)` in `X-TT-Signature`, as the toolkit's `hmacSignature` signs (`defaultCanonicalString`
 * with the app key first), but with the secret's Web Crypto key imported once per secret rather than on
 * every call. This module reads the credentials (parameter, then environment) when a call needs them.
 */

import type { SecretSource } from "../../src/adapter/http/auth/bearer.js";
import { defaultCanonicalString } from "../../src/adapter/http/auth/hmac.js";
import type { AuthStrategy } from "../../src/adapter/http/auth/types.js";
import { loadSecret } from "../../src/adapter/load-secret.js";

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
  const keys = hmacKeys();
  let last = typeof secret === "string" ? secret : undefined;
  return {
    name: "tiktok-hmac",
    async apply(request, context) {
      request.headers.set(TIKTOK_HEADERS.appKey, appKey());
      // Read on every attempt (a rotated secret is picked up); its key is imported once.
      last = typeof secret === "string" ? secret : await secret();
      const url = new URL(request.url);
      const timestamp = String(Math.floor(context.now() / 1000));
      // The app key is signed too, so a signature cannot be replayed under another app's name.
      const canonical = `${appKey()}\n${await defaultCanonicalString({
        method: request.method.toUpperCase(),
        pathAndQuery: `${url.pathname}${url.search}`,
        timestamp,
        body: context.body ?? "",
      })}`;
      const signature = await keys.signHex(last, canonical);
      request.headers.set(TIKTOK_HEADERS.timestamp, timestamp);
      request.headers.set(TIKTOK_HEADERS.signature, signature);
    },
    secrets: () => (last ? [last] : []),
  };
}

/** A Web Crypto key (named without the DOM lib). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/**
 * Lower-case hex HMAC-SHA256, as the toolkit's `hmac("SHA-256", secret, data)` computes it, keeping the
 * imported key of the secret last used (importing a Web Crypto key costs more than signing with it).
 */
function hmacKeys() {
  const encoder = new TextEncoder();
  let cached: { secret: string; key: Promise<HmacKey> } | undefined;
  const keyFor = (secret: string): Promise<HmacKey> => {
    if (cached?.secret === secret) return cached.key;
    const entry = {
      secret,
      key: crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
      ]),
    };
    // A key that could not be imported is not kept: the next call tries again.
    entry.key.catch(() => {
      if (cached === entry) cached = undefined;
    });
    cached = entry;
    return entry.key;
  };
  return {
    async signHex(secret: string, data: string): Promise<string> {
      const bytes = new Uint8Array(
        await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(data)),
      );
      return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    },
  };
}

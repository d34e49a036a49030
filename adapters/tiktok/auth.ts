/**
 * TikTok's request signing: the app key in `X-TT-App-Key`, Unix seconds in `X-TT-Timestamp`, and an
 * HMAC-SHA256 (hex, keyed with the app secret) of `app key \n timestamp \n METHOD \n path?query \n
 * sha256(body)` in `X-TT-Signature`. The toolkit's `hmacSignature` does the signing; this module reads
 * the credentials (parameter, then environment) when a call needs them and puts the app key first.
 */

import type { SecretSource } from "../../src/adapter/http/auth/bearer.js";
import { defaultCanonicalString, hmacSignature } from "../../src/adapter/http/auth/hmac.js";
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
  const signer = hmacSignature({
    secret,
    algorithm: "SHA-256",
    encoding: "hex",
    timestampHeader: TIKTOK_HEADERS.timestamp,
    signatureHeader: TIKTOK_HEADERS.signature,
    // The app key is signed too, so a signature cannot be replayed under another app's name.
    canonicalize: async (parts) => `${appKey()}\n${await defaultCanonicalString(parts)}`,
  });
  return {
    name: "tiktok-hmac",
    async apply(request, context) {
      request.headers.set(TIKTOK_HEADERS.appKey, appKey());
      return signer.apply(request, context);
    },
    secrets: () => signer.secrets(),
  };
}

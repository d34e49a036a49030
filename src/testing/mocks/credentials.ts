import { FACEBOOK_MOCK_APP_ID, FACEBOOK_MOCK_APP_SECRET } from "./facebook.js";
import { INSTAGRAM_MOCK_APP_ID, INSTAGRAM_MOCK_APP_SECRET } from "./instagram.js";
import { TELEGRAM_MOCK_BOT_TOKEN } from "./telegram.js";
import { TIKTOK_MOCK_APP_KEY, TIKTOK_MOCK_APP_SECRET } from "./tiktok.js";
import { WHATSAPP_MOCK_TOKEN } from "./whatsapp.js";
import { X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET } from "./x.js";

/**
 * The credentials the built-in mocks (and the sandbox) accept, by platform, under the names of the
 * adapter options they go in (`(typeof MOCK_CREDENTIALS)["tiktok"]` is TikTok's). Test values, public by
 * design: never a real platform's. Each mock answers at its adapter's default base URL (`mock.baseUrl`).
 *
 * @example
 * ```ts
 * import { createXAdapter } from "referral-kit/adapters/x";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("x");
 * const adapter = createXAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.x });
 * ```
 */
export const MOCK_CREDENTIALS: {
  readonly facebook: { readonly appId: string; readonly appSecret: string };
  readonly instagram: { readonly appId: string; readonly appSecret: string };
  readonly whatsapp: { readonly accessToken: string };
  readonly tiktok: { readonly appKey: string; readonly appSecret: string };
  readonly x: { readonly bearerToken: string; readonly webhookSecret: string };
  readonly telegram: { readonly botToken: string };
} = Object.freeze({
  facebook: Object.freeze({ appId: FACEBOOK_MOCK_APP_ID, appSecret: FACEBOOK_MOCK_APP_SECRET }),
  instagram: Object.freeze({ appId: INSTAGRAM_MOCK_APP_ID, appSecret: INSTAGRAM_MOCK_APP_SECRET }),
  whatsapp: Object.freeze({ accessToken: WHATSAPP_MOCK_TOKEN }),
  tiktok: Object.freeze({ appKey: TIKTOK_MOCK_APP_KEY, appSecret: TIKTOK_MOCK_APP_SECRET }),
  x: Object.freeze({ bearerToken: X_MOCK_TOKEN, webhookSecret: X_MOCK_WEBHOOK_SECRET }),
  telegram: Object.freeze({ botToken: TELEGRAM_MOCK_BOT_TOKEN }),
});

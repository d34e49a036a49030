/**
 * The six reference adapters wired to the six platform mocks (msw, in this process), sharing one simulated
 * clock so "three days later" takes no time. Public exports only: this is how an agency tool would test.
 */
import type { ReportingAdapter } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import { type Clock, systemClock } from "referral-kit/dispatch";
import {
  createFacebookMock,
  createInstagramMock,
  createTelegramMock,
  createTikTokMock,
  createWhatsAppMock,
  createXMock,
  FACEBOOK_MOCK_APP_ID,
  FACEBOOK_MOCK_APP_SECRET,
  INSTAGRAM_MOCK_APP_ID,
  INSTAGRAM_MOCK_APP_SECRET,
  TELEGRAM_MOCK_BOT_TOKEN,
  TIKTOK_MOCK_APP_KEY,
  TIKTOK_MOCK_APP_SECRET,
  WHATSAPP_MOCK_TOKEN,
  X_MOCK_TOKEN,
  X_MOCK_WEBHOOK_SECRET,
} from "referral-kit/testing";

/** The six mocks with their default (illustrative) scenarios, and adapters pointed at them. */
export function referencePlatforms(startTime: string, seed = 2025) {
  const mocks = [
    createFacebookMock({ startTime, seed }),
    createInstagramMock({ startTime, seed }),
    createWhatsAppMock({ startTime, seed }),
    createTikTokMock({ startTime, seed }),
    createXMock({ startTime, seed }),
    createTelegramMock({ startTime, seed }),
  ];
  const adapters: ReportingAdapter[] = [
    createFacebookAdapter({ appId: FACEBOOK_MOCK_APP_ID, appSecret: FACEBOOK_MOCK_APP_SECRET }),
    createInstagramAdapter({ appId: INSTAGRAM_MOCK_APP_ID, appSecret: INSTAGRAM_MOCK_APP_SECRET }),
    createWhatsAppAdapter({ accessToken: WHATSAPP_MOCK_TOKEN }),
    createTikTokAdapter({ appKey: TIKTOK_MOCK_APP_KEY, appSecret: TIKTOK_MOCK_APP_SECRET }),
    createXAdapter({ bearerToken: X_MOCK_TOKEN, webhookSecret: X_MOCK_WEBHOOK_SECRET }),
    createTelegramAdapter({ botToken: TELEGRAM_MOCK_BOT_TOKEN }),
  ];
  let advanced = 0;
  const start = Date.parse(startTime);
  const realStart = Date.now();
  // The dispatcher's clock is the simulated time the mocks use, plus the real time that has passed, so
  // waits (Retry-After, rate limits) still take their real time.
  const clock: Clock = { now: () => start + advanced + (Date.now() - realStart), sleep: systemClock.sleep };
  return {
    mocks,
    adapters,
    clock,
    handlers: mocks.flatMap((mock) => mock.handlers),
    /**
     * The adapters declare their platforms' published rate limits (WhatsApp: 20 submissions a minute).
     * The mocks do not enforce them, so the demo lifts them to finish in seconds; a real run keeps them.
     */
    demoLimits: Object.fromEntries(
      adapters.map((adapter) => [adapter.platform, { rateLimits: [{ limit: 1_000, windowMs: 1_000 }] }]),
    ),
    /** Moves every platform's clock (and the dispatcher's) forward. */
    advance(ms: number) {
      advanced += ms;
      for (const mock of mocks) mock.advance(ms);
    },
  };
}

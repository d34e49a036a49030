import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { runAdapterConformance } from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
// Not re-exported from referral-kit/testing yet (src/testing/index.ts is the lead's file).
import { createTelegramMock, TELEGRAM_MOCK_BOT_TOKEN } from "../../src/testing/mocks/telegram.js";

// The Telegram reference adapter against the Telegram mock: every case of the suite must pass.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createTelegramAdapter({
      baseUrl,
      timeoutMs,
      botToken: TELEGRAM_MOCK_BOT_TOKEN,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createTelegramMock(),
  secrets: [TELEGRAM_MOCK_BOT_TOKEN],
});

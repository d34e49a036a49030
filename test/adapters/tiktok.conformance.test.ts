import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { runAdapterConformance } from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
// Not re-exported from referral-kit/testing yet (src/testing/index.ts is the lead's file).
import {
  createTikTokMock,
  TIKTOK_MOCK_APP_KEY,
  TIKTOK_MOCK_APP_SECRET,
} from "../../src/testing/mocks/tiktok.js";

// The TikTok reference adapter against the TikTok mock: every case of the suite must pass.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createTikTokAdapter({
      baseUrl,
      timeoutMs,
      appKey: TIKTOK_MOCK_APP_KEY,
      appSecret: TIKTOK_MOCK_APP_SECRET,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createTikTokMock(),
  secrets: [TIKTOK_MOCK_APP_SECRET],
});

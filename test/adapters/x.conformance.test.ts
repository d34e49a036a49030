import { createXAdapter } from "referral-kit/adapters/x";
import { createXMock, X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET } from "referral-kit/testing";
import { runAdapterConformance } from "referral-kit/testing/vitest";

// The X reference adapter against the X mock: every case of the suite must pass.
runAdapterConformance({
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createXAdapter({
      baseUrl,
      timeoutMs,
      bearerToken: X_MOCK_TOKEN,
      webhookSecret: X_MOCK_WEBHOOK_SECRET,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createXMock(),
  secrets: [X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET],
});

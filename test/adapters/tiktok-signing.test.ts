/**
 * TikTok signing keeps the app secret's imported Web Crypto key (importing is the slow part) and still
 * signs byte for byte as the toolkit's `hmac` of the documented string to sign (docs/wire/tiktok.md).
 */
import { setupServer } from "msw/node";
import { hmac } from "referral-kit/adapter";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { conformanceRequest, defaultTarget } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TIKTOK_HEADERS, tiktokSigning } from "../../adapters/tiktok/auth.js";
import { defaultCanonicalString } from "../../src/adapter/http/auth/hmac.js";
import {
  createTikTokMock,
  TIKTOK_MOCK_APP_KEY,
  TIKTOK_MOCK_APP_SECRET,
} from "../../src/testing/mocks/tiktok.js";

const mock = createTikTokMock();
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const context = (body: string | undefined, now = 1_767_225_600_000) => ({
  platform: "tiktok",
  body,
  signal: new AbortController().signal,
  fetch: globalThis.fetch,
  now: () => now,
});

/** The signature docs/wire/tiktok.md defines, computed with the toolkit's own `hmac`. */
async function expected(secret: string, request: Request, body: string, timestamp: string) {
  const url = new URL(request.url);
  const canonical = `${TIKTOK_MOCK_APP_KEY}\n${await defaultCanonicalString({
    method: request.method,
    pathAndQuery: `${url.pathname}${url.search}`,
    timestamp,
    body,
  })}`;
  return hmac("SHA-256", secret, canonical);
}

describe("tiktokSigning", () => {
  it("signs as hmac() of the documented string, and picks up a rotated secret", async () => {
    let secret = TIKTOK_MOCK_APP_SECRET;
    const auth = tiktokSigning({ appKey: TIKTOK_MOCK_APP_KEY, appSecret: () => secret });
    const sign = async (body: string, path = "/v2/legal/requests?page_size=20") => {
      const request = new Request(`https://open.gov-requests.tiktok.example${path}`, { method: "POST" });
      await auth.apply(request, context(body));
      const want = await expected(secret, request, body, "1767225600");
      return { got: request.headers.get(TIKTOK_HEADERS.signature), want, request };
    };

    for (const body of ['{"a":1}', "", '{"é":"ünïcode"}']) {
      const { got, want, request } = await sign(body);
      expect(got).toBe(want);
      expect(got).toMatch(/^[0-9a-f]{64}$/);
      expect(request.headers.get(TIKTOK_HEADERS.appKey)).toBe(TIKTOK_MOCK_APP_KEY);
      expect(request.headers.get(TIKTOK_HEADERS.timestamp)).toBe("1767225600");
    }
    // A rotated secret is read on the next attempt and gets its own key.
    secret = "rotated-secret-0123456789";
    const rotated = await sign('{"b":2}');
    expect(rotated.got).toBe(rotated.want);
    expect(auth.secrets()).toEqual([secret]);
  });

  it("an adapter's signed calls are all accepted by the mock", async () => {
    const adapter = createTikTokAdapter({
      baseUrl: mock.baseUrl,
      appKey: TIKTOK_MOCK_APP_KEY,
      appSecret: TIKTOK_MOCK_APP_SECRET,
    });
    const target = defaultTarget("tiktok");
    for (let i = 1; i <= 5; i++) {
      const request = conformanceRequest({
        platform: "tiktok",
        kind: "suspend",
        targets: [target(i, "account")],
      });
      const receipt = await adapter.submit(
        { request, targets: request.targets },
        { idempotencyKey: `k-${i}` },
      );
      expect(receipt.platformRef).toBeTruthy();
    }
    expect(mock.records.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

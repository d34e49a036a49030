import { setupServer } from "msw/node";
import {
  AuthenticationError,
  NotFoundError,
  RateLimitedError,
  toRequestEvents,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import {
  createInstagramAdapter,
  INSTAGRAM_CAPABILITIES,
  type InstagramAdapterConfig,
} from "referral-kit/adapters/instagram";
import {
  conformanceRequest,
  createPlatformMock,
  defaultTarget,
  runAdapterConformance,
} from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { INSTAGRAM_DEFAULT_BASE_URL } from "../../adapters/instagram/adapter.js";
import {
  INSTAGRAM_MOCK_APP_ID,
  INSTAGRAM_MOCK_APP_SECRET,
  INSTAGRAM_MOCK_TOKEN_PREFIX,
} from "../../src/testing/mocks/instagram.js";
import { graphVerificationRequest } from "../../src/testing/mocks/meta-graph.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

// The whole suite, on its own host so its mock never meets the one below.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createInstagramAdapter({
      baseUrl,
      timeoutMs,
      appId: INSTAGRAM_MOCK_APP_ID,
      appSecret: INSTAGRAM_MOCK_APP_SECRET,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createPlatformMock("instagram", {
    baseUrl: "https://conformance.graph.gov-requests.instagram.example/v21.0",
  }),
  secrets: [INSTAGRAM_MOCK_APP_SECRET, INSTAGRAM_MOCK_TOKEN_PREFIX],
  server,
});

describe("instagram adapter", () => {
  const mock = createPlatformMock("instagram", { tokenLifetimeSeconds: 600 });
  beforeAll(() => server.use(...mock.handlers));
  afterEach(() => mock.reset());

  const target = defaultTarget("instagram");
  const sleeps: number[] = [];
  const adapter = (config: InstagramAdapterConfig = {}) =>
    createInstagramAdapter({
      baseUrl: mock.baseUrl,
      appId: INSTAGRAM_MOCK_APP_ID,
      appSecret: INSTAGRAM_MOCK_APP_SECRET,
      webhookVerifyToken: "agency-verify-token",
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      sleep: async (ms) => void sleeps.push(ms),
      ...config,
    });
  const story = {
    type: "content",
    platform: "instagram",
    kind: "story",
    id: "3141592653",
    account: { kind: "username", platform: "instagram", username: "some.name" },
  } as const;
  const highlight = { type: "content", platform: "instagram", kind: "story", id: "highlights/1789" } as const;
  const reel = { type: "content", platform: "instagram", kind: "reel", id: "CabcDEF123" } as const;
  const request = (
    kind: "suspend" | "remove-content" | "restrict-locally" = "suspend",
    targets = [target(1, "account")],
  ) => conformanceRequest({ platform: "instagram", kind, targets });
  const submit = (ig = adapter(), req = request(), key = "req-1:0") =>
    ig.submit({ request: req, targets: req.targets }, { idempotencyKey: key });
  const ops = () => mock.records.map((r) => `${r.operation} ${r.status}`);

  it("defaults to the modelled Instagram Graph host and takes half of Facebook's batch", () => {
    expect(INSTAGRAM_DEFAULT_BASE_URL).toBe("https://graph.gov-requests.instagram.example/v21.0");
    expect(INSTAGRAM_CAPABILITIES.maxTargetsPerCall).toBe(25);
  });

  describe("submit", () => {
    it("names media by shortcode, stories by id and owner, highlights by id", async () => {
      const req = request("remove-content", [
        target(1, "content"),
        reel,
        story,
        highlight,
        target(2, "account"),
      ]);
      const receipt = await submit(adapter(), req);
      expect(mock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
        request_type: "CONTENT_REMOVAL",
        targets: [
          { type: "MEDIA", media_type: "POST", shortcode: "Crkconf1" },
          { type: "MEDIA", media_type: "REEL", shortcode: "CabcDEF123" },
          { type: "STORY", story_id: "3141592653", owner_username: "some.name" },
          { type: "HIGHLIGHT", highlight_id: "1789" },
          { type: "ACCOUNT", username: "rk_conf_2" },
        ],
      });
      expect(receipt.targets.map((t) => t.key)).toEqual([
        "instagram:p/Crkconf1",
        "instagram:reel/CabcDEF123",
        "instagram:some.name/stories/3141592653",
        "instagram:stories/highlights/1789",
        "instagram:rk_conf_2",
      ]);
      expect(mock.records.find((r) => r.operation === "submit")?.targets).toEqual(
        receipt.targets.map((t) => t.key),
      );
    });

    it("refuses to restrict a story or highlight by country, before any HTTP", async () => {
      for (const t of [story, highlight]) {
        const error = await submit(adapter(), request("restrict-locally", [target(1, "account"), t])).catch(
          (e: unknown) => e,
        );
        expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/stories cannot be restricted by country/);
      }
      expect(mock.records).toHaveLength(0);
      // Posts and reels can be.
      await submit(adapter(), request("restrict-locally", [reel]));
      expect(mock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
        restrict_in_countries: ["PK"],
      });
    });

    it("refuses content Instagram cannot name (a comment) before any HTTP", async () => {
      const comment = { type: "content", platform: "instagram", kind: "comment", id: "17900000000" } as const;
      const error = await submit(adapter(), request("remove-content", [comment])).catch((e: unknown) => e);
      expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
      expect(mock.records).toHaveLength(0);
    });
  });

  describe("OAuth app token", () => {
    it("is cached, and refreshed once when the platform's clock expires it", async () => {
      const ig = adapter();
      await submit(ig, request(), "k1");
      await submit(ig, request(), "k2");
      mock.advance(601_000);
      await submit(ig, request(), "k3");
      expect(ops()).toEqual([
        "token 200",
        "submit 200",
        "submit 200",
        "submit 401",
        "token 200",
        "submit 200",
      ]);
    });

    it("a token refused after the refresh is AuthenticationError, without the token", async () => {
      mock.inject({ kind: "expired-token", operation: "submit", times: Number.POSITIVE_INFINITY });
      const error = await submit().catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(ops()).toEqual(["token 200", "submit 401", "token 200", "submit 401"]);
      expect(JSON.stringify(error)).not.toContain(INSTAGRAM_MOCK_TOKEN_PREFIX);
    });
  });

  describe("status", () => {
    const expected = {
      SUBMITTED: "pending",
      UNDER_REVIEW: "acknowledged",
      MORE_INFO_NEEDED: "needs-information",
      ACTION_TAKEN: "actioned",
      PARTIAL_ACTION: "partially-actioned",
      NO_ACTION: "rejected",
      WITHDRAWN: "withdrawn",
    } as const;

    for (const [state, outcome] of Object.entries(expected)) {
      it(`maps ${state} to ${outcome}`, async () => {
        const ig = adapter();
        const { platformRef } = await submit(ig, request("remove-content", [reel, story]));
        mock.force(platformRef, state as keyof typeof expected, { reason: "as Instagram says" });
        const update = await ig.getStatus({ platformRef });
        expect(update).toMatchObject({
          platformRef,
          platformState: state,
          outcome,
          at: "2026-01-05T09:00:00.000Z",
        });
        if (outcome === "rejected" || outcome === "needs-information")
          expect(update.reason).toBe("as Instagram says");
        if (outcome === "partially-actioned") {
          expect(update.targets).toMatchObject([
            { key: "instagram:reel/CabcDEF123", outcome: "actioned", measure: expect.any(String) },
            {
              key: "instagram:some.name/stories/3141592653",
              outcome: "rejected",
              reason: expect.any(String),
              measure: "no-action",
            },
          ]);
        }
        expect(() => toRequestEvents(update)).not.toThrow();
      });
    }

    it("an unknown id is NotFoundError", async () => {
      const error = await adapter()
        .getStatus({ platformRef: "17900000000099" })
        .catch((e: unknown) => e);
      expect(NotFoundError.isInstance(error)).toBe(true);
    });
  });

  describe("rate limits", () => {
    it("business-use-case code 80002 is RateLimitedError with the Retry-After wait", async () => {
      mock.inject({
        kind: "rate-limit",
        operation: "submit",
        retryAfterSeconds: 900,
        times: Number.POSITIVE_INFINITY,
      });
      const error = (await submit().catch((e: unknown) => e)) as RateLimitedError;
      expect(RateLimitedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, retryAfterMs: 900_000 });
      expect(error.requestId).toMatch(/^AIN/);
    });

    it("without Retry-After, the wait comes from X-Business-Use-Case-Usage (minutes)", async () => {
      sleeps.length = 0;
      // A proxy that drops Retry-After: the platform's own header is all that is left.
      const dropRetryAfter: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const headers = new Headers(response.headers);
        headers.delete("retry-after");
        return new Response(response.body, { status: response.status, headers });
      };
      mock.inject({
        kind: "rate-limit",
        operation: "submit",
        retryAfterSeconds: 900,
        times: Number.POSITIVE_INFINITY,
      });
      const error = (await submit(adapter({ fetch: dropRetryAfter })).catch(
        (e: unknown) => e,
      )) as RateLimitedError;
      expect(RateLimitedError.isInstance(error)).toBe(true);
      expect(error.retryAfterMs).toBe(15 * 60_000);
      const submits = mock.records.filter((r) => r.operation === "submit");
      // The body-derived wait (15 min) is past the cap: not retried early, the caller gets the wait.
      expect(submits).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe("webhooks", () => {
    it("a signed webhook gives the update; a tampered or stale one is AuthenticationError", async () => {
      const ig = adapter();
      const { platformRef } = await submit(ig);
      mock.force(platformRef, "ACTION_TAKEN");
      const { updates } = await ig.parseWebhook(await mock.webhook!(platformRef));
      expect(updates).toEqual([expect.objectContaining({ platformRef, outcome: "actioned" })]);
      for (const options of [{ tamper: true }, { ageSeconds: 600 }, { secret: "another-secret-000" }]) {
        await expect(ig.parseWebhook(await mock.webhook!(platformRef, options))).rejects.toMatchObject({
          code: "authentication_failed",
        });
      }
    });

    it("answers the hub.challenge handshake", async () => {
      const { reply } = await adapter().parseWebhook(
        graphVerificationRequest("agency-verify-token", "42", "https://agency.example/webhooks/instagram"),
      );
      expect(await reply?.text()).toBe("42");
    });
  });
});

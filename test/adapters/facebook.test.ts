import { setupServer } from "msw/node";
import {
  AuthenticationError,
  hmac,
  MissingCredentialsError,
  NotFoundError,
  ProtocolError,
  RateLimitedError,
  RejectedByPlatformError,
  toRequestEvents,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import { createFacebookAdapter, type FacebookAdapterConfig } from "referral-kit/adapters/facebook";
import {
  conformanceRequest,
  createPlatformMock,
  defaultTarget,
  immediateScenario,
  runAdapterConformance,
} from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { businessUseCaseWaitMs, parseGraphError } from "../../adapters/_meta/errors.js";
import { FACEBOOK_DEFAULT_BASE_URL, FACEBOOK_ENV } from "../../adapters/facebook/adapter.js";
import { errorFromResponse } from "../../src/adapter/http/errors-from-response.js";
import {
  FACEBOOK_MOCK_APP_ID,
  FACEBOOK_MOCK_APP_SECRET,
  FACEBOOK_MOCK_TOKEN_PREFIX,
} from "../../src/testing/mocks/facebook.js";
import { graphVerificationRequest } from "../../src/testing/mocks/meta-graph.js";

// The suite's default targets fit Facebook's username rule (`rk.conf.N`: no "_").
const target = defaultTarget("facebook");

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

// The whole suite, on its own host so its mock never meets the one below.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createFacebookAdapter({
      baseUrl,
      timeoutMs,
      appId: FACEBOOK_MOCK_APP_ID,
      appSecret: FACEBOOK_MOCK_APP_SECRET,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createPlatformMock("facebook", {
    baseUrl: "https://conformance.graph.gov-requests.facebook.example/v21.0",
  }),
  secrets: [FACEBOOK_MOCK_APP_SECRET, FACEBOOK_MOCK_TOKEN_PREFIX],
  server,
});

describe("facebook adapter", () => {
  const mock = createPlatformMock("facebook", { tokenLifetimeSeconds: 600 });
  beforeAll(() => server.use(...mock.handlers));
  afterEach(() => {
    mock.reset();
    vi.unstubAllEnvs();
  });

  const sleeps: number[] = [];
  const adapter = (config: FacebookAdapterConfig = {}) =>
    createFacebookAdapter({
      baseUrl: mock.baseUrl,
      appId: FACEBOOK_MOCK_APP_ID,
      appSecret: FACEBOOK_MOCK_APP_SECRET,
      webhookVerifyToken: "agency-verify-token",
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      // Records the wait instead of waiting: rate-limit tests stay instant.
      sleep: async (ms) => void sleeps.push(ms),
      ...config,
    });
  const request = (count = 1, kind: "suspend" | "remove-content" | "restrict-locally" = "suspend") =>
    conformanceRequest({
      platform: "facebook",
      kind,
      targets: Array.from({ length: count }, (_, i) =>
        target(i + 1, kind === "remove-content" ? "content" : "account"),
      ),
    });
  const submit = (fb = adapter(), req = request(), key = "req-1:0") =>
    fb.submit({ request: req, targets: req.targets }, { idempotencyKey: key });
  const ops = () => mock.records.map((r) => `${r.operation} ${r.status}`);

  describe("configuration", () => {
    it("defaults to the modelled, versioned .example Graph host", () => {
      expect(FACEBOOK_DEFAULT_BASE_URL).toBe("https://graph.gov-requests.facebook.example/v21.0");
    });

    it("reads the app credentials from the environment when none are given", async () => {
      vi.stubEnv(FACEBOOK_ENV.appId, FACEBOOK_MOCK_APP_ID);
      vi.stubEnv(FACEBOOK_ENV.appSecret, FACEBOOK_MOCK_APP_SECRET);
      const receipt = await submit(createFacebookAdapter({ baseUrl: mock.baseUrl }));
      expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
    });

    it("without credentials fails with MissingCredentialsError naming both places, before any HTTP", async () => {
      vi.stubEnv(FACEBOOK_ENV.appId, "");
      vi.stubEnv(FACEBOOK_ENV.appSecret, "");
      const error = await submit(createFacebookAdapter({ baseUrl: mock.baseUrl })).catch((e: unknown) => e);
      expect(MissingCredentialsError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: "missing_credentials", retryable: false });
      expect((error as Error).message).toMatch(/appId.*REFERRAL_KIT_FACEBOOK_APP_ID/);
      vi.stubEnv(FACEBOOK_ENV.appId, FACEBOOK_MOCK_APP_ID);
      const secretMissing = await submit(createFacebookAdapter({ baseUrl: mock.baseUrl })).catch(
        (e: unknown) => e,
      );
      expect(secretMissing).toMatchObject({ code: "missing_credentials", parameter: "appSecret" });
      expect((secretMissing as Error).message).toMatch(/appSecret.*REFERRAL_KIT_FACEBOOK_APP_SECRET/);
      expect(mock.records).toHaveLength(0);
    });
  });

  describe("submit", () => {
    it("posts to /{app-id}/legal_requests with the key in the body and maps Graph's { id }", async () => {
      const req = conformanceRequest({
        platform: "facebook",
        kind: "remove-content",
        targets: [
          target(1, "content"),
          { type: "account", account: { kind: "numeric-id", platform: "facebook", id: "100012345" } },
        ],
      });
      const receipt = await submit(adapter(), req, "req-7:0");
      const record = mock.records.find((r) => r.operation === "submit");
      expect(record?.path).toBe(`/${FACEBOOK_MOCK_APP_ID}/legal_requests`);
      expect(record?.headers.authorization).toBe("[REDACTED]");
      expect(record?.headers["idempotency-key"]).toBeUndefined();
      expect(record?.body).toMatchObject({
        idempotency_key: "req-7:0",
        request_type: "CONTENT_REMOVAL",
        priority: "STANDARD",
        targets: [
          { type: "POST", id: "1800000000000000001", owner: { username: "rk.conf.1" } },
          { type: "ACCOUNT", id: "100012345" },
        ],
        evidence: [
          { target_index: 0, sha256: "01".repeat(32) },
          { target_index: 1, sha256: "02".repeat(32) },
        ],
      });
      expect(receipt).toEqual({
        platformRef: mock.createdReferences()[0],
        // From the answer's Date header: Graph's create answer carries no time of its own.
        acceptedAt: "2026-01-05T09:00:00.000Z",
        targets: [
          {
            key: "facebook:rk.conf.1/posts/1800000000000000001",
            status: "accepted",
            platformRef: mock.createdReferences()[0],
          },
          { key: "facebook:id:100012345", status: "accepted", platformRef: mock.createdReferences()[0] },
        ],
        raw: { id: mock.createdReferences()[0] },
      });
    });

    it("sends the country for a geo-restriction", async () => {
      await submit(adapter(), request(1, "restrict-locally"));
      expect(mock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
        request_type: "GEO_RESTRICTION",
        restrict_in_countries: ["PK"],
      });
    });

    it("refuses content Facebook cannot name (a comment) before any HTTP", async () => {
      const req = conformanceRequest({
        platform: "facebook",
        kind: "remove-content",
        targets: [{ type: "content", platform: "facebook", kind: "comment", id: "123" }],
      });
      const error = await submit(adapter(), req).catch((e: unknown) => e);
      expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
      expect(mock.records).toHaveLength(0);
    });

    it("a reused key with another body is Graph's code 100 error, and creates nothing", async () => {
      const fb = adapter();
      await submit(fb, request(1), "same-key");
      const error = await submit(fb, request(2), "same-key").catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "rejected_by_platform", status: 400, platformCode: "100.1487390" });
      expect((error as RejectedByPlatformError).requestId).toMatch(/^AFA/);
      // The body's fbtrace_id is the x-fb-trace-id of the same answer.
      expect((error as RejectedByPlatformError).requestId).toBe(mock.records.at(-1)?.requestId);
      expect(mock.createdReferences()).toHaveLength(1);
    });
  });

  describe("OAuth app token", () => {
    it("is fetched once and cached across calls", async () => {
      const fb = adapter();
      await submit(fb, request(1), "k1");
      await submit(fb, request(1), "k2");
      await fb.getStatus({ platformRef: mock.createdReferences()[0] ?? "" });
      expect(ops()).toEqual(["token 200", "submit 200", "submit 200", "status 200"]);
      expect(mock.records[0]?.body).toMatchObject({
        grant_type: "client_credentials",
        client_id: FACEBOOK_MOCK_APP_ID,
      });
    });

    it("is shared by concurrent calls: one token request", async () => {
      const fb = adapter();
      await Promise.all([1, 2, 3].map((n) => submit(fb, request(1), `c${n}`)));
      expect(mock.records.filter((r) => r.operation === "token")).toHaveLength(1);
      expect(mock.createdReferences()).toHaveLength(3);
    });

    it("is refreshed once when Graph answers 401 (code 190) for an expired token", async () => {
      const fb = adapter();
      await submit(fb, request(1), "k1");
      mock.advance(601_000); // past the token's lifetime, by the platform's clock
      const receipt = await submit(fb, request(1), "k2");
      expect(ops()).toEqual(["token 200", "submit 200", "submit 401", "token 200", "submit 200"]);
      expect(receipt.platformRef).toBe(mock.createdReferences()[1]);
    });

    it("a token refused again after the refresh is AuthenticationError, without the token in it", async () => {
      mock.inject({ kind: "expired-token", operation: "submit", times: Number.POSITIVE_INFINITY });
      const error = await submit().catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(ops()).toEqual(["token 200", "submit 401", "token 200", "submit 401"]);
      expect(JSON.stringify(error)).not.toContain(FACEBOOK_MOCK_TOKEN_PREFIX);
      expect(String((error as Error).message)).not.toContain(FACEBOOK_MOCK_TOKEN_PREFIX);
    });

    it("a wrong app secret is AuthenticationError from the token endpoint, without the secret", async () => {
      const error = await submit(adapter({ appSecret: "wrong-secret-value-123" })).catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as Error).message).not.toContain("wrong-secret-value-123");
      expect(ops()).toEqual(["token 400"]);
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

    it("asks Graph for the fields it needs", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      await fb.getStatus({ platformRef });
      const url = new URL(mock.records.find((r) => r.operation === "status")?.url ?? "");
      expect(url.pathname).toBe(`/v21.0/${platformRef}`);
      expect(url.searchParams.get("fields")).toBe(
        "id,status,status_reason,created_time,updated_time,decisions,data_result,data_production,preserved_until",
      );
    });

    for (const [state, outcome] of Object.entries(expected)) {
      it(`maps ${state} to ${outcome}`, async () => {
        const fb = adapter();
        const { platformRef } = await submit(fb, request(2));
        mock.force(platformRef, state as keyof typeof expected, { reason: "as the platform says" });
        const update = await fb.getStatus({ platformRef });
        expect(update).toMatchObject({ platformRef, platformState: state, outcome });
        // Graph's "+0000" times become ISO 8601 in UTC.
        expect(update.at).toBe("2026-01-05T09:00:00.000Z");
        if (outcome === "rejected" || outcome === "needs-information")
          expect(update.reason).toBe("as the platform says");
        if (state === "WITHDRAWN") expect(update.reason).toMatch(/withdrawn by the agency/);
        if (outcome === "partially-actioned") {
          // The default scenario says what was done to each (see "per-target outcomes").
          expect(update.targets).toMatchObject([
            { key: "facebook:rk.conf.1", outcome: "actioned", measure: expect.any(String) },
            {
              key: "facebook:rk.conf.2",
              outcome: "rejected",
              reason: expect.any(String),
              measure: "no-action",
            },
          ]);
        }
        expect(() => toRequestEvents(update)).not.toThrow();
      });
    }

    it("an unknown id (Graph's HTTP 400, code 100, subcode 33) is NotFoundError", async () => {
      const error = await adapter()
        .getStatus({ platformRef: "123456789" })
        .catch((e: unknown) => e);
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400 });
      expect((error as NotFoundError).platformMessage).toMatch(/Object with ID '123456789' does not exist/);
    });
  });

  describe("per-target outcomes", () => {
    /** The adapter, with each decision of Graph's status answer rewritten by `edit` on the way. */
    const rewriting = (edit: (decision: Record<string, unknown>) => void) =>
      adapter({
        fetch: async (input, init) => {
          const response = await globalThis.fetch(input, init);
          if (!String(input instanceof Request ? input.url : input).includes("fields=")) return response;
          const body = (await response.json()) as { decisions?: { data: Record<string, unknown>[] } };
          for (const decision of body.decisions?.data ?? []) edit(decision);
          return Response.json(body, { status: response.status, headers: response.headers });
        },
      });

    it("reads action, territorial_scope, decision_ground, end_date and no_action_reason into the event", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb, request(3));
      mock.force(platformRef, "PARTIAL_ACTION", {
        targets: [
          {
            key: "facebook:rk.conf.1",
            outcome: "actioned",
            detail: {
              measure: "account-suspended",
              scope: "global",
              ground: "terms-of-service",
              until: "2026-02-04T09:00:00.000Z",
            },
          },
          {
            key: "facebook:rk.conf.2",
            outcome: "actioned",
            detail: { measure: "content-disabled", scope: ["PK"], ground: "local-law" },
          },
          {
            key: "facebook:rk.conf.3",
            outcome: "rejected",
            reason: "send a court order",
            detail: { measure: "no-action", reasonCode: "legal-process-required" },
          },
        ],
      });
      const update = await fb.getStatus({ platformRef });
      const wire = (update.raw as { decisions: { data: unknown[] } }).decisions.data;
      expect(wire).toMatchObject([
        {
          decision: "ACTION_TAKEN",
          action: "ACCOUNT_UNPUBLISHED",
          decision_ground: "INCOMPATIBLE_CONTENT",
          end_date: "2026-02-04T09:00:00+0000",
        },
        {
          action: "RESTRICTED_IN_COUNTRY",
          territorial_scope: ["PK"],
          decision_ground: "ILLEGAL_CONTENT",
        },
        { decision: "NO_ACTION", reason: "send a court order", no_action_reason: "LEGAL_PROCESS_REQUIRED" },
      ]);
      expect(toRequestEvents(update)[0]).toMatchObject({
        type: "partially-actioned",
        outcomes: [
          {
            target: "facebook:rk.conf.1",
            measure: "account-suspended",
            scope: "global",
            ground: "terms-of-service",
            until: "2026-02-04T09:00:00.000Z",
            platformCode: "ACCOUNT_UNPUBLISHED",
          },
          {
            target: "facebook:rk.conf.2",
            measure: "content-disabled",
            scope: ["PK"],
            ground: "local-law",
            platformCode: "RESTRICTED_IN_COUNTRY",
          },
          {
            target: "facebook:rk.conf.3",
            measure: "no-action",
            reasonCode: "legal-process-required",
            platformCode: "LEGAL_PROCESS_REQUIRED",
            platformText: "send a court order",
          },
        ],
      });
    });

    it("keeps a no_action_reason it does not know as other, with the code and Graph's words", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      mock.force(platformRef, "NO_ACTION", {
        reason: "newsworthy",
        targets: [
          {
            key: "facebook:rk.conf.1",
            outcome: "rejected",
            reason: "newsworthy",
            detail: { measure: "no-action", reasonCode: "other", platformCode: "NEWSWORTHINESS_ALLOWANCE" },
          },
        ],
      });
      const [event] = toRequestEvents(await fb.getStatus({ platformRef }));
      expect(event).toMatchObject({
        type: "rejected",
        outcomes: [
          { reasonCode: "other", platformCode: "NEWSWORTHINESS_ALLOWANCE", platformText: "newsworthy" },
        ],
      });
    });

    it("restricts in the requesting country when the scenario says so", async () => {
      mock.setScenario({ ...immediateScenario("actioned"), outcomeDetail: { geoWithheld: 1 } });
      const fb = adapter();
      const { platformRef } = await submit(fb);
      const [event] = toRequestEvents(await fb.getStatus({ platformRef }));
      expect(event).toMatchObject({
        type: "actioned",
        outcomes: [
          {
            measure: "content-disabled",
            scope: ["PK"],
            ground: "local-law",
            platformCode: "RESTRICTED_IN_COUNTRY",
          },
        ],
      });
    });

    it("a platform that says only the action: worldwide, except a restriction, which lists its countries", async () => {
      mock.setScenario({ ...immediateScenario("actioned"), outcomeDetail: null });
      const fb = adapter();
      const suspended = await submit(fb, request(1, "suspend"), "k-1");
      const restricted = await submit(fb, request(1, "restrict-locally"), "k-2");
      const [suspension] = toRequestEvents(await fb.getStatus({ platformRef: suspended.platformRef }));
      const [restriction] = toRequestEvents(await fb.getStatus({ platformRef: restricted.platformRef }));
      expect(suspension).toMatchObject({
        outcomes: [{ measure: "account-suspended", scope: "global", platformCode: "ACCOUNT_UNPUBLISHED" }],
      });
      expect(suspension && "outcomes" in suspension && suspension.outcomes?.[0]).not.toHaveProperty("ground");
      expect(restriction).toMatchObject({
        outcomes: [{ measure: "content-disabled", scope: ["PK"], platformCode: "RESTRICTED_IN_COUNTRY" }],
      });
    });

    it("a country code that is not ISO 3166 or an action Graph does not define is a ProtocolError naming the field", async () => {
      mock.setScenario({ ...immediateScenario("actioned"), outcomeDetail: { geoWithheld: 1 } });
      const { platformRef } = await submit();
      const badCountry = rewriting((decision) => {
        decision.territorial_scope = ["XX"];
      });
      const error = (await badCountry.getStatus({ platformRef }).catch((e: unknown) => e)) as ProtocolError;
      expect(ProtocolError.isInstance(error)).toBe(true);
      expect(error.issues[0]?.path).toEqual(["decisions", "data", 0, "territorial_scope", 0]);
      const badAction = rewriting((decision) => {
        decision.action = "SHADOW_BANNED";
      });
      const second = (await badAction.getStatus({ platformRef }).catch((e: unknown) => e)) as ProtocolError;
      expect(ProtocolError.isInstance(second)).toBe(true);
      expect(second.issues[0]?.path).toEqual(["decisions", "data", 0, "action"]);
    });
  });

  describe("Graph error codes", () => {
    const classify = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
      errorFromResponse({
        platform: "facebook",
        method: "GET",
        url: `${mock.baseUrl}/1`,
        status,
        headers: new Headers(headers),
        text: JSON.stringify({
          error: { message: "m", type: "OAuthException", fbtrace_id: "Atrace", ...error },
        }),
        parseErrorBody: parseGraphError,
      });

    it.each([
      [400, { code: 4 }, "rate_limited"],
      [400, { code: 17 }, "rate_limited"],
      [400, { code: 32 }, "rate_limited"],
      [400, { code: 613 }, "rate_limited"],
      [400, { code: 80_002 }, "rate_limited"],
      [400, { code: 190, error_subcode: 463 }, "authentication_failed"],
      [400, { code: 102 }, "authentication_failed"],
      [400, { code: 10 }, "permission_denied"],
      [400, { code: 200 }, "permission_denied"],
      [400, { code: 100, error_subcode: 33 }, "not_found"],
      [400, { code: 100 }, "rejected_by_platform"],
      [500, { code: 1, is_transient: true }, "platform_error"],
      [400, { code: 2, is_transient: true }, "platform_error"],
    ])("HTTP %i with %j is %s", (status, error, code) => {
      const mapped = classify(status, error);
      expect(mapped.code).toBe(code);
      expect(mapped.requestId).toBe("Atrace");
    });

    it("a throttle without Retry-After waits as long as X-Business-Use-Case-Usage says", () => {
      const usage = JSON.stringify({ "1": [{ type: "legal_requests", estimated_time_to_regain_access: 7 }] });
      expect(classify(400, { code: 4 }, { "x-business-use-case-usage": usage }).retryAfterMs).toBe(420_000);
      expect(businessUseCaseWaitMs(new Headers({ "x-business-use-case-usage": "not json" }))).toBeUndefined();
    });
  });

  describe("rate limits", () => {
    it("sends X-App-Usage and X-Business-Use-Case-Usage on every answer", async () => {
      const headers: { purpose?: string; headers: Record<string, string> }[] = [];
      await submit(adapter({ hooks: { onResponse: (e) => void headers.push(e) } }));
      // The token request goes through the hooks too (marked purpose "token"); Graph counts only the submit.
      expect(headers.map((e) => e.purpose)).toEqual(["token", undefined]);
      const submitHeaders = headers[1]?.headers ?? {};
      expect(JSON.parse(submitHeaders["x-app-usage"] ?? "{}")).toMatchObject({ call_count: 0 });
      expect(JSON.parse(submitHeaders["x-business-use-case-usage"] ?? "{}")).toMatchObject({
        [FACEBOOK_MOCK_APP_ID]: [{ type: "legal_requests", estimated_time_to_regain_access: 0 }],
      });
    });

    it("code 4 on HTTP 400 with a short Retry-After is waited out and retried", async () => {
      sleeps.length = 0;
      mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 2 });
      const receipt = await submit();
      expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
      expect(sleeps).toEqual([2_000]);
      expect(ops()).toEqual(["token 200", "submit 400", "submit 200"]);
    });

    it("code 4 with a long Retry-After is RateLimitedError with retryAfterMs and Graph's trace id", async () => {
      mock.inject({
        kind: "rate-limit",
        operation: "submit",
        retryAfterSeconds: 900,
        times: Number.POSITIVE_INFINITY,
      });
      const error = (await submit().catch((e: unknown) => e)) as RateLimitedError;
      expect(RateLimitedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, retryAfterMs: 900_000, retryable: true });
      expect(error.requestId).toMatch(/^AFA/);
      expect(error.requestId).toBe(mock.records.at(-1)?.requestId);
    });
  });

  describe("withdraw", () => {
    it("POSTs status WITHDRAWN to the node; a poll then shows WITHDRAWN", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      const receipt = await fb.withdraw(
        { platformRef, reason: "order set aside" },
        { idempotencyKey: "w-1" },
      );
      expect(receipt).toMatchObject({
        platformRef,
        withdrawnAt: "2026-01-05T09:00:00.000Z",
        raw: { success: true },
      });
      expect(mock.records.find((r) => r.operation === "withdraw")?.body).toEqual({
        status: "WITHDRAWN",
        withdrawal_reason: "order set aside",
        idempotency_key: "w-1",
      });
      const update = await fb.getStatus({ platformRef });
      expect(update).toMatchObject({ platformState: "WITHDRAWN", outcome: "withdrawn" });
    });

    it("a decided request cannot be withdrawn", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      mock.force(platformRef, "ACTION_TAKEN");
      const error = await fb
        .withdraw({ platformRef, reason: "too late" }, { idempotencyKey: "w-2" })
        .catch((e: unknown) => e);
      expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    });
  });

  describe("webhooks", () => {
    it("a correctly signed webhook gives the node's update", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      mock.force(platformRef, "NO_ACTION", { reason: "no violation found" });
      const request = await mock.webhook!(platformRef);
      expect(request.headers.get("x-hub-signature-256")).toMatch(/^sha256=[0-9a-f]{64}$/);
      const { updates, reply } = await fb.parseWebhook(request);
      expect(reply).toBeUndefined();
      expect(updates).toEqual([
        expect.objectContaining({
          platformRef,
          platformState: "NO_ACTION",
          outcome: "rejected",
          reason: "no violation found",
        }),
      ]);
    });

    it("checks the signature over the raw body with the app secret", async () => {
      const body = JSON.stringify({ object: "legal_request", entry: [] });
      const signed = (signature: string) =>
        new Request("https://agency.example/webhooks/facebook", {
          method: "POST",
          headers: { "x-hub-signature-256": signature },
          body,
        });
      const good = `sha256=${await hmac("SHA-256", FACEBOOK_MOCK_APP_SECRET, body)}`;
      // Signature right, body not a legal_request webhook (no entry): a protocol error, not an auth one.
      await expect(adapter().parseWebhook(signed(good))).rejects.toMatchObject({ code: "protocol_error" });
      const bad = `sha256=${await hmac("SHA-256", "another-secret", body)}`;
      await expect(adapter().parseWebhook(signed(bad))).rejects.toMatchObject({
        code: "authentication_failed",
      });
    });

    it("refuses tampered, unsigned and stale webhooks", async () => {
      const fb = adapter();
      const { platformRef } = await submit(fb);
      for (const options of [{ tamper: true }, { unsigned: true }, { ageSeconds: 3_600 }]) {
        const error = await fb
          .parseWebhook(await mock.webhook!(platformRef, options))
          .catch((e: unknown) => e);
        expect(AuthenticationError.isInstance(error)).toBe(true);
        expect((error as Error).message).not.toContain(FACEBOOK_MOCK_APP_SECRET);
      }
    });

    it("answers the hub.challenge handshake with the right verify token only", async () => {
      const fb = adapter();
      const { reply, updates } = await fb.parseWebhook(
        graphVerificationRequest("agency-verify-token", "1158201444"),
      );
      expect(updates).toEqual([]);
      expect(await reply?.text()).toBe("1158201444");
      await expect(fb.parseWebhook(graphVerificationRequest("wrong", "1"))).rejects.toMatchObject({
        code: "authentication_failed",
      });
    });
  });
});

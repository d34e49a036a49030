import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  AuthenticationError,
  MissingCredentialsError,
  NotFoundError,
  PermissionDeniedError,
  PlatformServerError,
  ProtocolError,
  RateLimitedError,
  RejectedByPlatformError,
  toRequestEvents,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import {
  createTikTokAdapter,
  TIKTOK_CAPABILITIES,
  type TikTokAdapterConfig,
} from "referral-kit/adapters/tiktok";
import { conformanceRequest, defaultTarget, immediateScenario } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TIKTOK_DEFAULT_BASE_URL } from "../../adapters/tiktok/adapter.js";
import { TIKTOK_APP_KEY_ENV, TIKTOK_APP_SECRET_ENV } from "../../adapters/tiktok/auth.js";
// Not re-exported from referral-kit/testing yet (src/testing/index.ts is the lead's file).
import {
  createTikTokMock,
  TIKTOK_MOCK_APP_KEY,
  TIKTOK_MOCK_APP_SECRET,
} from "../../src/testing/mocks/tiktok.js";

const mock = createTikTokMock({ unknownUsers: ["rk_gone"] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const target = defaultTarget("tiktok");
const noWait = async (_ms: number, signal?: AbortSignal) => signal?.throwIfAborted();
const adapter = (config: TikTokAdapterConfig = {}) =>
  createTikTokAdapter({
    baseUrl: mock.baseUrl,
    appKey: TIKTOK_MOCK_APP_KEY,
    appSecret: TIKTOK_MOCK_APP_SECRET,
    sleep: noWait,
    ...config,
  });
const request = (count = 1, kind: "suspend" | "remove-content" = "suspend") =>
  conformanceRequest({
    platform: "tiktok",
    kind,
    targets: Array.from({ length: count }, (_, i) =>
      target(i + 1, kind === "remove-content" ? "content" : "account"),
    ),
  });
const submit = (tt = adapter(), req = request(), key = "req-1:0") =>
  tt.submit({ request: req, targets: req.targets }, { idempotencyKey: key });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
/** An envelope answered on HTTP 200 for every status page, bypassing the mock. */
const answerStatus = (body: Record<string, unknown>, init?: ResponseInit) =>
  server.use(http.get(`${mock.baseUrl}/legal/requests/:id/targets`, () => HttpResponse.json(body, init)));

describe("configuration", () => {
  it("defaults to the modelled .example host", () => {
    expect(TIKTOK_DEFAULT_BASE_URL).toBe("https://open.gov-requests.tiktok.example/v2");
    expect(TIKTOK_CAPABILITIES.maxTargetsPerCall).toBe(50);
  });

  it("reads the app key and secret from the environment when not given", async () => {
    vi.stubEnv(TIKTOK_APP_KEY_ENV, TIKTOK_MOCK_APP_KEY);
    vi.stubEnv(TIKTOK_APP_SECRET_ENV, TIKTOK_MOCK_APP_SECRET);
    const receipt = await submit(createTikTokAdapter({ baseUrl: mock.baseUrl }));
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });

  it("without a secret fails with MissingCredentialsError naming both places, before any HTTP", async () => {
    vi.stubEnv(TIKTOK_APP_SECRET_ENV, "");
    const error = await failure(submit(createTikTokAdapter({ baseUrl: mock.baseUrl, appKey: "k" })));
    expect(MissingCredentialsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "missing_credentials", retryable: false });
    expect((error as Error).message).toMatch(/appSecret.*REFERRAL_KIT_TIKTOK_APP_SECRET/);
    expect(mock.records).toHaveLength(0);
  });
});

describe("submit", () => {
  it("sends TikTok's body, signed, with X-TT-Idempotency-Key, and maps per-target results", async () => {
    const req = conformanceRequest({
      platform: "tiktok",
      kind: "remove-content",
      targets: [target(1, "content"), target(2, "account")],
    });
    const receipt = await submit(adapter(), req, "req-7:0");
    const [record] = mock.records;
    expect(record?.status).toBe(200);
    expect(record?.headers["x-tt-app-key"]).toBe(TIKTOK_MOCK_APP_KEY);
    expect(record?.headers["x-tt-timestamp"]).toMatch(/^\d{10}$/);
    expect(record?.headers["x-tt-signature"]).toBe("[REDACTED]");
    expect(record?.idempotencyKey).toBe("req-7:0");
    expect(record?.body).toMatchObject({
      request_type: "CONTENT_REMOVAL",
      priority: "NORMAL",
      external_reference: req.id,
      agency: { name: "Conformance Test Unit (fictional)", country: "PK" },
      legal_basis: {
        law: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
        article: "s. 37",
        jurisdiction: "PK",
      },
      deadline: Date.parse("2026-01-07T09:00:00Z") / 1000,
      targets: [
        { target_type: "VIDEO", item_id: "7300000000000000001", unique_id: "rk_conf_1" },
        { target_type: "USER", unique_id: "rk_conf_2" },
      ],
    });
    expect(receipt).toMatchObject({
      platformRef: mock.createdReferences()[0],
      acceptedAt: "2026-01-05T09:00:00.000Z",
      targets: [
        { key: "tiktok:rk_conf_1/video/7300000000000000001", status: "accepted" },
        { key: "tiktok:rk_conf_2", status: "accepted" },
      ],
    });
  });

  it("reports unknown users as rejected and open targets as duplicates, with the earlier reference", async () => {
    const first = await submit(adapter(), request(1), "a");
    const req = conformanceRequest({
      platform: "tiktok",
      kind: "suspend",
      targets: [
        target(1, "account"),
        { type: "account", account: { kind: "username", platform: "tiktok", username: "rk_gone" } },
      ],
    });
    const receipt = await submit(adapter(), req, "b");
    expect(receipt.targets).toEqual([
      { key: "tiktok:rk_conf_1", status: "duplicate", platformRef: first.platformRef },
      { key: "tiktok:rk_gone", status: "rejected", reason: "user does not exist" },
    ]);
  });

  it("takes 50 targets in one call and refuses 51 before any HTTP", async () => {
    const full = await submit(adapter(), request(50));
    expect(full.targets).toHaveLength(50);
    const error = await failure(submit(adapter(), request(51), "other"));
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(mock.records).toHaveLength(1);
  });

  it("a request larger than a batch goes as several calls of at most maxTargetsPerCall", async () => {
    const req = request(120);
    const size = TIKTOK_CAPABILITIES.maxTargetsPerCall;
    const tt = adapter();
    const receipts = [];
    for (let start = 0, batch = 0; start < req.targets.length; start += size, batch++) {
      const targets = req.targets.slice(start, start + size);
      receipts.push(await tt.submit({ request: req, targets }, { idempotencyKey: `${req.id}:${batch}` }));
    }
    expect(receipts.map((r) => r.targets.length)).toEqual([50, 50, 20]);
    expect(mock.createdReferences()).toHaveLength(3);
    expect(mock.records.map((r) => r.targets.length)).toEqual([50, 50, 20]);
  });

  it("same key and body replays the answer; same key with another body is a 40004 on HTTP 200", async () => {
    const first = await submit(adapter(), request(1), "k");
    const again = await submit(adapter(), request(1), "k");
    expect(again.platformRef).toBe(first.platformRef);
    expect(mock.createdReferences()).toHaveLength(1);
    const error = await failure(submit(adapter(), request(2), "k"));
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, platformCode: "40004" });
  });
});

describe("signing", () => {
  it("the mock verifies the signature: a wrong secret is AuthenticationError 40101, sent once", async () => {
    const error = await failure(submit(adapter({ appSecret: "not-the-secret-0000000000" })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect((error as Error).message).toContain("Signature verification failed");
    expect(mock.records).toHaveLength(1);
    expect(mock.createdReferences()).toHaveLength(0);
  });

  it("a body changed after signing fails verification", async () => {
    const tamper: typeof fetch = async (input) => {
      const original = input as Request;
      const body = (await original.text()).replace("NORMAL", "URGENT");
      return fetch(new Request(original, { body }));
    };
    const error = await failure(submit(adapter({ fetch: tamper })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(mock.createdReferences()).toHaveLength(0);
  });

  it("a stale timestamp (ten minutes old) is refused with TikTok's 40102", async () => {
    const error = await failure(submit(adapter({ now: () => Date.now() - 10 * 60_000 })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Timestamp expired/);
    const [record] = mock.records;
    expect(record?.status).toBe(401);
    expect(error).toMatchObject({ requestId: record?.requestId });
  });

  it("identical signed calls in flight together are each verified", async () => {
    const { platformRef } = await submit();
    const fixed = () => Date.parse("2026-11-23T12:00:00.500Z");
    vi.useFakeTimers({ toFake: ["Date"], now: fixed() });
    try {
      const tt = adapter({ now: fixed });
      const updates = await Promise.all([1, 2, 3].map(() => tt.getStatus({ platformRef })));
      expect(updates.map((u) => u.platformRef)).toEqual([platformRef, platformRef, platformRef]);
      const signatures = new Set(
        mock.records.filter((r) => r.operation === "status").map((r) => r.headers["x-tt-timestamp"]),
      );
      expect(signatures.size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a retried call is signed again and verified again", async () => {
    mock.inject({ kind: "server-error", status: 503, operation: "submit" });
    const receipt = await submit();
    const attempts = mock.records.filter((r) => r.operation === "submit");
    expect(attempts.map((r) => r.status)).toEqual([503, 200]);
    expect(attempts.every((r) => r.headers["x-tt-signature"] === "[REDACTED]")).toBe(true);
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });

  it("a wrong app key is refused", async () => {
    const error = await failure(submit(adapter({ appKey: "someone-else" })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Invalid app key");
  });

  it("the app secret appears in no error and no record", async () => {
    const error = await failure(submit(adapter({ appSecret: "not-the-secret-0000000000" })));
    const texts = JSON.stringify([error, (error as Error).message, (error as Error).stack, mock.records]);
    expect(texts).not.toContain(TIKTOK_MOCK_APP_SECRET);
    expect(texts).not.toContain("not-the-secret-0000000000");
  });
});

describe("errors on HTTP 200", () => {
  it("an unknown reference is NotFoundError 40400 on HTTP 200, with TikTok's request id", async () => {
    const error = await failure(adapter().getStatus({ platformRef: "999" }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    const [record] = mock.records;
    expect(error).toMatchObject({
      status: 200,
      platformMessage: "legal request 999 not found.",
      requestId: record?.requestId,
    });
  });

  it("a 403 in the envelope (HTTP 200) is PermissionDeniedError, not retried", async () => {
    mock.inject({ kind: "forbidden", operation: "submit", times: Number.POSITIVE_INFINITY });
    const error = await failure(submit());
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, retryable: false });
    expect(mock.records).toHaveLength(1);
  });

  it("a rate limit in the envelope on HTTP 200 is RateLimitedError, retryable", async () => {
    answerStatus({ code: 40100, message: "too many requests", request_id: "r-1", data: {} });
    const error = await failure(adapter().getStatus({ platformRef: "1" }));
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, retryable: true, requestId: "r-1" });
  });

  it("a busy code (50002) on HTTP 200 is PlatformServerError, retryable", async () => {
    answerStatus({ code: 50002, message: "service busy", request_id: "r-2", data: {} });
    const error = await failure(adapter().getStatus({ platformRef: "1" }));
    expect(PlatformServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
  });

  it("a rate limit (40100) and a busy code (50002) on HTTP 200 are retried, then the call succeeds", async () => {
    const tt = adapter();
    const { platformRef } = await submit(tt);
    const busy = (code: number) =>
      http.get(
        `${mock.baseUrl}/legal/requests/:id/targets`,
        () => HttpResponse.json({ code, message: "try later", request_id: `r-${code}`, data: {} }),
        { once: true },
      );
    server.use(busy(40100), busy(50002));
    const update = await tt.getStatus({ platformRef });
    expect(update.platformRef).toBe(platformRef);
    expect(mock.records.filter((r) => r.operation === "status")).toHaveLength(1);
  });

  it("code 0 with data of the wrong shape is ProtocolError naming the field", async () => {
    answerStatus({ code: 0, message: "OK", request_id: "r-3", data: { has_more: "no" } });
    const error = await failure(adapter().getStatus({ platformRef: "1" }));
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as ProtocolError).issues[0]?.path[0]).toBe("data");
  });

  it("a 429 from the gateway carries Retry-After and TikTok's code", async () => {
    mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 3_600 });
    const error = await failure(submit());
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
  });
});

describe("status pages", () => {
  it("follows the cursor across pages and builds one update with every target", async () => {
    mock.setScenario(immediateScenario("partiallyActioned"));
    const req = request(45);
    const receipt = await submit(adapter(), req);
    const update = await adapter({ statusPageSize: 20 }).getStatus({ platformRef: receipt.platformRef });
    const pages = mock.records.filter((r) => r.operation === "status");
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => new URL(p.url).searchParams.get("page_size"))).toEqual(["20", "20", "20"]);
    expect(new URL(pages[0]?.url ?? "").searchParams.has("cursor")).toBe(false);
    expect(new URL(pages[1]?.url ?? "").searchParams.get("cursor")).toBeTruthy();
    expect(update.outcome).toBe("partially-actioned");
    expect(update.platformState).toBe("PARTIALLY_COMPLETED");
    expect(update.targets?.map((t) => t.key)).toEqual(receipt.targets.map((t) => t.key));
    const view = mock.view(receipt.platformRef);
    expect(update.targets?.map((t) => t.outcome)).toEqual(view?.targets.map((t) => t.outcome));
    expect(toRequestEvents(update)[0]?.type).toBe("partially-actioned");
  });

  it("stops between pages when the signal aborts: no further page is requested", async () => {
    const receipt = await submit(adapter(), request(30));
    const controller = new AbortController();
    const reason = new Error("operator cancelled");
    let pages = 0;
    const abortAfterFirstPage: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if ((input as Request).url.includes("/targets") && ++pages === 1) controller.abort(reason);
      return response;
    };
    const error = await failure(
      adapter({ statusPageSize: 10, fetch: abortAfterFirstPage }).getStatus(
        { platformRef: receipt.platformRef },
        { signal: controller.signal },
      ),
    );
    expect(error).toBe(reason);
    expect(mock.records.filter((r) => r.operation === "status")).toHaveLength(1);
  });

  it("a cursor that does not advance is ProtocolError, not an endless loop", async () => {
    const page = {
      legal_request: {
        legal_request_id: "1",
        status: "UNDER_REVIEW",
        create_time: 1767603600,
        update_time: 1767603600,
      },
      targets: [],
      has_more: true,
      cursor: "same",
    };
    answerStatus({ code: 0, message: "OK", request_id: "r", data: page });
    const error = await failure(adapter().getStatus({ platformRef: "1" }));
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/cursor did not advance/);
  });

  it("maps PENDING_INFO and REJECTED with TikTok's reason, and the update time", async () => {
    const { platformRef } = await submit();
    mock.advance(60_000);
    mock.force(platformRef, "PENDING_INFO", { reason: "please provide the court order" });
    const info = await adapter().getStatus({ platformRef });
    expect(info).toMatchObject({
      outcome: "needs-information",
      reason: "please provide the court order",
      at: "2026-01-05T09:01:00.000Z",
    });
    mock.force(platformRef, "REJECTED", { reason: "no violation found" });
    expect(await adapter().getStatus({ platformRef })).toMatchObject({
      outcome: "rejected",
      reason: "no violation found",
    });
  });
});

describe("withdraw", () => {
  it("cancels an open request, and a completed one is a 40009 conflict", async () => {
    const { platformRef } = await submit();
    const receipt = await adapter().withdraw(
      { platformRef, reason: "order set aside" },
      { idempotencyKey: "w1" },
    );
    expect(receipt).toMatchObject({ platformRef, withdrawnAt: "2026-01-05T09:00:00.000Z" });
    const cancelled = await adapter().getStatus({ platformRef });
    expect(cancelled).toMatchObject({ platformState: "CANCELLED", outcome: "withdrawn" });
    expect(cancelled.outcome === "withdrawn" && cancelled.reason).toMatch(/cancelled by the agency/);

    const second = await submit(adapter(), request(1), "other");
    mock.force(second.platformRef, "COMPLETED");
    const error = await failure(
      adapter().withdraw({ platformRef: second.platformRef, reason: "too late" }, { idempotencyKey: "w2" }),
    );
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, platformCode: "40009" });
  });
});

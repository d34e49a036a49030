import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  AdapterError,
  AuthenticationError,
  createHttpClient,
  type HttpClientConfig,
  type HttpEvent,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  type PlatformErrorParser,
  PlatformServerError,
  ProtocolError,
  RateLimitedError,
  RejectedByPlatformError,
  TimeoutError,
} from "referral-kit/adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { REFERRAL_KIT_VERSION } from "../../src/adapter/http/user-agent.js";

type HttpRequestEvent = Extract<HttpEvent, { type: "request" }>;
type HttpResponseEvent = Extract<HttpEvent, { type: "response" }>;
type HttpRetryEvent = Extract<HttpEvent, { type: "retry" }>;

const BASE = "https://api.example.test/v1";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const Ok = z.object({ ok: z.literal(true) });

/** A sleep that records the delays and returns at once (still honouring abort). */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    delays.push(ms);
  };
  return { delays, sleep };
}

function client(overrides: Partial<HttpClientConfig> = {}) {
  const { delays, sleep } = recordingSleep();
  return {
    delays,
    client: createHttpClient({ platform: "x", baseUrl: BASE, sleep, random: () => 0.5, ...overrides }),
  };
}

/** A handler that answers with the given responses in turn (the last one repeats) and counts calls. */
function sequence(method: "get" | "post", path: string, responses: (() => Response | Promise<Response>)[]) {
  const calls: Request[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      calls.push(request.clone());
      const next = responses[Math.min(calls.length - 1, responses.length - 1)]!;
      return next();
    }),
  );
  return calls;
}

const ok = () => HttpResponse.json({ ok: true });

describe("requests", () => {
  it("resolves paths against the base URL, sends query parameters and returns the schema's output", async () => {
    const calls = sequence("get", "/reports/r1", [() => HttpResponse.json({ ok: true, extra: 1 })]);
    const { client: c } = client();
    const result = await c.request("GET", "/reports/r1", {
      schema: Ok,
      searchParams: { page: 2, skip: undefined },
    });
    expect(result.data).toEqual({ ok: true });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(1);
    expect(new URL(calls[0]!.url).search).toBe("?page=2");
  });

  it("sends a JSON body with its content type", async () => {
    const calls = sequence("post", "/reports", [ok]);
    const { client: c } = client();
    await c.postJson("reports", { ids: ["1"] }, Ok, { idempotencyKey: "k1" });
    expect(calls[0]!.headers.get("content-type")).toBe("application/json");
    expect(await calls[0]!.json()).toEqual({ ids: ["1"] });
  });

  it("sends a form body", async () => {
    const calls = sequence("post", "/form", [ok]);
    const { client: c } = client();
    await c.postForm("/form", { a: "1", b: "two words" }, Ok);
    expect(calls[0]!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(await calls[0]!.text()).toBe("a=1&b=two+words");
  });

  it("sends the user agent with the package version, platform and the caller's product token", async () => {
    const calls = sequence("get", "/ua", [ok]);
    const { client: c } = client({ userAgent: "ministry-referrals/2.1" });
    await c.getJson("/ua", Ok);
    expect(calls[0]!.headers.get("user-agent")).toBe(
      `referral-kit/${REFERRAL_KIT_VERSION} (x) ministry-referrals/2.1`,
    );
    expect(REFERRAL_KIT_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("sends the idempotency key in the default header, a custom header, or not at all", async () => {
    const calls = sequence("post", "/idem", [ok]);
    await client().client.postJson("/idem", {}, Ok, { idempotencyKey: "req-1:0" });
    await client({ idempotencyHeader: "X-Idempotency" }).client.postJson("/idem", {}, Ok, {
      idempotencyKey: "req-1:1",
    });
    await client({ idempotencyHeader: false }).client.postJson("/idem", {}, Ok, {
      idempotencyKey: "req-1:2",
    });
    expect(calls[0]!.headers.get("idempotency-key")).toBe("req-1:0");
    expect(calls[1]!.headers.get("x-idempotency")).toBe("req-1:1");
    expect(calls[2]!.headers.get("idempotency-key")).toBeNull();
    expect(calls[2]!.headers.get("x-idempotency")).toBeNull();
  });

  it("reads fetch at call time: a custom fetch set in config and globalThis.fetch patched later both work", async () => {
    const custom = vi.fn(async () => HttpResponse.json({ ok: true }));
    await expect(client({ fetch: custom }).client.getJson("/anything", Ok)).resolves.toEqual({ ok: true });
    expect(custom).toHaveBeenCalledTimes(1);

    const { client: c } = client();
    const original = globalThis.fetch;
    const patched = vi.fn(async () => HttpResponse.json({ ok: true }));
    globalThis.fetch = patched;
    try {
      await c.getJson("/patched-later", Ok);
    } finally {
      globalThis.fetch = original;
    }
    expect(patched).toHaveBeenCalledTimes(1);
  });

  it("refuses a base URL that is not absolute, without echoing a token in it", () => {
    expect(() =>
      createHttpClient({ platform: "x", baseUrl: "api.example.test/bot123456:AAHsecretsecretsecret" }),
    ).toThrow(/absolute URL.*bot\[REDACTED\]/);
  });

  it("refuses a path that leaves the base URL, before any request", async () => {
    const { client: c } = client();
    await expect(c.getJson("https://elsewhere.test/steal", Ok)).rejects.toThrow(/leaves the base URL/);
    await expect(c.getJson("/reports/../../admin", Ok)).rejects.toThrow(/leaves the base URL/);
  });

  it("a token provider that throws is an AuthenticationError, not a network error", async () => {
    const calls = sequence("get", "/needs-token", [ok]);
    const { client: c } = client({
      auth: {
        name: "vault",
        apply: () => {
          throw new Error("vault sealed");
        },
        secrets: () => [],
      },
    });
    const error = await c.getJson("/needs-token", Ok).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(String(error)).toContain("vault strategy could not provide credentials");
    expect(calls).toHaveLength(0);
  });

  it("attaches the body as the attempt leaves: the auth strategy signs context.body, and a request it returns still carries the body", async () => {
    const calls = sequence("post", "/moved", [ok]);
    const seen: { bodyOnRequest: unknown; contextBody: string | undefined }[] = [];
    const { client: c } = client({
      auth: {
        name: "signed-move",
        apply(request, context) {
          seen.push({ bodyOnRequest: request.body, contextBody: context.body });
          const headers = new Headers(request.headers);
          headers.set("x-signature", `sig(${context.body})`);
          return new Request(`${BASE}/moved`, { method: request.method, headers, signal: request.signal });
        },
        secrets: () => [],
      },
    });
    await c.postJson("/original", { a: 1 }, Ok, { idempotencyKey: "req-1:0" });
    expect(seen).toEqual([{ bodyOnRequest: null, contextBody: '{"a":1}' }]);
    expect(calls).toHaveLength(1);
    expect(await calls[0]!.text()).toBe('{"a":1}');
    expect(calls[0]!.headers.get("x-signature")).toBe('sig({"a":1})');
    expect(calls[0]!.headers.get("content-type")).toBe("application/json");
    expect(calls[0]!.headers.get("idempotency-key")).toBe("req-1:0");
  });

  it("a custom fetch that reads only the request gets its body, content type, idempotency key and signal", async () => {
    const received: {
      method: string;
      body: string;
      type: string | null;
      key: string | null;
      signal: AbortSignal;
    }[] = [];
    const fetch = async (input: Request | URL | string) => {
      const request = input as Request;
      received.push({
        method: request.method,
        body: await request.text(),
        type: request.headers.get("content-type"),
        key: request.headers.get("idempotency-key"),
        signal: request.signal,
      });
      return HttpResponse.json({ ok: true });
    };
    const { client: c } = client({ fetch });
    await c.postJson("/custom-body", { b: [2] }, Ok, { idempotencyKey: "req-2:0" });
    await c.getJson("/custom-body-get", Ok);
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({
      method: "POST",
      body: '{"b":[2]}',
      type: "application/json",
      key: "req-2:0",
    });
    expect(received[0]!.signal.aborted).toBe(false);
    expect(received[1]).toMatchObject({ method: "GET", body: "", type: null, key: null });
  });

  it("names the system error code of a network failure", () => {
    const cause = new TypeError("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }),
    });
    expect(new NetworkError({ platform: "x", cause }).message).toBe(
      "x: network error: fetch failed (ENOTFOUND)",
    );
  });

  it("returns the platform's request id from the response headers", async () => {
    sequence("get", "/rid", [
      () => HttpResponse.json({ ok: true }, { headers: { "x-request-id": "req-abc" } }),
    ]);
    const result = await client().client.request("GET", "/rid", { schema: Ok });
    expect(result.requestId).toBe("req-abc");
  });
});

describe("status codes map to error classes", () => {
  const cases = [
    [400, RejectedByPlatformError, "rejected_by_platform"],
    [401, AuthenticationError, "authentication_failed"],
    [403, PermissionDeniedError, "permission_denied"],
    [404, NotFoundError, "not_found"],
    [409, RejectedByPlatformError, "rejected_by_platform"],
    [422, RejectedByPlatformError, "rejected_by_platform"],
  ] as const;

  for (const [status, ErrorClass, code] of cases) {
    it(`${status} -> ${code}, not retried even with an idempotency key`, async () => {
      const calls = sequence("post", "/fail", [
        () =>
          HttpResponse.json(
            { error: { message: `platform says ${status}`, code: "E1" } },
            { status, headers: { "x-request-id": "rid-1" } },
          ),
      ]);
      const error = await client()
        .client.postJson("/fail", {}, Ok, { idempotencyKey: "k" })
        .catch((e: unknown) => e);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(AdapterError.isInstance(error)).toBe(true);
      const adapterError = error as AdapterError;
      expect(adapterError.code).toBe(code);
      expect(adapterError.status).toBe(status);
      expect(adapterError.platform).toBe("x");
      expect(adapterError.requestId).toBe("rid-1");
      expect(adapterError.retryable).toBe(false);
      expect(adapterError.message).toContain(`platform says ${status}`);
      expect(calls).toHaveLength(1);
    });
  }

  it("keeps the platform's own message and code on a rejection", async () => {
    sequence("post", "/reject", [
      () =>
        HttpResponse.json({ errors: [{ message: "target already suspended", code: 131 }] }, { status: 400 }),
    ]);
    const error = (await client()
      .client.postJson("/reject", {}, Ok)
      .catch((e: unknown) => e)) as RejectedByPlatformError;
    expect(error.platformMessage).toBe("target already suspended");
    expect(error.platformCode).toBe("131");
  });

  it("lets the adapter reclassify a body (a rate limit sent as 400) and then retries it", async () => {
    const calls = sequence("get", "/meta", [
      () =>
        HttpResponse.json(
          { error: { message: "Application request limit reached", code: 4 } },
          { status: 400 },
        ),
      ok,
    ]);
    const { client: c, delays } = client({
      parseErrorBody: ({ json }) => {
        const code = (json as { error?: { code?: number } }).error?.code;
        return code === 4 ? { errorCode: "rate_limited", retryAfterMs: 1500 } : undefined;
      },
    });
    await expect(c.getJson("/meta", Ok)).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it("gives up on 5xx after the retries as a PlatformServerError", async () => {
    const calls = sequence("get", "/down", [() => new HttpResponse("upstream broke", { status: 502 })]);
    const { client: c } = client({ retry: { maxRetries: 2 } });
    const error = await c.getJson("/down", Ok).catch((e: unknown) => e);
    expect(PlatformServerError.isInstance(error)).toBe(true);
    expect((error as PlatformServerError).retryable).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it("maps a 408 to a TimeoutError of kind server", async () => {
    sequence("get", "/slow", [() => new HttpResponse(null, { status: 408 })]);
    const error = await client({ retry: { maxRetries: 0 } })
      .client.getJson("/slow", Ok)
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("server");
  });
});

describe("retries", () => {
  it("retries 429 and 503 for a GET with backoff and full jitter", async () => {
    const calls = sequence("get", "/flaky", [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 429 }),
      ok,
    ]);
    const { client: c, delays } = client({ retry: { baseDelayMs: 100, maxDelayMs: 10_000 } });
    await expect(c.getJson("/flaky", Ok)).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    // random() = 0.5: half of 100, then half of 200.
    expect(delays).toEqual([50, 100]);
  });

  it("retries a network error for a GET", async () => {
    const calls = sequence("get", "/net", [() => HttpResponse.error(), ok]);
    await expect(client().client.getJson("/net", Ok)).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(2);
  });

  it("retries a POST that carries an idempotency key, with the same key each time", async () => {
    const calls = sequence("post", "/submit", [
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.error(),
      ok,
    ]);
    await expect(
      client().client.postJson("/submit", { a: 1 }, Ok, { idempotencyKey: "req-9:0" }),
    ).resolves.toEqual({
      ok: true,
    });
    expect(calls.map((call) => call.headers.get("idempotency-key"))).toEqual([
      "req-9:0",
      "req-9:0",
      "req-9:0",
    ]);
  });

  it("does not retry a POST without an idempotency key (503 or network error)", async () => {
    const calls = sequence("post", "/once", [() => new HttpResponse(null, { status: 503 })]);
    const error = await client()
      .client.postJson("/once", {}, Ok)
      .catch((e: unknown) => e);
    expect(PlatformServerError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(1);

    const netCalls = sequence("post", "/once-net", [() => HttpResponse.error()]);
    const netError = await client()
      .client.postJson("/once-net", {}, Ok)
      .catch((e: unknown) => e);
    expect(NetworkError.isInstance(netError)).toBe(true);
    expect((netError as NetworkError).retryable).toBe(true);
    expect(netCalls).toHaveLength(1);
  });

  it("retries a POST marked idempotent (a read done by POST)", async () => {
    const calls = sequence("post", "/search", [() => new HttpResponse(null, { status: 500 }), ok]);
    await client().client.postJson("/search", {}, Ok, { idempotent: true });
    expect(calls).toHaveLength(2);
  });

  it("honours Retry-After in seconds, without jitter", async () => {
    sequence("get", "/ra", [
      () => new HttpResponse(null, { status: 429, headers: { "retry-after": "2" } }),
      ok,
    ]);
    const { client: c, delays } = client();
    await c.getJson("/ra", Ok);
    expect(delays).toEqual([2000]);
  });

  it("honours Retry-After as an HTTP-date, against the injected clock", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const at = new Date(now + 3000).toUTCString();
    sequence("get", "/ra-date", [
      () => new HttpResponse(null, { status: 503, headers: { "retry-after": at } }),
      ok,
    ]);
    const { client: c, delays } = client({ now: () => now });
    await c.getJson("/ra-date", Ok);
    expect(delays).toEqual([3000]);
  });

  it("honours rate-limit reset headers (epoch seconds and delay seconds)", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    sequence("get", "/reset", [
      () =>
        new HttpResponse(null, { status: 429, headers: { "x-rate-limit-reset": String(now / 1000 + 4) } }),
      () => new HttpResponse(null, { status: 429, headers: { "ratelimit-reset": "1" } }),
      ok,
    ]);
    const { client: c, delays } = client({ now: () => now });
    await c.getJson("/reset", Ok);
    expect(delays).toEqual([4000, 1000]);
  });

  it("retries a 503 with backoff even when it carries a far rate-limit reset, which is not its wait", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const window = { "x-rate-limit-reset": String(now / 1000 + 900), "x-rate-limit-remaining": "299" };
    const calls = sequence("get", "/outage", [
      () => new HttpResponse(null, { status: 503, headers: window }),
    ]);
    const { client: c, delays } = client({ now: () => now, retry: { maxRetries: 2 } });
    const error = await c.getJson("/outage", Ok).catch((e: unknown) => e);
    expect(PlatformServerError.isInstance(error)).toBe(true);
    expect((error as PlatformServerError).retryAfterMs).toBeUndefined();
    expect(calls).toHaveLength(3);
    expect(delays).toEqual([250, 500]);
  });

  it("stops when Retry-After exceeds the cap, and reports the wait on the error", async () => {
    const calls = sequence("get", "/cap", [
      () => new HttpResponse(null, { status: 429, headers: { "retry-after": "120" } }),
    ]);
    const { client: c, delays } = client({ retry: { maxRetryAfterMs: 10_000 } });
    const error = await c.getJson("/cap", Ok).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitedError).retryable).toBe(true);
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("waits as long as the error body says when the headers say nothing (parseErrorBody's retryAfterMs)", async () => {
    const calls = sequence("post", "/flood", [
      () => HttpResponse.json({ ok: false, retry_after: 7 }, { status: 429 }),
      ok,
    ]);
    const parseErrorBody = ({ json }: { json: unknown }) => ({
      retryAfterMs: ((json as { retry_after?: number }).retry_after ?? 0) * 1000,
    });
    const { client: c, delays } = client({ parseErrorBody });
    await expect(c.postJson("/flood", {}, Ok, { idempotencyKey: "k1" })).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([7000]);
  });

  it("stops when the body's wait exceeds the cap, and reports it on the error", async () => {
    const calls = sequence("post", "/flood-long", [
      () => HttpResponse.json({ ok: false, retry_after: 120 }, { status: 429 }),
    ]);
    const parseErrorBody = ({ json }: { json: unknown }) => ({
      retryAfterMs: ((json as { retry_after?: number }).retry_after ?? 0) * 1000,
    });
    const { client: c, delays } = client({ parseErrorBody, retry: { maxRetryAfterMs: 10_000 } });
    const error = await c.postJson("/flood-long", {}, Ok, { idempotencyKey: "k2" }).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("caps the exponential backoff at maxDelayMs", async () => {
    sequence("get", "/capped", [() => new HttpResponse(null, { status: 500 })]);
    const { client: c, delays } = client({
      random: () => 0.999,
      retry: { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 300 },
    });
    await c.getJson("/capped", Ok).catch(() => undefined);
    expect(delays).toEqual([99, 199, 299, 299, 299]);
  });

  it("refreshes credentials once on 401 and retries, even for a POST without a key", async () => {
    const calls = sequence("post", "/auth", [
      () => new HttpResponse(null, { status: 401 }),
      () => new HttpResponse(null, { status: 401 }),
    ]);
    const onUnauthorized = vi.fn();
    const { client: c } = client({
      auth: {
        name: "test",
        apply: (r) => void r.headers.set("authorization", "Bearer t"),
        onUnauthorized,
        secrets: () => ["t"],
      },
    });
    const error = await c.postJson("/auth", {}, Ok).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });
});

describe("timeouts, deadline and abort", () => {
  it("times out one attempt and retries a GET; the last timeout is the error", async () => {
    const calls = sequence("get", "/hang", [
      async () => {
        await delay(500);
        return HttpResponse.json({ ok: true });
      },
    ]);
    const error = await client({ timeoutMs: 40, retry: { maxRetries: 1 } })
      .client.getJson("/hang", Ok)
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("attempt");
    expect((error as TimeoutError).timeoutMs).toBe(40);
    expect(calls).toHaveLength(2);
  });

  it("ends the whole call at the deadline, retries included", async () => {
    sequence("get", "/deadline", [
      async () => {
        await delay(60);
        return new HttpResponse(null, { status: 503 });
      },
    ]);
    const started = Date.now();
    const error = await client({ deadlineMs: 150, retry: { maxRetries: 10, baseDelayMs: 1 } })
      .client.getJson("/deadline", Ok)
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("deadline");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("does not start a backoff that would pass the deadline", async () => {
    sequence("get", "/late", [
      () => new HttpResponse(null, { status: 429, headers: { "retry-after": "5" } }),
    ]);
    const { client: c, delays } = client({ deadlineMs: 1000 });
    const error = await c.getJson("/late", Ok).catch((e: unknown) => e);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect((error as RateLimitedError).retryAfterMs).toBe(5000);
    expect(delays).toEqual([]);
  });

  it("rejects before any request when the signal is already aborted", async () => {
    const calls = sequence("get", "/never", [ok]);
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(client().client.getJson("/never", Ok, { signal: controller.signal })).rejects.toThrow(
      "stop",
    );
    expect(calls).toHaveLength(0);
  });

  it("rejects with the signal's reason while waiting for the response", async () => {
    sequence("get", "/wait", [
      async () => {
        await delay(1000);
        return ok();
      },
    ]);
    const reason = new Error("caller gave up");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 20);
    await expect(client().client.getJson("/wait", Ok, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("rejects with the signal's reason during the backoff sleep (real sleep)", async () => {
    const calls = sequence("get", "/backoff", [
      () => new HttpResponse(null, { status: 503, headers: { "retry-after": "30" } }),
    ]);
    const controller = new AbortController();
    const c = createHttpClient({ platform: "x", baseUrl: BASE });
    const reason = new Error("abort during sleep");
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    await expect(c.getJson("/backoff", Ok, { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(calls).toHaveLength(1);
  });

  it("rejects with the signal's reason while the body is being read", async () => {
    server.use(
      http.get(`${BASE}/stream`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"ok":'));
            // never closes
          },
        });
        return new HttpResponse(stream, { headers: { "content-type": "application/json" } });
      }),
    );
    const reason = new Error("abort during body");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    await expect(client().client.getJson("/stream", Ok, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("counts the body read in the attempt timeout", async () => {
    server.use(
      http.get(`${BASE}/slow-body`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"ok":'));
          },
        });
        return new HttpResponse(stream, { headers: { "content-type": "application/json" } });
      }),
    );
    const error = await client({ timeoutMs: 50, retry: { maxRetries: 0 } })
      .client.getJson("/slow-body", Ok)
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});

describe("errors in a 2xx body (errorInBody)", () => {
  const errorInBody = ({ json }: { json: unknown }) => {
    const { code, message } = json as { code: number; message?: string };
    if (code === 0) return undefined;
    return {
      code: String(code),
      ...(message ? { message } : {}),
      ...(code === 40100 ? { errorCode: "rate_limited" as const } : {}),
      ...(code === 50002 ? { errorCode: "platform_error" as const } : {}),
    };
  };
  const Envelope = z.object({ code: z.literal(0), data: z.object({ id: z.string() }) });

  it("retries a rate limit and a platform error found in a 200 body, then returns the data", async () => {
    const calls = sequence("get", "/tt", [
      () => HttpResponse.json({ code: 40100, message: "rate limited" }),
      () => HttpResponse.json({ code: 50002, message: "busy" }),
      () => HttpResponse.json({ code: 0, data: { id: "1" } }),
    ]);
    const { client: c, delays } = client({ errorInBody });
    await expect(c.getJson("/tt", Envelope)).resolves.toEqual({ code: 0, data: { id: "1" } });
    expect(calls).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it("maps a business error in a 200 body before the schema sees it: a rejection, not retried", async () => {
    const calls = sequence("post", "/tt", [() => HttpResponse.json({ code: 40001, message: "bad field" })]);
    const { client: c } = client({ errorInBody });
    const error = await c.postJson("/tt", {}, Envelope, { idempotencyKey: "k" }).catch((e: unknown) => e);
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, platformCode: "40001", platformMessage: "bad field" });
    expect(calls).toHaveLength(1);
  });

  it("gives errorInBody what parseErrorBody gets: status, headers, text and JSON, so one parser serves both", async () => {
    sequence("get", "/tt", [() => HttpResponse.json({ code: 0, data: { id: "1" } })]);
    const seen: Parameters<PlatformErrorParser>[0][] = [];
    const { client: c } = client({ errorInBody: (info) => void seen.push(info) });
    await c.getJson("/tt", Envelope);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ status: 200, text: '{"code":0,"data":{"id":"1"}}', json: { code: 0 } });
    expect(seen[0]!.headers.get("content-type")).toContain("application/json");
  });
});

describe("response bodies", () => {
  it("malformed JSON is a ProtocolError", async () => {
    sequence("get", "/bad-json", [
      () => new HttpResponse("{ not json", { headers: { "content-type": "application/json" } }),
    ]);
    const error = await client()
      .client.getJson("/bad-json", Ok)
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as ProtocolError).message).toContain("not valid JSON");
    expect((error as ProtocolError).retryable).toBe(false);
  });

  it("a body that does not match the schema is a ProtocolError with the issue paths", async () => {
    sequence("get", "/shape", [() => HttpResponse.json({ report: { id: 42 } })]);
    const error = await client()
      .client.getJson("/shape", z.object({ report: z.object({ id: z.string() }) }), {})
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as ProtocolError).issues[0]?.path).toEqual(["report", "id"]);
    expect((error as ProtocolError).message).toContain("report.id");
  });

  it("a non-JSON content type is a ProtocolError, even when the text parses", async () => {
    sequence("get", "/html", [
      () => new HttpResponse('{"ok":true}', { headers: { "content-type": "text/html" } }),
    ]);
    const error = await client()
      .client.getJson("/html", Ok)
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as ProtocolError).message).toContain("text/html");
  });

  it("accepts +json content types and empty bodies the schema allows", async () => {
    sequence("get", "/problem", [
      () =>
        new HttpResponse('{"ok":true}', {
          headers: { "content-type": "application/vnd.api+json; charset=utf-8" },
        }),
    ]);
    await expect(client().client.getJson("/problem", Ok)).resolves.toEqual({ ok: true });
    server.use(http.delete(`${BASE}/gone`, () => new HttpResponse(null, { status: 204 })));
    await expect(client().client.deleteJson("/gone", z.undefined())).resolves.toBeUndefined();
  });
});

describe("hooks", () => {
  it("sees every attempt, response and retry, redacted", async () => {
    sequence("post", "/hooked", [() => new HttpResponse(null, { status: 503 }), ok]);
    const requests: HttpRequestEvent[] = [];
    const responses: HttpResponseEvent[] = [];
    const retries: HttpRetryEvent[] = [];
    const { client: c } = client({
      auth: {
        name: "test",
        apply: (r) => void r.headers.set("authorization", "Bearer sekrit-token-123"),
        secrets: () => ["sekrit-token-123"],
      },
      hooks: {
        onRequest: (e) => void requests.push(e),
        onResponse: (e) => void responses.push(e),
        onRetry: (e) => void retries.push(e),
      },
      logBodies: true,
    });
    await c.postJson("/hooked", { note: "contains sekrit-token-123" }, Ok, { idempotencyKey: "k" });
    expect(requests.map((e) => e.attempt)).toEqual([1, 2]);
    expect(responses.map((e) => e.status)).toEqual([503, 200]);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error.code).toBe("platform_error");
    expect(requests[0]!.headers.authorization).toBe("[REDACTED]");
    expect(requests[0]!.idempotencyKey).toBe("k");
    expect(JSON.stringify([requests, responses, retries])).not.toContain("sekrit-token-123");
    // One event type for every hook, told apart by `type`.
    expect([...requests, ...responses, ...retries].map((e: HttpEvent) => e.type)).toEqual([
      "request",
      "request",
      "response",
      "response",
      "retry",
    ]);
  });

  it("a hook that throws, rejects or never settles does not fail or stall the call", async () => {
    sequence("get", "/hook-throws", [() => new HttpResponse(null, { status: 503 }), ok]);
    const { client: c } = client({
      hooks: {
        onRequest: () => {
          throw new Error("logger down");
        },
        onResponse: async () => {
          throw new Error("metrics down");
        },
        onRetry: () => new Promise<void>(() => undefined),
      },
    });
    await expect(c.getJson("/hook-throws", Ok)).resolves.toEqual({ ok: true });
  });
});

describe("abort paths with a caller signal", () => {
  it("still times out one attempt when the caller passes a signal", async () => {
    sequence("get", "/hang-signal", [
      async () => {
        await delay(500);
        return ok();
      },
    ]);
    const controller = new AbortController();
    const error = await client({ timeoutMs: 40, retry: { maxRetries: 0 } })
      .client.getJson("/hang-signal", Ok, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("attempt");
    expect(controller.signal.aborted).toBe(false);
  });

  it("still ends the call at the deadline when the caller passes a signal", async () => {
    sequence("get", "/deadline-signal", [
      async () => {
        await delay(500);
        return ok();
      },
    ]);
    const error = await client({ deadlineMs: 60, timeoutMs: 5_000 })
      .client.getJson("/deadline-signal", Ok, { signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("deadline");
  });

  it("a custom fetch that reads only the request's signal is still aborted on timeout", async () => {
    let sawAbort = false;
    const fetch = (input: Request | URL | string) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = (input as Request).signal;
        signal.addEventListener("abort", () => {
          sawAbort = true;
          reject(signal.reason);
        });
      });
    const error = await client({ fetch, timeoutMs: 30, retry: { maxRetries: 0 } })
      .client.getJson("/custom", Ok)
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("attempt");
    expect(sawAbort).toBe(true);
  });

  it("the platform sees the request aborted when the caller gives up (default fetch)", async () => {
    let serverSawAbort = false;
    server.use(
      http.get(`${BASE}/watch-abort`, async ({ request }) => {
        request.signal.addEventListener("abort", () => {
          serverSawAbort = true;
        });
        await delay(1000);
        return ok();
      }),
    );
    const reason = new Error("caller gave up");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 20);
    await expect(client().client.getJson("/watch-abort", Ok, { signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(serverSawAbort).toBe(true);
  });

  it("the auth strategy's signal aborts with the caller", async () => {
    const reason = new Error("stop now");
    const controller = new AbortController();
    let seen: unknown;
    const { client: c } = client({
      auth: {
        name: "slow-vault",
        apply: (_request, { signal }) =>
          new Promise<void>((_resolve, reject) => {
            signal.addEventListener("abort", () => {
              seen = signal.reason;
              reject(signal.reason);
            });
          }),
        secrets: () => [],
      },
    });
    setTimeout(() => controller.abort(reason), 20);
    await expect(c.getJson("/vault", Ok, { signal: controller.signal })).rejects.toBe(reason);
    expect(seen).toBe(reason);
  });

  it("a credentials refresh that hangs ends at the deadline", async () => {
    sequence("get", "/refresh-hangs", [() => new HttpResponse(null, { status: 401 })]);
    const { client: c } = client({
      deadlineMs: 80,
      auth: {
        name: "stuck",
        apply: (r) => void r.headers.set("authorization", "Bearer t"),
        onUnauthorized: () => new Promise<void>(() => undefined),
        secrets: () => ["t"],
      },
    });
    const error = await c
      .getJson("/refresh-hangs", Ok, { signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).kind).toBe("deadline");
  });

  it("one long-lived signal shared by many concurrent calls: no listener warning, every call rejects with its reason", async () => {
    server.use(
      http.get(`${BASE}/many`, async () => {
        await delay(1000);
        return ok();
      }),
    );
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const { client: c } = client();
      // Calls that finished before must not be touched by the abort.
      sequence("get", "/quick", [ok]);
      await Promise.all(
        Array.from({ length: 30 }, () => c.getJson("/quick", Ok, { signal: controller.signal })),
      );
      const pending = Array.from({ length: 30 }, () =>
        c.getJson("/many", Ok, { signal: controller.signal }).catch((e: unknown) => e),
      );
      const reason = new Error("shutting down");
      setTimeout(() => controller.abort(reason), 20);
      const results = await Promise.all(pending);
      expect(results.every((result) => result === reason)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("per-call headers override the client's, whatever their case", async () => {
    const calls = sequence("get", "/headers", [ok]);
    const { client: c } = client({ headers: { "X-Tenant": "a", Accept: "text/plain" } });
    await c.getJson("/headers", Ok, { headers: { "x-tenant": "b", "X-Trace": "t1" } });
    expect(calls[0]!.headers.get("x-tenant")).toBe("b");
    expect(calls[0]!.headers.get("x-trace")).toBe("t1");
    expect(calls[0]!.headers.get("accept")).toBe("application/json");
  });

  it("hooks added to the config after the client was built are called", async () => {
    sequence("get", "/late-hooks", [ok]);
    const config: HttpClientConfig = { platform: "x", baseUrl: BASE };
    const c = createHttpClient(config);
    const events: string[] = [];
    config.hooks = {
      onRequest: (e) => void events.push(`request ${e.url}`),
      onResponse: (e) => void events.push(`response ${e.status}`),
    };
    await c.getJson("/late-hooks", Ok);
    expect(events).toEqual([`request ${BASE}/late-hooks`, "response 200"]);
  });
});

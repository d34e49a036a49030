import { inspect } from "node:util";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  AuthenticationError,
  apiKeyHeader,
  bearerToken,
  createHttpClient,
  type HttpClientConfig,
  type HttpEvent,
  hmac,
  hmacSignature,
  oauth2ClientCredentials,
} from "referral-kit/adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultCanonicalString, timingSafeEqual } from "../../src/adapter/http/auth/hmac.js";

type HttpRequestEvent = Extract<HttpEvent, { type: "request" }>;
type HttpResponseEvent = Extract<HttpEvent, { type: "response" }>;

const BASE = "https://api.example.test/v1";
const TOKEN_URL = "https://auth.example.test/oauth/token";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const Ok = z.object({ ok: z.literal(true) });

function client(overrides: Partial<HttpClientConfig>) {
  return createHttpClient({
    platform: "tiktok",
    baseUrl: BASE,
    sleep: async () => undefined,
    ...overrides,
  });
}

describe("bearer token", () => {
  it("sends Authorization: Bearer, reading a token function on every attempt", async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/me`, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ ok: true });
      }),
    );
    let n = 0;
    const c = client({ auth: bearerToken(() => `token-${++n}`) });
    await c.getJson("/me", Ok);
    await c.getJson("/me", Ok);
    expect(seen).toEqual(["Bearer token-1", "Bearer token-2"]);
  });
});

describe("API key header", () => {
  it("sends the key in X-Api-Key by default, or a named header with a prefix", async () => {
    const seen: Record<string, string | null>[] = [];
    server.use(
      http.get(`${BASE}/me`, ({ request }) => {
        seen.push({ x: request.headers.get("x-api-key"), custom: request.headers.get("x-tt-key") });
        return HttpResponse.json({ ok: true });
      }),
    );
    await client({ auth: apiKeyHeader({ key: "k-123" }) }).getJson("/me", Ok);
    await client({ auth: apiKeyHeader({ key: "k-456", header: "X-Tt-Key", prefix: "Key " }) }).getJson(
      "/me",
      Ok,
    );
    expect(seen).toEqual([
      { x: "k-123", custom: null },
      { x: null, custom: "Key k-456" },
    ]);
  });

  it("scrubs the key from errors even when the header name does not look secret", async () => {
    server.use(
      http.get(`${BASE}/echo`, ({ request }) =>
        HttpResponse.json({ message: `bad key ${request.headers.get("x-tt-client")}` }, { status: 400 }),
      ),
    );
    const error = await client({ auth: apiKeyHeader({ key: "plain-key-9876", header: "X-Tt-Client" }) })
      .getJson("/echo", Ok)
      .catch((e: unknown) => e);
    expect(String(error)).toContain("bad key [REDACTED]");
    expect(JSON.stringify(error)).not.toContain("plain-key-9876");
  });
});

describe("OAuth 2 client credentials", () => {
  const clientSecret = "client-secret-value-42";

  function tokenServer(options: { expiresIn?: number; refuse?: boolean } = {}) {
    const tokenRequests: { auth: string | null; body: string }[] = [];
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        tokenRequests.push({ auth: request.headers.get("authorization"), body: await request.text() });
        if (options.refuse) {
          return HttpResponse.json(
            { error: "invalid_client", error_description: `client secret ${clientSecret} is wrong` },
            { status: 401 },
          );
        }
        return HttpResponse.json({
          access_token: `access-${tokenRequests.length}`,
          token_type: "bearer",
          expires_in: options.expiresIn ?? 3600,
        });
      }),
    );
    return tokenRequests;
  }

  it("token requests go through the client's hooks, redacted (client secret and token never shown)", async () => {
    tokenServer();
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ ok: true })));
    const requests: HttpRequestEvent[] = [];
    const responses: HttpResponseEvent[] = [];
    for (const clientAuthentication of ["basic", "body"] as const) {
      requests.length = 0;
      responses.length = 0;
      const c = client({
        auth: oauth2ClientCredentials({
          tokenUrl: TOKEN_URL,
          clientId: "cid",
          clientSecret,
          clientAuthentication,
        }),
        logBodies: true,
        hooks: { onRequest: (e) => void requests.push(e), onResponse: (e) => void responses.push(e) },
      });
      await c.getJson("/me", Ok);
      expect(requests.map((e) => [e.purpose, e.url])).toEqual([
        ["token", TOKEN_URL],
        [undefined, `${BASE}/me`],
      ]);
      expect(responses.map((e) => [e.purpose, e.status])).toEqual([
        ["token", 200],
        [undefined, 200],
      ]);
      const seen = JSON.stringify([requests, responses]);
      expect(seen).not.toContain(clientSecret);
      expect(seen).not.toContain(btoa(`cid:${clientSecret}`));
      expect(seen).not.toMatch(/access-\d/);
    }
  });

  it("fetches a token once and reuses it across calls, including concurrent ones", async () => {
    const tokenRequests = tokenServer();
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/me`, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ ok: true });
      }),
    );
    const c = client({
      auth: oauth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "cid", clientSecret, scope: "report" }),
    });
    await Promise.all([c.getJson("/me", Ok), c.getJson("/me", Ok)]);
    await c.getJson("/me", Ok);
    expect(tokenRequests).toHaveLength(1);
    expect(seen).toEqual(["Bearer access-1", "Bearer access-1", "Bearer access-1"]);
    expect(tokenRequests[0]!.auth).toBe(`Basic ${btoa(`cid:${clientSecret}`)}`);
    expect(new URLSearchParams(tokenRequests[0]!.body).get("grant_type")).toBe("client_credentials");
    expect(new URLSearchParams(tokenRequests[0]!.body).get("scope")).toBe("report");
  });

  it("can send the client credentials in the body instead", async () => {
    const tokenRequests = tokenServer();
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ ok: true })));
    const auth = oauth2ClientCredentials({
      tokenUrl: TOKEN_URL,
      clientId: "cid",
      clientSecret,
      clientAuthentication: "body",
    });
    await client({ auth }).getJson("/me", Ok);
    const body = new URLSearchParams(tokenRequests[0]!.body);
    expect(tokenRequests[0]!.auth).toBeNull();
    expect(body.get("client_id")).toBe("cid");
    expect(body.get("client_secret")).toBe(clientSecret);
  });

  it("refreshes the token when it is about to expire", async () => {
    const tokenRequests = tokenServer({ expiresIn: 120 });
    server.use(http.get(`${BASE}/me`, () => HttpResponse.json({ ok: true })));
    let now = Date.parse("2026-01-01T00:00:00Z");
    const auth = oauth2ClientCredentials({
      tokenUrl: TOKEN_URL,
      clientId: "cid",
      clientSecret,
      refreshMarginMs: 30_000,
    });
    const c = client({ auth, now: () => now });
    await c.getJson("/me", Ok);
    now += 80_000; // 40 s left: more than the margin, reuse
    await c.getJson("/me", Ok);
    expect(tokenRequests).toHaveLength(1);
    now += 20_000; // 20 s left: inside the margin, refresh
    await c.getJson("/me", Ok);
    expect(tokenRequests).toHaveLength(2);
  });

  it("refreshes once on 401 and retries the call with the new token", async () => {
    const tokenRequests = tokenServer();
    const seen: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/reports`, ({ request }) => {
        const authorization = request.headers.get("authorization");
        seen.push(authorization);
        return authorization === "Bearer access-1"
          ? new HttpResponse(null, { status: 401 })
          : HttpResponse.json({ ok: true });
      }),
    );
    const c = client({
      auth: oauth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "cid", clientSecret }),
    });
    // No idempotency key: a 401 was not processed, so the one retry is still safe.
    await expect(c.postJson("/reports", {}, Ok)).resolves.toEqual({ ok: true });
    expect(seen).toEqual(["Bearer access-1", "Bearer access-2"]);
    expect(tokenRequests).toHaveLength(2);
  });

  it("refreshes only once: a second 401 is an AuthenticationError", async () => {
    const tokenRequests = tokenServer();
    let calls = 0;
    server.use(
      http.get(`${BASE}/me`, () => {
        calls += 1;
        return HttpResponse.json({ error: { message: "token revoked" } }, { status: 401 });
      }),
    );
    const c = client({
      auth: oauth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "cid", clientSecret }),
    });
    const error = await c.getJson("/me", Ok).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(calls).toBe(2);
    expect(tokenRequests).toHaveLength(2);
  });

  it("a caller abort while the token is being fetched rejects at once with the reason", async () => {
    server.use(
      http.post(TOKEN_URL, async () => {
        await delay(1000);
        return HttpResponse.json({ access_token: "late", expires_in: 3600 });
      }),
    );
    const c = client({
      auth: oauth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "cid", clientSecret }),
    });
    const reason = new Error("operator cancelled");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    await expect(c.getJson("/me", Ok, { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("a refused token request is an AuthenticationError that never shows the secret", async () => {
    tokenServer({ refuse: true });
    const c = client({
      auth: oauth2ClientCredentials({ tokenUrl: TOKEN_URL, clientId: "cid", clientSecret }),
    });
    const error = await c.getJson("/me", Ok).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).status).toBe(401);
    for (const view of [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String((error as Error).stack),
    ]) {
      expect(view).not.toContain(clientSecret);
    }
  });
});

describe("HMAC request signing", () => {
  const secret = "hmac-shared-secret-77";

  it("signs timestamp, method, path and body; the handler verifies it", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const verdicts: boolean[] = [];
    server.use(
      http.post(`${BASE}/reports`, async ({ request }) => {
        const timestamp = request.headers.get("x-timestamp")!;
        const url = new URL(request.url);
        const canonical = await defaultCanonicalString({
          method: request.method,
          pathAndQuery: `${url.pathname}${url.search}`,
          timestamp,
          body: await request.text(),
        });
        const expected = `v1=${await hmac("SHA-256", secret, canonical)}`;
        const fresh = Math.abs(Number(timestamp) * 1000 - now) <= 300_000;
        verdicts.push(fresh && timingSafeEqual(expected, request.headers.get("x-signature") ?? ""));
        expect(request.headers.get("x-key-id")).toBe("agency-17");
        return HttpResponse.json({ ok: true });
      }),
    );
    const c = client({
      auth: hmacSignature({ secret, keyId: "agency-17", signaturePrefix: "v1=" }),
      now: () => now,
    });
    await c.postJson("/reports?dry=1", { targets: ["x:someone"] }, Ok, { idempotencyKey: "k" });
    expect(verdicts).toEqual([true]);
  });

  it("signs every retry again with a fresh timestamp", async () => {
    let now = 1_767_225_600_000;
    const timestamps: string[] = [];
    server.use(
      http.post(`${BASE}/reports`, ({ request }) => {
        timestamps.push(request.headers.get("x-timestamp")!);
        now += 5000;
        return timestamps.length === 1
          ? new HttpResponse(null, { status: 503 })
          : HttpResponse.json({ ok: true });
      }),
    );
    await client({ auth: hmacSignature({ secret }), now: () => now }).postJson("/reports", {}, Ok, {
      idempotencyKey: "k",
    });
    expect(timestamps).toEqual(["1767225600", "1767225605"]);
  });

  it("a tampered body fails verification", async () => {
    const canonical = await defaultCanonicalString({
      method: "POST",
      pathAndQuery: "/v1/r",
      timestamp: "1",
      body: "{}",
    });
    const tampered = await defaultCanonicalString({
      method: "POST",
      pathAndQuery: "/v1/r",
      timestamp: "1",
      body: "{ }",
    });
    expect(
      timingSafeEqual(await hmac("SHA-256", secret, canonical), await hmac("SHA-256", secret, tampered)),
    ).toBe(false);
    expect(await hmac("SHA-256", "key", "data", "base64")).toBe(
      "UDH+PZicbRU3oBP6bnOdojRj/a7DtwE32Cjjas4iG9A=",
    );
  });

  it("computes RFC 4231's test case 2 and hashes the body with SHA-256 in the canonical string", async () => {
    expect(await hmac("SHA-256", "Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(await hmac("SHA-512", "Jefe", "what do ya want for nothing?")).toBe(
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    );
    const canonical = await defaultCanonicalString({
      method: "GET",
      pathAndQuery: "/",
      timestamp: "1",
      body: "",
    });
    expect(canonical.split("\n").at(-1)).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});

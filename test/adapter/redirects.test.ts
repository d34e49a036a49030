/**
 * Redirects against real servers on loopback: two origins (two ports), one answering 301/302/303/307/308
 * to itself or to the other. Credentials, signatures and idempotency keys reach the call's origin only;
 * another origin's answer is never accepted as the platform's.
 */
import {
  bearerToken,
  createHttpClient,
  type HttpClientConfig,
  hmacSignature,
  oauth2ClientCredentials,
  RedirectRefusedError,
} from "referral-kit/adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { followRedirect, isRedirect } from "../../src/adapter/http/redirect.js";
import { type LoopbackServer, startLoopback } from "./support/loopback-http.js";

const TOKEN = "redirect-test-token-0123456789";
const Answer = z.object({ ok: z.literal(true), at: z.string() });
const STATUSES = [301, 302, 303, 307, 308] as const;

let platform: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  // Another origin: answers every request as if it were the platform, so a followed redirect "works".
  elsewhere = await startLoopback((request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true, at: `elsewhere ${request.path}` }));
  });
  // The platform: /to/<status>/<elsewhere|here>/<rest> redirects; anything else answers.
  platform = await startLoopback((request, response) => {
    const match = /^\/v1\/to\/(\d{3})\/(elsewhere|here)(\/.*)$/.exec(request.path);
    if (match) {
      const [, status, where, rest] = match;
      const location = where === "elsewhere" ? `${elsewhere.origin}${rest}` : `/v1${rest}`;
      response.writeHead(Number(status), { location });
      response.end();
      return;
    }
    if (request.path === "/v1/loop") {
      response.writeHead(302, { location: "/v1/loop" });
      response.end();
      return;
    }
    if (request.path === "/v1/token-moved") {
      response.writeHead(307, { location: `${elsewhere.origin}/token` });
      response.end();
      return;
    }
    if (request.path === "/v1/token") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600 }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true, at: `platform ${request.path}` }));
  });
});
afterEach(() => {
  platform.requests.length = 0;
  elsewhere.requests.length = 0;
});
afterAll(async () => {
  await platform.close();
  await elsewhere.close();
});

function client(overrides: Partial<HttpClientConfig> = {}) {
  return createHttpClient({
    platform: "x",
    baseUrl: `${platform.origin}/v1`,
    auth: bearerToken(TOKEN),
    retry: { maxRetries: 0 },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("a redirect to another origin", () => {
  for (const status of STATUSES) {
    it(`${status} on a POST: refused, naming both origins; nothing reaches the other origin`, async () => {
      const error = await failure(
        client().postJson(`/to/${status}/elsewhere/receipts`, { referral: "body" }, Answer, {
          idempotencyKey: "req-1:0",
        }),
      );
      expect(RedirectRefusedError.isInstance(error)).toBe(true);
      const refused = error as RedirectRefusedError;
      expect(refused).toMatchObject({
        code: "redirect_refused",
        reason: "cross-origin",
        retryable: false,
        status,
        from: platform.origin,
        to: elsewhere.origin,
      });
      expect(refused.message).toContain(platform.origin);
      expect(refused.message).toContain(elsewhere.origin);
      expect(elsewhere.requests).toEqual([]);
    });

    it(`${status} on a GET: refused too; nothing reaches the other origin`, async () => {
      const error = await failure(client().getJson(`/to/${status}/elsewhere/status`, Answer));
      expect(error).toMatchObject({ code: "redirect_refused", from: platform.origin, to: elsewhere.origin });
      expect(elsewhere.requests).toEqual([]);
    });
  }

  it("is refused through a caller's own fetch as well (every request goes out with redirect: manual)", async () => {
    const seen: Request["redirect"][] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const request = new Request(input, init);
      seen.push(request.redirect);
      return globalThis.fetch(request);
    };
    const error = await failure(
      client({ fetch }).postJson("/to/307/elsewhere/receipts", { referral: "body" }, Answer, {
        idempotencyKey: "req-1:0",
      }),
    );
    expect(error).toMatchObject({ code: "redirect_refused", reason: "cross-origin" });
    expect(seen).toEqual(["manual"]);
    expect(elsewhere.requests).toEqual([]);
  });

  it("is not accepted as the platform's answer when a caller's fetch followed it by itself", async () => {
    // A fetch that ignores the request's redirect mode (it rebuilds the call from its parts).
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      return globalThis.fetch(request.url, { method: request.method, headers: request.headers });
    };
    const error = await failure(client({ fetch }).getJson("/to/302/elsewhere/status", Answer));
    expect(error).toMatchObject({ code: "redirect_refused", from: platform.origin, to: elsewhere.origin });
  });

  it("to an allowed origin: only GET is followed, without credentials, idempotency key or own headers", async () => {
    const allowing = client({
      redirects: { allowOrigins: [elsewhere.origin] },
      headers: { "x-tenant": "ctu" },
    });
    const result = await allowing.request("GET", "/to/302/elsewhere/status", {
      schema: Answer,
      idempotencyKey: "req-1:0",
    });
    expect(result.data.at).toBe("elsewhere /status");
    const [hop] = elsewhere.requests;
    expect(hop?.headers.authorization).toBeUndefined();
    expect(hop?.headers["idempotency-key"]).toBeUndefined();
    expect(hop?.headers["x-tenant"]).toBeUndefined();
    expect(platform.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const post = await failure(
      allowing.postJson("/to/307/elsewhere/receipts", {}, Answer, { idempotencyKey: "req-1:1" }),
    );
    expect(post).toMatchObject({ code: "redirect_refused", reason: "cross-origin" });
    expect(elsewhere.requests).toHaveLength(1);
  });
});

describe("a redirect within the origin", () => {
  for (const status of STATUSES) {
    it(`${status} on a GET is followed, with the credentials`, async () => {
      const result = await client().request("GET", `/to/${status}/here/status/1`, { schema: Answer });
      expect(result.data.at).toBe("platform /v1/status/1");
      expect(platform.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
        ["GET", `/v1/to/${status}/here/status/1`, `Bearer ${TOKEN}`],
        ["GET", "/v1/status/1", `Bearer ${TOKEN}`],
      ]);
    });
  }

  for (const status of [307, 308] as const) {
    it(`${status} on a POST re-sends the body and key intact, signed again for the new path`, async () => {
      const secret = "hmac-redirect-secret-0123456789";
      const signed = client({ auth: hmacSignature({ secret }) });
      const body = { referral: "body", targets: ["x:one", "x:two"] };
      await signed.postJson(`/to/${status}/here/receipts`, body, Answer, { idempotencyKey: "req-1:0" });
      const [first, second] = platform.requests;
      expect(second?.method).toBe("POST");
      expect(second?.path).toBe("/v1/receipts");
      expect(second?.body).toBe(JSON.stringify(body));
      expect(second?.body).toBe(first?.body);
      expect(second?.headers["idempotency-key"]).toBe("req-1:0");
      expect(second?.headers["x-signature"]).toBeDefined();
      expect(second?.headers["x-signature"]).not.toBe(first?.headers["x-signature"]);
    });
  }

  for (const status of [301, 302, 303] as const) {
    it(`${status} on a POST is refused: following it would drop the body or turn it into a read`, async () => {
      const error = await failure(
        client().postJson(`/to/${status}/here/receipts`, { referral: "body" }, Answer, {
          idempotencyKey: "req-1:0",
        }),
      );
      expect(error).toMatchObject({ code: "redirect_refused", reason: "method", status });
      expect(platform.requests).toHaveLength(1);
    });
  }

  it("stops after redirects.max hops (default 5), and follows none with max 0", async () => {
    const error = await failure(client().getJson("/loop", Answer));
    expect(error).toMatchObject({ code: "redirect_refused", reason: "too-many" });
    expect(platform.requests).toHaveLength(6);
    platform.requests.length = 0;
    const none = await failure(client({ redirects: { max: 0 } }).getJson("/to/302/here/status", Answer));
    expect(none).toMatchObject({ code: "redirect_refused", reason: "not-followed" });
    expect(platform.requests).toHaveLength(1);
  });
});

describe("the OAuth token request", () => {
  it("follows no redirect: the client secret never reaches another origin", async () => {
    const secret = "oauth-client-secret-0123456789";
    const c = client({
      auth: oauth2ClientCredentials({
        tokenUrl: `${platform.origin}/v1/token-moved`,
        clientId: "agency",
        clientSecret: secret,
        clientAuthentication: "body",
      }),
    });
    const error = await failure(c.getJson("/status", Answer));
    expect(error).toMatchObject({ code: "redirect_refused", from: platform.origin, to: elsewhere.origin });
    expect(elsewhere.requests).toEqual([]);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("still gets its token when nothing redirects", async () => {
    const c = client({
      auth: oauth2ClientCredentials({
        tokenUrl: `${platform.origin}/v1/token`,
        clientId: "a",
        clientSecret: "b0123",
      }),
    });
    await c.getJson("/status", Answer);
    expect(platform.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("configuration", () => {
  it("refuses an allowed origin that is not an absolute URL", () => {
    expect(() => client({ redirects: { allowOrigins: ["eu.api.example"] } })).toThrow(/absolute URLs/);
  });
});

describe("the redirect policy on its own", () => {
  const context = { platform: "x", method: "GET", url: "https://api.x.example/2/status" };
  const follow = (status: number, location: string | null, options = {}, method = "GET") =>
    followRedirect({
      response: new Response(null, { status, headers: location === null ? {} : { location } }),
      url: "https://api.x.example/2/status",
      method,
      origin: "https://api.x.example",
      hops: 0,
      options,
      context,
    });

  it("treats a move from https to http on the same host as another origin", () => {
    expect(() => follow(301, "http://api.x.example/2/status")).toThrow(
      expect.objectContaining({
        code: "redirect_refused",
        from: "https://api.x.example",
        to: "http://api.x.example",
      }),
    );
  });

  it("resolves a relative Location against the URL that answered", () => {
    expect(follow(302, "../3/status")).toEqual({ url: "https://api.x.example/3/status", foreign: false });
  });

  it("refuses a redirect without a usable Location as a ProtocolError", () => {
    expect(() => follow(302, null)).toThrow(expect.objectContaining({ code: "protocol_error" }));
    expect(() => follow(302, "http://[bad")).toThrow(expect.objectContaining({ code: "protocol_error" }));
  });

  it("matches allowed origins by origin, whatever path they were written with", () => {
    expect(
      follow(302, "https://eu.x.example/2/status", { allowOrigins: ["https://eu.x.example/any/path"] }),
    ).toEqual({
      url: "https://eu.x.example/2/status",
      foreign: true,
    });
    expect(() =>
      follow(302, "https://eu.x.example:8443/2/status", { allowOrigins: ["https://eu.x.example"] }),
    ).toThrow(expect.objectContaining({ reason: "cross-origin" }));
  });

  it("is not a redirect: 300 and 304 are answers", () => {
    expect([301, 302, 303, 307, 308].every(isRedirect)).toBe(true);
    expect([300, 304, 200, 400].some(isRedirect)).toBe(false);
  });
});

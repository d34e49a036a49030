import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  AdapterError,
  bearerToken,
  createHttpClient,
  type HttpEvent,
  NetworkError,
} from "referral-kit/adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  REDACTED,
  redactError,
  redactHeaders,
  redactText,
  redactUrl,
} from "../../src/adapter/http/redact.js";

type HttpRequestEvent = Extract<HttpEvent, { type: "request" }>;
type HttpResponseEvent = Extract<HttpEvent, { type: "response" }>;
type HttpRetryEvent = Extract<HttpEvent, { type: "retry" }>;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BOT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const BEARER = "eyJhbGciOiJIUzI1NiJ9.sekrit-bearer-payload";
const SECRETS = [BOT_TOKEN, BEARER, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"];

/** Every way an error can be looked at. */
function views(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: true }),
    String(e.stack),
    inspect(e.cause, { depth: 10, showHidden: true }),
    JSON.stringify((e.cause as Error | undefined)?.message ?? ""),
  ];
}

function expectClean(texts: string[]) {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("pure redaction", () => {
  it("redacts credential headers and keeps the rest", () => {
    expect(
      redactHeaders(
        new Headers({
          Authorization: "Bearer abc",
          "Proxy-Authorization": "Basic abc",
          Cookie: "session=1",
          "X-Api-Key": "k",
          "X-Hub-Signature-256": "sha256=00",
          "X-Telegram-Bot-Api-Secret-Token": "s",
          Accept: "application/json",
        }),
      ),
    ).toEqual({
      accept: "application/json",
      authorization: REDACTED,
      cookie: REDACTED,
      "proxy-authorization": REDACTED,
      "x-api-key": REDACTED,
      "x-hub-signature-256": REDACTED,
      "x-telegram-bot-api-secret-token": REDACTED,
    });
  });

  it("redacts query tokens, user info and Telegram bot tokens in URLs", () => {
    expect(redactUrl("https://graph.example.test/me?access_token=abc&fields=id")).toBe(
      "https://graph.example.test/me?access_token=[REDACTED]&fields=id",
    );
    expect(redactUrl("https://a.test/x?token=1&client_secret=2&page=3")).toBe(
      "https://a.test/x?token=[REDACTED]&client_secret=[REDACTED]&page=3",
    );
    expect(redactUrl(`https://api.telegram.org/bot${BOT_TOKEN}/getUpdates`)).toBe(
      "https://api.telegram.org/bot[REDACTED]/getUpdates",
    );
    expect(redactUrl("https://user:pass@host.test/p")).toBe("https://[REDACTED]:[REDACTED]@host.test/p");
  });

  it("redacts known secrets, auth schemes and secret pairs in text", () => {
    expect(redactText("key is s3cr3t-value", ["s3cr3t-value"])).toBe("key is [REDACTED]");
    expect(redactText(`Authorization: Bearer ${BEARER}`)).toBe("Authorization: Bearer [REDACTED]");
    expect(redactText('{"access_token":"abc","x":1}')).toBe('{"access_token":"[REDACTED]","x":1}');
    expect(redactText("grant_type=client_credentials&client_secret=zzz")).toBe(
      "grant_type=client_credentials&client_secret=[REDACTED]",
    );
    expect(redactText(`see bot${BOT_TOKEN}/send`)).toBe("see bot[REDACTED]/send");
  });

  it("copies an error chain without secrets or request objects", () => {
    const original = new Error(`fetch https://api.telegram.org/bot${BOT_TOKEN}/x failed`, {
      cause: Object.assign(new Error(`inner Bearer ${BEARER}`), {
        code: "ECONNRESET",
        request: { headers: { a: 1 } },
      }),
    });
    const copy = redactError(original);
    expectClean([copy.message, String(copy.stack), inspect(copy, { depth: 10, showHidden: true })]);
    expect((copy.cause as { code?: string }).code).toBe("ECONNRESET");
    expect((copy.cause as { request?: unknown }).request).toBeUndefined();
  });
});

describe("errors never carry credentials", () => {
  it("a network error with a bot token in the URL and the cause", () => {
    const url = `https://api.telegram.org/bot${BOT_TOKEN}/sendMessage?token=${BEARER}`;
    const error = new NetworkError({
      platform: "telegram",
      url,
      cause: new TypeError(`fetch failed for ${url}`, { cause: new Error(`Bearer ${BEARER}`) }),
    });
    expectClean(views(error));
    expect(error.url).toBe("https://api.telegram.org/bot[REDACTED]/sendMessage?token=[REDACTED]");
  });

  it("errors, hook payloads and retries from a client whose platform echoes the credentials", async () => {
    const base = `https://api.telegram.org/bot${BOT_TOKEN}`;
    server.use(
      http.post(`${base}/sendReport`, ({ request }) =>
        HttpResponse.json(
          {
            ok: false,
            description: `Unauthorized: ${request.headers.get("authorization")} for ${request.url}`,
            error_code: 503,
          },
          { status: 503 },
        ),
      ),
    );
    const events: (HttpRequestEvent | HttpResponseEvent | HttpRetryEvent)[] = [];
    const client = createHttpClient({
      platform: "telegram",
      baseUrl: base,
      auth: bearerToken(BEARER),
      secrets: [BOT_TOKEN],
      sleep: async () => undefined,
      retry: { maxRetries: 1 },
      logBodies: true,
      hooks: {
        onRequest: (e) => void events.push(e),
        onResponse: (e) => void events.push(e),
        onRetry: (e) => void events.push(e),
      },
    });
    const error = await client
      .postJson("/sendReport", { note: `token ${BOT_TOKEN}` }, z.object({ ok: z.boolean() }), {
        idempotencyKey: "k",
      })
      .catch((e: unknown) => e);
    expect(AdapterError.isInstance(error)).toBe(true);
    expect(String(error)).toContain("Unauthorized: Bearer [REDACTED]");
    expectClean(views(error));
    expect(events.length).toBe(5);
    expectClean([JSON.stringify(events), inspect(events, { depth: 10 })]);
  });
});

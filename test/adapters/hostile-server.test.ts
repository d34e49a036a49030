/**
 * The six reference adapters against a hostile server on loopback (real HTTP, not msw): it redirects to
 * another origin, streams 50 MB, drips one byte at a time, sends malformed JSON, wraps errors in a 2xx,
 * answers in the wrong shape, fails with 5xx forever, or asks to be left alone for an hour. Every case
 * ends in the right typed error, in bounded time and memory, with no secret in what `util.inspect`
 * prints of the error, and nothing reaches the other origin.
 */
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { AdapterError, type AdapterErrorCode, type ReportingAdapter } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, defaultTarget } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type LoopbackServer,
  type ReceivedRequest,
  startLoopback,
  streamFiller,
} from "../adapter/support/loopback-http.js";

const FIFTY_MB = 50 * 1024 * 1024;
const MiB = 1024 * 1024;
const TOKEN = "hostile-test-token-0123456789";
const APP_SECRET = "hostile-app-secret-0123456789";
const BOT_TOKEN = "7100000009:AAhostileTelegramToken_0123456789";

/** The transport settings every adapter gets here: short timeouts, two retries, a 1 MiB answer limit. */
const transport = {
  timeoutMs: 400,
  deadlineMs: 5_000,
  maxResponseBytes: MiB,
  retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 },
};

interface Subject {
  readonly platform: "x" | "facebook" | "instagram" | "whatsapp" | "tiktok" | "telegram";
  /** The base URL's path below the server's origin. */
  readonly basePath: string;
  create(baseUrl: string): ReportingAdapter;
  /** The platform's error envelope on a 2xx, and what the typed error must keep of it. */
  readonly envelope: { body: unknown; code: AdapterErrorCode; platformCode: string };
  readonly secrets: readonly string[];
}

const graph = (platform: "facebook" | "instagram"): Subject => ({
  platform,
  basePath: "/v21.0",
  create: (baseUrl) =>
    (platform === "facebook" ? createFacebookAdapter : createInstagramAdapter)({
      baseUrl,
      appId: "771000000000009",
      appSecret: APP_SECRET,
      ...transport,
    }),
  envelope: {
    body: {
      error: {
        message: "(#200) Permissions error",
        type: "OAuthException",
        code: 200,
        fbtrace_id: "Ahostile",
      },
    },
    code: "permission_denied",
    platformCode: "200",
  },
  secrets: [APP_SECRET, TOKEN],
});

const subjects: Subject[] = [
  {
    platform: "x",
    basePath: "/2",
    create: (baseUrl) => createXAdapter({ baseUrl, bearerToken: TOKEN, ...transport }),
    envelope: {
      body: { errors: [{ code: 220, title: "Forbidden", message: "Not allowed." }] },
      code: "permission_denied",
      platformCode: "220",
    },
    secrets: [TOKEN],
  },
  graph("facebook"),
  graph("instagram"),
  {
    platform: "whatsapp",
    basePath: "/v1",
    create: (baseUrl) => createWhatsAppAdapter({ baseUrl, accessToken: TOKEN, ...transport }),
    envelope: {
      body: {
        meta: { api_status: "stable", version: "1.0.0" },
        errors: [{ code: 1005, title: "Permission denied" }],
      },
      code: "permission_denied",
      platformCode: "1005",
    },
    secrets: [TOKEN],
  },
  {
    platform: "tiktok",
    basePath: "/v2",
    create: (baseUrl) =>
      createTikTokAdapter({ baseUrl, appKey: "hostile-app", appSecret: APP_SECRET, ...transport }),
    envelope: {
      body: { code: 40300, message: "permission denied", request_id: "r-hostile", data: {} },
      code: "permission_denied",
      platformCode: "40300",
    },
    secrets: [APP_SECRET],
  },
  {
    platform: "telegram",
    basePath: "",
    create: (baseUrl) => createTelegramAdapter({ baseUrl, botToken: BOT_TOKEN, ...transport }),
    envelope: {
      body: { ok: false, error_code: 403, description: "Forbidden: not allowed" },
      code: "permission_denied",
      platformCode: "403",
    },
    secrets: [BOT_TOKEN],
  },
];

type Behaviour = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

let behaviour: Behaviour = (_request, response) => void response.end();
/** Bytes the server got onto the socket for each streamed answer. */
const streamed: number[] = [];
let server: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  elsewhere = await startLoopback((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  server = await startLoopback((request, response) => {
    // Graph's token endpoint answers properly: the hostility is in the platform's own answers.
    if (request.path.endsWith("/oauth/access_token")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ access_token: TOKEN, token_type: "bearer", expires_in: 3600 }));
      return;
    }
    return behaviour(request, response);
  });
});
afterEach(() => {
  server.requests.length = 0;
  elsewhere.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  };

/** The platform's own calls (not the token endpoint). */
const platformCalls = () => server.requests.filter((r) => !r.path.endsWith("/oauth/access_token"));

async function submitTo(subject: Subject): Promise<{ error: unknown; ms: number }> {
  const adapter = subject.create(`${server.origin}${subject.basePath}`);
  const request = conformanceRequest({
    platform: subject.platform,
    kind: "suspend",
    targets: [defaultTarget(subject.platform)(1, "account")],
  });
  const started = Date.now();
  try {
    await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "hostile:1" });
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error(`${subject.platform}: the submit succeeded against a hostile server`);
}

async function statusFrom(subject: Subject): Promise<unknown> {
  const adapter = subject.create(`${server.origin}${subject.basePath}`);
  return adapter.getStatus({ platformRef: "1234567890" }).then(
    () => {
      throw new Error(`${subject.platform}: getStatus succeeded against a hostile server`);
    },
    (error: unknown) => error,
  );
}

function expectTyped(subject: Subject, error: unknown, code: AdapterErrorCode): AdapterError {
  expect(AdapterError.isInstance(error), `${subject.platform}: ${inspect(error)}`).toBe(true);
  const typed = error as AdapterError;
  expect(typed.code, `${subject.platform}: ${typed.message}`).toBe(code);
  const printed = `${inspect(typed, { depth: 12 })} ${JSON.stringify(typed)}`;
  for (const secret of subject.secrets) expect(printed).not.toContain(secret);
  return typed;
}

describe.each(subjects)("the $platform adapter against a hostile server", (subject) => {
  it("refuses a redirect to another origin, and nothing reaches it", async () => {
    behaviour = (request, response) => {
      response.writeHead(307, { location: `${elsewhere.origin}${request.path}` });
      response.end();
    };
    const { error } = await submitTo(subject);
    const typed = expectTyped(subject, error, "redirect_refused");
    expect(typed).toMatchObject({ from: server.origin, to: elsewhere.origin });
    expect(elsewhere.requests).toEqual([]);
  });

  it("stops reading a 50 MB answer soon after its limit", async () => {
    behaviour = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      void streamFiller(response, FIFTY_MB).then((bytes) => void streamed.push(bytes));
    };
    const { error } = await submitTo(subject);
    expectTyped(subject, error, "response_too_large");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(streamed.at(-1)).toBeLessThan(FIFTY_MB / 4);
    expect(platformCalls()).toHaveLength(1);
  });

  it("gives up on an answer that drips a byte at a time, within its deadline", async () => {
    behaviour = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const drip = setInterval(() => response.write(" "), 50);
      response.on("close", () => clearInterval(drip));
    };
    const { error, ms } = await submitTo(subject);
    expectTyped(subject, error, "timeout");
    expect(ms).toBeLessThan(transport.deadlineMs + 1_000);
    // Safe to repeat (an idempotency key): retried, but never more than the policy allows.
    expect(platformCalls().length).toBeLessThanOrEqual(transport.retry.maxRetries + 1);
  });

  it("maps malformed JSON to ProtocolError, on submit and on status", async () => {
    behaviour = json(200, '{"data":{"id":');
    expectTyped(subject, (await submitTo(subject)).error, "protocol_error");
    expectTyped(subject, await statusFrom(subject), "protocol_error");
  });

  it("keeps the platform's code from an error envelope on a 2xx, on submit and on status", async () => {
    behaviour = json(200, subject.envelope.body);
    for (const error of [(await submitTo(subject)).error, await statusFrom(subject)]) {
      const typed = expectTyped(subject, error, subject.envelope.code);
      expect(typed.platformCode).toBe(subject.envelope.platformCode);
    }
  });

  for (const [label, body] of [
    ["null", null],
    ["an array", []],
    ["a string", "accepted"],
    ["an unrelated object", { unexpected: true }],
    ["a half-right object", { data: { id: 5 }, id: 5, ok: true, code: 0, enforcement_requests: [] }],
  ] as const) {
    it(`maps an answer of the wrong shape (${label}) to ProtocolError, never a crash`, async () => {
      behaviour = json(200, body);
      expectTyped(subject, (await submitTo(subject)).error, "protocol_error");
      expectTyped(subject, await statusFrom(subject), "protocol_error");
    });
  }

  it("gives up on a persistent 5xx after the allowed retries, as PlatformServerError", async () => {
    behaviour = json(503, { message: "unavailable" });
    const typed = expectTyped(subject, (await submitTo(subject)).error, "platform_error");
    expect(typed.retryable).toBe(true);
    expect(platformCalls()).toHaveLength(transport.retry.maxRetries + 1);
  });

  it("does not call again when asked to wait an hour, and says when to come back", async () => {
    behaviour = json(429, {}, { "retry-after": "3600" });
    const { error, ms } = await submitTo(subject);
    const typed = expectTyped(subject, error, "rate_limited");
    expect(typed.retryAfterMs).toBe(3_600_000);
    expect(platformCalls()).toHaveLength(1);
    expect(ms).toBeLessThan(2_000);
  });
});

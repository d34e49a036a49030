import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  AuthenticationError,
  type HttpHooks,
  MissingCredentialsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  RejectedByPlatformError,
  resolveAdapter,
  toRequestEvents,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import {
  createTelegramAdapter,
  TELEGRAM_CAPABILITIES,
  type TelegramAdapterConfig,
} from "referral-kit/adapters/telegram";
import { conformanceRequest, defaultTarget, immediateScenario } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TELEGRAM_DEFAULT_BASE_URL } from "../../adapters/telegram/adapter.js";
import { TELEGRAM_TOKEN_ENV } from "../../adapters/telegram/auth.js";
// Not re-exported from referral-kit/testing yet (src/testing/index.ts is the lead's file).
import { createTelegramMock, TELEGRAM_MOCK_BOT_TOKEN } from "../../src/testing/mocks/telegram.js";

const mock = createTelegramMock({ unknownChats: ["rk_gone_chat"] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const target = defaultTarget("telegram");
const delays: number[] = [];
const recordSleep = async (ms: number, signal?: AbortSignal) => {
  delays.push(ms);
  signal?.throwIfAborted();
};
const adapter = (config: TelegramAdapterConfig = {}) =>
  createTelegramAdapter({
    baseUrl: mock.baseUrl,
    botToken: TELEGRAM_MOCK_BOT_TOKEN,
    sleep: recordSleep,
    ...config,
  });
const request = (count = 1, kind: "suspend" | "remove-content" = "suspend") =>
  conformanceRequest({
    platform: "telegram",
    kind,
    targets: Array.from({ length: count }, (_, i) =>
      target(i + 1, kind === "remove-content" ? "content" : "account"),
    ),
  });
const submit = (tg = adapter(), req = request(), key = "req-1:0") =>
  tg.submit({ request: req, targets: req.targets }, { idempotencyKey: key });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const method = (name: string) => `${mock.baseUrl}/:bot/${name}`;
/** Every text an error shows: message, stack, JSON, fields, causes. */
const texts = (value: unknown): string => {
  if (!(value instanceof Error)) return JSON.stringify(value) ?? "";
  return [
    value.message,
    value.stack,
    JSON.stringify(value),
    JSON.stringify({ ...value }),
    texts(value.cause),
  ].join("\n");
};

describe("configuration", () => {
  it("defaults to the modelled .example host", () => {
    expect(TELEGRAM_DEFAULT_BASE_URL).toBe("https://api.gov-requests.telegram.example");
    expect(TELEGRAM_CAPABILITIES).toMatchObject({
      withdrawal: false,
      webhooks: false,
      maxTargetsPerCall: 100,
    });
  });

  it("reads the token from REFERRAL_KIT_TELEGRAM_BOT_TOKEN when no botToken is given", async () => {
    vi.stubEnv(TELEGRAM_TOKEN_ENV, TELEGRAM_MOCK_BOT_TOKEN);
    const receipt = await submit(createTelegramAdapter({ baseUrl: mock.baseUrl }));
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });

  it("without a token fails with MissingCredentialsError naming both places, before any HTTP", async () => {
    vi.stubEnv(TELEGRAM_TOKEN_ENV, "");
    const error = await failure(submit(createTelegramAdapter({ baseUrl: mock.baseUrl })));
    expect(MissingCredentialsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "missing_credentials", retryable: false });
    expect((error as Error).message).toMatch(/botToken.*REFERRAL_KIT_TELEGRAM_BOT_TOKEN/);
    expect(mock.records).toHaveLength(0);
  });

  it("a malformed token is refused before any HTTP, without showing it", async () => {
    const error = await failure(submit(adapter({ botToken: "not a token at all" })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(texts(error)).not.toContain("not a token at all");
    expect(mock.records).toHaveLength(0);
  });

  it("keeps defineAdapter's marker: resolveAdapter returns the same object, with pollUpdates", () => {
    const telegram = adapter();
    expect(resolveAdapter(telegram)).toBe(telegram);
    expect(typeof telegram.pollUpdates).toBe("function");
    expect(Object.isFrozen(telegram)).toBe(true);
  });
});

describe("submit", () => {
  it("calls /bot<token>/submitReport with the key as client_report_id and maps each item", async () => {
    const req = conformanceRequest({
      platform: "telegram",
      kind: "remove-content",
      targets: [target(1, "content"), target(2, "content")],
    });
    const receipt = await submit(adapter(), req, "req-7:0");
    const [record] = mock.records;
    expect(record?.path).toBe("/bot[REDACTED]/submitReport");
    expect(record?.idempotencyKey).toBe("req-7:0");
    expect(record?.headers["idempotency-key"]).toBeUndefined();
    expect(record?.body).toMatchObject({
      client_report_id: "req-7:0",
      action: "delete",
      priority: "normal",
      legal_basis: {
        law: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
        section: "s. 37",
        jurisdiction: "PK",
      },
      items: [
        { chat_id: "@rk_conf_1", message_id: 101 },
        { chat_id: "@rk_conf_2", message_id: 102 },
      ],
    });
    expect(receipt).toMatchObject({
      platformRef: mock.createdReferences()[0],
      acceptedAt: "2026-01-05T09:00:00.000Z",
      targets: [
        { key: "telegram:rk_conf_1/101", status: "accepted" },
        { key: "telegram:rk_conf_2/102", status: "accepted" },
      ],
    });
  });

  it("reports unknown chats as rejected and already reported chats as duplicates", async () => {
    const first = await submit(adapter(), request(1), "a");
    const req = conformanceRequest({
      platform: "telegram",
      kind: "suspend",
      targets: [
        target(1, "account"),
        { type: "account", account: { kind: "username", platform: "telegram", username: "rk_gone_chat" } },
      ],
    });
    const receipt = await submit(adapter(), req, "b");
    expect(receipt.targets).toEqual([
      { key: "telegram:rk_conf_1", status: "duplicate", platformRef: first.platformRef },
      { key: "telegram:rk_gone_chat", status: "rejected", reason: "chat not found" },
    ]);
  });

  it.each([
    [
      "a private invite",
      { type: "account", account: { kind: "invite", platform: "telegram", code: "AbCdEf123" } },
    ],
    [
      "a private channel message",
      {
        type: "content",
        platform: "telegram",
        kind: "message",
        id: "5",
        account: { kind: "numeric-id", platform: "telegram", id: "1234567890" },
      },
    ],
    [
      "a chat by phone number",
      { type: "account", account: { kind: "phone", platform: "telegram", phone: "+923001234567" } },
    ],
    ["a message without its chat", { type: "content", platform: "telegram", kind: "message", id: "5" }],
  ] as const)("refuses %s with UnsupportedCapabilityError, before any HTTP", async (_label, refused) => {
    const req = conformanceRequest({
      platform: "telegram",
      kind: "suspend",
      targets: [target(1, "account"), refused],
    });
    const error = await failure(submit(adapter(), req));
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ capability: "targetType" });
    expect(mock.records).toHaveLength(0);
  });

  it("refuses remove-content of a whole chat before any HTTP (delete takes messages; block takes a chat)", async () => {
    const req = conformanceRequest({
      platform: "telegram",
      kind: "remove-content",
      targets: [target(1, "account")],
    });
    const error = await failure(submit(adapter(), req));
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/use suspend/);
    expect(mock.records).toHaveLength(0);
  });

  it("the same client_report_id with another body is a 409 Conflict", async () => {
    await submit(adapter(), request(1), "k");
    const error = await failure(submit(adapter(), request(2), "k"));
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 409, platformCode: "409" });
    expect((error as Error).message).toContain("Conflict:");
  });
});

describe("ok: false envelopes", () => {
  it("an unknown report (400 Bad Request: report not found) is NotFoundError", async () => {
    const error = await failure(adapter().getStatus({ platformRef: "999" }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      platformMessage: "Bad Request: report not found",
      platformCode: "400",
    });
  });

  it("a reference that is not a report id is NotFoundError without HTTP", async () => {
    const error = await failure(adapter().getStatus({ platformRef: "abc" }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(mock.records).toHaveLength(0);
  });

  it("a token Telegram does not know is AuthenticationError (401 Unauthorized)", async () => {
    const wrong = "7100000002:AAsomeOtherBotToken_9876543210";
    const error = await failure(submit(adapter({ botToken: wrong })));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, platformMessage: "Unauthorized" });
    expect(texts(error)).not.toContain(wrong);
    expect(JSON.stringify(mock.records)).not.toContain(wrong);
  });

  it("ok: false on HTTP 200 is mapped by its error_code", async () => {
    server.use(
      http.post(method("getReportStatus"), () =>
        HttpResponse.json({ ok: false, error_code: 403, description: "Forbidden: bot is not enrolled" }),
      ),
    );
    const error = await failure(adapter().getStatus({ platformRef: "1" }));
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, platformMessage: "Forbidden: bot is not enrolled" });
  });

  it("a flood wait as ok: false on HTTP 200 is retried after parameters.retry_after", async () => {
    delays.length = 0;
    server.use(
      http.post(
        method("submitReport"),
        () =>
          HttpResponse.json({
            ok: false,
            error_code: 429,
            description: "Too Many Requests: retry after 3",
            parameters: { retry_after: 3 },
          }),
        { once: true },
      ),
    );
    const receipt = await submit();
    expect(delays).toEqual([3_000]);
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });
});

describe("retry_after", () => {
  const flood = (seconds: number, once: boolean) =>
    server.use(
      http.post(
        method("submitReport"),
        () =>
          HttpResponse.json(
            {
              ok: false,
              error_code: 429,
              description: `Too Many Requests: retry after ${seconds}`,
              parameters: { retry_after: seconds },
            },
            { status: 429 },
          ),
        { once },
      ),
    );

  it("waits exactly parameters.retry_after (no Retry-After header) and retries", async () => {
    delays.length = 0;
    flood(2, true);
    const receipt = await submit();
    expect(delays).toEqual([2_000]);
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });

  it("a wait too long to hold is RateLimitedError with retryAfterMs, not retried", async () => {
    delays.length = 0;
    flood(3_600, false);
    const error = await failure(submit());
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000, retryable: true });
    expect(delays).toEqual([]);
  });

  it("the mock's own 429 says the wait in the body, as Telegram does, and the adapter waits that long", async () => {
    const bodies: unknown[] = [];
    const capture: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 429) bodies.push(await response.clone().json());
      return response;
    };
    mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 5 });
    delays.length = 0;
    await submit(adapter({ fetch: capture }));
    expect(bodies).toEqual([
      {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 5",
        parameters: { retry_after: 5 },
      },
    ]);
    expect(delays).toEqual([5_000]);
  });
});

describe("the bot token", () => {
  it("appears in no error, hook payload, record or receipt", async () => {
    const seen: unknown[] = [];
    const hooks: HttpHooks = {
      onRequest: (event) => void seen.push(event),
      onResponse: (event) => void seen.push(event),
      onRetry: (event) => void seen.push(event),
    };
    const tg = adapter({ hooks, retry: { maxRetries: 1 } });
    const outputs: unknown[] = [await submit(tg, request(1), "ok")];
    for (const kind of ["expired-token", "forbidden", "malformed-json", "server-error", "reset"] as const) {
      mock.inject({ kind, operation: "any", times: Number.POSITIVE_INFINITY });
      outputs.push(await failure(submit(tg, request(1), `k-${kind}`)));
      outputs.push(await failure(tg.getStatus({ platformRef: "1" })));
      mock.clearInjections();
    }
    outputs.push(await failure(tg.getStatus({ platformRef: "424242" })));
    expect(seen.length).toBeGreaterThan(5);
    const all = [...outputs.map(texts), JSON.stringify(seen), JSON.stringify(mock.records)].join("\n");
    expect(all).not.toContain(TELEGRAM_MOCK_BOT_TOKEN);
    expect(all).not.toContain(TELEGRAM_MOCK_BOT_TOKEN.split(":")[1]);
    expect(JSON.stringify(seen)).toContain("/bot[REDACTED]/submitReport");
  });
});

describe("status and update polling", () => {
  it("getReportStatus maps a decline with Telegram's reason and per-item outcomes", async () => {
    const { platformRef } = await submit(adapter(), request(2));
    mock.advance(120_000);
    mock.force(platformRef, "declined", { reason: "no violation of the platform's rules found" });
    const update = await adapter().getStatus({ platformRef });
    expect(update).toMatchObject({
      platformRef,
      outcome: "rejected",
      platformState: "declined",
      reason: "no violation of the platform's rules found",
      at: "2026-01-05T09:02:00.000Z",
    });
    expect(update.targets?.map((t) => t.outcome)).toEqual(["rejected", "rejected"]);
  });

  it("pollUpdates returns changes as status updates, and offsets confirm them", async () => {
    mock.setScenario({
      ...immediateScenario("actioned"),
      reviewDelay: { distribution: "fixed", ms: 60_000 },
      decisionDelay: { distribution: "fixed", ms: 3_600_000 },
    });
    const tg = adapter();
    const a = await submit(tg, request(1), "a");
    const b = await submit(
      tg,
      conformanceRequest({ platform: "telegram", kind: "suspend", targets: [target(9, "account")] }),
      "b",
    );

    const none = await tg.pollUpdates();
    expect(none).toEqual({ updates: [], nextOffset: undefined });

    mock.advance(60_000);
    const reviewing = await tg.pollUpdates();
    expect(reviewing.updates.map((u) => [u.platformRef, u.outcome])).toEqual([
      [a.platformRef, "acknowledged"],
      [b.platformRef, "acknowledged"],
    ]);
    expect(reviewing.nextOffset).toBe(851_000_003);

    // Not confirmed yet: asked again without an offset, Telegram sends them again.
    expect((await tg.pollUpdates()).updates).toHaveLength(2);
    // Confirmed: nothing new.
    expect(await tg.pollUpdates({ offset: reviewing.nextOffset })).toEqual({
      updates: [],
      nextOffset: 851_000_003,
    });

    mock.advance(3_600_000);
    const decided = await tg.pollUpdates({ offset: reviewing.nextOffset, limit: 1 });
    expect(decided.updates).toHaveLength(1);
    expect(decided.updates[0]).toMatchObject({
      platformRef: a.platformRef,
      outcome: "actioned",
      platformState: "actioned",
    });
    expect(decided.nextOffset).toBe(851_000_004);
    expect(toRequestEvents(decided.updates[0]!)[0]).toMatchObject({
      type: "actioned",
      targets: ["telegram:rk_conf_1"],
    });

    const rest = await tg.pollUpdates({ offset: decided.nextOffset });
    expect(rest.updates.map((u) => u.platformRef)).toEqual([b.platformRef]);
    const records = mock.records.filter((r) => r.operation === "updates");
    expect(records.map((r) => r.body)).toContainEqual({ offset: 851_000_003, limit: 1, timeout: 0 });
  });

  it("pollUpdates honours the signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await failure(adapter().pollUpdates({ signal: controller.signal }));
    expect((error as Error).message).toBe("stop");
    expect(mock.records).toHaveLength(0);
  });
});

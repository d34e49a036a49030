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
import { createXAdapter, type XAdapterConfig } from "referral-kit/adapters/x";
import {
  conformanceRequest,
  createPlatformMock,
  defaultTarget,
  immediateScenario,
  runAdapterConformance,
} from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { X_DEFAULT_BASE_URL, X_TOKEN_ENV } from "../../adapters/x/adapter.js";
import { X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET } from "../../src/testing/mocks/x.js";

const mock = createPlatformMock("x", { unknownUsernames: ["rk_gone"] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

// The reference adapter passes the whole suite, against its own mock, served in this file's server.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createXAdapter({
      baseUrl,
      timeoutMs,
      bearerToken: X_MOCK_TOKEN,
      webhookSecret: X_MOCK_WEBHOOK_SECRET,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createPlatformMock("x"),
  secrets: [X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET],
  server,
});

const target = defaultTarget("x");
const adapter = (config: XAdapterConfig = {}) =>
  createXAdapter({
    baseUrl: mock.baseUrl,
    bearerToken: X_MOCK_TOKEN,
    webhookSecret: X_MOCK_WEBHOOK_SECRET,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...config,
  });
const request = (
  count = 1,
  kind: "suspend" | "remove-content" | "restrict-locally" | "preserve" = "suspend",
) =>
  conformanceRequest({
    platform: "x",
    kind,
    targets: Array.from({ length: count }, (_, i) =>
      target(i + 1, kind === "remove-content" ? "content" : "account"),
    ),
  });
const submit = (x = adapter(), req = request(), key = "req-1:0") =>
  x.submit({ request: req, targets: req.targets }, { idempotencyKey: key });

describe("configuration", () => {
  it("defaults to the modelled .example host", () => {
    expect(X_DEFAULT_BASE_URL).toBe("https://gov-requests.x.example/2");
  });

  it("reads the token from REFERRAL_KIT_X_TOKEN when no bearerToken is given", async () => {
    vi.stubEnv(X_TOKEN_ENV, X_MOCK_TOKEN);
    const receipt = await submit(createXAdapter({ baseUrl: mock.baseUrl }));
    expect(receipt.platformRef).toBe(mock.createdReferences()[0]);
  });

  it("without a token fails with MissingCredentialsError naming both places, before any HTTP", async () => {
    vi.stubEnv(X_TOKEN_ENV, "");
    const error = await submit(createXAdapter({ baseUrl: mock.baseUrl })).catch((e: unknown) => e);
    expect(MissingCredentialsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "missing_credentials", retryable: false });
    expect((error as Error).message).toMatch(/bearerToken.*REFERRAL_KIT_X_TOKEN/);
    expect(mock.records).toHaveLength(0);
  });
});

describe("submit", () => {
  it("sends X's body, the bearer token and the Idempotency-Key, and maps the 202", async () => {
    const req = conformanceRequest({
      platform: "x",
      kind: "remove-content",
      targets: [target(1, "content"), target(2, "account")],
    });
    const receipt = await submit(adapter(), req, "req-7:0");
    const [record] = mock.records;
    expect(record?.headers.authorization).toBe("[REDACTED]");
    expect(record?.idempotencyKey).toBe("req-7:0");
    expect(record?.body).toEqual({
      request_type: "content_removal",
      priority: "standard",
      agency_reference: req.id,
      issuing_authority: { name: "Conformance Test Unit (fictional)", country: "PK" },
      legal_basis: {
        instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
        section: "s. 37",
        jurisdiction: "PK",
      },
      designations: [{ group_id: "ttp", authority: "un-1267", reference: "QDe.132" }],
      respond_by: "2026-01-07T09:00:00Z",
      targets: [
        { type: "post", post_id: "1800000000000000001", author_username: "rk_conf_1" },
        { type: "user", username: "rk_conf_2" },
      ],
      evidence: [
        {
          target_index: 0,
          url: "https://evidence.example/captures/1",
          captured_at: "2026-01-05T08:00:00Z",
          sha256: "01".repeat(32),
        },
        {
          target_index: 1,
          url: "https://evidence.example/captures/2",
          captured_at: "2026-01-05T08:00:00Z",
          sha256: "02".repeat(32),
        },
      ],
    });
    expect(receipt).toMatchObject({
      platformRef: mock.createdReferences()[0],
      acceptedAt: "2026-01-05T09:00:00.000Z",
      targets: [
        { key: "x:rk_conf_1/status/1800000000000000001", status: "accepted" },
        { key: "x:rk_conf_2", status: "accepted" },
      ],
    });
  });

  it("sends withheld_in for a country withholding", async () => {
    await submit(adapter(), request(1, "restrict-locally"));
    expect(mock.records[0]?.body).toMatchObject({ request_type: "country_withholding", withheld_in: "PK" });
  });

  it("maps X's per-target results: not found is rejected, an open duplicate names the earlier request", async () => {
    const first = await submit();
    const req = conformanceRequest({
      platform: "x",
      kind: "suspend",
      targets: [
        target(1, "account"),
        { type: "account", account: { kind: "username", platform: "x", username: "rk_gone" } },
      ],
    });
    const receipt = await submit(adapter(), req, "req-2:0");
    expect(receipt.targets).toEqual([
      { key: "x:rk_conf_1", status: "duplicate", platformRef: first.platformRef },
      { key: "x:rk_gone", status: "rejected", reason: "X does not know this account or post" },
    ]);
  });

  it("refuses targets X cannot name before any HTTP", async () => {
    const req = conformanceRequest({
      platform: "x",
      kind: "suspend",
      targets: [{ type: "account", account: { kind: "phone", platform: "x", phone: "+447946000001" } }],
    });
    const error = await submit(adapter(), req).catch((e: unknown) => e);
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(mock.records).toHaveLength(0);
  });

  it("surfaces X's validation errors with every field, X's code and the request id", async () => {
    const { legalBasis: _dropped, ...withoutBasis } = request();
    const error = await submit(adapter(), withoutBasis).catch((e: unknown) => e);
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    const rejected = error as RejectedByPlatformError;
    expect(rejected).toMatchObject({
      status: 400,
      platformCode: "214",
      requestId: mock.records[0]?.requestId,
    });
    expect(rejected.platformMessage).toMatch(/legal_basis/);
  });

  it("answers a reused idempotency key with another body as X's 409 (code 360)", async () => {
    await submit(adapter(), request(1), "same-key");
    const error = await submit(adapter(), request(2), "same-key").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "rejected_by_platform", status: 409, platformCode: "360" });
    expect(mock.createdReferences()).toHaveLength(1);
  });
});

describe("rate limits", () => {
  it("sends x-rate-limit headers on every counted answer", async () => {
    const headers: Record<string, string>[] = [];
    await submit(adapter({ hooks: { onResponse: (e) => void headers.push(e.headers) } }));
    expect(headers[0]).toMatchObject({ "x-rate-limit-limit": "50", "x-rate-limit-remaining": "49" });
    expect(Number(headers[0]?.["x-rate-limit-reset"])).toBeGreaterThan(Date.now() / 1000);
  });

  it("a 503 carrying the 15-minute window's reset is still retried, and its error names no wait", async () => {
    const headers: Record<string, string>[] = [];
    mock.inject({ kind: "server-error", status: 503, operation: "submit", times: Number.POSITIVE_INFINITY });
    const error = await submit(adapter({ hooks: { onResponse: (e) => void headers.push(e.headers) } })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "platform_error", status: 503, retryAfterMs: undefined });
    expect(headers[0]?.["x-rate-limit-reset"]).toBeDefined();
    expect(mock.records.filter((r) => r.operation === "submit")).toHaveLength(4);
  });

  it("a 429 beyond what the client waits becomes RateLimitedError with X's wait and request id", async () => {
    mock.inject({
      kind: "rate-limit",
      operation: "submit",
      retryAfterSeconds: 900,
      times: Number.POSITIVE_INFINITY,
    });
    const error = (await submit().catch((e: unknown) => e)) as RateLimitedError;
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(900_000);
    expect(error.requestId).toBe(mock.records[0]?.requestId);
    expect(mock.records).toHaveLength(1);
  });
});

describe("status", () => {
  it("maps X's states, with reasons and per-target decisions", async () => {
    const x = adapter();
    const req = request(2);
    const { platformRef } = await submit(x, req);
    mock.force(platformRef, "partially_actioned");
    const partial = await x.getStatus({ platformRef });
    expect(partial).toMatchObject({
      outcome: "partially-actioned",
      platformState: "partially_actioned",
      targets: [
        { key: "x:rk_conf_1", outcome: "actioned" },
        { key: "x:rk_conf_2", outcome: "rejected" },
      ],
    });
    mock.force(platformRef, "declined", { reason: "no violation of the X Rules" });
    expect(await x.getStatus({ platformRef })).toMatchObject({
      outcome: "rejected",
      reason: "no violation of the X Rules",
    });
  });

  it("reports a withdrawn request as withdrawn, with X's state and the reason, and a withdrawn event", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    await x.withdraw({ platformRef, reason: "order set aside" }, { idempotencyKey: "req-1:withdraw" });
    const update = await x.getStatus({ platformRef });
    expect(update).toMatchObject({ outcome: "withdrawn", platformState: "withdrawn" });
    expect(update.reason).toMatch(/order set aside/);
    expect(toRequestEvents(update)).toMatchObject([
      { type: "withdrawn", reason: expect.stringMatching(/order set aside/) },
    ]);
    expect(toRequestEvents(update, { current: "withdrawn" })).toEqual([]);
  });

  it("a withdrawal after X decided is refused (409, code 355)", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    mock.force(platformRef, "actioned");
    const error = await x
      .withdraw({ platformRef, reason: "late" }, { idempotencyKey: "w" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "rejected_by_platform", status: 409, platformCode: "355" });
  });

  it("an unknown id is NotFoundError with X's code and the request id", async () => {
    const error = (await adapter()
      .getStatus({ platformRef: "123" })
      .catch((e: unknown) => e)) as NotFoundError;
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error.requestId).toBe(mock.records[0]?.requestId);
    expect(error.message).toContain("No legal request with id 123");
  });

  it("an unknown state is a ProtocolError naming the field", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    const broken = createXAdapter({
      baseUrl: mock.baseUrl,
      bearerToken: X_MOCK_TOKEN,
      fetch: async (input, init) => {
        const response = await globalThis.fetch(input, init);
        const body = (await response.json()) as { data: Record<string, unknown> };
        return Response.json({ data: { ...body.data, status: "escalated" } }, { headers: response.headers });
      },
    });
    const error = (await broken.getStatus({ platformRef }).catch((e: unknown) => e)) as ProtocolError;
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error.issues[0]?.path).toEqual(["data", "status"]);
  });
});

describe("per-target outcomes", () => {
  /** The adapter, with X's status answer rewritten by `edit` on the way. */
  const rewriting = (edit: (target: Record<string, unknown>) => void) =>
    createXAdapter({
      baseUrl: mock.baseUrl,
      bearerToken: X_MOCK_TOKEN,
      fetch: async (input, init) => {
        const response = await globalThis.fetch(input, init);
        const body = (await response.json()) as { data: { targets: Record<string, unknown>[] } };
        for (const target of body.data.targets ?? []) edit(target);
        return Response.json(body, { status: response.status, headers: response.headers });
      },
    });

  it("reads X's enforcement object and decline code into the update and the event", async () => {
    const x = adapter();
    const { platformRef } = await submit(x, request(2));
    mock.force(platformRef, "partially_actioned", {
      targets: [
        {
          key: "x:rk_conf_1",
          outcome: "actioned",
          detail: {
            measure: "account-suspended",
            scope: "global",
            ground: "terms-of-service",
            until: "2026-02-04T09:00:00.000Z",
          },
        },
        {
          key: "x:rk_conf_2",
          outcome: "rejected",
          reason: "send a court order",
          detail: { measure: "no-action", reasonCode: "legal-process-required" },
        },
      ],
    });
    const update = await x.getStatus({ platformRef });
    const wire = (update.raw as { data: { targets: unknown[] } }).data.targets;
    expect(wire).toMatchObject([
      { enforcement: { action: "suspended", basis: "x_rules", ends_at: "2026-02-04T09:00:00.000Z" } },
      { decision: "declined", decline_reason: "send a court order", decline_code: "LEGAL_PROCESS_REQUIRED" },
    ]);
    expect(toRequestEvents(update)[0]).toMatchObject({
      type: "partially-actioned",
      outcomes: [
        {
          target: "x:rk_conf_1",
          measure: "account-suspended",
          scope: "global",
          ground: "terms-of-service",
          until: "2026-02-04T09:00:00.000Z",
          platformCode: "suspended",
        },
        {
          target: "x:rk_conf_2",
          measure: "no-action",
          reasonCode: "legal-process-required",
          platformCode: "LEGAL_PROCESS_REQUIRED",
          platformText: "send a court order",
        },
      ],
    });
  });

  it("keeps a decline code it does not know as other, with the code and X's words", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    mock.force(platformRef, "declined", {
      targets: [
        {
          key: "x:rk_conf_1",
          outcome: "rejected",
          reason: "newsworthy",
          detail: { measure: "no-action", reasonCode: "other", platformCode: "PUBLIC_INTEREST_2027" },
        },
      ],
    });
    const [event] = toRequestEvents(await x.getStatus({ platformRef }));
    expect(event).toMatchObject({
      type: "rejected",
      outcomes: [{ reasonCode: "other", platformCode: "PUBLIC_INTEREST_2027", platformText: "newsworthy" }],
    });
  });

  it("withholds in the requesting country when the scenario says so", async () => {
    mock.setScenario({ ...immediateScenario("actioned"), outcomeDetail: { geoWithheld: 1 } });
    const x = adapter();
    const { platformRef } = await submit(x);
    const [event] = toRequestEvents(await x.getStatus({ platformRef }));
    expect(event).toMatchObject({
      type: "actioned",
      outcomes: [
        { measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "withheld" },
      ],
    });
  });

  it("a country code that is not ISO 3166 or an action X does not define is a ProtocolError naming the field", async () => {
    mock.setScenario({ ...immediateScenario("actioned"), outcomeDetail: { geoWithheld: 1 } });
    const { platformRef } = await submit();
    const badCountry = rewriting((target) => {
      (target.enforcement as { country_codes: string[] }).country_codes = ["XX"];
    });
    const error = (await badCountry.getStatus({ platformRef }).catch((e: unknown) => e)) as ProtocolError;
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error.issues[0]?.path).toEqual(["data", "targets", 0, "enforcement", "country_codes", 0]);
    const badAction = rewriting((target) => {
      (target.enforcement as { action: string }).action = "shadow_banned";
    });
    const second = (await badAction.getStatus({ platformRef }).catch((e: unknown) => e)) as ProtocolError;
    expect(ProtocolError.isInstance(second)).toBe(true);
    expect(second.issues[0]?.path).toEqual(["data", "targets", 0, "enforcement", "action"]);
  });
});

describe("webhooks", () => {
  const tsNow = () => String(Math.floor(Date.now() / 1000));
  const signed = async (body: string, timestamp = tsNow(), secret = X_MOCK_WEBHOOK_SECRET) =>
    new Request("https://agency.example/webhooks/x", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-timestamp": timestamp,
        "x-signature": `sha256=${await hmac("SHA-256", secret, `${timestamp}.${body}`)}`,
      },
      body,
    });

  it("verifies X's signature and maps the events", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    mock.force(platformRef, "actioned");
    const { updates, reply } = await x.parseWebhook((await mock.webhook?.(platformRef)) as Request);
    expect(reply).toBeUndefined();
    expect(updates).toMatchObject([{ platformRef, outcome: "actioned", platformState: "actioned" }]);
  });

  it("refuses a bad, missing, stale or future signature, and refuses everything without a secret", async () => {
    const x = adapter();
    const { platformRef } = await submit(x);
    const webhook = (options = {}) => mock.webhook?.(platformRef, options) as Promise<Request>;
    for (const options of [
      { tamper: true },
      { unsigned: true },
      { ageSeconds: 301 },
      { ageSeconds: -400 },
      { secret: "wrong" },
    ]) {
      const error = await x.parseWebhook(await webhook(options)).catch((e: unknown) => e);
      expect(AuthenticationError.isInstance(error), JSON.stringify(options)).toBe(true);
    }
    const withinTolerance = await x.parseWebhook(await webhook({ ageSeconds: 299 }));
    expect(withinTolerance.updates).toHaveLength(1);
    const error = await adapter({ webhookSecret: undefined })
      .parseWebhook(await webhook())
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no webhook secret/);
    expect((error as Error).message).not.toContain(X_MOCK_WEBHOOK_SECRET);
  });

  it("honours a custom tolerance and clock", async () => {
    const { platformRef } = await submit();
    const request = (await mock.webhook?.(platformRef)) as Request;
    const later = adapter({ webhookToleranceSeconds: 10, now: () => Date.now() + 60_000 });
    await expect(later.parseWebhook(request)).rejects.toSatisfy(AuthenticationError.isInstance);
  });

  it("a correctly signed body that is not X's event shape is a ProtocolError", async () => {
    const x = adapter();
    await expect(x.parseWebhook(await signed("{not json"))).rejects.toSatisfy(ProtocolError.isInstance);
    await expect(x.parseWebhook(await signed(JSON.stringify({ events: [] })))).rejects.toSatisfy(
      ProtocolError.isInstance,
    );
  });

  it("answers X's CRC challenge", async () => {
    const { reply, updates } = await adapter().parseWebhook(
      new Request("https://agency.example/webhooks/x?crc_token=challenge-123"),
    );
    expect(updates).toEqual([]);
    const expected = `sha256=${await hmac("SHA-256", X_MOCK_WEBHOOK_SECRET, "challenge-123", "base64")}`;
    expect(await reply?.json()).toEqual({ response_token: expected });
  });
});

import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  defaultScenarios,
  definePlatformMock,
  immediateScenario,
  type PlatformMock,
} from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/testing/mock/random.js";
import { GENERIC_REJECTION_REASONS, MockScenarioSchema } from "../../src/testing/mock/scenario.js";

const BASE = "https://api.acme.example/v1";
const TOKEN = "acme-secret-token";

let resets = 0;

/** A tiny modelled platform, the way an adapter author writes one. */
function createAcmeMock(): PlatformMock<
  "open" | "reviewing" | "done" | "partly" | "refused" | "asks" | "withdrawn"
> {
  return definePlatformMock({
    platform: "acme",
    baseUrl: BASE,
    referencePrefix: "acme_",
    states: {
      open: { outcome: "pending" },
      reviewing: { outcome: "acknowledged" },
      done: { outcome: "actioned" },
      partly: { outcome: "partially-actioned" },
      refused: { outcome: "rejected", reason: true },
      asks: { outcome: "needs-information", reason: true },
      withdrawn: { outcome: "withdrawn" },
    },
    supports: {
      requestKinds: ["suspend"],
      targetTypes: ["account"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 5,
    },
    scenario: defaultScenarios.x,
    secrets: [TOKEN],
    authenticate: (request) =>
      request.headers.get("authorization") === `Bearer ${TOKEN}`
        ? undefined
        : { kind: "unauthorized", status: 401, message: "bad token" },
    errorResponse: (error) =>
      HttpResponse.json({ error: { kind: error.kind, message: error.message } }, { status: error.status }),
    onReset: () => {
      resets += 1;
    },
    responseHeaders: ({ error }) => ({ "x-acme-remaining": error?.kind === "rate-limit" ? "0" : "99" }),
    handlers: (ctx) => [
      ctx.route({ operation: "submit", method: "post", path: "/reports", idempotent: true }, (call) => {
        const names = (call.body as { accounts: string[] }).accounts;
        const targets = names.map((name) => ({ key: `acme:${name}`, wire: name }));
        const submission = ctx.createSubmission({
          targets,
          body: call.body,
          idempotencyKey: call.idempotencyKey,
          kind: "suspend",
        });
        call.note({ platformRef: submission.ref, targets: targets.map((t) => t.key) });
        return HttpResponse.json({ id: submission.ref }, { status: 201 });
      }),
      ctx.route({ operation: "status", method: "get", path: "/reports/:id" }, (call) => {
        const submission = ctx.submission(call.params.id ?? "");
        if (!submission) return ctx.error({ kind: "not-found", status: 404, message: "no such report" });
        call.note({ platformRef: submission.ref });
        const view = ctx.view(submission);
        return HttpResponse.json({ id: submission.ref, state: view.state, reason: view.reason });
      }),
    ],
  });
}

const mock = createAcmeMock();
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const submit = (accounts: string[], key?: string) =>
  fetch(`${BASE}/reports`, {
    method: "POST",
    headers: { ...auth, ...(key ? { "idempotency-key": key } : {}) },
    body: JSON.stringify({ accounts }),
  });

describe("definePlatformMock", () => {
  it("records what reached the platform, with credentials redacted", async () => {
    const response = await submit(["one", "two"], "k1");
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("acme-req-000001");
    expect(response.headers.get("x-acme-remaining")).toBe("99");
    const [record] = mock.records;
    expect(record).toMatchObject({
      seq: 1,
      operation: "submit",
      method: "POST",
      path: "/reports",
      idempotencyKey: "k1",
      targets: ["acme:one", "acme:two"],
      platformRef: "acme_1",
      status: 201,
      replayed: false,
      body: { accounts: ["one", "two"] },
    });
    expect(record?.headers.authorization).toBe("[REDACTED]");
    expect(JSON.stringify(mock.records)).not.toContain(TOKEN);
  });

  it("refuses bad credentials in the platform's shape", async () => {
    const response = await fetch(`${BASE}/reports/acme_1`, { headers: { authorization: "Bearer nope" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { kind: "unauthorized", message: "bad token" } });
  });

  it("replays the same key and body, refuses the same key with another body, creates once", async () => {
    const first = await (await submit(["one"], "k1")).json();
    const again = await submit(["one"], "k1");
    expect(await again.json()).toEqual(first);
    expect(mock.records[1]?.replayed).toBe(true);
    const other = await submit(["two"], "k1");
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { kind: string } }).error.kind).toBe("idempotency-conflict");
    expect(mock.createdReferences()).toEqual(["acme_1"]);
    expect(mock.submissionsByIdempotencyKey().get("k1")).toEqual(["acme_1"]);
    await submit(["one"]);
    await submit(["one"]);
    expect(mock.createdReferences()).toHaveLength(3);
  });

  it("makes decisions visible on the virtual clock, deterministically", async () => {
    mock.setScenario({
      outcomes: { rejected: 1 },
      reviewDelay: { distribution: "fixed", ms: 60_000 },
      decisionDelay: { distribution: "fixed", ms: 3_600_000 },
    });
    const { id } = (await (await submit(["one"], "k")).json()) as { id: string };
    const state = async () =>
      (await (await fetch(`${BASE}/reports/${id}`, { headers: auth })).json()) as {
        state: string;
        reason?: string;
      };
    expect((await state()).state).toBe("open");
    mock.advance(60_000);
    expect((await state()).state).toBe("reviewing");
    mock.advance(3_600_000);
    const decided = await state();
    expect(decided.state).toBe("refused");
    expect(GENERIC_REJECTION_REASONS).toContain(decided.reason);
  });

  it("draws the same outcomes for the same seed", async () => {
    const draw = async () => {
      mock.reset();
      mock.setScenario({ seed: 7 });
      for (let i = 0; i < 20; i++) await submit([`a${i}`]);
      return mock.submissions().map((s) => [s.plan.outcome, s.plan.decideAt]);
    };
    expect(await draw()).toEqual(await draw());
  });

  it("approximates the scenario's shares over many submissions", async () => {
    mock.setScenario({ seed: 11 });
    for (let i = 0; i < 300; i++) await submit([`a${i}`]);
    const actioned = mock.submissions().filter((s) => s.plan.outcome === "actioned").length / 300;
    expect(actioned).toBeGreaterThan(0.2);
    expect(actioned).toBeLessThan(0.4);
  });

  it("reset clears everything and tells the platform (onReset)", async () => {
    const before = resets;
    await submit(["a"], "k");
    mock.inject({ kind: "forbidden" });
    mock.advance(1_000);
    mock.reset();
    expect(resets).toBe(before + 1);
    expect(mock.records).toEqual([]);
    expect(mock.createdReferences()).toEqual([]);
    expect(mock.pendingInjections()).toEqual([]);
    expect(mock.now()).toBe(Date.parse("2026-01-05T09:00:00Z"));
    expect((await submit(["a"], "k")).status).toBe(201);
  });

  it("forces any platform state", async () => {
    const { id } = (await (await submit(["a", "b"], "k")).json()) as { id: string };
    mock.force(id, "partly");
    expect(mock.view(id)).toMatchObject({
      state: "partly",
      outcome: "partially-actioned",
      targets: [
        { key: "acme:a", outcome: "actioned" },
        { key: "acme:b", outcome: "rejected" },
      ],
    });
    mock.force(id, "asks", { reason: "send the order" });
    expect(mock.view(id)).toMatchObject({ outcome: "needs-information", reason: "send the order" });
  });
});

describe("fault injection", () => {
  it("rate-limits the next N matching calls with Retry-After and the platform's headers", async () => {
    mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 3, times: 2 });
    const first = await submit(["a"], "k");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    expect(first.headers.get("x-acme-remaining")).toBe("0");
    expect((await submit(["a"], "k")).status).toBe(429);
    expect((await submit(["a"], "k")).status).toBe(201);
    expect(mock.records.map((r) => r.fault)).toEqual(["rate-limit", "rate-limit", undefined]);
    expect(mock.createdReferences()).toHaveLength(1);
  });

  it("sends Retry-After as an HTTP-date when asked", async () => {
    mock.inject({ kind: "rate-limit", retryAfterSeconds: 2, format: "http-date" });
    const response = await submit(["a"]);
    const wait = Date.parse(response.headers.get("retry-after") ?? "") - Date.now();
    expect(wait).toBeGreaterThan(1_000);
    expect(wait).toBeLessThanOrEqual(3_000);
  });

  it("answers only the operation it targets", async () => {
    mock.inject({ kind: "server-error", operation: "status", status: 503, retryAfterSeconds: 5 });
    expect((await submit(["a"])).status).toBe(201);
    const status = await fetch(`${BASE}/reports/acme_1`, { headers: auth });
    expect(status.status).toBe(503);
    expect(status.headers.get("retry-after")).toBe("5");
  });

  it("resets the connection, before or after the platform did the work", async () => {
    mock.inject({ kind: "reset", operation: "submit" });
    await expect(submit(["a"], "k")).rejects.toThrow(TypeError);
    expect(mock.createdReferences()).toHaveLength(0);
    mock.inject({ kind: "reset", operation: "submit", when: "after" });
    await expect(submit(["a"], "k")).rejects.toThrow(TypeError);
    expect(mock.createdReferences()).toHaveLength(1);
    const retried = await submit(["a"], "k");
    expect(retried.status).toBe(201);
    expect(mock.records.at(-1)?.replayed).toBe(true);
    expect(mock.createdReferences()).toHaveLength(1);
  });

  it("hangs until the caller aborts", async () => {
    mock.inject({ kind: "timeout" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("gave up")), 50);
    await expect(
      fetch(`${BASE}/reports/acme_1`, { headers: auth, signal: controller.signal }),
    ).rejects.toThrow("gave up");
    expect(mock.records[0]).toMatchObject({ fault: "timeout", status: 0 });
  });

  it("releases hanging calls on reset", async () => {
    mock.inject({ kind: "timeout" });
    const pending = fetch(`${BASE}/reports/acme_1`, { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 20));
    mock.reset();
    await expect(pending).rejects.toThrow(TypeError);
  });

  it("breaks the body: malformed JSON, wrong content type", async () => {
    mock.inject({ kind: "malformed-json", times: 1 });
    mock.inject({ kind: "wrong-content-type" });
    const broken = await fetch(`${BASE}/reports/acme_1`, { headers: auth });
    expect(broken.headers.get("content-type")).toContain("application/json");
    await expect(broken.json()).rejects.toThrow(SyntaxError);
    const html = await fetch(`${BASE}/reports/acme_1`, { headers: auth });
    expect(html.headers.get("content-type")).toContain("text/html");
  });

  it("answers expired tokens and forbidden calls in the platform's shape", async () => {
    mock.inject({ kind: "expired-token" });
    mock.inject({ kind: "forbidden" });
    const expired = await submit(["a"]);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { kind: "expired-token" } });
    const forbidden = await submit(["a"]);
    expect(forbidden.status).toBe(403);
    expect(mock.pendingInjections()).toEqual([]);
  });
});

describe("scenarios", () => {
  it("are valid, JSON-serialisable and labelled illustrative", () => {
    for (const scenario of Object.values(defaultScenarios)) {
      expect(MockScenarioSchema.parse(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
      expect(scenario.illustrative).toBe(true);
    }
    expect(defaultScenarios.facebook.outcomes.actioned).toBeGreaterThan(0.9);
    expect(defaultScenarios.x.outcomes.actioned).toBeCloseTo(0.3);
  });

  it("immediateScenario decides at once", async () => {
    mock.setScenario(immediateScenario("actioned"));
    const { id } = (await (await submit(["a"])).json()) as { id: string };
    expect(mock.view(id)?.outcome).toBe("actioned");
  });

  it("mulberry32 is deterministic", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe("platform hooks: error info, async authenticate, open routes, redacted paths, reset, body-only waits", () => {
  const SECRET = "9999:path-secret-token";
  const seen: { rawBody: string; now: number }[] = [];
  let feedResets = 0;
  const hooks = definePlatformMock({
    platform: "hooks",
    baseUrl: "https://api.hooks.example",
    states: { open: { outcome: "pending" } },
    supports: {
      requestKinds: ["suspend"],
      targetTypes: ["account"],
      statusPolling: false,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 1,
    },
    scenario: defaultScenarios.x,
    startTime: "2026-01-05T09:00:00Z",
    secrets: [SECRET],
    retryAfterHeader: false,
    onReset: () => {
      feedResets += 1;
    },
    // Async, with the raw body and the virtual clock, as a signature check needs.
    authenticate: async (request, { rawBody, now }) => {
      seen.push({ rawBody, now });
      await Promise.resolve();
      return request.headers.get("x-sig") === `sig:${rawBody}`
        ? undefined
        : { kind: "unauthorized", status: 401, message: "bad signature" };
    },
    errorResponse: (error, { requestId, operation }) =>
      HttpResponse.json(
        { message: error.message, request_id: requestId, operation, retry_after: error.retryAfterSeconds },
        { status: error.status },
      ),
    handlers: (ctx) => [
      ctx.route({ operation: "token", method: "post", path: "/token", authenticate: false }, () =>
        HttpResponse.json({ access_token: "t" }),
      ),
      ctx.route({ operation: "submit", method: "post", path: "/:bot/submit" }, (call) =>
        call.error({ kind: "conflict", status: 409, message: "already open" }),
      ),
    ],
  });
  const hookServer = setupServer(...hooks.handlers);
  beforeAll(() => {
    server.close();
    hookServer.listen({ onUnhandledRequest: "error" });
  });
  afterAll(() => {
    hookServer.close();
    server.listen({ onUnhandledRequest: "error" });
  });

  const post = (path: string, body: string, sig = `sig:${body}`) =>
    fetch(`https://api.hooks.example${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-sig": sig },
      body,
    });

  it("passes the request id and operation to errorResponse, for routes and framework errors alike", async () => {
    const fromRoute = await post(`/bot${SECRET}/submit`, "{}");
    expect(await fromRoute.json()).toMatchObject({
      request_id: fromRoute.headers.get("x-request-id"),
      operation: "submit",
    });
    const refused = await post(`/bot${SECRET}/submit`, "{}", "wrong");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ request_id: refused.headers.get("x-request-id") });
  });

  it("awaits authenticate with the raw body and the virtual time; authenticate: false skips it", async () => {
    seen.length = 0;
    await post(`/bot${SECRET}/submit`, '{"a":1}');
    expect(seen).toEqual([{ rawBody: '{"a":1}', now: Date.parse("2026-01-05T09:00:00Z") }]);
    const token = await post("/token", "{}", "no signature at all");
    expect(token.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("redacts secrets from recorded paths, like URLs and headers", async () => {
    await post(`/bot${SECRET}/submit`, "{}");
    const [record] = hooks.records;
    expect(record?.path).toBe("/bot[REDACTED]/submit");
    expect(JSON.stringify(hooks.records)).not.toContain(SECRET);
  });

  it("calls onReset on reset", () => {
    const before = feedResets;
    hooks.reset();
    expect(feedResets).toBe(before + 1);
  });

  it("with retryAfterHeader: false, a wait is only in the body (no forced Retry-After)", async () => {
    hooks.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 7 });
    const limited = await post(`/bot${SECRET}/submit`, "{}");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(await limited.json()).toMatchObject({ retry_after: 7 });
  });
});

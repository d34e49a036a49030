/**
 * The mock framework answers from indexes kept alongside its records and submissions (rate-limit counts,
 * submissions by target, by reference) and the sandbox routes calls without msw. Each must give what a
 * scan (or msw) gives, whatever happens in between: resets, the clock moving past a window or set back,
 * withdrawals.
 */
import { getResponse, HttpResponse, matchRequestUrl } from "msw";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createXAdapter } from "referral-kit/adapters/x";
import {
  conformanceRequest,
  createPlatformMock,
  defaultScenarios,
  defaultTarget,
  definePlatformMock,
  type MockOperation,
  type Sandbox,
  startSandbox,
} from "referral-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRoute, matchRoute, mockInternals } from "../../src/testing/mock/internals.js";
import { X_MOCK_TOKEN } from "../../src/testing/mocks/x.js";

const BASE = "https://api.probe.example/v1";

/** A platform whose submit answers with what its indexes say next to what a scan says. */
function createProbeMock() {
  const sinces = (now: number) => [now - 3_600_000, now - 60_000, now, now + 60_000, 0];
  return definePlatformMock({
    platform: "probe",
    baseUrl: BASE,
    states: { open: { outcome: "pending" }, done: { outcome: "actioned" } },
    supports: {
      requestKinds: ["suspend"],
      targetTypes: ["account"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: 5,
    },
    scenario: defaultScenarios.x,
    errorResponse: (error) => HttpResponse.json({ error: error.message }, { status: error.status }),
    handlers: (ctx) => {
      const report = () => {
        const now = ctx.now();
        const counts = (operation?: MockOperation) =>
          sinces(now).flatMap((since) =>
            [false, true].map((after) =>
              ctx.countCalls({ since, after, ...(operation ? { operation } : {}) }),
            ),
          );
        const scans = (operation?: MockOperation) =>
          sinces(now).flatMap((since) =>
            [false, true].map(
              (after) =>
                ctx
                  .records()
                  .filter(
                    (r) =>
                      (operation === undefined || r.operation === operation) &&
                      (after ? r.at > since : r.at >= since),
                  ).length,
            ),
          );
        const keys = ["probe:a", "probe:b", "probe:c"];
        return {
          index: {
            all: counts(),
            submit: counts("submit"),
            status: counts("status"),
            naming: keys.map((key) => ctx.submissionsNaming(key).map((s) => s.ref)),
          },
          scan: {
            all: scans(),
            submit: scans("submit"),
            status: scans("status"),
            naming: keys.map((key) =>
              ctx
                .submissions()
                .filter((s) => s.targets.some((t) => t.key === key))
                .map((s) => s.ref),
            ),
          },
        };
      };
      return [
        ctx.route({ operation: "submit", method: "post", path: "/reports" }, (call) => {
          const names = (call.body as { accounts: string[] }).accounts;
          const submission = ctx.createSubmission({
            targets: names.map((name) => ({ key: `probe:${name}`, wire: name })),
            body: call.body,
            idempotencyKey: undefined,
            kind: "suspend",
          });
          return HttpResponse.json({ ref: submission.ref, ...report() });
        }),
        ctx.route({ operation: "status", method: "get", path: "/reports/:id" }, (call) =>
          HttpResponse.json({ found: ctx.submission(call.params.id ?? "")?.ref ?? null, ...report() }),
        ),
      ];
    },
  });
}

describe("framework indexes", () => {
  it("count calls and name submissions as a scan of records and submissions does, across resets and clock moves", async () => {
    const mock = createProbeMock();
    const submit = async (...accounts: string[]) => {
      const request = new Request(`${BASE}/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accounts }),
      });
      return (await (await getResponse([...mock.handlers], request))?.json()) as {
        ref: string;
        index: unknown;
        scan: unknown;
      };
    };
    const status = async (id: string) =>
      (await (await getResponse([...mock.handlers], new Request(`${BASE}/reports/${id}`)))?.json()) as {
        found: string | null;
        index: unknown;
        scan: unknown;
      };
    const steps: (() => Promise<{ index: unknown; scan: unknown }>)[] = [
      () => submit("a"),
      () => submit("a", "b"),
      () => status("ref_1"),
      () => submit("b", "b"),
      async () => {
        mock.advance(90_000);
        return submit("c");
      },
      () => status("ref_2"),
      async () => {
        mock.advance(3_600_000);
        return submit("a");
      },
      async () => {
        // Back in time: the later calls are now in the future, and still counted from `since`.
        mock.setTime("2026-01-05T09:00:30Z");
        return submit("b");
      },
      () => status("ref_9"),
      async () => {
        mock.reset();
        return submit("c");
      },
      () => status("ref_2"),
      () => submit("a", "c"),
    ];
    for (const step of steps) {
      const { index, scan } = await step();
      expect(index).toEqual(scan);
    }
    expect(mock.records).toHaveLength(3);
    expect((await status("ref_2")).found).toBe("ref_2");
    mock.reset();
    expect((await status("ref_2")).found).toBeNull();
  });
});

describe("platform counters and duplicates", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());

  it("X's window counters follow the records: a new window, a clock set back, a reset", async () => {
    const { url, mock } = sandbox.platforms.x;
    const status = async () => {
      const response = await fetch(`${url}/legal-requests/1`, {
        headers: { authorization: `Bearer ${X_MOCK_TOKEN}` },
      });
      expect(response.status).toBe(404);
      const now = mock.now();
      const windowStart = now - (now % (15 * 60_000));
      const used = mock.records.filter((r) => r.operation === "status" && r.at >= windowStart).length;
      return { remaining: Number(response.headers.get("x-rate-limit-remaining")), expected: 300 - used };
    };
    const seen: number[] = [];
    const check = async () => {
      const { remaining, expected } = await status();
      expect(remaining).toBe(expected);
      seen.push(remaining);
    };
    await check();
    await check();
    await check();
    mock.advance(15 * 60_000);
    await check();
    mock.setTime(mock.now() - 15 * 60_000);
    await check();
    mock.reset();
    await check();
    expect(seen).toEqual([299, 298, 297, 299, 295, 299]);
  });

  it("Graph usage counts the hour's calls (tokens aside) as the records do", async () => {
    const { url, mock, credentials } = sandbox.platforms.instagram;
    const token = async () => {
      const response = await fetch(`${url}/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: credentials.appId ?? "",
          client_secret: credentials.appSecret ?? "",
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    // Instagram's modelled hourly limit.
    const hourly = 500;
    let bearer = await token();
    const call = async () => {
      const response = await fetch(`${url}/1?fields=id`, { headers: { authorization: `Bearer ${bearer}` } });
      const now = mock.now();
      const used = mock.records.filter((r) => r.operation !== "token" && r.at > now - 3_600_000).length;
      const usage = JSON.parse(response.headers.get("x-app-usage") ?? "{}") as { call_count: number };
      expect(usage.call_count).toBe(Math.min(100, Math.round((used / hourly) * 100)));
      return usage.call_count;
    };
    for (let i = 0; i < 8; i++) await call();
    expect(await call()).toBe(2);
    mock.advance(30 * 60_000);
    for (let i = 0; i < 10; i++) await call();
    mock.advance(30 * 60_000);
    expect(await call()).toBe(2);
    mock.setTime(mock.now() - 2 * 3_600_000);
    expect(await call()).toBe(4);
    mock.reset();
    bearer = await token();
    expect(await call()).toBe(0);
  });

  it("duplicates name the earliest open submission; withdrawn ones and those before a reset are not", async () => {
    const x = createXAdapter({ baseUrl: sandbox.platforms.x.url, bearerToken: X_MOCK_TOKEN });
    const target = defaultTarget("x")(7, "account");
    let n = 0;
    const submit = async () => {
      const request = conformanceRequest({ platform: "x", kind: "suspend", targets: [target] });
      n += 1;
      return x.submit({ request, targets: request.targets }, { idempotencyKey: `dup-${n}` });
    };
    const first = await submit();
    expect(first.targets[0]?.status).toBe("accepted");
    const second = await submit();
    expect(second.targets[0]).toMatchObject({ status: "duplicate", platformRef: first.platformRef });
    await x.withdraw?.(
      { platformRef: first.platformRef, reason: "sent in error" },
      { idempotencyKey: "withdraw-1" },
    );
    const third = await submit();
    expect(third.targets[0]).toMatchObject({ status: "duplicate", platformRef: second.platformRef });
    sandbox.reset();
    expect((await submit()).targets[0]?.status).toBe("accepted");

    const { url, credentials } = sandbox.platforms.telegram;
    const telegram = createTelegramAdapter({ baseUrl: url, botToken: credentials.botToken ?? "" });
    const chat = defaultTarget("telegram")(7, "account");
    const report = async (key: string) => {
      const request = conformanceRequest({ platform: "telegram", kind: "suspend", targets: [chat] });
      return telegram.submit({ request, targets: request.targets }, { idempotencyKey: key });
    };
    const before = await report("t-1");
    expect((await report("t-2")).targets[0]).toMatchObject({
      status: "duplicate",
      platformRef: before.platformRef,
    });
    sandbox.reset();
    expect((await report("t-3")).targets[0]?.status).toBe("accepted");
  });
});

describe("the sandbox's direct routing", () => {
  it("matches and reads parameters as msw does", () => {
    const bases = ["http://127.0.0.1:4010/x/2", "http://localhost:4010/Telegram", "https://gov.example"];
    const paths = [
      "/legal-requests",
      "/legal-requests/:id",
      "/legal-requests/:id/withdrawal",
      "/:app/legal_requests",
      "/:id",
      "/:bot/getUpdates",
    ];
    const tails = [
      "/legal-requests",
      "/legal-requests/",
      "/LEGAL-REQUESTS",
      "/legal-requests//",
      "/legal-requests/18670000000000001",
      "/legal-requests/18670000000000001/",
      "/legal-requests/a%20b",
      "/legal-requests/a%2Fb",
      "/legal-requests/%E0%A4%A",
      "/legal-requests/1/withdrawal",
      "/legal-requests/1/withdrawal?x=1#h",
      "/legal-requests/1/other",
      "/772000000000002/legal_requests",
      "/bot7100000001:AAmock/getUpdates",
      "/bot7100000001:AAmock/getupdates",
      "/",
      "",
      "/a/b",
    ];
    const outcome = (run: () => { matches: boolean; params?: Record<string, unknown> }) => {
      try {
        return run();
      } catch (error) {
        return { threw: (error as Error).name };
      }
    };
    let compared = 0;
    for (const base of bases) {
      for (const path of paths) {
        const pattern = `${base}${path}`;
        const route = compileRoute(pattern);
        expect(route, pattern).toBeDefined();
        if (!route) continue;
        for (const host of [base, base.toUpperCase().replace("HTTP", "http")]) {
          for (const tail of tails) {
            const url = new URL(`${host}${tail}`);
            const viaMsw = outcome(() => matchRequestUrl(url, pattern));
            const direct = outcome(() => {
              const params = matchRoute(route, url);
              return { matches: params !== undefined, params: params ?? {} };
            });
            expect(direct, `${pattern} ~ ${url.href}`).toEqual(viaMsw);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    // Beyond plain segments and :name, msw routes the mock.
    expect(compileRoute("https://a.example/v1/files/*")).toBeUndefined();
    expect(compileRoute("https://a.example/v1/:id?")).toBeUndefined();
    expect(compileRoute("https://a.example/v1/a-:id")).toBeUndefined();
    expect(compileRoute("http://[::1]:4010/x/2/legal-requests")).toBeUndefined();
  });

  it("answers every call as msw would: same status, headers and body", async () => {
    const viaMsw = createPlatformMock("x", { seed: 11 });
    const direct = createPlatformMock("x", { seed: 11 });
    const dispatch = mockInternals(direct)?.dispatch;
    if (!dispatch) throw new Error("the X mock should be routable directly");
    const answers: [string, string][] = [];
    const snapshot = async (response: Response | undefined) =>
      response
        ? JSON.stringify({
            status: response.status,
            // The reset is wall-clock seconds, computed for each call.
            headers: [...response.headers].filter(([name]) => name !== "x-rate-limit-reset"),
            body: await response.text(),
          })
        : "unrouted";
    const both = async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const body = await request.clone().text();
      const bare = new Request(request.url, { method: request.method, headers: request.headers });
      const [a, b] = await Promise.all([
        getResponse([...viaMsw.handlers], request.clone()),
        dispatch(bare, body),
      ]);
      answers.push([await snapshot(a?.clone()), await snapshot(b)]);
      return a ?? new Response(null, { status: 404 });
    };
    const x = createXAdapter({
      baseUrl: viaMsw.baseUrl,
      bearerToken: X_MOCK_TOKEN,
      fetch: both,
      retry: { maxRetries: 0 },
    });
    const target = defaultTarget("x");
    const request = conformanceRequest({ platform: "x", kind: "suspend", targets: [target(1, "account")] });
    const receipt = await x.submit({ request, targets: request.targets }, { idempotencyKey: "k-1" });
    await x.submit({ request, targets: request.targets }, { idempotencyKey: "k-1" });
    const other = conformanceRequest({ platform: "x", kind: "suspend", targets: [target(2, "account")] });
    await x
      .submit({ request: other, targets: other.targets }, { idempotencyKey: "k-1" })
      .catch(() => undefined);
    await x.getStatus({ platformRef: receipt.platformRef });
    await x.withdraw?.(
      { platformRef: receipt.platformRef, reason: "sent in error" },
      { idempotencyKey: "w-1" },
    );
    const base = viaMsw.baseUrl;
    const auth = { authorization: `Bearer ${X_MOCK_TOKEN}`, "content-type": "application/json" };
    await both(`${base}/legal-requests`, { method: "POST", headers: auth, body: "{not json" });
    await both(`${base}/legal-requests`, {
      method: "POST",
      headers: { ...auth, authorization: "Bearer no" },
      body: "{}",
    });
    await both(`${base}/LEGAL-REQUESTS/${receipt.platformRef}/`, { headers: auth });
    await both(`${base}/legal-requests/unknown`, { headers: auth });
    await both(`${base}/legal-requests`, { method: "PUT", headers: auth, body: "{}" });
    await both(`${base}/nowhere`, { headers: auth });
    expect(answers.length).toBeGreaterThanOrEqual(11);
    for (const [a, b] of answers) expect(b).toBe(a);
    expect(direct.records.map((r) => ({ ...r, receivedAt: 0 }))).toEqual(
      viaMsw.records.map((r) => ({ ...r, receivedAt: 0 })),
    );
  });
});

describe("createPlatformMock", () => {
  it("gives each built-in platform its own mock, with that platform's options", () => {
    const mock = createPlatformMock("telegram", { unknownChats: ["rk_gone_chat"], seed: 3 });
    expect(mock.platform).toBe("telegram");
    expect(mock.scenario.seed).toBe(3);
    expect(createPlatformMock("x").platform).toBe("x");
  });

  it("refuses a platform without a built-in mock, naming the built-in ones", () => {
    expect(() => createPlatformMock("acme" as "x")).toThrow(
      new RangeError(
        'no built-in mock for platform "acme"; built in: facebook, instagram, whatsapp, tiktok, x, telegram',
      ),
    );
  });
});

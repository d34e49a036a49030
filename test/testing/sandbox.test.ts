/**
 * The sandbox over REAL HTTP: no msw server runs in this file, so every call below crosses a TCP socket
 * to the node:http server startSandbox opened, exactly as a tool in another language would.
 */

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { KnownPlatformId } from "referral-kit";
import { type AdapterError, NetworkError, RateLimitedError, TimeoutError } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import {
  conformanceRequest,
  defaultTarget,
  loadSandboxScenario,
  MOCK_CREDENTIALS,
  type Sandbox,
  SandboxHostError,
  SandboxScenarioError,
  startSandbox,
  type TargetFactory,
} from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { isLoopbackHost } from "../../src/testing/sandbox/loopback.js";
import { sandboxPlatformUrl } from "../../src/testing/sandbox/platforms.js";
import { parseSandboxScenario } from "../../src/testing/sandbox/scenario-file.js";
import { memoryIo } from "../support/cli-io.js";

const retry = { baseDelayMs: 10, maxDelayMs: 50 };

/** Each reference adapter, pointed at its platform in the sandbox with the mock's credentials. */
function adapterFor<P extends KnownPlatformId>(
  sandbox: Sandbox<P>,
  id: P,
  extra: { retry?: object; timeoutMs?: number } = {},
) {
  const { url: baseUrl } = sandbox.platforms[id];
  const common = { baseUrl, retry, ...extra };
  switch (id) {
    case "facebook":
      return createFacebookAdapter({ ...common, ...MOCK_CREDENTIALS.facebook });
    case "instagram":
      return createInstagramAdapter({ ...common, ...MOCK_CREDENTIALS.instagram });
    case "whatsapp":
      return createWhatsAppAdapter({ ...common, ...MOCK_CREDENTIALS.whatsapp });
    case "tiktok":
      return createTikTokAdapter({ ...common, ...MOCK_CREDENTIALS.tiktok });
    case "x":
      return createXAdapter({ ...common, bearerToken: MOCK_CREDENTIALS.x.bearerToken });
    case "telegram":
      return createTelegramAdapter({ ...common, ...MOCK_CREDENTIALS.telegram });
  }
}

// Facebook usernames take dots, not underscores: the suite's default "rk_conf_1" is not one.
const facebookTarget: TargetFactory = (index) => ({
  type: "account",
  account: { kind: "username", platform: "facebook", username: `rk.conf.${index}` },
});

function suspendRequest(id: KnownPlatformId, index = 1) {
  const target = id === "facebook" ? facebookTarget(index, "account") : defaultTarget(id)(index, "account");
  const request = conformanceRequest({
    platform: id,
    kind: "suspend",
    targets: [target],
    id: `req-${id}-${index}`,
  });
  return { request, input: { request, targets: request.targets } };
}

const expectError = async (promise: Promise<unknown>): Promise<AdapterError> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return error as AdapterError;
};

const PLATFORMS: readonly KnownPlatformId[] = [
  "facebook",
  "instagram",
  "whatsapp",
  "tiktok",
  "x",
  "telegram",
];

describe("sandbox: the six reference adapters over real HTTP", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // Everything actioned, decided one hour after submission (review after a minute).
    sandbox = await startSandbox({
      port: 0,
      seed: 11,
      scenario: {
        all: {
          outcomes: { actioned: 1 },
          reviewDelay: { distribution: "fixed", ms: 60_000 },
          decisionDelay: { distribution: "fixed", ms: 3_600_000 },
        },
      },
    });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  it("listens on loopback, one prefix per platform, with the mocks' base URLs equal to the served URLs", () => {
    expect(sandbox.host).toBe("127.0.0.1");
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.platforms.x.url).toBe(`${sandbox.url}/x/2`);
    expect(sandbox.platforms.facebook.url).toBe(`${sandbox.url}/facebook/v21.0`);
    expect(sandbox.platforms.telegram.url).toBe(`${sandbox.url}/telegram`);
    for (const id of PLATFORMS) {
      expect(sandbox.mocks[id].baseUrl).toBe(sandbox.platforms[id].url);
      expect(sandboxPlatformUrl(sandbox.url, id)).toBe(sandbox.platforms[id].url);
      expect(sandbox.platforms[id].credentials).toEqual(MOCK_CREDENTIALS[id]);
    }
  });

  it.each(PLATFORMS)("%s: submit gives a receipt, status follows the virtual clock", async (id) => {
    const adapter = adapterFor(sandbox, id);
    const mock = sandbox.mocks[id];
    const { request, input } = suspendRequest(id);
    const receipt = await adapter.submit(input, { idempotencyKey: `${id}:sandbox:0` });
    expect(mock.createdReferences()).toEqual([receipt.platformRef]);
    expect(receipt.targets).toHaveLength(1);
    expect(receipt.targets[0]?.status).toBe("accepted");
    // The platform saw the call on the wire, at the sandbox URL.
    const submit = mock.records.find((record) => record.operation === "submit");
    expect(submit?.url.startsWith(sandbox.platforms[id].url)).toBe(true);
    expect(submit?.status).toBeGreaterThanOrEqual(200);
    expect(submit?.status).toBeLessThan(300);

    expect((await adapter.getStatus({ platformRef: receipt.platformRef, request })).outcome).toBe("pending");
    sandbox.advance(60_000);
    expect((await adapter.getStatus({ platformRef: receipt.platformRef, request })).outcome).toBe(
      "acknowledged",
    );
    sandbox.advance(3_600_000);
    expect((await adapter.getStatus({ platformRef: receipt.platformRef, request })).outcome).toBe("actioned");
  });

  it("repeating a submit with the same idempotency key over HTTP creates one platform request", async () => {
    const adapter = adapterFor(sandbox, "x");
    const { input } = suspendRequest("x");
    const first = await adapter.submit(input, { idempotencyKey: "x:same" });
    const second = await adapter.submit(input, { idempotencyKey: "x:same" });
    expect(second.platformRef).toBe(first.platformRef);
    expect(sandbox.mocks.x.createdReferences()).toHaveLength(1);
    expect(sandbox.mocks.x.records.filter((record) => record.replayed)).toHaveLength(1);
  });

  it("a 429 injected through the admin endpoint is honoured: the adapter waits Retry-After and succeeds", async () => {
    const injected = await fetch(`${sandbox.url}/__sandbox/inject`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        platform: "whatsapp",
        kind: "rate-limit",
        operation: "submit",
        retryAfterSeconds: 1,
      }),
    });
    expect(injected.status).toBe(200);
    const adapter = adapterFor(sandbox, "whatsapp");
    const receipt = await adapter.submit(suspendRequest("whatsapp").input, { idempotencyKey: "wa:429" });
    const submits = sandbox.mocks.whatsapp.records.filter((record) => record.operation === "submit");
    expect(submits.map((record) => record.status)).toEqual([429, 201]);
    const [limited, retried] = submits;
    expect((retried?.receivedAt ?? 0) - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(sandbox.mocks.whatsapp.createdReferences()).toEqual([receipt.platformRef]);
  });

  it("a 429 without retries left surfaces as RateLimitedError with the platform's wait", async () => {
    await fetch(`${sandbox.url}/__sandbox/inject`, {
      method: "POST",
      body: JSON.stringify({ platform: "x", kind: "rate-limit", operation: "submit", retryAfterSeconds: 30 }),
    });
    const adapter = adapterFor(sandbox, "x", { retry: { maxRetries: 0 } });
    const error = await expectError(adapter.submit(suspendRequest("x").input, { idempotencyKey: "x:429" }));
    expect(RateLimitedError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it("a reset fault drops the connection: the adapter reports NetworkError", async () => {
    const adapter = adapterFor(sandbox, "telegram", { retry: { maxRetries: 0 } });
    const { request, input } = suspendRequest("telegram");
    const receipt = await adapter.submit(input, { idempotencyKey: "tg:reset" });
    sandbox.mocks.telegram.inject({ kind: "reset", operation: "status" });
    const error = await expectError(adapter.getStatus({ platformRef: receipt.platformRef, request }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(error.code).toBe("network_error");
    expect(sandbox.mocks.telegram.records.at(-1)?.fault).toBe("reset");
  });

  it("a timeout fault holds the call until the client gives up (TimeoutError), then lets go", async () => {
    const adapter = adapterFor(sandbox, "tiktok", { retry: { maxRetries: 0 }, timeoutMs: 300 });
    const { request, input } = suspendRequest("tiktok");
    const receipt = await adapter.submit(input, { idempotencyKey: "tt:timeout" });
    sandbox.mocks.tiktok.inject({ kind: "timeout", operation: "status" });
    const started = Date.now();
    const error = await expectError(adapter.getStatus({ platformRef: receipt.platformRef, request }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    // The next call is answered normally: nothing stayed stuck on the server.
    expect((await adapter.getStatus({ platformRef: receipt.platformRef, request })).outcome).toBe("pending");
  });

  it("close() releases a call held by a timeout fault and closes its connection", async () => {
    const own = await startSandbox({ port: 0, platforms: ["x"] });
    own.mocks.x.inject({ kind: "timeout", operation: "status" });
    const held = fetch(`${own.platforms.x.url}/legal-requests/186700000000001`, {
      headers: { authorization: `Bearer ${own.platforms.x.credentials.bearerToken}` },
    }).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(own.mocks.x.records).toHaveLength(1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await held).toBeInstanceOf(Error);
  });

  it("a retried submit whose answer was lost (reset after processing) creates one platform request", async () => {
    await fetch(`${sandbox.url}/__sandbox/inject`, {
      method: "POST",
      body: JSON.stringify({ platform: "x", kind: "reset", operation: "submit", when: "after" }),
    });
    const receipt = await adapterFor(sandbox, "x").submit(suspendRequest("x").input, {
      idempotencyKey: "x:lost",
    });
    expect(sandbox.mocks.x.createdReferences()).toEqual([receipt.platformRef]);
    expect(sandbox.mocks.x.records.map((record) => record.fault)).toEqual(["reset", undefined]);
  });
});

describe("sandbox: scenarios", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rk-sandbox-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("a scenario file sets per-target detail: Facebook restricts in the requesting country, X declines for one reason", async () => {
    const file = join(dir, "detail.json");
    const now = {
      reviewDelay: { distribution: "fixed", ms: 0 },
      decisionDelay: { distribution: "fixed", ms: 0 },
    };
    await writeFile(
      file,
      JSON.stringify({
        platforms: {
          facebook: { ...now, outcomes: { actioned: 1 }, outcomeDetail: { geoWithheld: 1 } },
          x: {
            ...now,
            outcomes: { rejected: 1 },
            outcomeDetail: { declineReasons: { "outside-jurisdiction": 1 } },
          },
        },
      }),
    );
    const sandbox = await startSandbox({
      port: 0,
      scenario: await loadSandboxScenario(file),
      platforms: ["facebook", "x"],
    });
    try {
      for (const [id, want] of [
        ["facebook", { measure: "content-disabled", scope: ["PK"], ground: "local-law" }],
        [
          "x",
          { measure: "no-action", reasonCode: "outside-jurisdiction", platformCode: "OUTSIDE_JURISDICTION" },
        ],
      ] as const) {
        const adapter = adapterFor(sandbox, id);
        const { request, input } = suspendRequest(id);
        const receipt = await adapter.submit(input, { idempotencyKey: `${id}:detail` });
        const update = await adapter.getStatus({ platformRef: receipt.platformRef, request });
        expect(update.targets?.[0]).toMatchObject(want);
      }
    } finally {
      await sandbox.close();
    }
  });

  it("a bad outcomeDetail in a scenario file names its path", () => {
    const error = (() => {
      try {
        parseSandboxScenario({ platforms: { x: { outcomeDetail: { geoWithheld: 2 } } } }, "bad.json");
      } catch (e) {
        return e;
      }
    })() as SandboxScenarioError;
    expect(SandboxScenarioError.isInstance(error)).toBe(true);
    expect(error.issues.map((issue) => issue.path)).toContain("platforms.x.outcomeDetail.geoWithheld");
  });

  it("a scenario file changes outcomes: X rejects everything at once, Telegram keeps its default", async () => {
    const file = join(dir, "x-rejects.json");
    await writeFile(
      file,
      JSON.stringify({
        name: "x rejects",
        seed: 3,
        platforms: {
          x: {
            outcomes: { rejected: 1 },
            rejectionReasons: ["no violation found (sandbox)"],
            reviewDelay: { distribution: "fixed", ms: 0 },
            decisionDelay: { distribution: "fixed", ms: 0 },
          },
        },
      }),
    );
    const scenario = await loadSandboxScenario(file);
    const sandbox = await startSandbox({ port: 0, scenario, platforms: ["x", "telegram"] });
    try {
      expect(Object.keys(sandbox.platforms).sort()).toEqual(["telegram", "x"]);
      const x = adapterFor(sandbox, "x");
      const { request, input } = suspendRequest("x");
      const receipt = await x.submit(input, { idempotencyKey: "x:scenario" });
      const update = await x.getStatus({ platformRef: receipt.platformRef, request });
      expect(update.outcome).toBe("rejected");
      expect(update.reason).toBe("no violation found (sandbox)");
      expect(sandbox.mocks.x.scenario.seed).toBe(3);
      expect(sandbox.mocks.telegram.scenario.outcomes.actioned).toBeGreaterThan(0.9);
      // Reset goes back to the file's scenario, not the built-in default.
      sandbox.reset();
      expect(sandbox.mocks.x.scenario.outcomes.rejected).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("speed makes the virtual clocks follow real time", async () => {
    const sandbox = await startSandbox({ port: 0, platforms: ["x"], scenario: { speed: 3_600_000 } });
    try {
      const before = sandbox.mocks.x.now();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await fetch(`${sandbox.url}/__sandbox`);
      // 30 ms of real time at an hour per millisecond: more than a day of platform time.
      expect(sandbox.mocks.x.now() - before).toBeGreaterThan(24 * 3_600_000);
    } finally {
      await sandbox.close();
    }
  });

  it("a bad scenario is a SandboxScenarioError naming the file and the path of each problem", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({ speed: -1, platforms: { x: { outcomes: { rejected: "all" } }, myspace: {} } }),
    );
    const error = await loadSandboxScenario(file).catch((thrown: unknown) => thrown);
    expect(SandboxScenarioError.isInstance(error)).toBe(true);
    const scenarioError = error as SandboxScenarioError;
    expect(scenarioError.code).toBe("sandbox_scenario_invalid");
    expect(scenarioError.file).toBe(file);
    expect(scenarioError.message).toContain(file);
    const paths = scenarioError.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["speed", "platforms.x.outcomes.rejected", "platforms"]));
    expect(scenarioError.issues.find((issue) => issue.path === "platforms")?.message).toContain("myspace");
  });

  it("a scenario that validates field by field but leaves no outcome is refused with the platform's path", () => {
    const error = (() => {
      try {
        parseSandboxScenario({ platforms: { tiktok: { outcomes: { rejected: 0 } } } });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(SandboxScenarioError.isInstance(error)).toBe(true);
    expect((error as SandboxScenarioError).issues[0]?.path).toBe("platforms.tiktok.outcomes");
  });

  it("a file that is not JSON, or missing, says so", async () => {
    const file = join(dir, "not.json");
    await writeFile(file, "{ seed: 1 ");
    await expect(loadSandboxScenario(file)).rejects.toThrow(/not JSON/);
    await expect(loadSandboxScenario(join(dir, "missing.json"))).rejects.toThrow(/cannot read it/);
  });
});

describe("sandbox: binding", () => {
  it("refuses a non-loopback address unless asked explicitly", async () => {
    const error = await startSandbox({ port: 0, host: "0.0.0.0" }).catch((thrown: unknown) => thrown);
    expect(SandboxHostError.isInstance(error)).toBe(true);
    expect((error as SandboxHostError).code).toBe("sandbox_host_refused");
    expect((error as SandboxHostError).host).toBe("0.0.0.0");
  });

  it("knows loopback from the rest", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      "0.0.0.0",
      "::",
      "192.168.1.10",
      "10.0.0.1",
      "example.com",
      "128.0.0.1",
      "127.0.0.256",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("binds to IPv6 loopback with a bracketed URL", async () => {
    const sandbox = await startSandbox({ port: 0, host: "::1", platforms: ["x"] }).catch(() => undefined);
    if (!sandbox) return; // no IPv6 on this machine
    try {
      expect(sandbox.url).toBe(`http://[::1]:${sandbox.port}`);
      expect((await fetch(`${sandbox.url}/__sandbox`)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe("sandbox: what a tool in another language does (plain HTTP)", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const post = (path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("GET /__sandbox lists the platforms, their URLs and credentials, and the endpoints", async () => {
    const response = await fetch(`${sandbox.url}/__sandbox`);
    expect(response.headers.get("content-type")).toContain("application/json");
    const info = (await response.json()) as {
      url: string;
      platforms: Record<string, { url: string; credentials: Record<string, string>; now: string }>;
      endpoints: string[];
    };
    expect(info.url).toBe(sandbox.url);
    expect(Object.keys(info.platforms)).toEqual(PLATFORMS);
    expect(info.platforms.x?.url).toBe(`${sandbox.url}/x/2`);
    expect(info.platforms.x?.credentials.bearerToken).toBe(MOCK_CREDENTIALS.x.bearerToken);
    expect(info.platforms.x?.now).toBe("2026-01-05T09:00:00.000Z");
    expect(info.endpoints).toContain("POST /__sandbox/advance?ms=<ms>[&platform=<id>]");
  });

  it("submits to X with a hand-written body, reads it back, forces a state and moves the clock", async () => {
    const token = MOCK_CREDENTIALS.x.bearerToken;
    const submitted = await fetch(`${sandbox.url}/x/2/legal-requests`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": "tool-1",
      },
      body: JSON.stringify({
        request_type: "account_suspension",
        priority: "standard",
        agency_reference: "tool-req-1",
        issuing_authority: { name: "Test Unit (fictional)", country: "PK" },
        legal_basis: { instrument: "Test Act", section: "s. 1", jurisdiction: "PK" },
        designations: [],
        respond_by: "2026-01-07T09:00:00Z",
        targets: [{ type: "user", username: "example_handle" }],
        evidence: [],
      }),
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get("x-request-id")).toMatch(/^x-req-/);
    const { data } = (await submitted.json()) as { data: { id: string } };

    const records = (await (await fetch(`${sandbox.url}/__sandbox/records?platform=x`)).json()) as {
      records: { x: { operation: string; idempotencyKey: string; headers: Record<string, string> }[] };
    };
    expect(records.records.x[0]?.operation).toBe("submit");
    expect(records.records.x[0]?.idempotencyKey).toBe("tool-1");
    expect(records.records.x[0]?.headers.authorization).not.toContain(token);

    const forced = await post("/__sandbox/force", {
      platform: "x",
      ref: data.id,
      state: "declined",
      reason: "no violation",
    });
    expect(forced.status).toBe(200);
    const status = await fetch(`${sandbox.url}/x/2/legal-requests/${data.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await status.json()) as { data: { status: string } };
    expect(body.data.status).toBe("declined");

    const advanced = await post("/__sandbox/advance?ms=3600000&platform=x");
    expect(await advanced.json()).toEqual({ now: { x: "2026-01-05T10:00:00.000Z" } });
    const submissions = (await (await fetch(`${sandbox.url}/__sandbox/submissions?platform=x`)).json()) as {
      submissions: { x: { ref: string; view: { state: string } }[] };
    };
    expect(submissions.submissions.x[0]).toMatchObject({ ref: data.id, view: { state: "declined" } });
  });

  /** The X adapter pointed at the sandbox. */
  const xAdapter = () =>
    createXAdapter({ baseUrl: sandbox.platforms.x.url, retry, bearerToken: MOCK_CREDENTIALS.x.bearerToken });
  /** Submits a suspension of `count` accounts to X through its adapter; the receipt. */
  const submitToX = async (id: string, count: number) => {
    const request = conformanceRequest({
      platform: "x",
      kind: "suspend",
      targets: Array.from({ length: count }, (_, i) => defaultTarget("x")(i + 1, "account")),
      id,
    });
    return xAdapter().submit(
      { request, targets: request.targets },
      { idempotencyKey: `${id}:0`, signal: AbortSignal.timeout(10_000) },
    );
  };

  it("forces a decision with per-target detail, which the adapter reads back intact", async () => {
    const adapter = xAdapter();
    const receipt = await submitToX("req-force-detail", 2);
    const [a, b] = sandbox.mocks.x.submission(receipt.platformRef)!.targets.map((t) => t.key) as [
      string,
      string,
    ];
    const forced = await post("/__sandbox/force", {
      platform: "x",
      ref: receipt.platformRef,
      state: "partially_actioned",
      targets: [
        { key: b, reasonCode: "legal-process-required", reason: "a court order is required" },
        {
          key: a,
          measure: "account-suspended",
          scope: ["PK"],
          ground: "local-law",
          until: "2026-02-01T00:00:00Z",
        },
      ],
    });
    expect(forced.status, await forced.clone().text()).toBe(200);
    const update = await adapter.getStatus(
      { platformRef: receipt.platformRef },
      { signal: AbortSignal.timeout(10_000) },
    );
    expect(update.outcome).toBe("partially-actioned");
    expect(update.targets).toEqual([
      expect.objectContaining({
        key: a,
        outcome: "actioned",
        measure: "account-suspended",
        scope: ["PK"],
        ground: "local-law",
        until: "2026-02-01T00:00:00.000Z",
      }),
      expect.objectContaining({
        key: b,
        outcome: "rejected",
        measure: "no-action",
        reasonCode: "legal-process-required",
      }),
    ]);
  });

  it("refuses a forced detail that no adapter could read, saying why", async () => {
    const receipt = await submitToX("req-force-refused", 1);
    const data = { id: receipt.platformRef };
    const key = sandbox.mocks.x.submission(data.id)!.targets[0]!.key;
    const force = async (state: string, target: Record<string, unknown>) => {
      const response = await post("/__sandbox/force", {
        platform: "x",
        ref: data.id,
        state,
        targets: [target],
      });
      return {
        status: response.status,
        message: ((await response.json()) as { error?: { message: string } }).error?.message,
      };
    };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        "actioned",
        { key: "x:someone_else", measure: "content-removed" },
        /has no target "x:someone_else"; its targets: x:\w+/,
      ],
      ["actioned", { key, measure: "account-suspended", scope: ["ZZ"] }, /ISO 3166/],
      [
        "actioned",
        { key, measure: "account-suspended", until: "2026-01-01T00:00:00Z" },
        /is not after the platform's time/,
      ],
      ["actioned", { key, measure: "account-suspended", until: "2026-03-01T00:00:00.250Z" }, /whole seconds/],
      ["actioned", { key, scope: "global", outcome: "actioned" }, /give measure/],
      ["actioned", { key, measure: "no-action", reasonCode: "duplicate" }, /at least one target is actioned/],
      ["declined", { key, measure: "content-removed" }, /its targets are declined or pending/],
      [
        "actioned",
        { key, measure: "account-suspended", reasonCode: "duplicate" },
        /reason code explains a decline/,
      ],
      ["declined", { key, reasonCode: "other", platformCode: "not a code!" }, /does not look like/],
      ["actioned", { key }, /outcome, measure or reasonCode/],
    ];
    for (const [state, target, message] of cases) {
      const answer = await force(state, target);
      expect(answer.status, JSON.stringify(target)).toBe(400);
      expect(answer.message, JSON.stringify(target)).toMatch(message);
    }
    expect(sandbox.mocks.x.submission(data.id)?.forced).toBeUndefined();
  });

  it("injects a fault for every call ('times': 'all') and reports what is pending; reset clears it", async () => {
    const injected = await post("/__sandbox/inject", {
      platform: "whatsapp",
      kind: "server-error",
      status: 503,
      times: "all",
    });
    expect(await injected.json()).toEqual({
      pending: { whatsapp: [{ kind: "server-error", status: 503, times: "all" }] },
    });
    const failing = await fetch(`${sandbox.url}/whatsapp/v1/enforcement_requests/wa-er-1`, {
      headers: { authorization: `Bearer ${MOCK_CREDENTIALS.whatsapp.accessToken}` },
    });
    expect(failing.status).toBe(503);
    expect(await (await post("/__sandbox/reset?platform=whatsapp")).json()).toEqual({ reset: ["whatsapp"] });
    const after = await fetch(`${sandbox.url}/whatsapp/v1/enforcement_requests/wa-er-1`, {
      headers: { authorization: `Bearer ${MOCK_CREDENTIALS.whatsapp.accessToken}` },
    });
    expect(after.status).toBe(404);
  });

  it("changes one platform's scenario through POST /__sandbox/scenario", async () => {
    const response = await post("/__sandbox/scenario", { platform: "tiktok", outcomes: { rejected: 1 } });
    const body = (await response.json()) as { scenario: { tiktok: { outcomes: Record<string, number> } } };
    expect(body.scenario.tiktok.outcomes).toEqual({
      actioned: 0,
      partiallyActioned: 0,
      rejected: 1,
      needsInformation: 0,
      pending: 0,
    });
    expect(sandbox.mocks.tiktok.scenario.outcomes.rejected).toBe(1);
  });

  it("turns per-target detail on, changes it and turns it off through POST /__sandbox/scenario", async () => {
    const set = async (outcomeDetail: unknown) =>
      (await post("/__sandbox/scenario", { platform: "x", outcomeDetail })).status;
    expect(await set({ temporarySuspensions: 1, suspensionDays: 3 })).toBe(200);
    expect(sandbox.mocks.x.scenario.outcomeDetail).toMatchObject({
      temporarySuspensions: 1,
      suspensionDays: 3,
    });
    expect(await set(null)).toBe(200);
    expect(sandbox.mocks.x.scenario.outcomeDetail).toBeUndefined();
    expect(await set({ declineReasons: { "no-such-reason": 1 } })).toBe(400);
  });

  it("answers mistakes with a JSON error and a stable code", async () => {
    const badFault = await post("/__sandbox/inject", { platform: "x", kind: "earthquake" });
    expect(badFault.status).toBe(400);
    expect(((await badFault.json()) as { error: { code: string } }).error.code).toBe("bad_request");

    const unknownPlatform = await post("/__sandbox/inject", { platform: "myspace", kind: "reset" });
    expect(unknownPlatform.status).toBe(404);
    expect(((await unknownPlatform.json()) as { error: { code: string } }).error.code).toBe(
      "unknown_platform",
    );

    const badOperation = await post("/__sandbox/inject", {
      platform: "x",
      kind: "reset",
      operation: "sumbit",
    });
    expect(badOperation.status).toBe(400);
    expect(((await badOperation.json()) as { error: { message: string } }).error.message).toContain(
      "submit, status",
    );

    const noMs = await post("/__sandbox/advance");
    expect(noMs.status).toBe(400);

    const wrongMethod = await fetch(`${sandbox.url}/__sandbox/reset`);
    expect(wrongMethod.status).toBe(405);

    const badState = await post("/__sandbox/force", {
      platform: "x",
      ref: "186700000000099",
      state: "declined",
    });
    expect(badState.status).toBe(400);

    const nowhere = await fetch(`${sandbox.url}/myspace/v1/reports`);
    expect(nowhere.status).toBe(404);
    const body = (await nowhere.json()) as { error: { code: string; platforms: Record<string, string> } };
    expect(body.error.code).toBe("no_route");
    expect(body.error.platforms.x).toBe(`${sandbox.url}/x/2`);

    const tooBig = await fetch(`${sandbox.url}/x/2/legal-requests`, {
      method: "POST",
      body: "x".repeat(1_100_000),
    });
    expect(tooBig.status).toBe(413);
  });

  it("keeps connections alive between calls", async () => {
    const { request } = await import("node:http");
    const { Agent } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve, reject) => {
          const call = request(`${sandbox.url}/__sandbox`, { agent }, (response) => {
            ports.push(response.socket.localPort ?? -1);
            response.resume();
            response.on("end", resolve);
          });
          call.on("error", reject);
          call.end();
        });
      }
    } finally {
      agent.destroy();
    }
    expect(new Set(ports).size).toBe(1);
  });
});

describe("referral-kit sandbox (command line)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rk-sandbox-cli-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const waitFor = async (read: () => string, pattern: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 200; i++) {
      const match = read().match(pattern);
      if (match) return match;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${pattern} in:\n${read()}`);
  };

  it("starts, prints every platform's URL, serves them, and stops with exit code 0", async () => {
    await writeFile(join(dir, "scenario.json"), JSON.stringify({ name: "cli scenario", seed: 5 }));
    const controller = new AbortController();
    const run = memoryIo({ cwd: dir });
    const exit = runCli(["sandbox", "--port", "0", "--scenario", "scenario.json", "--seed", "9"], {
      ...run.io,
      signal: controller.signal,
    });
    const [, url] = await waitFor(run.stdout, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(run.stdout()).toContain("(scenario: cli scenario)");
    for (const id of PLATFORMS) expect(run.stdout()).toContain(`${url}/${id}`);
    const info = (await (await fetch(`${url}/__sandbox`)).json()) as {
      platforms: { x: { scenario: { seed: number } } };
    };
    expect(info.platforms.x.scenario.seed).toBe(9);
    controller.abort();
    expect(await exit).toBe(0);
    expect(run.stdout()).toContain("stopping");
    // Closed: nothing listens any more.
    await expect(fetch(`${url}/__sandbox`)).rejects.toThrow();
  });

  it("serves a subset with --platforms", async () => {
    const controller = new AbortController();
    const run = memoryIo();
    const exit = runCli(["sandbox", "--port", "0", "--platform", "x,telegram"], {
      ...run.io,
      signal: controller.signal,
    });
    await waitFor(run.stdout, /Press Ctrl-C/);
    expect(run.stdout()).not.toContain("/facebook");
    controller.abort();
    expect(await exit).toBe(0);
  });

  it("needs --port, and says what is wrong with bad options (exit 2)", async () => {
    for (const args of [
      [],
      ["--port", "x"],
      ["--port", "0", "--seed", "1.5"],
      ["--port", "0", "--platform", "myspace"],
    ]) {
      const run = memoryIo();
      expect(await runCli(["sandbox", ...args], run.io)).toBe(2);
      expect(run.stderr()).toContain("Usage: referral-kit sandbox");
    }
  });

  it("a bad scenario file fails with its path and the path of the problem (exit 3)", async () => {
    await writeFile(join(dir, "bad.json"), JSON.stringify({ platforms: { x: { seed: "seven" } } }));
    const run = memoryIo({ cwd: dir });
    expect(await runCli(["sandbox", "--port", "0", "--scenario", "bad.json"], run.io)).toBe(3);
    expect(run.stderr()).toContain(join(dir, "bad.json"));
    expect(run.stderr()).toContain("platforms.x.seed");
  });

  it("warns before listening on a non-loopback --host (given explicitly)", async () => {
    // 192.0.2.1 is TEST-NET-1: never assigned to this machine, so the bind fails after the warning and
    // nothing is ever exposed by this test.
    const run = memoryIo();
    expect(await runCli(["sandbox", "--port", "0", "--host", "192.0.2.1"], run.io)).toBe(1);
    expect(run.stderr()).toContain("WARNING: listening on 192.0.2.1, not loopback");
    expect(run.stderr()).toMatch(/EADDRNOTAVAIL|address not available/i);
  });
});

/** True when `command` runs on this machine (the docs' examples need curl, and openssl for TikTok). */
async function available(command: string): Promise<boolean> {
  return promisify(execFile)(command, ["--version"]).then(
    () => true,
    () =>
      promisify(execFile)(command, ["version"]).then(
        () => true,
        () => false,
      ),
  );
}

describe("docs/sandbox.md", () => {
  const doc = readFile(join(import.meta.dirname, "../../docs/sandbox.md"), "utf8");

  it("the scenario file example validates", async () => {
    const [json] = [...(await doc).matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    const scenario = parseSandboxScenario(JSON.parse(json ?? ""));
    expect(scenario.speed).toBe(3600);
    expect(scenario.platforms?.x?.outcomes).toEqual({ actioned: 0.3, rejected: 0.7 });
  });

  it("every curl example runs, in order, against a fresh sandbox", async (context) => {
    if (!(await available("curl")) || !(await available("openssl")) || !(await available("bash"))) {
      context.skip("curl, openssl or bash is not installed");
    }
    const blocks = [...(await doc).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    const sandbox = await startSandbox({ port: 0 });
    try {
      // Asynchronously: a synchronous child would block this process, which is the server.
      const { stdout } = await promisify(execFile)(
        "bash",
        ["-c", `set -euo pipefail\n${blocks.join("\necho\n")}`],
        {
          env: { ...process.env, SANDBOX: sandbox.url },
          encoding: "utf8",
        },
      );
      // What the page says each step gives.
      expect(stdout).toContain('"id":"186700000000001"');
      expect(stdout).toContain('{"id":"106000000000001"}');
      expect(stdout).toContain('{"id":"179000000000001"}');
      expect(stdout).toContain('"id":"wa-er-1"');
      expect(stdout).toContain('"legal_request_id":"7301000000000001"');
      expect(stdout).toContain('"report_id":71001');
      expect(stdout).toContain('"x": "2026-01-12T09:00:00.000Z"');
      expect(stdout).toContain('"decline_reason":"no violation found"');
      expect(stdout).toMatch(/^429$/m);
      expect(stdout).toContain("connection reset, as injected");
      // TikTok answers business errors with HTTP 200 and a five-digit code: none may appear.
      expect(stdout).not.toMatch(/"code":\s*[1-9]\d{4}/);
    } finally {
      await sandbox.close();
    }
  });
});

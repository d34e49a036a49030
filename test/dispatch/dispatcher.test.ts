import { requestState } from "referral-kit";
import {
  defineAdapter,
  PlatformServerError,
  RateLimitedError,
  RejectedByPlatformError,
  type SubmitReceipt,
} from "referral-kit/adapter";
import {
  createDispatcher,
  createMemoryStore,
  EnqueueRefusedError,
  type ProgressEvent,
  type RequestStore,
} from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { fakePlatform, virtualClock } from "./support/fake-adapter.js";
import { approvedRequest } from "./support/requests.js";

async function all(store: RequestStore) {
  const out = [];
  for await (const request of store.listRequests()) out.push(request);
  return out;
}

describe("enqueue", () => {
  it("refuses unapproved requests and safeguard failures, listing every one, storing nothing", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const dispatcher = createDispatcher({ adapters: [x.adapter], store });
    const requests = [
      approvedRequest("ok-1"),
      approvedRequest("draft-1", { draftOnly: true }),
      approvedRequest("nolaw-1", { noLegalBasis: true }),
      approvedRequest("tg-1", { platform: "telegram" }),
      approvedRequest("kind-1", { kind: "disclose-data" }),
    ];
    const error = await dispatcher.enqueue(requests).catch((e: unknown) => e);
    expect(EnqueueRefusedError.isInstance(error)).toBe(true);
    const refused = (error as EnqueueRefusedError).refused;
    expect(refused.map((r) => [r.requestId, r.index])).toEqual([
      ["draft-1", 1],
      ["nolaw-1", 2],
      ["tg-1", 3],
      ["kind-1", 4],
    ]);
    expect(refused[0]!.reasons.join()).toMatch(/"drafted", not "approved"/);
    expect(refused[1]!.violations.map((v) => v.rule)).toEqual(["legal_basis_required"]);
    expect(refused[2]!.reasons.join()).toMatch(/no adapter is configured for platform "telegram"/);
    expect(refused[3]!.reasons.join()).toMatch(/does not support requestKind "disclose-data"/);
    expect(await all(store)).toEqual([]);

    const partial = await dispatcher.enqueue(requests, { partial: true });
    expect(partial.enqueued).toEqual(["ok-1"]);
    expect(partial.refused).toHaveLength(4);
    // Enqueueing the same file again sends nothing twice.
    const again = await dispatcher.enqueue([approvedRequest("ok-1")]);
    expect(again).toEqual({ enqueued: [], existing: ["ok-1"], refused: [], duplicates: [] });
  });

  it("refuses a target type the adapter's targetTypesByKind rules out for the request's kind", async () => {
    const store = createMemoryStore();
    // remove-content of a whole account, as WhatsApp and Telegram declare it: content only.
    const x = fakePlatform({ capabilities: { targetTypesByKind: { "remove-content": ["content"] } } });
    const dispatcher = createDispatcher({ adapters: [x.adapter], store });
    const error = await dispatcher
      .enqueue([approvedRequest("remove-1", { kind: "remove-content" }), approvedRequest("suspend-1")])
      .catch((e: unknown) => e);
    expect(EnqueueRefusedError.isInstance(error)).toBe(true);
    const refused = (error as EnqueueRefusedError).refused;
    expect(refused.map((r) => r.requestId)).toEqual(["remove-1"]);
    // The adapter's own refusal (defineAdapter's capability check), word for word.
    expect(refused[0]!.reasons).toEqual([
      'x: "remove-content" takes content targets, not account targets; to take a whole account down, use suspend',
    ]);
    expect(await all(store)).toEqual([]);
    expect(x.calls).toEqual([]);
  });
});

describe("run", () => {
  it("sends every request once, in batches the adapter takes, and appends the submitted events", async () => {
    const clock = virtualClock();
    const store = createMemoryStore();
    const x = fakePlatform({ capabilities: { maxTargetsPerCall: 2 }, clock });
    const events: ProgressEvent[] = [];
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      clock,
      onProgress: (e) => events.push(e),
    });
    await dispatcher.enqueue([approvedRequest("a", { targets: 5 }), approvedRequest("b")]);
    const summary = await dispatcher.run();
    expect(summary).toMatchObject({ aborted: false, submitted: 4, failed: 0, remaining: 0 });
    expect(x.calls.map((c) => [c.key, c.targets.length])).toEqual([
      ["rk:a:b0", 2],
      ["rk:a:b1", 2],
      ["rk:a:b2", 1],
      ["rk:b:b0", 1],
    ]);
    expect([...x.perTarget.values()].every((count) => count === 1)).toBe(true);
    const a = (await store.getRequest("a"))!;
    expect(requestState(a).status).toBe("submitted");
    expect(a.events.at(-1)).toMatchObject({
      type: "submitted",
      channel: "x",
      idempotencyKey: "rk:a:b0",
      platformRef: "x-ref-1",
      by: { id: "referral-kit.dispatch" },
    });
    expect(a.events.at(-1)!.note).toMatch(/3 calls/);
    const types = new Set(events.map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(["queued", "started", "submitted", "drained"]));
    const last = events.filter((e) => e.type === "drained").at(-1)!;
    expect(last.progress).toMatchObject({ platform: "x", total: 4, submitted: 4, failed: 0, inFlight: 0 });
  });

  it("lets many adapter calls listen to its signal at once without Node's listener warning, and still stops on the caller's abort", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      // Each fake call listens to the signal it is given while it sleeps: 3 platforms x 6 in flight.
      const platforms = (["x", "telegram", "tiktok"] as const).map((platform) =>
        fakePlatform({ platform, latencyMs: 30 }),
      );
      const dispatcher = createDispatcher({
        adapters: platforms.map((p) => p.adapter),
        store: createMemoryStore(),
        limits: { default: { concurrency: 6 } },
      });
      await dispatcher.enqueue(
        Array.from({ length: 60 }, (_, i) =>
          approvedRequest(`r${i}`, { platform: ["x", "telegram", "tiktok"][i % 3] }),
        ),
      );
      const caller = new AbortController();
      const running = dispatcher.run({ signal: caller.signal });
      setTimeout(() => caller.abort(), 40);
      const summary = await running;
      expect(summary.aborted).toBe(true);
      expect(summary.remaining).toBeGreaterThan(0);
      expect(Math.max(...platforms.map((p) => p.maxInFlight))).toBe(6);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      // The rest goes out on the next run.
      expect((await dispatcher.run()).remaining).toBe(0);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("keeps to the declared rate limit and the concurrency limit", async () => {
    const clock = virtualClock();
    const store = createMemoryStore();
    const x = fakePlatform({
      clock,
      latencyMs: 50,
      capabilities: { rateLimits: [{ operation: "submit", limit: 3, windowMs: 1000 }] },
    });
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      clock,
      limits: { x: { concurrency: 2 } },
    });
    await dispatcher.enqueue(Array.from({ length: 12 }, (_, i) => approvedRequest(`r${i}`)));
    await dispatcher.run();
    expect(x.calls).toHaveLength(12);
    expect(x.maxInFlight).toBeLessThanOrEqual(2);
    const times = x.calls.map((c) => c.at);
    for (let i = 3; i < times.length; i += 1) {
      expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(1000);
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3000);
  });

  it("rides out a 429 storm with Retry-After on one platform and 503s on another while the rest proceed", async () => {
    const clock = virtualClock();
    const t0 = clock.now();
    const store = createMemoryStore();
    const HOUR = 3_600_000;
    // x: every call 429 with Retry-After of an hour during the first hour.
    const x = fakePlatform({
      platform: "x",
      clock,
      failBefore: () =>
        clock.now() < t0 + HOUR
          ? new RateLimitedError({ platform: "x", status: 429, retryAfterMs: HOUR })
          : undefined,
    });
    // telegram: 503 for the first 12 calls.
    const telegram = fakePlatform({
      platform: "telegram",
      clock,
      failBefore: (n) =>
        n < 12 ? new PlatformServerError({ platform: "telegram", status: 503 }) : undefined,
    });
    const facebook = fakePlatform({ platform: "facebook", clock, latencyMs: 10 });
    const events: ProgressEvent[] = [];
    const dispatcher = createDispatcher({
      adapters: [x.adapter, telegram.adapter, facebook.adapter],
      store,
      clock,
      retry: { maxAttempts: 20, baseMs: 1000, maxMs: 60_000 },
      limits: { default: { breaker: { failureThreshold: 3, cooldownMs: 30_000 } } },
      onProgress: (e) => events.push(e),
    });
    const requests = ["x", "telegram", "facebook"].flatMap((platform) =>
      Array.from({ length: 20 }, (_, i) => approvedRequest(`${platform}-${i}`, { platform })),
    );
    await dispatcher.enqueue(requests);
    const summary = await dispatcher.run();
    expect(summary).toMatchObject({ aborted: false, submitted: 60, failed: 0, remaining: 0 });
    for (const platform of [x, telegram, facebook]) {
      expect(platform.created.size).toBe(20);
      expect([...platform.perTarget.values()].every((count) => count === 1)).toBe(true);
    }
    // facebook finished long before x's hour was up.
    const facebookDone = Math.max(...facebook.calls.map((c) => c.at));
    expect(facebookDone - t0).toBeLessThan(60_000);
    // x paused for the Retry-After, and did not hammer the platform: a handful of calls during the storm.
    const stormCalls = x.calls.filter((c) => c.at < t0 + HOUR);
    expect(stormCalls.length).toBeLessThanOrEqual(4);
    expect(events.some((e) => e.type === "paused" && e.platform === "x" && e.reason === "rate_limited")).toBe(
      true,
    );
    // telegram's breaker opened after 3 consecutive 503s.
    expect(
      events.some((e) => e.type === "paused" && e.platform === "telegram" && e.reason === "circuit_open"),
    ).toBe(true);
    expect(events.filter((e) => e.type === "retrying" && e.platform === "telegram").length).toBe(12);
    // The 429s did not count as attempts.
    const job = (await store.listJobs({ requestId: "x-0" }))[0]!;
    expect(job.state).toBe("submitted");
  });

  it("fails a request the platform refuses, and sends it again under a new key only when asked", async () => {
    const clock = virtualClock();
    const store = createMemoryStore();
    const x = fakePlatform({
      clock,
      failBefore: (n) =>
        n === 0
          ? new RejectedByPlatformError({ platform: "x", status: 422, platformMessage: "bad evidence" })
          : undefined,
    });
    const events: ProgressEvent[] = [];
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      clock,
      onProgress: (e) => events.push(e),
    });
    await dispatcher.enqueue([approvedRequest("a")]);
    const first = await dispatcher.run();
    expect(first).toMatchObject({ submitted: 0, failed: 1, remaining: 0 });
    expect(events.find((e) => e.type === "failed")).toMatchObject({
      code: "rejected_by_platform",
      requestId: "a",
    });
    expect(requestState((await store.getRequest("a"))!).status).toBe("approved");
    expect(await dispatcher.retryFailed({ requestIds: ["a"] })).toBe(1);
    const second = await dispatcher.run();
    expect(second).toMatchObject({ submitted: 1, failed: 0 });
    expect(x.calls.map((c) => c.key)).toEqual(["rk:a:b0", "rk:a:b0:g1"]);
  });

  it("gives up on a retryable failure after maxAttempts", async () => {
    const clock = virtualClock();
    const store = createMemoryStore();
    const x = fakePlatform({
      clock,
      failBefore: () => new PlatformServerError({ platform: "x", status: 500 }),
    });
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      clock,
      retry: { maxAttempts: 3 },
      limits: { x: { breaker: { failureThreshold: 100 } } },
    });
    await dispatcher.enqueue([approvedRequest("a")]);
    expect(await dispatcher.run()).toMatchObject({ failed: 1, remaining: 0 });
    expect(x.calls).toHaveLength(3);
    expect((await store.listJobs())[0]!.lastError).toMatchObject({ code: "platform_error", retryable: true });
  });

  it("records a request whose every target was refused at intake as rejected", async () => {
    const store = createMemoryStore();
    const x = fakePlatform({
      targetStatus: (key) => ({ key, status: "rejected", reason: "account does not exist" }),
    });
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock: virtualClock() });
    await dispatcher.enqueue([approvedRequest("a", { targets: 2 })]);
    await dispatcher.run();
    const request = (await store.getRequest("a"))!;
    expect(request.events.map((e) => e.type)).toEqual(["drafted", "approved", "submitted", "rejected"]);
    expect(request.events.at(-1)).toMatchObject({ reason: "rejected at intake: account does not exist" });
  });

  it("stops when aborted, then resumes with the same keys and sends nothing twice", async () => {
    const store = createMemoryStore();
    const x = fakePlatform({ latencyMs: 5 });
    const controller = new AbortController();
    let submitted = 0;
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      limits: { x: { concurrency: 3 } },
      onProgress: (e) => {
        if (e.type === "submitted" && ++submitted === 7) controller.abort();
      },
    });
    await dispatcher.enqueue(Array.from({ length: 30 }, (_, i) => approvedRequest(`r${i}`)));
    const first = await dispatcher.run({ signal: controller.signal });
    expect(first.aborted).toBe(true);
    expect(first.remaining).toBeGreaterThan(0);
    expect(first.submitted).toBeGreaterThanOrEqual(7);
    const resumed = await createDispatcher({ adapters: [x.adapter], store }).run();
    expect(resumed.aborted).toBe(false);
    expect(first.submitted + resumed.submitted).toBe(30);
    expect(x.created.size).toBe(30);
    expect([...x.perTarget.values()].every((count) => count === 1)).toBe(true);
    // Calls cut off by the abort were repeated with the same key, never a new one.
    expect(new Set(x.calls.map((c) => c.key)).size).toBe(30);
    const attempts = await store.listAttempts("r0");
    expect(attempts.every((a) => a.idempotencyKey === "rk:r0:b0")).toBe(true);
  });
});

describe("sync", () => {
  it("polls open requests and appends only what is new", async () => {
    const clock = virtualClock();
    const store = createMemoryStore();
    const x = fakePlatform({ clock, capabilities: { maxTargetsPerCall: 1 } });
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock });
    await dispatcher.enqueue([approvedRequest("a"), approvedRequest("b", { targets: 2 })]);
    await dispatcher.run();
    expect(await dispatcher.sync()).toMatchObject({ polled: 2, appended: 0, errors: [] });

    clock.advance(60_000);
    const at = new Date(clock.now()).toISOString();
    x.statuses.set("x-ref-1", { outcome: "acknowledged", at, platformState: "IN_REVIEW" });
    x.statuses.set("x-ref-2", { outcome: "actioned", at, platformState: "DONE" });
    x.statuses.set("x-ref-3", {
      outcome: "rejected",
      at,
      platformState: "NO_VIOLATION",
      reason: "no violation",
    });
    expect(await dispatcher.sync()).toMatchObject({ polled: 2, appended: 2 });
    expect(await dispatcher.sync()).toMatchObject({ polled: 2, appended: 0 });
    x.statuses.set("x-ref-1", { outcome: "actioned", at, platformState: "DONE" });
    expect(await dispatcher.sync()).toMatchObject({ polled: 2, appended: 1 });
    expect(await dispatcher.sync()).toMatchObject({ polled: 1, appended: 0 });

    const a = (await store.getRequest("a"))!;
    expect(a.events.map((e) => e.type)).toEqual([
      "drafted",
      "approved",
      "submitted",
      "acknowledged",
      "actioned",
    ]);
    const b = (await store.getRequest("b"))!;
    expect(b.events.at(-1)).toMatchObject({ type: "partially-actioned", targets: ["x:b-t0"] });
    expect(requestState(b).outcome).toBe("partially-actioned");
  });

  it("reports status errors per request without stopping the others", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock: virtualClock() });
    await dispatcher.enqueue([approvedRequest("a"), approvedRequest("b")]);
    await dispatcher.run();
    x.statuses.set("x-ref-2", { outcome: "actioned", at: "2030-01-01T00:00:00Z", platformState: "DONE" });
    const original = x.adapter.getStatus;
    const broken = {
      ...x.adapter,
      getStatus: (input: Parameters<typeof original>[0], options?: Parameters<typeof original>[1]) =>
        input.platformRef === "x-ref-1"
          ? Promise.reject(new PlatformServerError({ platform: "x", status: 502 }))
          : original(input, options),
    };
    const summary = await createDispatcher({ adapters: [broken], store, clock: virtualClock() }).sync();
    expect(summary.appended).toBe(1);
    expect(summary.errors).toEqual([expect.objectContaining({ requestId: "a", code: "platform_error" })]);
  });

  it("accepts webhook updates through the adapter", async () => {
    const store = createMemoryStore();
    const x = fakePlatform({
      webhook: async (request) => {
        const body = (await request.json()) as { ref: string };
        return {
          updates: [
            { platformRef: body.ref, outcome: "actioned", at: "2030-01-01T00:00:00Z", platformState: "DONE" },
          ],
        };
      },
    });
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock: virtualClock() });
    await dispatcher.enqueue([approvedRequest("a")]);
    await dispatcher.run();
    const result = await dispatcher.acceptWebhook(
      "x",
      new Request("https://hooks.example/x", { method: "POST", body: JSON.stringify({ ref: "x-ref-1" }) }),
    );
    expect(result.appended).toBe(1);
    expect(requestState((await store.getRequest("a"))!).status).toBe("actioned");
  });
});

describe("receipts", () => {
  it("stores what an adapter returns as plain JSON: dates as strings, undefined fields dropped, plain ones as given", async () => {
    class Receipt {
      constructor(
        readonly platformRef: string,
        readonly acceptedAt: string,
      ) {}
      readonly targets = [];
    }
    let call = 0;
    const adapter = defineAdapter({
      platform: "x",
      capabilities: {
        requestKinds: ["suspend"],
        targetTypes: ["account"],
        statusPolling: false,
        webhooks: false,
        withdrawal: false,
        maxTargetsPerCall: 10,
        rateLimits: [],
      },
      async submit() {
        call += 1;
        if (call === 1) return new Receipt("ref-1", "2026-01-01T00:00:00Z");
        if (call === 2) {
          return {
            platformRef: "ref-2",
            acceptedAt: "2026-01-01T00:00:00Z",
            targets: [],
            raw: { at: new Date(0), missing: undefined, n: 1 },
          } as unknown as SubmitReceipt;
        }
        return {
          platformRef: "ref-3",
          acceptedAt: "2026-01-01T00:00:00Z",
          targets: [],
          raw: { n: [1, "a", null] },
        };
      },
      async getStatus({ platformRef }) {
        return { platformRef, at: "2026-01-01T00:00:00Z", platformState: "open", outcome: "pending" };
      },
    });
    const store = createMemoryStore();
    const dispatcher = createDispatcher({ adapters: [adapter], store, limits: { x: { concurrency: 1 } } });
    await dispatcher.enqueue([approvedRequest("r1"), approvedRequest("r2"), approvedRequest("r3")]);
    await dispatcher.run();
    const receipts = (await store.listJobs()).map((job) => job.receipt);
    expect(receipts).toEqual([
      { platformRef: "ref-1", acceptedAt: "2026-01-01T00:00:00Z", targets: [] },
      {
        platformRef: "ref-2",
        acceptedAt: "2026-01-01T00:00:00Z",
        targets: [],
        raw: { at: "1970-01-01T00:00:00.000Z", n: 1 },
      },
      { platformRef: "ref-3", acceptedAt: "2026-01-01T00:00:00Z", targets: [], raw: { n: [1, "a", null] } },
    ]);
    expect(Object.getPrototypeOf(receipts[0])).toBe(Object.prototype);
    expect(Object.keys(receipts[1]!.raw as object)).toEqual(["at", "n"]);
  });
});

describe("several workers on one queue", () => {
  it("counts in each run summary the sends of that worker only", async () => {
    const store = createMemoryStore();
    const x = fakePlatform({ latencyMs: 2 });
    const workers = ["worker-a", "worker-b"].map((workerId) =>
      createDispatcher({ adapters: [x.adapter], store, workerId, limits: { default: { concurrency: 2 } } }),
    );
    await workers[0]!.enqueue(Array.from({ length: 200 }, (_, i) => approvedRequest(`shared-${i}`)));
    const [a, b] = await Promise.all(workers.map((worker) => worker.run()));
    const attempts = new Map<string, number>();
    for (let i = 0; i < 200; i += 1) {
      for (const attempt of await store.listAttempts(`shared-${i}`)) {
        attempts.set(attempt.workerId, (attempts.get(attempt.workerId) ?? 0) + 1);
      }
    }
    expect(x.created.size).toBe(200);
    expect(a!.submitted + b!.submitted).toBe(200);
    expect(a!.submitted).toBe(attempts.get("worker-a"));
    expect(b!.submitted).toBe(attempts.get("worker-b"));
    expect(a!.submitted).toBeGreaterThan(0);
    expect(b!.submitted).toBeGreaterThan(0);
  });
});

describe("a store that falls behind", () => {
  /** The memory store with every settle taking 40 ms (a slow disk, a starved thread). */
  const slowStore = () => {
    const store = createMemoryStore();
    const counter = { settled: 0 };
    const slow = new Proxy(store, {
      get(target, key) {
        if (key === "settle") {
          return async (...args: Parameters<RequestStore["settle"]>) => {
            await new Promise((resolve) => setTimeout(resolve, 40));
            const result = await target.settle(...args);
            counter.settled += args[0].length;
            return result;
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { store: slow, counter };
  };

  /** Sends `count` requests over a slow store; returns the most calls ever made ahead of what was written. */
  const mostAheadOf = async (count: number, options: { outcomes?: "durable" | "batched" }) => {
    const { store, counter } = slowStore();
    let mostAhead = 0;
    const x = fakePlatform({
      failBefore: (n) => {
        mostAhead = Math.max(mostAhead, n - counter.settled);
        return undefined;
      },
    });
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store,
      limits: { default: { concurrency: 4, rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }] } },
      ...options,
    });
    await dispatcher.enqueue(Array.from({ length: count }, (_, i) => approvedRequest(`slow-${i}`)));
    const summary = await dispatcher.run();
    expect(summary.submitted).toBe(count);
    expect(x.created.size).toBe(count);
    return mostAhead;
  };

  it("starts no call while an earlier outcome is unwritten, so a crash repeats only the calls in flight", async () => {
    const mostAhead = await mostAheadOf(300, {});
    // The call being started counts itself: at most the concurrency (4) are out ahead of the store.
    expect(mostAhead).toBeGreaterThan(0);
    expect(mostAhead).toBeLessThanOrEqual(4);
  }, 60_000);

  it("in the batched (throughput) mode, stops sending while too many outcomes wait to be written", async () => {
    const mostAhead = await mostAheadOf(1500, { outcomes: "batched" });
    // At most the backlog limit (256) waiting, one settle of about as many on its way, and the calls in flight.
    expect(mostAhead).toBeGreaterThan(4);
    expect(mostAhead).toBeLessThanOrEqual(2 * 256 + 4);
  }, 60_000);
});

describe("claims", () => {
  it("stops claiming ahead once the queue is drained: no store claim per call while the last jobs are sent", async () => {
    const store = createMemoryStore();
    const claims = { empty: 0, all: 0 };
    const counted = new Proxy(store, {
      get(target, key) {
        if (key === "claim") {
          return async (...args: Parameters<RequestStore["claim"]>) => {
            const jobs = await target.claim(...args);
            claims.all += 1;
            if (jobs.length === 0) claims.empty += 1;
            return jobs;
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const x = fakePlatform({ latencyMs: 2 });
    const dispatcher = createDispatcher({
      adapters: [x.adapter],
      store: counted,
      limits: { default: { concurrency: 4, rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }] } },
    });
    await dispatcher.enqueue(Array.from({ length: 600 }, (_, i) => approvedRequest(`drain-${i}`)));
    const summary = await dispatcher.run();
    expect(summary.submitted).toBe(600);
    // The prefetch holds up to 128 jobs (32 per slot) once the queue runs dry. A claim found empty then
    // says so for the rest of them; asking again can only help as each of the last calls ends (a retry
    // due, a job another worker gave back): at most one empty claim per slot, and one for the run's end.
    expect(claims.empty).toBeLessThanOrEqual(4 + 1);
  }, 30_000);
});

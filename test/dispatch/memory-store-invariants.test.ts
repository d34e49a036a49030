import type { ReferralRequest } from "referral-kit";
import { createMemoryStore, type RequestStore, type WhenRequestSubmitted } from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { approvedRequest, keysOf } from "./support/requests.js";

// What the shared store suite does not check: that no object going in or coming out is shared with the
// memory store's state, and the claim order as jobs leave and re-enter the queue by every path.

const T0 = Date.parse("2026-01-01T00:00:00Z");
const LEASE = 60_000;

const entry = (request: ReferralRequest) => ({ request, batches: [keysOf(request)] });
const submitted: WhenRequestSubmitted = (_request, jobs) => [
  { type: "submitted", at: "2026-01-01T00:00:02Z", channel: jobs[0]!.platform },
];
const claimIds = async (store: RequestStore, now: number, limit = 10, workerId = "w") =>
  (await store.claim({ platform: "x", limit, workerId, leaseMs: LEASE, now })).map((j) => j.requestId);
const ref = (requestId: string, workerId = "w", generation = 0) => ({
  requestId,
  batch: 0,
  idempotencyKey: generation === 0 ? `rk:${requestId}:b0` : `rk:${requestId}:b0:g${generation}`,
  workerId,
});

describe("memory store: no shared objects", () => {
  it("keeps what it stores apart from what callers pass in and get back", async () => {
    const store = createMemoryStore();
    const request = approvedRequest("req-a");
    const batches = [keysOf(request)];
    await store.saveRequests([{ request, batches }], T0);
    (request.targets[0]!.evidence[0] as { url: string }).url = "https://changed.example.org/";
    request.events.push({ type: "submitted", at: "2026-01-01T00:00:00Z" });
    batches[0]!.push("x:intruder");

    const read = (await store.getRequest("req-a"))!;
    expect(read).toEqual(approvedRequest("req-a"));
    read.events.length = 0;
    (read.issuingAuthority as { name: string }).name = "changed";
    for await (const listed of store.listRequests()) listed.events.length = 0;
    const appended = await store.appendEvents("req-a", []);
    appended.targets.length = 0;
    expect(await store.getRequest("req-a")).toEqual(approvedRequest("req-a"));

    const [claimed] = await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
    expect(claimed!.targetKeys).toEqual(["x:req-a-t0"]);
    (claimed!.targetKeys as string[]).push("x:other");
    (claimed!.request.issuingAuthority as { name: string }).name = "changed";

    const receipt = {
      platformRef: "p1",
      acceptedAt: "2026-01-01T00:00:01Z",
      targets: [],
      raw: { nested: { ok: true }, list: [1, 2], at: new Date(T0), missing: undefined },
    };
    const build: WhenRequestSubmitted = (current, jobs) => {
      current.events.length = 0;
      (jobs[0]!.targetKeys as string[]).length = 0;
      (jobs[0] as { state: string }).state = "failed";
      return submitted(current, jobs);
    };
    const [result] = await store.settle([{ kind: "submitted", ...ref("req-a"), receipt }], build, T0 + 1);
    expect(result!.appended.map((e) => e.type)).toEqual(["submitted"]);
    (result!.appended[0] as { at: string }).at = "2030-01-01T00:00:00Z";
    receipt.raw.nested.ok = false;
    receipt.raw.list.push(3);
    receipt.raw.at.setTime(0);

    const expectedRaw = { nested: { ok: true }, list: [1, 2], at: new Date(T0), missing: undefined };
    const [job] = await store.listJobs({ requestId: "req-a" });
    expect(job!.targetKeys).toEqual(["x:req-a-t0"]);
    expect(job!.state).toBe("submitted");
    expect(job!.receipt!.raw).toStrictEqual(expectedRaw);
    (job!.receipt!.raw as { nested: { ok: boolean } }).nested.ok = false;
    const found = (await store.findJobByPlatformRef("x", "p1"))!;
    expect(found.receipt!.raw).toStrictEqual(expectedRaw);
    (found.targetKeys as string[]).length = 0;
    expect((await store.listJobs())[0]!.receipt).toStrictEqual({ ...receipt, raw: expectedRaw });

    const history = (await store.getRequest("req-a"))!.events;
    expect(history.map((e) => [e.type, e.at])).toEqual([
      ["drafted", "2025-03-01T09:00:00Z"],
      ["approved", "2025-03-01T09:30:00Z"],
      ["submitted", "2026-01-01T00:00:02Z"],
    ]);
  });

  it("keeps an attempt's error apart from the outcome it came from and from what it returns", async () => {
    const store = createMemoryStore();
    await store.saveRequests([entry(approvedRequest("req-a"))], T0);
    await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
    const error = { code: "timeout", message: "slow", retryable: true };
    await store.settle([{ kind: "failed", ...ref("req-a"), error, retryAt: T0 + 10 }], submitted, T0 + 1);
    error.code = "changed";
    const [attempt] = await store.listAttempts("req-a");
    expect(attempt!.error).toEqual({ code: "timeout", message: "slow", retryable: true });
    (attempt!.error as { code: string }).code = "changed";
    (attempt as { outcome: string }).outcome = "submitted";
    const [job] = await store.listJobs();
    (job!.lastError as { code: string }).code = "changed";
    expect((await store.listAttempts("req-a"))[0]).toMatchObject({
      outcome: "failed",
      error: { code: "timeout" },
    });
    expect((await store.listJobs())[0]!.lastError).toEqual({
      code: "timeout",
      message: "slow",
      retryable: true,
    });
  });
});

describe("memory store: claim order as jobs come and go", () => {
  it("puts released, retried, expired and requeued jobs back in their place: emergencies, then stored order", async () => {
    const store = createMemoryStore();
    const ids = ["r1", "r2", "r3", "r4", "r5"];
    await store.saveRequests(
      [
        ...ids.map((id) => entry(approvedRequest(id))),
        entry(approvedRequest("e1", { priority: "emergency" })),
      ],
      T0,
    );
    expect(await claimIds(store, T0 - 1)).toEqual([]); // stored at T0: not claimable before
    expect(await claimIds(store, T0, 3)).toEqual(["e1", "r1", "r2"]);
    // e1 released, r1 to retry at T0 + 100, r2 fails for good; then r3 and r4 are taken.
    await store.settle(
      [
        { kind: "released", ...ref("e1") },
        {
          kind: "failed",
          ...ref("r1"),
          error: { code: "x", message: "x", retryable: true },
          retryAt: T0 + 100,
        },
        { kind: "failed", ...ref("r2"), error: { code: "x", message: "x", retryable: false } },
      ],
      submitted,
      T0 + 1,
    );
    expect(await claimIds(store, T0 + 2, 3)).toEqual(["e1", "r3", "r4"]);
    expect(await claimIds(store, T0 + 100, 1)).toEqual(["r1"]);
    // Time going back: r5 is claimable from T0, r1's retry is leased now; nothing else is free.
    expect(await claimIds(store, T0 + 50)).toEqual(["r5"]);
    expect(await store.requeueFailed({ now: T0 + 200 })).toBe(1);
    expect(await claimIds(store, T0 + 199)).toEqual([]);
    expect(await claimIds(store, T0 + 200)).toEqual(["r2"]);
    // Every lease (the claims at T0 + 2 and later) runs out; a renewed one (r4) holds.
    expect(
      await store.renew({
        jobs: [{ requestId: "r4", batch: 0 }],
        workerId: "w",
        leaseMs: LEASE * 2,
        now: T0 + 10,
      }),
    ).toEqual([{ requestId: "r4", batch: 0 }]);
    expect(await claimIds(store, T0 + 200 + LEASE, 10, "w2")).toEqual(["e1", "r1", "r2", "r3", "r5"]);
    expect(await claimIds(store, T0 + 10 + 2 * LEASE, 10, "w3")).toEqual(["r4"]);
    const r2 = await store.listJobs({ requestId: "r2" });
    expect(r2.map((j) => [j.idempotencyKey, j.generation, j.attempts, j.leaseOwner])).toEqual([
      ["rk:r2:b0:g1", 1, 2, "w2"],
    ]);
    await store.settle(
      [
        {
          kind: "submitted",
          ...ref("r2", "w2", 1),
          receipt: { platformRef: "p", acceptedAt: "2026-01-01T00:00:01Z", targets: [] },
        },
      ],
      submitted,
      T0,
    );
    expect(await store.counts("x", T0 + 10 + 2 * LEASE)).toEqual({
      queued: 5,
      leased: 5,
      submitted: 1,
      failed: 0,
      cancelled: 0,
      nextClaimableAt: T0 + 200 + 2 * LEASE,
    });
  });

  it("claims 10,000 jobs in claim order and finds one by its receipt", async () => {
    const store = createMemoryStore();
    const n = 10_000;
    const request = approvedRequest("req-template");
    const entries = Array.from({ length: n }, (_, i) => {
      const id = `req-${i}`;
      return {
        request: { ...request, id, priority: i % 97 === 0 ? "emergency" : "standard" },
        batches: [[`x:${id}`]],
      } as const;
    });
    for (let i = 0; i < n; i += 500) await store.saveRequests(entries.slice(i, i + 500), T0);
    const order: string[] = [];
    for (let now = T0; ; now += 1) {
      const jobs = await store.claim({ platform: "x", limit: 32, workerId: "w", leaseMs: LEASE, now });
      if (jobs.length === 0) break;
      order.push(...jobs.map((j) => j.requestId));
      await store.settle(
        jobs.map((j) => ({
          kind: "submitted" as const,
          requestId: j.requestId,
          batch: j.batch,
          idempotencyKey: j.idempotencyKey,
          workerId: "w",
          receipt: { platformRef: `p-${j.requestId}`, acceptedAt: "2026-01-01T00:00:01Z", targets: [] },
        })),
        submitted,
        now,
      );
    }
    const index = (id: string) => Number(id.slice(4));
    const expected = [...entries.keys()].sort((a, b) => Number(b % 97 === 0) - Number(a % 97 === 0) || a - b);
    expect(order.map(index)).toEqual(expected);
    expect((await store.findJobByPlatformRef("x", "p-req-4242"))!.requestId).toBe("req-4242");
  });
});

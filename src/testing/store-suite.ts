/**
 * The request store suite: one set of scenarios every `RequestStore` implementation must pass (the
 * memory, embedded and PostgreSQL stores run it, and so can a third party's). Runner-neutral: the
 * runner's `describe`/`it`/hooks are passed in and assertions use `node:assert`, so it runs under vitest,
 * jest or `node:test`.
 */
import assert from "node:assert/strict";
import { StoreError } from "../dispatch/errors.js";
import type {
  DispatchJob,
  RequestStore,
  StoredReceipt,
  WhenRequestSubmitted,
} from "../dispatch/store/port.js";
import { IllegalTransitionError, ValidationError } from "../domain/errors.js";
import { ReferralRequest } from "../domain/schemas/request.js";
import type { TestRunner } from "./runner.js";

const HASH = `sha256:${"ab".repeat(32)}`;

/** An approved request with `targets` accounts named `<id>-t<n>` on `platform` (x by default). */
function approvedRequest(
  id: string,
  options: { platform?: string; targets?: number; priority?: "emergency" | "standard" } = {},
): ReferralRequest {
  const platform = options.platform ?? "x";
  return ReferralRequest.parse({
    id,
    kind: "suspend",
    platform,
    targets: Array.from({ length: options.targets ?? 1 }, (_, n) => ({
      target: { type: "account", account: { kind: "username", platform, username: `${id}-t${n}` } },
      evidence: [
        { url: "https://evidence.example.org/1", capturedAt: "2025-03-01T08:00:00Z", contentHash: HASH },
      ],
    })),
    legalBasis: { instrument: "Fictional Act 2020", section: "s. 1" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Unit", country: "PK" },
    priority: options.priority ?? "standard",
    deadline: "2025-03-03T10:00:00Z",
    events: [
      { type: "drafted", at: "2025-03-01T09:00:00Z", by: { id: "analyst-1" } },
      { type: "approved", at: "2025-03-01T09:30:00Z", by: { id: "supervisor-1" } },
    ],
  });
}

/** The target keys of a request made by {@link approvedRequest}. */
function keysOf(request: ReferralRequest): string[] {
  return request.targets.map((t) =>
    t.target.type === "account" && t.target.account.kind === "username"
      ? `${t.target.account.platform}:${t.target.account.username.toLowerCase()}`
      : "unexpected",
  );
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
const LEASE = 60_000;

const receipt = (ref: string): StoredReceipt => ({
  platformRef: ref,
  acceptedAt: "2026-01-01T00:00:01Z",
  targets: [],
  raw: { id: ref, nested: { ok: true } },
});

const submittedEvent: WhenRequestSubmitted = (_request, jobs) => [
  {
    type: "submitted",
    at: "2026-01-01T00:00:02Z",
    channel: jobs[0]!.platform,
    idempotencyKey: jobs[0]!.idempotencyKey,
    platformRef: jobs[0]!.receipt!.platformRef,
  },
];

const entry = (request: ReferralRequest, perBatch = 50) => {
  const keys = keysOf(request);
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += perBatch) batches.push(keys.slice(i, i + perBatch));
  return { request, batches };
};

async function collect(iterable: AsyncIterable<ReferralRequest>): Promise<ReferralRequest[]> {
  const out: ReferralRequest[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** What a case of the suite gets: a fresh store (a case that reopens it puts the new one back here). */
interface StoreCaseContext {
  store: RequestStore;
  /** Opens another fresh store. */
  open(): Promise<RequestStore>;
  /** Closes the store and opens the same data again (durable stores only). */
  reopen(store: RequestStore): Promise<RequestStore>;
}

/** One rule of the `RequestStore` port, as a test. */
interface StoreCase {
  readonly name: string;
  /** Runs only for a durable store (one the suite can reopen). */
  readonly durable?: boolean;
  run(t: StoreCaseContext): Promise<void>;
}

/** The cases of the suite, one per rule of the port. */
const STORE_CASES: readonly StoreCase[] = [
  {
    name: "stores requests with their job plans and reads them back in order",
    async run({ store }) {
      const a = approvedRequest("req-a", { targets: 3 });
      const b = approvedRequest("req-b", { platform: "telegram" });
      const result = await store.saveRequests([entry(a, 2), entry(b)], T0);
      assert.deepEqual(result, { inserted: ["req-a", "req-b"], existing: [] });
      assert.deepEqual(await store.getRequest("req-a"), a);
      assert.equal(await store.getRequest("nope"), undefined);
      assert.deepEqual(
        (await collect(store.listRequests())).map((r) => r.id),
        ["req-a", "req-b"],
      );
      assert.deepEqual(
        (await collect(store.listRequests({ platform: "telegram" }))).map((r) => r.id),
        ["req-b"],
      );
      assert.deepEqual(
        (await collect(store.listRequests({ ids: ["req-b"], status: ["approved"] }))).map((r) => r.id),
        ["req-b"],
      );
      assert.deepEqual(await collect(store.listRequests({ status: ["submitted"] })), []);
      const jobs = await store.listJobs({ requestId: "req-a" });
      assert.deepEqual(
        jobs.map((j) => [j.batch, j.targetKeys, j.state, j.idempotencyKey, j.generation]),
        [
          [0, ["x:req-a-t0", "x:req-a-t1"], "queued", "rk:req-a:b0", 0],
          [1, ["x:req-a-t2"], "queued", "rk:req-a:b1", 0],
        ],
      );
      assert.deepEqual(await store.platforms(), ["telegram", "x"]);
    },
  },
  {
    name: "leaves an already stored request as it is, and refuses different content under the same id",
    async run({ store }) {
      const a = approvedRequest("req-a");
      await store.saveRequests([entry(a)], T0);
      assert.deepEqual(await store.saveRequests([entry(a)], T0), { inserted: [], existing: ["req-a"] });
      const changed = { ...a, note: "changed" };
      await assert.rejects(
        store.saveRequests([entry(approvedRequest("req-new")), entry(changed)], T0),
        (error: unknown) => StoreError.isInstance(error) && error.code === "request_conflict",
      );
      assert.equal(await store.getRequest("req-new"), undefined, "a refused call stores nothing");
      assert.equal((await store.listJobs()).length, 1);
    },
  },
  {
    name: "stores each request once when several callers save the same requests at once",
    async run({ store }) {
      const requests = Array.from({ length: 40 }, (_, i) => approvedRequest(`req-${i}`, { targets: 2 }));
      const entries = requests.map((request) => entry(request, 1));
      // Interleaved and overlapping: on a shared database the saves run on separate connections.
      const results = await Promise.all([
        store.saveRequests(entries, T0),
        store.saveRequests([...entries].reverse(), T0),
        store.saveRequests(entries.slice(10, 30), T0),
      ]);
      const inserted = results.flatMap((result) => result.inserted).sort();
      assert.deepEqual(inserted, requests.map((r) => r.id).sort(), "each request inserted exactly once");
      for (const result of results) {
        assert.equal(
          result.inserted.length + result.existing.length,
          new Set(result.inserted).size + new Set(result.existing).size,
        );
      }
      assert.equal(results[0]!.inserted.length + results[0]!.existing.length, 40);
      assert.equal((await store.listJobs()).length, 80);
      assert.deepEqual(await store.getRequest("req-7"), requests[7]);
    },
  },
  {
    name: "refuses invalid requests and illegal histories, storing nothing",
    async run({ store }) {
      const bad = { ...approvedRequest("req-bad"), targets: [] } as unknown as ReferralRequest;
      await assert.rejects(
        store.saveRequests([entry(approvedRequest("req-ok")), { request: bad, batches: [["x:a"]] }], T0),
        (e: unknown) => ValidationError.isInstance(e),
      );
      const illegal = approvedRequest("req-illegal");
      const reversed = { ...illegal, events: [...illegal.events].reverse() };
      await assert.rejects(store.saveRequests([entry(reversed)], T0), (e: unknown) =>
        IllegalTransitionError.isInstance(e),
      );
      assert.deepEqual(await collect(store.listRequests()), []);
    },
  },
  {
    name: "appends events only when the whole history stays legal",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a"))], T0);
      await assert.rejects(
        store.appendEvents("req-a", [{ type: "actioned", at: "2026-01-01T00:00:00Z" }]),
        (e: unknown) => IllegalTransitionError.isInstance(e),
      );
      const after = await store.appendEvents("req-a", [
        { type: "submitted", at: "2026-01-01T00:00:00Z", channel: "x" },
        { type: "acknowledged", at: "2026-01-01T00:01:00Z", platformRef: "p1" },
      ]);
      assert.deepEqual(
        after.events.map((e) => e.type),
        ["drafted", "approved", "submitted", "acknowledged"],
      );
      await assert.rejects(
        store.appendEvents("req-a", [{ type: "acknowledged", at: "2026-01-01T00:02:00Z" }]),
        (e: unknown) => IllegalTransitionError.isInstance(e),
        "a repeated acknowledgement is an illegal transition",
      );
      await assert.rejects(
        store.appendEvents("req-a", [{ type: "actioned", at: "2026-01-01T00:03:00Z" }], { expectedCount: 3 }),
        (e: unknown) => StoreError.isInstance(e) && e.code === "store_conflict",
      );
      await assert.rejects(
        store.appendEvents("req-missing", [{ type: "actioned", at: "2026-01-01T00:03:00Z" }]),
        (e: unknown) => StoreError.isInstance(e) && e.code === "request_not_found",
      );
      assert.equal((await store.getRequest("req-a"))!.events.length, 4);
    },
  },
  {
    name: "never hands out a job of a request submitted through another channel: cancelled at claim",
    async run({ store }) {
      const requests = ["req-a", "req-b", "req-c", "req-d"].map((id) => approvedRequest(id, { targets: 2 }));
      await store.saveRequests(
        requests.map((request) => entry(request, 1)),
        T0,
      );
      // req-a: a portal confirmation; req-b: sent by email; req-c: withdrawn before it was sent.
      await store.appendEvents("req-a", [
        { type: "submitted", at: "2026-01-01T00:00:00Z", channel: "portal", platformRef: "TG-1" },
      ]);
      await store.appendEvents("req-b", [
        { type: "submitted", at: "2026-01-01T00:00:00Z", channel: "email", platformRef: "<m1@agency>" },
      ]);
      await store.appendEvents("req-c", [
        { type: "withdrawn", at: "2026-01-01T00:00:00Z", reason: "duplicate" },
      ]);
      const claimed = await store.claim({
        platform: "x",
        limit: 10,
        workerId: "w1",
        leaseMs: LEASE,
        now: T0,
      });
      assert.deepEqual(
        claimed.map((job) => `${job.requestId}#${job.batch}`),
        ["req-d#0", "req-d#1"],
      );
      for (const id of ["req-a", "req-b", "req-c"]) {
        const jobs = await store.listJobs({ requestId: id });
        assert.deepEqual(
          jobs.map((job) => job.state),
          ["cancelled", "cancelled"],
          `${id}'s jobs`,
        );
        assert.equal(jobs[0]!.lastError?.code, "not_approved");
        assert.deepEqual(await store.listAttempts(id), [], "no attempt: nothing was sent");
      }
      const counts = await store.counts("x", T0);
      assert.equal(counts.queued, 2);
      assert.equal(counts.cancelled, 6);
      assert.equal(
        (await store.claim({ platform: "x", limit: 10, workerId: "w2", leaseMs: LEASE, now: T0 + 2 * LEASE }))
          .length,
        2,
        "only req-d's jobs, once its leases expired",
      );
    },
  },
  {
    name: "claims jobs with a lease and records the attempt with its idempotency key first",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a")), entry(approvedRequest("req-b"))], T0);
      const claimed = await store.claim({ platform: "x", limit: 1, workerId: "w1", leaseMs: LEASE, now: T0 });
      assert.equal(claimed.length, 1);
      const [job] = claimed;
      assert.equal(job!.requestId, "req-a");
      assert.equal(job!.idempotencyKey, "rk:req-a:b0");
      assert.equal(job!.attempt, 1);
      assert.equal(job!.leaseOwner, "w1");
      assert.equal(job!.request.id, "req-a");
      const attempts = await store.listAttempts("req-a");
      assert.deepEqual(
        attempts.map((a) => [a.idempotencyKey, a.attempt, a.workerId, a.outcome]),
        [["rk:req-a:b0", 1, "w1", "pending"]],
      );
      // Another worker gets the other job, never the leased one.
      const other = await store.claim({
        platform: "x",
        limit: 5,
        workerId: "w2",
        leaseMs: LEASE,
        now: T0 + 1,
      });
      assert.deepEqual(
        other.map((j) => j.requestId),
        ["req-b"],
      );
      assert.deepEqual(
        await store.claim({ platform: "x", limit: 5, workerId: "w3", leaseMs: LEASE, now: T0 + 2 }),
        [],
      );
      assert.deepEqual(
        await store.claim({ platform: "telegram", limit: 5, workerId: "w3", leaseMs: LEASE, now: T0 }),
        [],
      );
    },
  },
  {
    name: "gives an expired lease (a dead worker's) to another worker, with the same idempotency key",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a"))], T0);
      await store.claim({ platform: "x", limit: 1, workerId: "dead", leaseMs: LEASE, now: T0 });
      assert.deepEqual(
        await store.claim({ platform: "x", limit: 1, workerId: "w2", leaseMs: LEASE, now: T0 + LEASE - 1 }),
        [],
      );
      const [again] = await store.claim({
        platform: "x",
        limit: 1,
        workerId: "w2",
        leaseMs: LEASE,
        now: T0 + LEASE,
      });
      assert.equal(again!.idempotencyKey, "rk:req-a:b0");
      assert.equal(again!.attempt, 2);
      // The dead worker's late failure does not take the job from the live one.
      await store.settle(
        [
          {
            kind: "failed",
            requestId: "req-a",
            batch: 0,
            idempotencyKey: "rk:req-a:b0",
            workerId: "dead",
            error: { code: "timeout", message: "late", retryable: true },
            retryAt: T0,
          },
        ],
        submittedEvent,
        T0 + LEASE + 1,
      );
      const [job] = await store.listJobs({ requestId: "req-a" });
      assert.equal(job!.leaseOwner, "w2");
      assert.deepEqual(
        await store.renew({ jobs: [job!], workerId: "dead", leaseMs: LEASE, now: T0 + LEASE + 2 }),
        [],
      );
      assert.deepEqual(
        await store.renew({ jobs: [job!], workerId: "w2", leaseMs: LEASE, now: T0 + LEASE + 2 }),
        [{ requestId: "req-a", batch: 0 }],
      );
      assert.equal((await store.listJobs())[0]!.leaseExpiresAt, T0 + 2 * LEASE + 2);
    },
  },
  {
    name: "claims emergencies first, then in the order requests were stored",
    async run({ store }) {
      await store.saveRequests(
        [
          entry(approvedRequest("req-1")),
          entry(approvedRequest("req-2")),
          entry(approvedRequest("req-3", { priority: "emergency" })),
        ],
        T0,
      );
      const claimed = await store.claim({ platform: "x", limit: 3, workerId: "w", leaseMs: LEASE, now: T0 });
      assert.deepEqual(
        claimed.map((j) => j.requestId),
        ["req-3", "req-1", "req-2"],
      );
    },
  },
  {
    name: "appends the submitted event in the same step as the request's last job, once",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a", { targets: 3 }), 2)], T0);
      const jobs = await store.claim({ platform: "x", limit: 5, workerId: "w", leaseMs: LEASE, now: T0 });
      assert.equal(jobs.length, 2);
      let calls = 0;
      const build: WhenRequestSubmitted = (request, all) => {
        calls += 1;
        assert.equal(request.id, "req-a");
        assert.deepEqual(
          all.map((j: DispatchJob) => [j.state, j.receipt?.platformRef]),
          [
            ["submitted", "p0"],
            ["submitted", "p1"],
          ],
        );
        return submittedEvent(request, all);
      };
      const settle = (batch: number, workerId = "w") =>
        store.settle(
          [
            {
              kind: "submitted",
              requestId: "req-a",
              batch,
              idempotencyKey: `rk:req-a:b${batch}`,
              workerId,
              receipt: receipt(`p${batch}`),
            },
          ],
          build,
          T0 + 10,
        );
      assert.deepEqual(await settle(0), [{ requestId: "req-a", appended: [] }]);
      assert.equal((await store.getRequest("req-a"))!.events.length, 2);
      const [second] = await settle(1);
      assert.deepEqual(
        second!.appended.map((e) => e.type),
        ["submitted"],
      );
      // A second worker reporting the same receipt (same key) changes nothing.
      assert.deepEqual(await settle(1, "w2"), [{ requestId: "req-a", appended: [] }]);
      assert.equal(calls, 1);
      const stored = await store.getRequest("req-a");
      assert.deepEqual(
        stored!.events.map((e) => e.type),
        ["drafted", "approved", "submitted"],
      );
      const job = (await store.listJobs({ requestId: "req-a" }))[1]!;
      assert.equal(job.state, "submitted");
      assert.deepEqual(job.receipt, receipt("p1"));
      assert.equal(job.leaseOwner, undefined);
      assert.deepEqual(await store.findJobByPlatformRef("x", "p1"), job);
      assert.equal(await store.findJobByPlatformRef("telegram", "p1"), undefined);
      assert.deepEqual(
        (await store.listAttempts("req-a")).map((a) => [a.batch, a.outcome, a.platformRef]),
        [
          [0, "submitted", "p0"],
          [1, "submitted", "p1"],
        ],
      );
      const counts = await store.counts("x", T0 + 10);
      assert.deepEqual(counts, {
        queued: 0,
        leased: 0,
        submitted: 2,
        failed: 0,
        cancelled: 0,
        nextClaimableAt: undefined,
      });
    },
  },
  {
    name: "refuses events the lifecycle does not allow when a request completes, changing nothing",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a"))], T0);
      await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
      await assert.rejects(
        store.settle(
          [
            {
              kind: "submitted",
              requestId: "req-a",
              batch: 0,
              idempotencyKey: "rk:req-a:b0",
              workerId: "w",
              receipt: receipt("p"),
            },
          ],
          () => [{ type: "actioned", at: "2026-01-01T00:00:00Z" }],
          T0,
        ),
        (e: unknown) => IllegalTransitionError.isInstance(e),
      );
      assert.equal((await store.listJobs())[0]!.state, "queued");
    },
  },
  {
    name: "puts a retryable failure back with a delay and the same key; a definitive one fails until requeued",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a"))], T0);
      await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
      const fail = (retryAt: number | undefined, countsAsAttempt?: boolean) =>
        store.settle(
          [
            {
              kind: "failed",
              requestId: "req-a",
              batch: 0,
              idempotencyKey: "rk:req-a:b0",
              workerId: "w",
              error: {
                code: "rate_limited",
                message: "slow down",
                retryable: retryAt !== undefined,
                retryAfterMs: 5000,
              },
              ...(retryAt === undefined ? {} : { retryAt }),
              ...(countsAsAttempt === undefined ? {} : { countsAsAttempt }),
            },
          ],
          submittedEvent,
          T0 + 1,
        );
      await fail(T0 + 5000, false);
      let [job] = await store.listJobs();
      assert.equal(job!.state, "queued");
      assert.equal(job!.attempts, 0, "a rate limit does not count as an attempt");
      assert.deepEqual(job!.lastError, {
        code: "rate_limited",
        message: "slow down",
        retryable: true,
        retryAfterMs: 5000,
      });
      assert.equal((await store.counts("x", T0 + 1)).nextClaimableAt, T0 + 5000);
      assert.deepEqual(
        await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 + 4999 }),
        [],
      );
      const [again] = await store.claim({
        platform: "x",
        limit: 1,
        workerId: "w",
        leaseMs: LEASE,
        now: T0 + 5000,
      });
      assert.equal(again!.idempotencyKey, "rk:req-a:b0");
      await fail(undefined);
      [job] = await store.listJobs();
      assert.equal(job!.state, "failed");
      assert.equal((await store.counts(undefined, T0)).failed, 1);
      assert.deepEqual(
        await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 + 9999 }),
        [],
      );
      assert.equal(await store.requeueFailed({ platform: "telegram", now: T0 }), 0);
      assert.equal(await store.requeueFailed({ requestIds: ["req-a"], now: T0 + 10_000 }), 1);
      const [next] = await store.claim({
        platform: "x",
        limit: 1,
        workerId: "w",
        leaseMs: LEASE,
        now: T0 + 10_000,
      });
      assert.equal(next!.idempotencyKey, "rk:req-a:b0:g1");
      assert.equal(next!.generation, 1);
      assert.deepEqual(
        (await store.listAttempts("req-a")).map((a) => [a.idempotencyKey, a.outcome, a.error?.code]),
        [
          ["rk:req-a:b0", "failed", "rate_limited"],
          ["rk:req-a:b0", "failed", "rate_limited"],
          ["rk:req-a:b0:g1", "pending", undefined],
        ],
      );
    },
  },
  {
    name: "releases an unsent job at once, without counting an attempt",
    async run({ store }) {
      await store.saveRequests([entry(approvedRequest("req-a"))], T0);
      await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
      assert.deepEqual(await store.counts("x", T0), {
        queued: 1,
        leased: 1,
        submitted: 0,
        failed: 0,
        cancelled: 0,
        nextClaimableAt: T0 + LEASE,
      });
      await store.settle(
        [{ kind: "released", requestId: "req-a", batch: 0, idempotencyKey: "rk:req-a:b0", workerId: "w" }],
        submittedEvent,
        T0 + 1,
      );
      const [job] = await store.claim({
        platform: "x",
        limit: 1,
        workerId: "w2",
        leaseMs: LEASE,
        now: T0 + 1,
      });
      assert.equal(job!.attempt, 1);
      assert.deepEqual(
        (await store.listAttempts("req-a")).map((a) => a.outcome),
        ["released", "pending"],
      );
    },
  },
  {
    name: "fails every call after close with store_closed",
    async run({ open }) {
      const closing = await open();
      await closing.close();
      await assert.rejects(
        closing.getRequest("x"),
        (e: unknown) => StoreError.isInstance(e) && e.code === "store_closed",
      );
    },
  },
  {
    name: "keeps requests, events, jobs and attempts across close and reopen",
    durable: true,
    async run(t) {
      const { reopen } = t;
      let { store } = t;
      await store.saveRequests([entry(approvedRequest("req-a", { targets: 2 }), 1)], T0);
      await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
      await store.settle(
        [
          {
            kind: "submitted",
            requestId: "req-a",
            batch: 0,
            idempotencyKey: "rk:req-a:b0",
            workerId: "w",
            receipt: receipt("p0"),
          },
        ],
        submittedEvent,
        T0,
      );
      await store.claim({ platform: "x", limit: 1, workerId: "w", leaseMs: LEASE, now: T0 });
      store = await reopen(store);
      t.store = store;
      const jobs = await store.listJobs({ requestId: "req-a" });
      assert.deepEqual(
        jobs.map((j) => [j.state, j.leaseOwner, j.receipt?.platformRef]),
        [
          ["submitted", undefined, "p0"],
          ["queued", "w", undefined],
        ],
      );
      assert.deepEqual(jobs[0]!.receipt, receipt("p0"));
      assert.equal((await store.listAttempts("req-a")).length, 2);
      assert.deepEqual(await store.getRequest("req-a"), approvedRequest("req-a", { targets: 2 }));
    },
  },
];

/**
 * Registers the store suite with a test runner: one `describe` for the store, one test per rule of the
 * `RequestStore` port (validation, append-only histories, leases and the outbox, claim order, settling
 * with the `submitted` event in the same step, retries and requeues, cancellation of requests submitted
 * elsewhere, concurrent saves, close, and reopen for durable stores).
 *
 * @example
 * ```ts
 * import { createMemoryStore } from "referral-kit/dispatch";
 * import { runStoreSuite } from "referral-kit/testing";
 * import { vitestRunner } from "referral-kit/testing/vitest";
 *
 * runStoreSuite({ name: "memory", open: async () => createMemoryStore(), runner: vitestRunner });
 * ```
 */
export function runStoreSuite(options: {
  /** Shown in the suite's name (`RequestStore: <name>`). */
  readonly name: string;
  /** A fresh, empty store for each test. */
  open(): Promise<RequestStore>;
  /** Closes the store and opens the same data again: give it for a durable store, to run the reopen case. */
  reopen?(store: RequestStore): Promise<RequestStore>;
  /** The test runner's functions: `vitestRunner` from `referral-kit/testing/vitest`, or your runner's. */
  readonly runner: TestRunner;
}): void {
  const { name, reopen } = options;
  const { describe, it, beforeEach, afterEach } = options.runner;
  describe(`RequestStore: ${name}`, () => {
    let t: StoreCaseContext;
    beforeEach(async () => {
      t = {
        store: await options.open(),
        open: () => options.open(),
        reopen: (store) => {
          if (!reopen) throw new Error("reopen is only given for durable stores");
          return reopen(store);
        },
      };
    });
    afterEach(async () => {
      await t.store.close();
    });
    for (const storeCase of STORE_CASES) {
      if (storeCase.durable && !reopen) continue;
      it(storeCase.name, () => storeCase.run(t));
    }
  });
}

import assert from "node:assert/strict";
import { approvedRequest, entry, LEASE, type StoreCase, submittedEvent, T0 } from "./fixtures.js";

/** Claims: cancellation of requests no longer approved, leases and the outbox, claim order. */
export const CLAIM_CASES: readonly StoreCase[] = [
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
];

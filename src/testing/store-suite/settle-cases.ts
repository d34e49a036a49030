import assert from "node:assert/strict";
import type { DispatchJob, WhenRequestSubmitted } from "../../dispatch/store/port.js";
import { IllegalTransitionError } from "../../domain/errors.js";
import { approvedRequest, entry, LEASE, receipt, type StoreCase, submittedEvent, T0 } from "./fixtures.js";

/** Settling outcomes: the `submitted` event with the last job, refusals, retries, requeues, releases. */
export const SETTLE_CASES: readonly StoreCase[] = [
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
];

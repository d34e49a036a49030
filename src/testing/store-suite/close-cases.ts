import assert from "node:assert/strict";
import { StoreError } from "../../dispatch/errors.js";
import { approvedRequest, entry, LEASE, receipt, type StoreCase, submittedEvent, T0 } from "./fixtures.js";

/** Closing the store, and reopening a durable one. */
export const CLOSE_CASES: readonly StoreCase[] = [
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

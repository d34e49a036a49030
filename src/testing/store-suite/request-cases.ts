import assert from "node:assert/strict";
import { StoreError } from "../../dispatch/errors.js";
import { IllegalTransitionError, ValidationError } from "../../domain/errors.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { approvedRequest, collect, entry, type StoreCase, T0 } from "./fixtures.js";

/** Storing requests and appending to their histories. */
export const REQUEST_CASES: readonly StoreCase[] = [
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
];

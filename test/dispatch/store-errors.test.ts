/**
 * No raw driver error leaves a SQL store: each becomes a StoreError with the driver's own code kept.
 */
import { PGlite } from "@electric-sql/pglite";
import { openPgliteStore, StoreError } from "referral-kit/dispatch";
import { afterAll, describe, expect, it } from "vitest";
import { approvedRequest } from "./support/requests.js";

const db = new PGlite();
afterAll(async () => {
  await db.close();
});

describe("driver errors", () => {
  it("become StoreError (store_driver_error) with the driver's SQLSTATE in driverCode", async () => {
    const store = await openPgliteStore({ db });
    await store.saveRequests([{ request: approvedRequest("req-a"), batches: [["x:req-a-t0"]] }], Date.now());
    await db.exec("alter table rk_jobs rename to rk_jobs_moved");
    try {
      const error = await store.listJobs().catch((e: unknown) => e);
      expect(StoreError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: "store_driver_error", driverCode: "42P01" });
      expect((error as StoreError).message).toContain("rk_jobs");
      // Inside a transaction too (saveRequests writes jobs).
      const inTransaction = await store
        .saveRequests([{ request: approvedRequest("req-b"), batches: [["x:req-b-t0"]] }], Date.now())
        .catch((e: unknown) => e);
      expect(inTransaction).toMatchObject({ code: "store_driver_error", driverCode: "42P01" });
      expect(await store.getRequest("req-b"), "the refused save stored nothing").toBeUndefined();
    } finally {
      await db.exec("alter table rk_jobs_moved rename to rk_jobs");
      await store.close();
    }
  });
});

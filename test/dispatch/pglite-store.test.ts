import { PGlite } from "@electric-sql/pglite";
import { openPgliteStore, type RequestStore } from "referral-kit/dispatch";
import { runStoreSuite } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "vitest";

// One PGlite instance for the suite (creating one costs seconds, so outside any test's timeout), emptied
// before each test.
const shared = new PGlite();
await shared.waitReady;
afterAll(async () => {
  await shared.close();
});

async function freshStore(): Promise<RequestStore> {
  const store = await openPgliteStore({ db: shared });
  await shared.exec("truncate rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade");
  return store;
}

runStoreSuite({
  name: "pglite",
  open: freshStore,
  reopen: async (store) => {
    await store.close();
    return openPgliteStore({ db: shared });
  },
  runner: { describe, it, beforeAll, afterAll, beforeEach, afterEach },
});

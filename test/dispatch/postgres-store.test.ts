import pg from "pg";
import { openPostgresStore, type RequestStore } from "referral-kit/dispatch";
import { runStoreSuite } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from "vitest";
import { dropDatabases, freshDatabase, startTestPostgres } from "./support/postgres.js";

const server = await startTestPostgres();
const database = `rk_suite_${process.pid}`;

if ("skipped" in server) {
  console.warn(server.skipped);
  describe.skip(`RequestStore: postgres (${server.skipped})`, () => {
    it("runs the store suite", async () => {});
  });
} else {
  // A database of its own, so this file never shares tables with the other PostgreSQL tests.
  const suiteUrl = await freshDatabase(server.url, database);
  afterAll(async () => {
    await dropDatabases(server.url, [database]);
    await server.stop();
  });

  const freshStore = async (): Promise<RequestStore> => {
    const store = await openPostgresStore({ connectionString: suiteUrl, max: 4 });
    const client = new pg.Client({ connectionString: suiteUrl });
    await client.connect();
    await client.query("truncate rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade");
    await client.end();
    return store;
  };

  runStoreSuite({
    name: "postgres",
    open: freshStore,
    reopen: async (store) => {
      await store.close();
      return openPostgresStore({ connectionString: suiteUrl });
    },
    runner: { describe, it, beforeAll, afterAll, beforeEach, afterEach },
  });
}

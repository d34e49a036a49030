import pg from "pg";
import { openPostgresStore, type RequestStore } from "referral-kit/dispatch";
import { afterAll, afterEach, beforeEach, describe, it } from "vitest";
import { defineStoreSuite } from "./store-suite.js";
import { postgresUrl } from "./support/postgres.js";

const url = postgresUrl();
const database = `rk_suite_${process.pid}`;
const suiteUrl = (() => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
})();

// A database of its own, so this file never shares tables with the other PostgreSQL tests.
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`drop database if exists ${database}`);
await admin.query(`create database ${database}`);
await admin.end();

afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop database if exists ${database} with (force)`);
  await client.end();
});

async function freshStore(): Promise<RequestStore> {
  const store = await openPostgresStore({ connectionString: suiteUrl, max: 4 });
  const client = new pg.Client({ connectionString: suiteUrl });
  await client.connect();
  await client.query("truncate rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade");
  await client.end();
  return store;
}

defineStoreSuite(
  "postgres",
  {
    open: freshStore,
    reopen: async (store) => {
      await store.close();
      return openPostgresStore({ connectionString: suiteUrl });
    },
  },
  { describe, it, beforeEach, afterEach },
);

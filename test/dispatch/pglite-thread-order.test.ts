import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlDriver } from "../../src/dispatch/store/sql/driver.js";
import { openPgliteThread } from "../../src/dispatch/store/sql/pglite-thread.js";

// The embedded store's thread runs one message at a time; these pin down in which order.
describe("the PGlite thread's order of work", () => {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = await openPgliteThread(undefined);
    await driver.exec("create table t (n integer)");
  }, 60_000);
  afterAll(() => driver.close());

  it("runs a waiting batch (a settle) before statements asked for earlier (claims ahead)", async () => {
    const done: string[] = [];
    const busy = driver.query("select pg_sleep(0.3)").then(() => done.push("busy"));
    const claim = driver.query("select 1 as claim").then(() => done.push("claim"));
    const settle = driver.batch!([{ sql: "insert into t values (1)" }]).then(() => done.push("settle"));
    await Promise.all([busy, claim, settle]);
    // The thread is busy (or about to be) while the other two wait; which of the three it took first
    // depends on when it saw them, but the settle always goes before the claim asked for earlier.
    expect(done.indexOf("settle")).toBeLessThan(done.indexOf("claim"));
  });

  it("runs nothing inside another's transaction, and what was asked during it runs after it, in order", async () => {
    await driver.exec("delete from t");
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = driver.transaction(async (tx) => {
      await tx.query("insert into t values (2)");
      await held;
      await tx.query("insert into t values (3)");
    });
    // Asked while the transaction is open: these wait for its end (a count of 0 or 1 would mean they ran
    // inside it or beside it).
    const first = driver.query<{ n: number }>("select count(*)::int as n from t");
    const batch = driver.batch!([
      { sql: "insert into t values (4)" },
      { sql: "select count(*)::int as n from t" },
    ]);
    const last = driver.query<{ n: number }>("select count(*)::int as n from t");
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await transaction;
    expect((await first)[0]!.n).toBe(2);
    expect((await batch).results[1]).toEqual([{ n: 3 }]);
    expect((await last)[0]!.n).toBe(3);
  });
});

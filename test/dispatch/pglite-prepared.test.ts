import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../src/dispatch/store/pglite-store.js";
import type { SqlBatchResult, SqlStep } from "../../src/dispatch/store/sql/driver.js";
import { batchHere, openPgliteHere, queryHere } from "../../src/dispatch/store/sql/pglite-engine.js";
import { openPgliteThread } from "../../src/dispatch/store/sql/pglite-thread.js";
import { approvedRequest } from "./support/requests.js";

/** The two ways the store runs PGlite's statements (its own thread, or the calling thread). */
interface Placement {
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  batch(steps: readonly SqlStep[]): Promise<SqlBatchResult>;
  close(): Promise<void>;
}

const placements: [string, () => Promise<Placement>][] = [
  [
    "in the store's thread",
    async () => {
      const driver = await openPgliteThread(undefined);
      return {
        query: (sql, params) => driver.query(sql, params),
        batch: (steps) => driver.batch!(steps),
        close: () => driver.close(),
      };
    },
  ],
  [
    "on the calling thread",
    async () => {
      const db = await openPgliteHere(undefined, { fsync: false });
      return {
        query: (sql, params = []) => queryHere(db, sql, params),
        batch: (steps) => batchHere(db, steps),
        close: () => db.close(),
      };
    },
  ],
];

const INSERT =
  "insert into t (id, doc, at, tags, flag) values ($1, $2::jsonb, $3, $4::text[], $5) returning id";

// The store's PGlite runs each statement through a prepared statement of its session (parsed once, one
// exchange with PostgreSQL per run): these check that parameters, results and errors are what PGlite's
// own query gives.
describe.each(placements)("prepared statements %s", (_name, open) => {
  let db: Placement;
  beforeAll(async () => {
    db = await open();
    await db.query("create table t (id text primary key, doc jsonb, at bigint, tags text[], flag boolean)");
  }, 60_000);
  afterAll(() => db.close());

  it("serialises every parameter type the store uses, nulls included, and parses the rows back", async () => {
    await db.query(INSERT, [
      "a",
      JSON.stringify({ n: 1, s: "it's" }),
      1_796_688_013_068,
      ["x", "y,z", 'q"'],
      true,
    ]);
    await db.query(INSERT, ["b", null, null, null, null]);
    const rows = await db.query(
      "select id, doc, at, tags, flag from t where id = any($1::text[]) order by id",
      [["a", "b"]],
    );
    expect(rows).toEqual([
      { id: "a", doc: { n: 1, s: "it's" }, at: 1_796_688_013_068, tags: ["x", "y,z", 'q"'], flag: true },
      { id: "b", doc: null, at: null, tags: null, flag: null },
    ]);
  });

  it("prepares a statement once however often it runs", async () => {
    const sql = "select count(*)::int as n from t where at > $1";
    for (let i = 0; i < 8; i++) expect(await db.query(sql, [i])).toEqual([{ n: 1 }]);
    const prepared = await db.query<{ n: number }>(
      "select count(*)::int as n from pg_prepared_statements where statement = $1",
      [sql],
    );
    expect(prepared).toEqual([{ n: 1 }]);
  });

  it("prepares a statement again after many runs, so its plan follows the table's growth", async () => {
    await db.query("create table u (id text primary key, v integer)");
    await db.query("insert into u select 'k' || n, n from generate_series(1, 5) n");
    // As the store's statements do: rows from a jsonb recordset, joined to a table by its key.
    const sql = "select u.v from jsonb_to_recordset($1::jsonb) as x(id text) join u on u.id = x.id";
    const keys = JSON.stringify([{ id: "k3" }]);
    const plan = async () => {
      const [statement] = await db.query<{ name: string }>(
        "select name from pg_prepared_statements where statement = $1",
        [sql],
      );
      const rows = await db.query<{ "QUERY PLAN": string }>(`explain execute ${statement!.name}('${keys}')`);
      return { name: statement!.name, plan: rows.map((row) => row["QUERY PLAN"]).join("\n") };
    };
    for (let i = 0; i < 10; i++) await db.query(sql, [keys]);
    const small = await plan();
    // Made for five rows: a scan of the table.
    expect(small.plan).toMatch(/Seq Scan/);
    await db.query("insert into u select 'k' || n, n from generate_series(6, 50000) n");
    for (let i = 0; i < 500; i++) expect(await db.query(sql, [keys])).toEqual([{ v: 3 }]);
    const grown = await plan();
    expect(grown.name).not.toBe(small.name);
    expect(grown.plan).toMatch(/Index Scan/);
    // The statement it replaced is gone from the session.
    expect(await db.query("select name from pg_prepared_statements where name = $1", [small.name])).toEqual(
      [],
    );
    // A statement run only now and then is prepared again too, once the session has run others enough.
    const rare = "select count(*)::int as n from u where v > $1";
    const nameOf = async () =>
      (
        await db.query<{ name: string }>("select name from pg_prepared_statements where statement = $1", [
          rare,
        ])
      )[0]!.name;
    await db.query(rare, [49_999]);
    const before = await nameOf();
    for (let i = 0; i < 500; i++) await db.query(sql, [keys]);
    expect(await db.query(rare, [49_999])).toEqual([{ n: 1 }]);
    expect(await nameOf()).not.toBe(before);
  });

  it("keeps PostgreSQL's error code, and the session works afterwards", async () => {
    await expect(db.query(INSERT, ["a", null, null, null, null])).rejects.toMatchObject({ code: "23505" });
    await expect(db.query("select nonsense from t")).rejects.toMatchObject({ code: "42703" });
    expect(await db.query("select count(*)::int as n from t")).toEqual([{ n: 2 }]);
  });

  it("rolls a batch back when a step fails, and when a guarded step returns rows", async () => {
    await expect(
      db.batch([
        { sql: INSERT, params: ["c", null, null, null, null] },
        { sql: INSERT, params: ["a", null, null, null, null] },
      ]),
    ).rejects.toMatchObject({ code: "23505" });
    const guarded = await db.batch([
      { sql: INSERT, params: ["d", null, null, null, null] },
      { sql: "select id from t where id = $1", params: ["a"], rollbackIfRows: true },
      { sql: INSERT, params: ["e", null, null, null, null] },
    ]);
    expect(guarded).toEqual({ committed: false, results: [[{ id: "d" }], [{ id: "a" }]] });
    const committed = await db.batch([
      { sql: INSERT, params: ["f", null, null, null, null] },
      { sql: "select id from t where id = $1", params: ["zz"], rollbackIfRows: true },
    ]);
    expect(committed).toEqual({ committed: true, results: [[{ id: "f" }], []] });
    expect((await db.query<{ id: string }>("select id from t order by id")).map((row) => row.id)).toEqual([
      "a",
      "b",
      "f",
    ]);
  });
});

describe("a PGlite instance of the caller's", () => {
  it("is used through its own API: the store leaves no prepared statement in its session", async () => {
    const db = new PGlite();
    const store = await openPgliteStore({ db });
    try {
      await store.saveRequests(
        [{ request: approvedRequest("req-own"), batches: [["x:req-own-t0"]] }],
        Date.now(),
      );
      expect(
        await store.claim({ platform: "x", limit: 5, workerId: "w", leaseMs: 60_000, now: Date.now() }),
      ).toHaveLength(1);
      expect((await db.query("select name from pg_prepared_statements")).rows).toEqual([]);
    } finally {
      await store.close();
      await db.close();
    }
  }, 60_000);
});

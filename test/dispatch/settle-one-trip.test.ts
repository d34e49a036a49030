/**
 * The SQL store settles in one round trip when it can (it reads the requests a settle may complete,
 * computes their events, and sends one guarded batch), and step by step when the batch's assumptions
 * failed in between. These tests force each way through a driver that can run something just before the
 * batch, and check the result is the same as step by step would give.
 */
import { PGlite } from "@electric-sql/pglite";
import type { ReferralRequest } from "referral-kit";
import {
  type AttemptOutcome,
  type ClaimedJob,
  openPgliteStore,
  type RequestStore,
  type WhenRequestSubmitted,
} from "referral-kit/dispatch";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  batchInTransaction,
  type SqlBatchResult,
  type SqlDriver,
  type SqlExecutor,
  type SqlStep,
} from "../../src/dispatch/store/sql/driver.js";
import { createSqlStore } from "../../src/dispatch/store/sql/sql-store.js";
import { approvedRequest, keysOf, supervisor } from "./support/requests.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

const db = new PGlite();
await db.waitReady;
await (await openPgliteStore({ db })).close(); // creates the schema
afterAll(async () => {
  await db.close();
});

/** What the driver saw, and a hook run once, just before the next batch. */
const seen = { batches: 0, rolledBack: 0, transactions: 0 };
let beforeNextBatch: (() => Promise<void>) | undefined;
/** Statements sent outside batches and transactions (a settle's read of the requests it may complete). */
let reads = 0;

const executor = (target: Pick<PGlite, "query" | "exec">): SqlExecutor => ({
  query: async <R>(sql: string, params: readonly unknown[] = []) =>
    (await target.query<R>(sql, [...params])).rows,
  exec: async (sql: string) => {
    await target.exec(sql);
  },
});
const driver: SqlDriver = {
  ...executor(db),
  query: <R>(sql: string, params?: readonly unknown[]) => {
    reads += 1;
    return executor(db).query<R>(sql, params);
  },
  transaction: (body) => {
    seen.transactions += 1;
    return db.transaction((tx) => body(executor(tx)));
  },
  async batch(steps: readonly SqlStep[]): Promise<SqlBatchResult> {
    seen.batches += 1;
    const hook = beforeNextBatch;
    beforeNextBatch = undefined;
    await hook?.();
    // Straight on PGlite, so `seen.transactions` counts only the step-by-step settles.
    const result = await batchInTransaction(
      { transaction: (body) => db.transaction((tx) => body(executor(tx))) },
      steps,
    );
    if (!result.committed) seen.rolledBack += 1;
    return result;
  },
  close: async () => {},
};

const submitted: WhenRequestSubmitted = (_request, jobs) => [
  {
    type: "submitted",
    at: "2026-01-01T00:00:02Z",
    channel: jobs[0]!.platform,
    idempotencyKey: jobs[0]!.idempotencyKey,
    platformRef: jobs.map((job) => job.receipt!.platformRef).join("+"),
  },
];

const outcome = (job: ClaimedJob): AttemptOutcome => ({
  kind: "submitted",
  requestId: job.requestId,
  batch: job.batch,
  idempotencyKey: job.idempotencyKey,
  workerId: "w1",
  receipt: { platformRef: `ref-${job.batch}`, acceptedAt: "2026-01-01T00:00:01Z", targets: [] },
});

let store: RequestStore;
beforeEach(async () => {
  await db.exec("truncate rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade");
  store = createSqlStore(driver, { kind: "pglite", location: "test", singleSession: true });
  seen.batches = 0;
  seen.rolledBack = 0;
  seen.transactions = 0;
  beforeNextBatch = undefined;
});

async function enqueueAndClaim(request: ReferralRequest, batches: string[][]): Promise<ClaimedJob[]> {
  await store.saveRequests([{ request, batches }], T0);
  seen.transactions = 0;
  return store.claim({ platform: "x", limit: 10, workerId: "w1", leaseMs: 60_000, now: T0 });
}

describe("settling in one round trip", () => {
  it("records the outcome and appends the events in one committed batch", async () => {
    const [job] = await enqueueAndClaim(approvedRequest("r1"), [keysOf(approvedRequest("r1"))]);
    const result = await store.settle([outcome(job!)], submitted, T0);
    expect(result).toEqual([{ requestId: "r1", appended: [expect.objectContaining({ type: "submitted" })] }]);
    // No step-by-step transaction ran (the batch above does not go through `transaction`).
    expect(seen).toEqual({ batches: 1, rolledBack: 0, transactions: 0 });
    const stored = await store.getRequest("r1");
    expect(stored!.events.map((event) => event.type)).toEqual(["drafted", "approved", "submitted"]);
    expect((await store.listAttempts("r1")).map((attempt) => attempt.outcome)).toEqual(["submitted"]);
  });

  it("settles a one-job request it saved and claimed without reading it back (it knows the history)", async () => {
    const [job] = await enqueueAndClaim(approvedRequest("r1"), [keysOf(approvedRequest("r1"))]);
    reads = 0;
    const result = await store.settle([outcome(job!)], submitted, T0);
    expect(result[0]!.appended.map((event) => event.type)).toEqual(["submitted"]);
    expect(reads).toBe(0);
    expect(seen).toEqual({ batches: 1, rolledBack: 0, transactions: 0 });
  });

  it("reads back a request with several jobs, which one success may not complete", async () => {
    const request = approvedRequest("r2", { targets: 2 });
    const [first, second] = await enqueueAndClaim(
      request,
      keysOf(request).map((key) => [key]),
    );
    reads = 0;
    expect(await store.settle([outcome(first!)], submitted, T0)).toEqual([{ requestId: "r2", appended: [] }]);
    expect(reads).toBe(1);
    const result = await store.settle([outcome(second!)], submitted, T0);
    expect(result[0]!.appended).toEqual([
      expect.objectContaining({ type: "submitted", platformRef: "ref-0+ref-1" }),
    ]);
    expect(seen.rolledBack).toBe(0);
  });

  it("reads the history at settle when another store instance saved the request (a restart)", async () => {
    const request = approvedRequest("r1");
    await createSqlStore(driver, { kind: "pglite", location: "test", singleSession: true }).saveRequests(
      [{ request, batches: [keysOf(request)] }],
      T0,
    );
    const [job] = await store.claim({ platform: "x", limit: 10, workerId: "w1", leaseMs: 60_000, now: T0 });
    reads = 0;
    const result = await store.settle([outcome(job!)], submitted, T0);
    expect(reads).toBe(1);
    expect(result[0]!.appended.map((event) => event.type)).toEqual(["submitted"]);
    expect(seen.rolledBack).toBe(0);
    expect((await store.getRequest("r1"))!.events.map((event) => event.type)).toEqual([
      "drafted",
      "approved",
      "submitted",
    ]);
  });

  it("reads the history at settle when it grew between the save and the claim", async () => {
    const request = approvedRequest("r1");
    await store.saveRequests([{ request, batches: [keysOf(request)] }], T0);
    await store.appendEvents("r1", [
      { type: "approved", at: "2025-03-01T10:00:00Z", by: { id: "supervisor-2" } },
    ]);
    const [job] = await store.claim({ platform: "x", limit: 10, workerId: "w1", leaseMs: 60_000, now: T0 });
    reads = 0;
    const result = await store.settle([outcome(job!)], submitted, T0);
    // The saved history (two events) is not the stored one (three): read, and no batch rolled back.
    expect(reads).toBe(1);
    expect(seen.rolledBack).toBe(0);
    expect(result[0]!.appended.map((event) => event.type)).toEqual(["submitted"]);
    expect((await store.getRequest("r1"))!.events.map((event) => [event.type, event.by?.id])).toEqual([
      ["drafted", "analyst-1"],
      ["approved", supervisor.id],
      ["approved", "supervisor-2"],
      ["submitted", undefined],
    ]);
  });

  it("reads the content back when this store instance did not claim the job", async () => {
    const [job] = await enqueueAndClaim(approvedRequest("r1"), [keysOf(approvedRequest("r1"))]);
    const other = createSqlStore(driver, { kind: "pglite", location: "test", singleSession: true });
    const result = await other.settle([outcome(job!)], submitted, T0);
    expect(result[0]!.appended.map((event) => event.type)).toEqual(["submitted"]);
    expect(seen.rolledBack).toBe(0);
  });

  const secondApproval = async () => {
    await store.appendEvents("r1", [
      { type: "approved", at: "2025-03-01T10:00:00Z", by: { id: "supervisor-2" } },
    ]);
  };

  // The store that claimed a one-job request settles it from the history its claim read; another store
  // instance reads the history in the settle, just before its batch.
  it.each([
    ["after the claim read it", "claiming store"],
    ["between the settle's read and its batch", "another store"],
  ] as const)("falls back to step by step when the history grew %s", async (_when, settler) => {
    const [job] = await enqueueAndClaim(approvedRequest("r1"), [keysOf(approvedRequest("r1"))]);
    // A second approval lands: the events prepared from the history read are stale.
    let settling = store;
    if (settler === "claiming store") {
      await secondApproval();
    } else {
      settling = createSqlStore(driver, { kind: "pglite", location: "test", singleSession: true });
      beforeNextBatch = secondApproval;
    }
    reads = 0;
    const result = await settling.settle([outcome(job!)], submitted, T0);
    expect(reads).toBe(settler === "claiming store" ? 0 : 1);
    expect(result[0]!.appended.map((event) => event.type)).toEqual(["submitted"]);
    expect(seen.rolledBack).toBe(1);
    const stored = await store.getRequest("r1");
    expect(stored!.events.map((event) => [event.type, event.by?.id])).toEqual([
      ["drafted", "analyst-1"],
      ["approved", supervisor.id],
      ["approved", "supervisor-2"],
      ["submitted", undefined],
    ]);
    // The rolled-back batch left nothing behind: one attempt, settled once.
    expect((await store.listAttempts("r1")).map((attempt) => attempt.outcome)).toEqual(["submitted"]);
    expect((await store.listJobs({ requestId: "r1" })).map((j) => j.state)).toEqual(["submitted"]);
  });

  it("falls back when a sibling batch was settled in between, and appends the events once", async () => {
    const request = approvedRequest("r2", { targets: 2 });
    const [first, second] = await enqueueAndClaim(
      request,
      keysOf(request).map((key) => [key]),
    );
    // The other batch's settle commits between this settle's read and its batch.
    beforeNextBatch = async () => {
      expect(await store.settle([outcome(second!)], submitted, T0)).toEqual([
        { requestId: "r2", appended: [] },
      ]);
    };
    const result = await store.settle([outcome(first!)], submitted, T0);
    expect(result[0]!.appended).toEqual([
      expect.objectContaining({ type: "submitted", platformRef: "ref-0+ref-1" }),
    ]);
    expect(seen.rolledBack).toBe(1);
    const stored = await store.getRequest("r2");
    expect(stored!.events.filter((event) => event.type === "submitted")).toHaveLength(1);
  });
});

describe("query plans", () => {
  it("settles and claims through the tables' indexes, never a scan of every attempt, job or event", async () => {
    // Enough rows that a scan costs more than the index to the planner; the settle's statements used to
    // hash every attempt (the round) and every job (the read of a request it may complete).
    const requests = Array.from({ length: 3000 }, (_, i) => approvedRequest(`p${i}`));
    await store.saveRequests(
      requests.map((request) => ({ request, batches: [keysOf(request)] })),
      T0,
    );
    const jobs = await store.claim({ platform: "x", limit: 3000, workerId: "w1", leaseMs: 60_000, now: T0 });
    await store.settle(jobs.slice(0, 2900).map(outcome), submitted, T0);
    // Settled by another instance, which reads the requests first; one job given back, so the check for
    // requests left without their `submitted` event runs too.
    const plans: string[] = [];
    const explain = async (sql: string, params: readonly unknown[] = []) => {
      const result = await db.query<{ "QUERY PLAN": string }>(`explain ${sql}`, [...params]);
      plans.push(result.rows.map((row) => row["QUERY PLAN"]).join("\n"));
    };
    const explaining: SqlDriver = {
      ...driver,
      query: async <R>(sql: string, params?: readonly unknown[]) => {
        await explain(sql, params);
        return driver.query<R>(sql, params);
      },
      async batch(steps) {
        for (const step of steps) await explain(step.sql, step.params);
        return driver.batch!(steps);
      },
    };
    const other = createSqlStore(explaining, { kind: "pglite", location: "test", singleSession: true });
    const rest = jobs.slice(2900);
    const given = rest[0]!;
    await other.settle(
      [
        {
          kind: "released",
          requestId: given.requestId,
          batch: given.batch,
          idempotencyKey: given.idempotencyKey,
          workerId: "w1",
        },
        ...rest.slice(1).map(outcome),
      ],
      submitted,
      T0,
    );
    expect(plans.length).toBeGreaterThanOrEqual(4); // the read, the round, the guarded append, the check
    // And a claim picks through the claim index (in claim order, so the limit stops the scan).
    const more = Array.from({ length: 100 }, (_, i) => approvedRequest(`q${i}`));
    await store.saveRequests(
      more.map((request) => ({ request, batches: [keysOf(request)] })),
      T0,
    );
    plans.length = 0;
    await other.claim({ platform: "x", limit: 10, workerId: "w2", leaseMs: 60_000, now: T0 });
    expect(plans[0]).toMatch(/rk_jobs_claim/);
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan on rk_(attempts|jobs|events)\b/);
    // A lease renewal reaches its jobs by key: it hashed every job (220 ms a renewal at 10,000 requests,
    // with the store's one session held and every slot waiting for its settle behind it).
    plans.length = 0;
    const held = await other.claim({ platform: "x", limit: 50, workerId: "w2", leaseMs: 60_000, now: T0 });
    plans.length = 0;
    expect(await other.renew({ jobs: held, workerId: "w2", leaseMs: 60_000, now: T0 + 1 })).toHaveLength(50);
    expect(plans).toHaveLength(1);
    expect(plans[0]).not.toMatch(/Seq Scan on rk_jobs\b/);
  }, 30_000);
});

describe("schema version 2", () => {
  it("upgrades a version 1 store on open: fill factor set, version recorded, data kept", async () => {
    await store.saveRequests(
      [{ request: approvedRequest("r3"), batches: [keysOf(approvedRequest("r3"))] }],
      T0,
    );
    // Make the store look as version 1 left it.
    await db.exec(`
      delete from rk_schema_migrations where version = 2;
      alter table rk_jobs reset (fillfactor);
      alter table rk_attempts reset (fillfactor);
      alter table rk_requests reset (fillfactor);
    `);
    const options = async () =>
      (
        await db.query<{ relname: string; reloptions: string[] | null }>(
          "select relname, reloptions from pg_class where relname in ('rk_jobs', 'rk_attempts', 'rk_requests') order by relname",
        )
      ).rows.map((row) => [row.relname, row.reloptions]);
    expect(await options()).toEqual([
      ["rk_attempts", null],
      ["rk_jobs", null],
      ["rk_requests", null],
    ]);
    const reopened = await openPgliteStore({ db });
    expect(await options()).toEqual([
      ["rk_attempts", ["fillfactor=70"]],
      ["rk_jobs", ["fillfactor=70"]],
      ["rk_requests", ["fillfactor=70"]],
    ]);
    const versions = await db.query<{ version: number }>(
      "select version from rk_schema_migrations order by 1",
    );
    expect(versions.rows.map((row) => row.version)).toEqual(expect.arrayContaining([1, 2]));
    expect((await reopened.getRequest("r3"))?.id).toBe("r3");
  });
});

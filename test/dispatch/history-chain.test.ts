import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { ReferralRequest } from "referral-kit";
import {
  createMemoryStore,
  openPgliteStore,
  openPostgresStore,
  type RequestStore,
  verifyHistory,
  type WhenRequestSubmitted,
} from "referral-kit/dispatch";
import { afterAll, describe, expect, it } from "vitest";
import { historyLinks } from "../../src/domain/history-chain.js";
import { dropDatabases, freshDatabase, startTestPostgres } from "./support/postgres.js";
import { approvedRequest, keysOf } from "./support/requests.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const submitted: WhenRequestSubmitted = (_request, jobs) => [
  {
    type: "submitted",
    at: "2026-01-01T00:00:02Z",
    channel: jobs[0]!.platform,
    by: { id: "referral-kit.dispatch" },
  },
];
const RESET =
  "truncate rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade; " +
  `update rk_chain set position = 0, head = 'sha256:${"0".repeat(64)}'`;

/** Three requests: stored, sent through claim and settle, and a status appended to one. */
async function fill(store: RequestStore): Promise<ReferralRequest[]> {
  const requests = ["req-a", "req-b", "req-c"].map((id) => approvedRequest(id, { targets: 2 }));
  await store.saveRequests(
    requests.map((request) => ({ request, batches: [keysOf(request)] })),
    T0,
  );
  const jobs = await store.claim({ platform: "x", limit: 10, workerId: "w1", leaseMs: 60_000, now: T0 });
  await store.settle(
    jobs.map((job) => ({
      kind: "submitted" as const,
      requestId: job.requestId,
      batch: job.batch,
      idempotencyKey: job.idempotencyKey,
      workerId: "w1",
      receipt: { platformRef: `ref-${job.requestId}`, acceptedAt: "2026-01-01T00:00:01Z", targets: [] },
    })),
    submitted,
    T0 + 1000,
  );
  await store.appendEvents("req-b", [
    { type: "acknowledged", at: "2026-01-01T01:00:00Z", by: { id: "analyst-1" } },
  ]);
  const out: ReferralRequest[] = [];
  for await (const request of store.listRequests()) out.push(request);
  return out;
}

/** The cases every store passes. */
function chainCases(open: () => Promise<RequestStore>) {
  it("links every event to the one before it and to the store's running hash", async () => {
    const store = await open();
    try {
      const requests = await fill(store);
      const report = await verifyHistory(store);
      expect(report).toMatchObject({ ok: true, requests: 3, events: 10, firstBroken: undefined });
      expect(report.head).toEqual(report.storedHead);
      expect(report.head.position).toBe(10);
      // The stored links are the domain's: anyone can recompute them from the requests.
      for await (const audited of store.auditTrail().requests()) {
        const request = requests.find((candidate) => candidate.id === audited.requestId)!;
        expect(audited.events.map((event) => event.hash)).toEqual(
          historyLinks(request).map((link) => link.hash),
        );
      }
    } finally {
      await store.close();
    }
  });
}

describe("tamper-evident history: memory store", () => {
  chainCases(async () => createMemoryStore());
});

// One PGlite instance, emptied before each test (creating one costs seconds).
const shared = new PGlite();
await shared.waitReady;
afterAll(async () => {
  await shared.close();
});

async function freshPglite(): Promise<RequestStore> {
  const store = await openPgliteStore({ db: shared });
  await shared.exec(RESET);
  return store;
}

/** Each direct SQL change, and what verifyHistory must report first. */
const TAMPERING: [string, string, Record<string, unknown>][] = [
  [
    "an edited event",
    `update rk_events set event = jsonb_set(event, '{at}', '"2026-01-01T00:00:03Z"') where request_id = 'req-b' and n = 2`,
    { reason: "event_changed", requestId: "req-b", position: 2 },
  ],
  [
    "edited request content",
    `update rk_requests set content = jsonb_set(content, '{priority}', '"emergency"') where id = 'req-a'`,
    { reason: "content_changed", requestId: "req-a", position: 0 },
  ],
  [
    "a deleted event in the middle of a history",
    "delete from rk_events where request_id = 'req-c' and n = 1",
    { reason: "event_missing", requestId: "req-c", position: 1 },
  ],
  [
    "two events of a history swapped",
    // Through free positions: the primary key is checked row by row.
    "update rk_events set n = n + 100 where request_id = 'req-a' and n in (1, 2); " +
      "update rk_events set n = case n when 101 then 2 else 1 end where request_id = 'req-a' and n in (101, 102)",
    { reason: "link_broken", requestId: "req-a", position: 1 },
  ],
  [
    "the first two events of a history swapped",
    "update rk_events set n = n + 100 where request_id = 'req-c' and n in (0, 1); " +
      "update rk_events set n = case n when 100 then 1 else 0 end where request_id = 'req-c' and n in (100, 101)",
    { reason: "link_broken", requestId: "req-c", position: 0 },
  ],
  [
    "a whole request deleted",
    "delete from rk_attempts where request_id = 'req-b'; delete from rk_jobs where request_id = 'req-b'; " +
      "delete from rk_events where request_id = 'req-b'; delete from rk_targets where request_id = 'req-b'; " +
      "delete from rk_requests where id = 'req-b'",
    { reason: "chain_gap", requestId: "req-c" },
  ],
  [
    "the store's last event deleted, with the request's count adjusted",
    "delete from rk_events where request_id = 'req-b' and n = 3; " +
      "update rk_requests set event_count = 3, status = 'submitted' where id = 'req-b'",
    { reason: "head_mismatch", requestId: undefined },
  ],
  [
    "two events' store chain positions swapped",
    "update rk_events set chain_pos = chain_pos + 100 where chain_pos in (4, 5); " +
      "update rk_events set chain_pos = case chain_pos when 104 then 5 else 4 end where chain_pos in (104, 105)",
    { reason: "chain_broken", chainPosition: 4 },
  ],
];

describe("tamper-evident history: embedded store (PGlite)", () => {
  chainCases(freshPglite);

  it.each(TAMPERING)("detects %s, naming the request and position", async (_name, sql, expected) => {
    const store = await freshPglite();
    try {
      await fill(store);
      expect((await verifyHistory(store)).ok).toBe(true);
      await shared.exec(sql);
      const report = await verifyHistory(store);
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject(expected);
    } finally {
      await store.close();
    }
  });

  it("refuses an event row written without its hash links", async () => {
    const store = await freshPglite();
    try {
      await fill(store);
      await expect(
        shared.query("insert into rk_events (request_id, n, event) values ('req-a', 3, '{}'::jsonb)"),
      ).rejects.toThrow(/without its hash links/);
    } finally {
      await store.close();
    }
  });
});

describe("tamper-evident history: a store written before the chain existed", () => {
  it("is sealed by the migration and verifies", async () => {
    const db = new PGlite();
    try {
      // Schema version 2, as earlier releases left it, with a request and its history.
      const { MIGRATIONS } = await import("../../src/dispatch/store/sql/migrations.js");
      await db.exec(
        "create table rk_schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
      );
      for (const migration of MIGRATIONS.filter((candidate) => candidate.version <= 2)) {
        await db.exec(migration.sql);
        await db.query("insert into rk_schema_migrations (version, name) values ($1, $2)", [
          migration.version,
          migration.name,
        ]);
      }
      const request = approvedRequest("old-1");
      const { events, ...content } = request;
      await db.query(
        "insert into rk_requests (id, platform, content, status, event_count) values ($1, 'x', $2, 'approved', 2)",
        [request.id, JSON.stringify(content)],
      );
      for (const [n, event] of events.entries()) {
        await db.query("insert into rk_events (request_id, n, event) values ($1, $2, $3)", [
          request.id,
          n,
          JSON.stringify(event),
        ]);
      }
      const store = await openPgliteStore({ db });
      const report = await verifyHistory(store);
      expect(report).toMatchObject({ ok: true, requests: 1, events: 2 });
      expect(report.head.position).toBe(2);
      await store.appendEvents("old-1", [{ type: "withdrawn", at: "2025-03-02T00:00:00Z", reason: "test" }]);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 3 });
      await store.close();
    } finally {
      await db.close();
    }
  }, 120_000);
});

const server = await startTestPostgres();
const chainDatabase = `rk_chain_${process.pid}`;
const chainUrl = "skipped" in server ? "" : await freshDatabase(server.url, chainDatabase);
afterAll(async () => {
  if ("skipped" in server) return;
  await dropDatabases(server.url, [chainDatabase]);
  await server.stop();
});

describe.skipIf("skipped" in server)("tamper-evident history: PostgreSQL store", () => {
  const sql = async (text: string) => {
    const client = new pg.Client({ connectionString: chainUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const fresh = async () => {
    const store = await openPostgresStore({ connectionString: chainUrl, max: 4 });
    await sql(RESET);
    return store;
  };

  chainCases(fresh);

  it.each(TAMPERING)("detects %s, naming the request and position", async (_name, text, expected) => {
    const store = await fresh();
    try {
      await fill(store);
      expect((await verifyHistory(store)).ok).toBe(true);
      await sql(text);
      expect((await verifyHistory(store)).firstBroken).toMatchObject(expected);
    } finally {
      await store.close();
    }
  });
});

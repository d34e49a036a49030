/**
 * Several worker processes on one PostgreSQL queue: two draining it together never send a request twice,
 * and a killed worker's leased jobs are picked up by another once the leases expire.
 */

import { createDispatcher, openPostgresStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackAdapter } from "../support/http-adapter.js";
import { type MockServer, startMockServer } from "../support/mock-server.js";
import { freshDatabase as createDatabase, dropDatabases, startTestPostgres } from "../support/postgres.js";
import { approvedRequest, PLATFORMS } from "../support/requests.js";
import { spawnWorker } from "./spawn.js";

let mock: MockServer;
const server = await startTestPostgres();
if ("skipped" in server) console.warn(server.skipped);
const base = "url" in server ? server.url : "";
const created: string[] = [];

async function freshDatabase(name: string): Promise<string> {
  created.push(name);
  return createDatabase(base, name);
}

async function enqueue(url: string, prefix: string, count: number): Promise<number> {
  const store = await openPostgresStore({ connectionString: url });
  try {
    const dispatcher = createDispatcher({
      adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, mock.url)),
      store,
    });
    const requests = Array.from({ length: count }, (_, i) =>
      approvedRequest(`${prefix}-${i}`, {
        platform: PLATFORMS[i % PLATFORMS.length],
        targets: i % 10 === 0 ? 6 : 1,
      }),
    );
    await dispatcher.enqueue(requests);
    return (await store.counts(undefined, Date.now())).queued;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  mock = await startMockServer();
  mock.latencyMs = 2;
});

afterAll(async () => {
  await mock?.close();
  if ("url" in server) {
    await dropDatabases(base, created);
    await server.stop();
  }
});

describe.skipIf("skipped" in server)("workers sharing a PostgreSQL queue", () => {
  it("two worker processes drain one queue without sending any request twice", async () => {
    const url = await freshDatabase(`rk_two_${process.pid}`);
    const jobs = await enqueue(url, "two", 600);
    const postsBefore = mock.posts.length;
    const reportsBefore = mock.reports.size;
    const workers = ["worker-a", "worker-b"].map((workerId) =>
      spawnWorker({ store: url, baseUrl: mock.url, workerId, concurrency: 3 }),
    );
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const result of results) expect(result.code, result.stderr).toBe(0);

    // Not sent twice: not even a repeated POST, let alone a second report.
    expect(mock.posts.length - postsBefore).toBe(jobs);
    expect(mock.reports.size - reportsBefore).toBe(jobs);
    const twoTargets = [...mock.perTarget.entries()].filter(([key]) => key.includes(":two-"));
    expect(twoTargets.filter(([, count]) => count !== 1)).toEqual([]);

    const store = await openPostgresStore({ connectionString: url });
    try {
      const byWorker = new Map<string, number>();
      for await (const request of store.listRequests()) {
        expect(request.events.map((e) => e.type)).toEqual(["drafted", "approved", "submitted"]);
        for (const attempt of await store.listAttempts(request.id)) {
          byWorker.set(attempt.workerId, (byWorker.get(attempt.workerId) ?? 0) + 1);
        }
      }
      // Both took part, and every job took exactly one attempt.
      expect([...byWorker.keys()].sort()).toEqual(["worker-a", "worker-b"]);
      expect([...byWorker.values()].reduce((a, b) => a + b, 0)).toBe(jobs);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("picks up a killed worker's leased jobs once the leases expire, under the same keys", async () => {
    const url = await freshDatabase(`rk_dead_${process.pid}`);
    const jobs = await enqueue(url, "dead", 200);
    const reportsBefore = mock.reports.size;
    mock.latencyMs = 20;
    const doomed = spawnWorker({
      store: url,
      baseUrl: mock.url,
      workerId: "doomed",
      leaseMs: 1500,
      concurrency: 4,
    });
    while (mock.reports.size - reportsBefore < 30) await new Promise((resolve) => setTimeout(resolve, 2));
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    mock.latencyMs = 2;
    const survivor = spawnWorker({ store: url, baseUrl: mock.url, workerId: "survivor", leaseMs: 1500 });
    const result = await survivor.exited;
    expect(result.code, result.stderr).toBe(0);

    expect(mock.reports.size - reportsBefore).toBe(jobs);
    const deadTargets = [...mock.perTarget.entries()].filter(([key]) => key.includes(":dead-"));
    expect(deadTargets.filter(([, count]) => count !== 1)).toEqual([]);
    const store = await openPostgresStore({ connectionString: url });
    try {
      let takenOver = 0;
      for await (const request of store.listRequests()) {
        expect(request.events.map((e) => e.type)).toEqual(["drafted", "approved", "submitted"]);
        const attempts = await store.listAttempts(request.id);
        const keys = new Set(attempts.filter((a) => a.batch === 0).map((a) => a.idempotencyKey));
        expect(keys.size).toBe(1);
        if (attempts.some((a) => a.workerId === "doomed" && a.outcome === "pending")) {
          expect(attempts.some((a) => a.workerId === "survivor" && a.outcome === "submitted")).toBe(true);
          takenOver += 1;
        }
      }
      expect(takenOver).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});

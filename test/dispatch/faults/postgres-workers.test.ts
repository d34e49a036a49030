/**
 * Several worker processes on one PostgreSQL queue: two draining it together never send a request twice,
 * and a killed worker's leased jobs are picked up by another once the leases expire.
 */

import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
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
  it("two processes enqueueing the same file at once store each request once, without an error", async () => {
    const url = await freshDatabase(`rk_enqueue_${process.pid}`);
    const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-enqueue-"));
    try {
      const file = path.join(dir, "requests.jsonl");
      const requests = Array.from({ length: 1500 }, (_, i) =>
        approvedRequest(`same-${i}`, {
          platform: PLATFORMS[i % PLATFORMS.length],
          targets: i % 10 === 0 ? 6 : 1,
        }),
      );
      fs.writeFileSync(file, `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`);
      // The store's schema first, so both processes race on the requests rather than on the migration.
      await (await openPostgresStore({ connectionString: url })).close();
      const go = path.join(dir, "go");
      const workers = ["enqueue-a", "enqueue-b"].map((workerId) =>
        spawnWorker({
          store: url,
          baseUrl: mock.url,
          workerId,
          requestsFile: file,
          enqueueOnly: true,
          startWhenExists: go,
        }),
      );
      // Both ready, then both start on the same line.
      await Promise.all(workers.map((worker) => worker.line((line) => line.includes('"waiting"'))));
      fs.writeFileSync(go, "");
      const results = await Promise.all(workers.map((worker) => worker.exited));
      const counts = results.map((result) => {
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { enqueued: number; existing: number };
      });
      expect(counts[0]!.enqueued + counts[1]!.enqueued).toBe(1500);
      expect(counts[0]!.existing + counts[1]!.existing).toBe(1500);
      const store = await openPostgresStore({ connectionString: url });
      try {
        const jobs = await store.listJobs();
        expect(jobs).toHaveLength(requests.reduce((sum, r) => sum + Math.ceil(r.targets.length / 5), 0));
        expect(new Set(jobs.map((job) => job.idempotencyKey)).size).toBe(jobs.length);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

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

/**
 * Kill the worker process (SIGKILL) at random points while it sends 1,000 requests across six loopback
 * platforms, restart it, and let it finish: every request must be submitted exactly once on the
 * platforms' own records (by idempotency key and by target), and every event must be in the store.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type ReferralRequest, requestState } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../support/mock-server.js";
import { approvedRequest, PLATFORMS } from "../support/requests.js";
import { spawnWorker } from "./spawn.js";

const COUNT = 1000;
const seed = Number(process.env.REFERRAL_KIT_KILL_SEED ?? Date.now() % 100_000);

/** Small deterministic PRNG, so a failing run can be replayed with REFERRAL_KIT_KILL_SEED. */
function random(seedValue: number): () => number {
  let state = seedValue >>> 0 || 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

let mock: MockServer;
let root: string;
let requestsFile: string;
let requests: ReferralRequest[];

beforeAll(async () => {
  mock = await startMockServer();
  mock.latencyMs = 1;
  root = fs.mkdtempSync(path.join(tmpdir(), "rk-kill-"));
  requestsFile = path.join(root, "requests.jsonl");
  // Every 9th request has 7 targets: two calls (the adapter takes 5 per call).
  requests = Array.from({ length: COUNT }, (_, i) =>
    approvedRequest(`req-${String(i).padStart(4, "0")}`, {
      platform: PLATFORMS[i % PLATFORMS.length],
      targets: i % 9 === 0 ? 7 : 1,
    }),
  );
  fs.writeFileSync(requestsFile, `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`);
});

afterAll(async () => {
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  exited: Promise<unknown>,
): Promise<boolean> {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !done) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return condition();
}

describe(`kill -9 and restart (seed ${seed})`, () => {
  it("submits every request exactly once across kills at random points", async () => {
    const store = path.join(root, "store");
    const jobsTotal = requests.reduce((sum, r) => sum + Math.ceil(r.targets.length / 5), 0);
    const next = random(seed);
    const killPoints = Array.from({ length: 4 }, () => Math.floor(20 + next() * (jobsTotal - 40))).sort(
      (a, b) => a - b,
    );
    const kills: { at: number; created: number }[] = [];
    for (const point of killPoints) {
      const worker = spawnWorker({ store, baseUrl: mock.url, requestsFile });
      const reached = await waitFor(() => mock.reports.size >= point, 60_000, worker.exited);
      worker.child.kill("SIGKILL");
      const result = await worker.exited;
      expect(reached, `worker ended before kill point ${point}: ${result.stderr}`).toBe(true);
      expect(result.signal).toBe("SIGKILL");
      kills.push({ at: point, created: mock.reports.size });
    }
    const last = spawnWorker({ store, baseUrl: mock.url, requestsFile });
    const result = await last.exited;
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
      summary: { remaining: number };
    };
    expect(summary.summary.remaining).toBe(0);

    // The platforms' own records: one report per job, one per target, never two.
    expect(mock.reports.size).toBe(jobsTotal);
    const targets = requests.reduce((sum, r) => sum + r.targets.length, 0);
    expect(mock.perTarget.size).toBe(targets);
    expect([...mock.perTarget.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    const repeats = mock.posts.length - mock.reports.size;

    // The store: every request submitted, with the key and reference the platform has.
    const opened = await openStore(store);
    try {
      for (const request of requests) {
        const stored = (await opened.getRequest(request.id))!;
        expect(stored.events.map((e) => e.type)).toEqual(["drafted", "approved", "submitted"]);
        expect(requestState(stored).status).toBe("submitted");
        const submitted = stored.events[2]!;
        const report = mock.reports.get(submitted.type === "submitted" ? submitted.idempotencyKey! : "")!;
        expect(report.requestId).toBe(request.id);
        expect(submitted.type === "submitted" && submitted.platformRef).toBe(report.id);
      }
      const jobs = await opened.listJobs();
      expect(jobs).toHaveLength(jobsTotal);
      for (const job of jobs) {
        expect(job.state).toBe("submitted");
        expect(job.receipt?.platformRef).toBe(mock.reports.get(job.idempotencyKey)?.id);
      }
      expect((await opened.counts(undefined, Date.now())).queued).toBe(0);
    } finally {
      await opened.close();
    }
    console.info(
      `kill test seed ${seed}: kills at ${kills.map((k) => `${k.at} (${k.created} created)`).join(", ")}; ` +
        `${mock.posts.length} POSTs for ${mock.reports.size} reports (${repeats} repeated keys, answered idempotently)`,
    );
  }, 120_000);
});

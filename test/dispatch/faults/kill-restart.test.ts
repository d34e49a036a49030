/**
 * Kill the worker process (SIGKILL) at random points while it sends 1,000 requests to the six platform
 * mocks, restart it, and let it finish: every request must be submitted exactly once on the platforms'
 * own records (by idempotency key and by target), and every event must be in the store.
 *
 * The platforms are the project's sandbox (`startSandbox`: the real msw platform mocks served over HTTP on
 * 127.0.0.1), started here, in the test process, with a clean scenario (no injected faults, clocks
 * standing still, so every submit is accepted and nothing is decided meanwhile). The worker processes
 * (worker.ts, `adapters: "sandbox"`) get only its URLs and credentials, and submit through the six
 * reference adapters (WhatsApp over its HTTP API), with the published rate limits lifted. The checks read
 * the mocks' own records (`sandbox.mocks.<id>`): the submissions each platform created, under which
 * idempotency key and for which targets, and every submit call that reached it (a repeated key must have
 * been answered as a replay, with the same reference, creating nothing). The kill points are counts of
 * reports the mocks created, drawn from a seed (REFERRAL_KIT_KILL_SEED=<seed> replays a run).
 *
 * This replaces the same test against a generic loopback stand-in (support/mock-server.ts), written
 * before the sandbox existed; that stand-in stays for storm-and-abort and postgres-workers, which need
 * per-call faults of their own.
 */

import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { KnownPlatformId, type ReferralRequest, requestState, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { type MockSubmission, type Sandbox, startSandbox } from "referral-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBatches } from "../../../src/dispatch/batching.js";
import { idempotencyKey } from "../../../src/dispatch/store/keys.js";
import { sandboxAdapters, sandboxConnection, sandboxRequests } from "../support/sandbox-platforms.js";
import { spawnWorker } from "./spawn.js";

const COUNT = 1000;
const KILLS = 4;
/** Calls the worker can have in flight at once: six platforms at the worker's concurrency of 4. */
const IN_FLIGHT_AT_MOST = 6 * 4;
const seed = Number(process.env.REFERRAL_KIT_KILL_SEED ?? Date.now() % 100_000);

/** Small deterministic PRNG, so a failing run can be replayed with REFERRAL_KIT_KILL_SEED. */
function random(seedValue: number): () => number {
  let state = seedValue >>> 0 || 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** One submit call the dispatcher owes: a request's batch, under its key, on its platform. */
interface ExpectedJob {
  readonly request: ReferralRequest;
  readonly batch: number;
  readonly key: string;
  readonly targetKeys: readonly string[];
}

let sandbox: Sandbox;
let root: string;
let requestsFile: string;
let requests: ReferralRequest[];
const expectedJobs = new Map<string, ExpectedJob>();

beforeAll(async () => {
  // A clean scenario: the sandbox injects faults only when told to, adds no latency, does not enforce
  // the published rate limits, and with speed 0 its clocks stand still (no decisions while we run).
  sandbox = await startSandbox({ port: 0, scenario: { name: "kill-restart (clean)", speed: 0 } });
  expect(sandbox.speed).toBe(0);
  for (const mock of Object.values(sandbox.mocks)) expect(mock.pendingInjections()).toEqual([]);
  root = fs.mkdtempSync(path.join(tmpdir(), "rk-kill-"));
  requestsFile = path.join(root, "requests.jsonl");
  // The adapters built here are only read for their capabilities: the workers build their own.
  const adapters = sandboxAdapters(sandboxConnection(sandbox));
  requests = sandboxRequests(adapters, COUNT);
  const perCall = new Map(adapters.map((a) => [a.platform, a.capabilities.maxTargetsPerCall]));
  for (const request of requests) {
    planBatches(request.targets, perCall.get(request.platform)!).forEach((targetKeys, batch) => {
      const key = idempotencyKey(request.id, batch, 0);
      expectedJobs.set(key, { request, batch, key, targetKeys });
    });
  }
  fs.writeFileSync(requestsFile, `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`);
  // The store is made here (initdb takes seconds, more on a busy machine), so the kills land in sending.
  await (await openStore(path.join(root, "store"))).close();
}, 180_000);

afterAll(async () => {
  await sandbox?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Submit calls the six mocks answered as replays of an earlier call under the same key, so far. */
function replays(): number {
  let total = 0;
  for (const mock of Object.values(sandbox.mocks)) {
    for (const record of mock.records) if (record.operation === "submit" && record.replayed) total += 1;
  }
  return total;
}

/** Reports the six mocks created so far (replays create none). */
function created(): number {
  let total = 0;
  for (const mock of Object.values(sandbox.mocks)) total += mock.createdReferences().length;
  return total;
}

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

describe(`kill -9 and restart against the sandbox (seed ${seed})`, () => {
  it("submits every request exactly once on the six mocks across kills at random points", async () => {
    const started = Date.now();
    const store = path.join(root, "store");
    const connection = sandboxConnection(sandbox);
    const jobsTotal = expectedJobs.size;
    const multiCall = requests.filter((r) => r.targets.length > 1).length;
    // One kill point in each quarter of [20, jobsTotal - 20], so the kills spread over the whole run.
    const next = random(seed);
    const span = (jobsTotal - 40) / KILLS;
    const killPoints = Array.from({ length: KILLS }, (_, k) => Math.floor(20 + span * (k + next())));
    const kills: { at: number; created: number; replays: number }[] = [];
    for (const point of killPoints) {
      const before = created();
      const worker = spawnWorker({ store, adapters: "sandbox", sandbox: connection, requestsFile });
      // At the point, and after this worker created at least one report: always killed while sending.
      const reached = await waitFor(() => created() >= Math.max(point, before + 1), 120_000, worker.exited);
      worker.child.kill("SIGKILL");
      const result = await worker.exited;
      expect(reached, `worker ended before kill point ${point}: ${result.stderr}`).toBe(true);
      expect(result.signal).toBe("SIGKILL");
      kills.push({ at: Math.max(point, before + 1), created: created(), replays: replays() });
    }
    const last = spawnWorker({ store, adapters: "sandbox", sandbox: connection, requestsFile });
    const result = await last.exited;
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
      summary: { remaining: number; failed: number };
    };
    expect(summary.summary).toMatchObject({ remaining: 0, failed: 0 });

    // The platforms' own records: one submission per job, on its platform, under its key, with its
    // targets; every target in exactly one submission; nothing else created.
    const refOf = new Map<string, string>();
    const perTarget = new Map<string, number>();
    let submissions = 0;
    let submitCalls = 0;
    const repeats: Record<string, number> = {};
    for (const platform of KnownPlatformId.options) {
      const mock = sandbox.mocks[platform];
      const all: readonly MockSubmission[] = mock.submissions();
      submissions += all.length;
      for (const submission of all) {
        const key = submission.idempotencyKey ?? "(no key)";
        const job = expectedJobs.get(key);
        expect(job, `${platform} created ${submission.ref} under an unexpected key ${key}`).toBeDefined();
        expect(job!.request.platform).toBe(platform);
        expect(refOf.has(key), `${platform} created two reports under ${key}`).toBe(false);
        refOf.set(key, submission.ref);
        expect(submission.kind).toBe(job!.request.kind);
        expect(submission.targets.map((t) => t.key)).toEqual(job!.targetKeys);
        for (const target of submission.targets) {
          const id = `${platform}|${target.key}`;
          perTarget.set(id, (perTarget.get(id) ?? 0) + 1);
        }
      }
      for (const [key, refs] of mock.submissionsByIdempotencyKey()) {
        expect(refs, `${platform}: references created under ${key}`).toHaveLength(1);
      }
      // Every submit call that reached the mock: the first under a key created the report; any later one
      // must have been a replay of the same answer (same reference), never a second report or a conflict.
      const firstCalls = new Set<string>();
      repeats[platform] = 0;
      for (const record of mock.records) {
        if (record.operation !== "submit") continue;
        submitCalls += 1;
        const key = record.idempotencyKey ?? "(no key)";
        expect(record.status, `${platform} answered ${record.status} to ${key}`).toBeGreaterThanOrEqual(200);
        expect(record.status, `${platform} answered ${record.status} to ${key}`).toBeLessThan(300);
        expect(record.platformRef, `${platform}: the call under ${key}`).toBe(refOf.get(key));
        if (record.replayed) repeats[platform] += 1;
        else {
          expect(firstCalls.has(key), `${platform} handled ${key} twice, not as a replay`).toBe(false);
          firstCalls.add(key);
        }
      }
    }
    expect(submissions).toBe(jobsTotal);
    expect(refOf.size).toBe(jobsTotal);
    const targets = requests.reduce((sum, r) => sum + r.targets.length, 0);
    expect(perTarget.size).toBe(targets);
    expect([...perTarget.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    for (const request of requests) {
      for (const entry of request.targets) {
        expect(perTarget.get(`${request.platform}|${targetKey(entry.target)}`)).toBe(1);
      }
    }

    // The store: every request submitted, with the key and reference the platform holds.
    const opened = await openStore(store);
    try {
      for (const request of requests) {
        const stored = (await opened.getRequest(request.id))!;
        expect(stored.events.map((e) => e.type)).toEqual(["drafted", "approved", "submitted"]);
        expect(requestState(stored).status).toBe("submitted");
        const submitted = stored.events[2]!;
        if (submitted.type !== "submitted") throw new Error("unreachable");
        const firstKey = idempotencyKey(request.id, 0, 0);
        expect(submitted.idempotencyKey).toBe(firstKey);
        expect(submitted.platformRef).toBe(refOf.get(firstKey));
        const refs = [...expectedJobs.values()]
          .filter((job) => job.request === request)
          .map((job) => refOf.get(job.key));
        if (refs.length > 1)
          expect(submitted.note).toBe(`submitted in ${refs.length} calls: ${refs.join(", ")}`);
      }
      const jobs = await opened.listJobs();
      expect(jobs).toHaveLength(jobsTotal);
      for (const job of jobs) {
        expect(job.state).toBe("submitted");
        expect(job.platform).toBe(expectedJobs.get(job.idempotencyKey)?.request.platform);
        expect(job.receipt?.platformRef).toBe(refOf.get(job.idempotencyKey));
      }
      expect((await opened.counts(undefined, Date.now())).queued).toBe(0);
    } finally {
      await opened.close();
    }
    const repeated = Object.values(repeats).reduce((sum, n) => sum + n, 0);
    // Replays each restarted worker sent, from the platforms' own records: the calls the killed one had
    // in flight. Outcomes are written before more calls start, so never more than the calls that can be
    // in flight at once: the six platforms' concurrency together.
    const sentAgain = kills.map((kill, k) => (kills[k + 1]?.replays ?? repeated) - kill.replays);
    for (const [k, count] of sentAgain.entries()) {
      expect(count, `keys sent again after kill ${k + 1}`).toBeLessThanOrEqual(IN_FLIGHT_AT_MOST);
    }
    expect(repeated).toBeLessThanOrEqual(KILLS * IN_FLIGHT_AT_MOST);
    console.info(
      `kill test seed ${seed}: ${COUNT} requests (${multiCall} in several calls), ${jobsTotal} jobs, ` +
        `${targets} targets; kills at ${kills.map((k) => `${k.at} (${k.created} created)`).join(", ")}; ` +
        `${submitCalls} submit calls for ${submissions} reports on the six mocks (${repeated} repeated keys, ` +
        `answered as replays: ${KnownPlatformId.options.map((p) => `${p} ${repeats[p]}`).join(", ")}; ` +
        `after each kill: ${sentAgain.join(", ")}); ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 400_000);
});

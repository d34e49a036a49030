/**
 * dispatch.bench: requests through the dispatcher and the embedded store against a loopback platform,
 * versus a raw ky loop with the same concurrency in the same run (goal: at least 0.8× the raw
 * throughput), and peak RSS at 1k and 10k requests (goal: memory flat as the batch grows).
 *
 * The platform is the loopback mock of the dispatch fault tests (six platforms on one node:http
 * server, idempotency modelled), until the project's sandbox server exists. Each size runs in its own
 * process, so peak RSS is that size's alone. Store creation (PGlite's initdb, seconds, once per store)
 * is reported but not timed into the throughput; enqueueing is reported separately.
 *
 * Run: `npx tsx bench/dispatch.bench.ts` (or `npm run bench dispatch`). Exit code 1 when a goal fails.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ky from "ky";
import { type ReferralRequest, targetKey } from "referral-kit";
import { createDispatcher, createMemoryStore, openPgliteStore } from "referral-kit/dispatch";
import { loopbackAdapter } from "../test/dispatch/support/http-adapter.js";
import { startMockServer } from "../test/dispatch/support/mock-server.js";
import { approvedRequest, PLATFORMS } from "../test/dispatch/support/requests.js";

const CONCURRENCY = 4; // per platform, on both sides
const SIZES = [1000, 10_000];

interface Result {
  size: number;
  rawPerSecond: number;
  dispatchPerSecond: number;
  memoryStorePerSecond: number;
  enqueueMs: number;
  createStoreMs: number;
  peakRssMb: number;
}

async function rawLoop(url: string, requests: readonly ReferralRequest[], prefix: string): Promise<void> {
  await Promise.all(
    PLATFORMS.map(async (platform) => {
      const mine = requests.filter((request) => request.platform === platform);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < mine.length) {
            const request = mine[next++]!;
            await ky
              .post(`${url}/${platform}/reports`, {
                json: { requestId: request.id, targets: request.targets.map((t) => targetKey(t.target)) },
                headers: { "idempotency-key": `${prefix}:${request.id}` },
                retry: 0,
              })
              .json();
          }
        }),
      );
    }),
  );
}

async function measure(size: number): Promise<Result> {
  const mock = await startMockServer();
  const requests = Array.from({ length: size }, (_, i) =>
    approvedRequest(`bench-${i}`, { platform: PLATFORMS[i % PLATFORMS.length] }),
  );

  // Baseline: the least any sender must do, a ky POST per request with an idempotency key, the same
  // number of calls in flight per platform. A first round of 300 warms up JIT and connections, so the
  // side measured first is not penalised.
  await rawLoop(mock.url, requests.slice(0, 300), "warm");
  const rawStart = performance.now();
  await rawLoop(mock.url, requests, "raw");
  const rawMs = performance.now() - rawStart;

  const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-bench-"));
  const createStart = performance.now();
  const store = await openPgliteStore({ path: path.join(dir, "store") });
  const createStoreMs = performance.now() - createStart;
  const dispatcher = createDispatcher({
    adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, mock.url)),
    store,
    limits: { default: { concurrency: CONCURRENCY } },
  });
  const enqueueStart = performance.now();
  await dispatcher.enqueue(requests);
  const enqueueMs = performance.now() - enqueueStart;
  const runStart = performance.now();
  const summary = await dispatcher.run();
  const runMs = performance.now() - runStart;
  if (summary.submitted !== size) throw new Error(`only ${summary.submitted} of ${size} submitted`);
  await store.close();

  // For context: the same dispatcher over the memory store, to show what the durable store costs.
  const memoryDispatcher = createDispatcher({
    adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, mock.url)),
    store: createMemoryStore(),
    limits: { default: { concurrency: CONCURRENCY } },
  });
  await memoryDispatcher.enqueue(requests.map((request) => ({ ...request, id: `mem-${request.id}` })));
  const memoryStart = performance.now();
  await memoryDispatcher.run();
  const memoryMs = performance.now() - memoryStart;
  await mock.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    size,
    rawPerSecond: (size / rawMs) * 1000,
    dispatchPerSecond: (size / runMs) * 1000,
    memoryStorePerSecond: (size / memoryMs) * 1000,
    enqueueMs,
    createStoreMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const sizeArg = process.argv.indexOf("--size");
if (sizeArg >= 0) {
  const result = await measure(Number(process.argv[sizeArg + 1]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const here = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const size of SIZES) {
    const child = spawnSync(process.execPath, ["--import", "tsx", here, "--size", String(size)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result);
  }
  console.log(
    "size    raw req/s  dispatch req/s  ratio  enqueue  store creation  peak RSS  (memory store req/s)",
  );
  for (const r of results) {
    console.log(
      `${String(r.size).padStart(6)}  ${r.rawPerSecond.toFixed(0).padStart(9)}  ${r.dispatchPerSecond
        .toFixed(0)
        .padStart(14)}  ${(r.dispatchPerSecond / r.rawPerSecond).toFixed(2).padStart(5)}  ${(
        r.enqueueMs / 1000
      )
        .toFixed(1)
        .padStart(
          6,
        )}s  ${(r.createStoreMs / 1000).toFixed(1).padStart(13)}s  ${r.peakRssMb.toFixed(0).padStart(5)} MB  (${r.memoryStorePerSecond.toFixed(0)})`,
    );
  }
  const ratio = Math.min(...results.map((r) => r.dispatchPerSecond / r.rawPerSecond));
  const [small, large] = results;
  const growth = large!.peakRssMb / small!.peakRssMb;
  console.log(`goal throughput >= 0.8x raw: ${ratio.toFixed(2)}x ${ratio >= 0.8 ? "PASS" : "FAIL"}`);
  console.log(
    `goal memory flat (10k vs 1k peak RSS): ${growth.toFixed(2)}x ${growth <= 1.5 ? "PASS" : "FAIL"}`,
  );
  process.exitCode = ratio >= 0.8 && growth <= 1.5 ? 0 : 1;
}

/**
 * dispatch.bench: requests through the dispatcher and the embedded store against a loopback platform,
 * versus a raw ky loop with the same concurrency in the same run (goal: at least 0.8× the raw
 * throughput), and peak RSS at 1k and 10k requests (goal: memory flat as the batch grows). After a
 * warm-up, three rounds alternate the two sides on fresh requests; the median per-round ratio counts.
 * Each round also runs the dispatcher over the memory store, for the ceiling without a durable store.
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
  /** Median of the per-round ratios dispatcher / raw. */
  ratio: number;
  ratios: number[];
  memoryStorePerSecond: number;
  /** Median of the per-round ratios dispatcher over the memory store / raw: the ceiling without the store. */
  memoryRatio: number;
  memoryRatios: number[];
  enqueueMs: number;
  createStoreMs: number;
  /** Peak RSS while the embedded store's rounds ran (sampled every 20 ms). */
  peakRssMb: number;
  /** The process's peak RSS, memory-store rounds included (which hold a whole batch in memory). */
  processPeakRssMb: number;
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

const ROUNDS = 3;

async function measure(size: number): Promise<Result> {
  const mock = await startMockServer();
  const batch = (round: string) =>
    Array.from({ length: size }, (_, i) =>
      approvedRequest(`${round}-${i}`, { platform: PLATFORMS[i % PLATFORMS.length] }),
    );
  const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-bench-"));
  const createStart = performance.now();
  const store = await openPgliteStore({ path: path.join(dir, "store") });
  const createStoreMs = performance.now() - createStart;
  const adapters = PLATFORMS.map((platform) => loopbackAdapter(platform, mock.url));
  const limits = { default: { concurrency: CONCURRENCY } };
  const dispatcher = createDispatcher({ adapters, store, limits });

  // Warm-up of both sides (JIT, connections), then rounds that alternate the raw loop and the dispatcher
  // on fresh requests: on a shared machine the load moves between seconds, so each round's ratio is
  // measured side by side and the median is reported.
  await rawLoop(mock.url, batch("warm").slice(0, 300), "warm");
  await dispatcher.enqueue(batch("warm").slice(0, 300));
  await dispatcher.run();
  // The same dispatcher over the memory store, measured in every round beside the other two: it shows
  // what the durable store costs, and what the dispatcher and the adapter toolkit cost without it.
  const memoryDispatcher = () => createDispatcher({ adapters, store: createMemoryStore(), limits });
  const warmMemory = memoryDispatcher();
  await warmMemory.enqueue(batch("warm-mem").slice(0, 300));
  await warmMemory.run();
  // Peak RSS of the embedded store's rounds only: the memory store holds a whole batch in memory by design.
  let peakRss = process.memoryUsage().rss;
  let sampler: ReturnType<typeof setInterval> | undefined;
  const sampling = (on: boolean) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (on) sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    else clearInterval(sampler);
  };
  const ratios: number[] = [];
  const raws: number[] = [];
  const dispatches: number[] = [];
  const memoryRatios: number[] = [];
  const memories: number[] = [];
  let enqueueMs = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const requests = batch(`r${round}`);
    const rawStart = performance.now();
    await rawLoop(mock.url, requests, "raw");
    const raw = (size / (performance.now() - rawStart)) * 1000;
    sampling(true);
    const enqueueStart = performance.now();
    await dispatcher.enqueue(requests);
    enqueueMs += performance.now() - enqueueStart;
    const runStart = performance.now();
    const summary = await dispatcher.run();
    const dispatched = (size / (performance.now() - runStart)) * 1000;
    sampling(false);
    if (summary.submitted !== size) throw new Error(`only ${summary.submitted} of ${size} submitted`);
    raws.push(raw);
    dispatches.push(dispatched);
    ratios.push(dispatched / raw);
    const onMemory = memoryDispatcher();
    await onMemory.enqueue(batch(`m${round}`));
    const memoryStart = performance.now();
    await onMemory.run();
    const memory = (size / (performance.now() - memoryStart)) * 1000;
    memories.push(memory);
    memoryRatios.push(memory / raw);
  }
  await store.close();
  await mock.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    size,
    rawPerSecond: median(raws),
    dispatchPerSecond: median(dispatches),
    ratio: median(ratios),
    ratios,
    memoryStorePerSecond: median(memories),
    memoryRatio: median(memoryRatios),
    memoryRatios,
    enqueueMs: enqueueMs / ROUNDS,
    createStoreMs,
    peakRssMb: peakRss / 2 ** 20,
    processPeakRssMb: process.resourceUsage().maxRSS / 1024,
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
    "size    raw req/s  dispatch req/s  ratio  enqueue  store creation  peak RSS  (memory store req/s, ratio)",
  );
  for (const r of results) {
    console.log(
      `${String(r.size).padStart(6)}  ${r.rawPerSecond.toFixed(0).padStart(9)}  ${r.dispatchPerSecond
        .toFixed(0)
        .padStart(14)}  ${r.ratio.toFixed(2).padStart(5)}  ${(r.enqueueMs / 1000)
        .toFixed(1)
        .padStart(
          6,
        )}s  ${(r.createStoreMs / 1000).toFixed(1).padStart(13)}s  ${r.peakRssMb.toFixed(0).padStart(5)} MB  (${r.memoryStorePerSecond.toFixed(0)}, ${r.memoryRatio.toFixed(2)})`,
    );
  }
  const ratio = Math.min(...results.map((r) => r.ratio));
  for (const r of results) {
    console.log(
      `${r.size}: process peak RSS ${r.processPeakRssMb.toFixed(0)} MB (memory-store rounds included); per-round ratios ${r.ratios.map((x) => x.toFixed(2)).join(", ")} (memory store: ${r.memoryRatios
        .map((x) => x.toFixed(2))
        .join(", ")})`,
    );
  }
  const [small, large] = results;
  const growth = large!.peakRssMb / small!.peakRssMb;
  console.log(`goal throughput >= 0.8x raw: ${ratio.toFixed(2)}x ${ratio >= 0.8 ? "PASS" : "FAIL"}`);
  console.log(
    `goal memory flat (10k vs 1k peak RSS): ${growth.toFixed(2)}x ${growth <= 1.5 ? "PASS" : "FAIL"}`,
  );
  process.exitCode = ratio >= 0.8 && growth <= 1.5 ? 0 : 1;
}

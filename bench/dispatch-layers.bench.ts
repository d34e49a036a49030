/**
 * dispatch-layers.bench: where the gap between the dispatcher and the raw ky loop goes (dispatch.bench
 * holds the goal; this one judges nothing). Four ways to send the same kind of requests to the sandbox
 * (bench/support/sandbox-server.ts), each a layer on the one before:
 *
 * - `raw`: the raw ky loop of dispatch.bench (the HTTP call each adapter makes, bodies precompiled);
 * - `adapters`: the six reference adapters' `submit` in a plain loop, with one long-lived signal as the
 *   dispatcher passes (wire mapping, the HTTP toolkit, response validation, receipts);
 * - `memory`: the dispatcher over the memory store (claims, outcomes, events, progress);
 * - `embedded`: the dispatcher over the embedded PGlite store (the durable outbox on its own thread).
 *
 * Why a separate benchmark: the machine's speed moves by 10-30% between phases seconds apart, more than
 * most layers cost, so separate processes (or one phase each) cannot tell the layers apart. Here every
 * round runs the four phases in one process on fresh requests, each on a collected heap, in orders that
 * balance position and predecessor over four rounds (a Williams square), and each step's ratio (a
 * layer's throughput over the layer below) is taken within the round; the mean and a 95% interval over
 * the rounds are printed. Same concurrency everywhere (4 per platform), rate limits
 * lifted as in dispatch.bench; enqueueing and store creation are not timed.
 *
 * Run: `npx tsx bench/dispatch-layers.bench.ts [--size 2000] [--rounds 8]` (or `npm run bench layers`).
 */
import { setMaxListeners } from "node:events";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { ReferralRequest } from "referral-kit";
import type { ReportingAdapter } from "referral-kit/adapter";
import {
  createDispatcher,
  createMemoryStore,
  openPgliteStore,
  type RequestStore,
} from "referral-kit/dispatch";
import { collectGarbage } from "./support/collect-garbage.js";
import { positiveIntegerOption } from "./support/options.js";
import { startSandboxServer } from "./support/sandbox-server.js";

const CONCURRENCY = 4;
const LIMITS = {
  default: { concurrency: CONCURRENCY, rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }] },
};
const LAYERS = ["raw", "adapters", "memory", "embedded"] as const;
type Layer = (typeof LAYERS)[number];

const option = (name: string, fallback: number) =>
  positiveIntegerOption("dispatch-layers.bench", name, fallback);
const size = option("--size", 2000);
const rounds = option("--rounds", 8);

// In process, as this bench was measured (bench/RESULTS.md): its steps are ratios within one process.
const server = await startSandboxServer("in-process");
const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-bench-layers-"));
const embedded = await openPgliteStore({ path: path.join(dir, "store") });
// The dispatcher hands every call one long-lived signal (its run's); the adapter loop does the same, so
// the step from `adapters` to `memory` is the dispatcher's own work.
const runSignal = new AbortController().signal;
setMaxListeners(0, runSignal);

/** The adapters alone: `concurrency` calls in flight per platform, one call per request. */
async function adapterLoop(requests: readonly ReferralRequest[], prefix: string): Promise<void> {
  await Promise.all(
    server.adapters.map(async (adapter: ReportingAdapter) => {
      const mine = requests.filter((request) => request.platform === adapter.platform);
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < mine.length) {
            const request = mine[next++]!;
            await adapter.submit(
              { request, targets: request.targets },
              { idempotencyKey: `${prefix}:${request.id}`, signal: runSignal },
            );
          }
        }),
      );
    }),
  );
}

async function dispatch(
  store: RequestStore,
  requests: readonly ReferralRequest[],
): Promise<() => Promise<void>> {
  const dispatcher = createDispatcher({ adapters: server.adapters, store, limits: LIMITS });
  await dispatcher.enqueue(requests);
  return async () => {
    const summary = await dispatcher.run();
    if (summary.submitted !== requests.length || summary.failed > 0) {
      throw new Error(
        `dispatcher: ${summary.submitted} of ${requests.length} submitted, ${summary.failed} failed`,
      );
    }
  };
}

let phase = 0;
/** One timed phase of `layer` on `count` fresh requests; returns requests per second. */
async function measure(layer: Layer, count: number): Promise<number> {
  const tag = `${layer}${phase++}`;
  const requests = server.batch(tag, count);
  await server.reset();
  // Enqueueing is set up before the clock starts, as in dispatch.bench.
  const send =
    layer === "raw"
      ? () => server.raw(requests, tag, CONCURRENCY)
      : layer === "adapters"
        ? () => adapterLoop(requests, tag)
        : await dispatch(layer === "memory" ? createMemoryStore() : embedded, requests);
  // Each phase starts on a collected heap: it pays for neither the phase before nor its own enqueueing.
  collectGarbage();
  const started = performance.now();
  await send();
  const perSecond = (count / (performance.now() - started)) * 1000;
  await server.check(requests, layer);
  return perSecond;
}

// Warm-up (JIT, connections, the store's first statements), not reported.
for (const layer of LAYERS) await measure(layer, 300);

// A Williams square: over four rounds each layer runs in each position once and right after each other
// layer once, so neither a position nor the phase before weighs on one layer more than another.
const ORDERS = [
  [0, 1, 3, 2],
  [1, 2, 0, 3],
  [2, 3, 1, 0],
  [3, 0, 2, 1],
] as const;
const rates: Record<Layer, number[]> = { raw: [], adapters: [], memory: [], embedded: [] };
for (let round = 0; round < rounds; round += 1) {
  for (const index of ORDERS[round % ORDERS.length]!) {
    const layer = LAYERS[index]!;
    rates[layer].push(await measure(layer, size));
  }
}
await embedded.close();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });

/** Mean and 95% half-interval (Student's t) of per-round values. */
function summary(values: readonly number[]): { mean: number; half: number } {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, half: Number.NaN };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  // Two-sided 97.5% quantiles of Student's t for 1..29 degrees of freedom; 1.96 beyond.
  const T = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13];
  const t = T[n - 2] ?? (n <= 30 ? 2.09 : 1.96);
  return { mean, half: (t * Math.sqrt(variance)) / Math.sqrt(n) };
}
const ratio = (upper: Layer, lower: Layer) =>
  summary(rates[upper].map((rate, round) => rate / rates[lower][round]!));
const format = ({ mean, half }: { mean: number; half: number }) =>
  Number.isNaN(half)
    ? `${mean.toFixed(3)} (one round: no interval)`
    : `${mean.toFixed(3)} ± ${half.toFixed(3)}`;

console.log(
  `dispatch-layers.bench: the sandbox, ${CONCURRENCY} in flight per platform, ${rounds} rounds of ${size} requests per layer`,
);
console.log("layer      req/s (mean)  µs per request");
for (const layer of LAYERS) {
  const { mean } = summary(rates[layer]);
  console.log(`${layer.padEnd(9)}  ${mean.toFixed(0).padStart(12)}  ${(1e6 / mean).toFixed(0).padStart(14)}`);
}
console.log("step (throughput ratio within each round, mean ± 95% interval)");
console.log(
  `  adapters / raw        ${format(ratio("adapters", "raw"))}   (wire mapping, HTTP toolkit, validation)`,
);
console.log(`  memory / adapters     ${format(ratio("memory", "adapters"))}   (the dispatcher's own work)`);
console.log(`  embedded / memory     ${format(ratio("embedded", "memory"))}   (the durable store)`);
console.log(
  `  embedded / raw        ${format(ratio("embedded", "raw"))}   (all of it; at ${size}, not 10,000)`,
);

/**
 * One dispatch run in its own process, for the dispatch benchmarks that measure a whole process (peak
 * RSS, several workers): opens the store, enqueues `size` approved requests over the six platforms in
 * chunks (never all in memory at once), runs the dispatcher against the loopback platform at `url`, and
 * prints one JSON line: what it sent itself, how long the run took, and the process's peak RSS.
 * With `enqueue: false` it only runs (another process enqueued); with `startAt` it waits until then, so
 * several workers start together.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createDispatcher, openPgliteStore, openStore, type RequestStore } from "referral-kit/dispatch";
import { loopbackAdapter } from "../../test/dispatch/support/http-adapter.js";
import { approvedRequest, PLATFORMS } from "../../test/dispatch/support/requests.js";
import { collectGarbage } from "./collect-garbage.js";

export interface PhaseConfig {
  url: string;
  size: number;
  /** `pglite` (a fresh embedded store in a temporary directory), `memory`, or a PostgreSQL URL. */
  store: string;
  concurrency: number;
  fsync?: boolean;
  threadNice?: number;
  outcomes?: "durable" | "batched";
  enqueue?: boolean;
  run?: boolean;
  workerId?: string;
  startAt?: number;
  tag?: string;
  /** Times the store's claims and settles (count, total and longest ms, outcomes per settle), printed in `profile`. */
  profile?: boolean;
}

export interface PhaseResult {
  size: number;
  submitted: number;
  runMs: number;
  enqueueMs: number;
  perSecond: number;
  rssPeakMb: number;
  /** `process.memoryUsage()` at the end, in MB (heap, external memory such as PGlite's WebAssembly heap). */
  endMb: Record<string, number>;
  /** The main thread's V8 heap at its largest, in MB (sampled every 250 ms). */
  heapPeakMb: number;
  /** The main thread's heap still in use after the run, once garbage is collected (what it holds), in MB. */
  heapLiveMb: number;
  /** The process's RSS before the store was opened (Node, tsx, the modules loaded), in MB. */
  baseRssMb: number;
  /** With `profile`: per store method, calls, total and longest ms, and items (jobs claimed, outcomes settled). */
  profile?: Record<string, { calls: number; totalMs: number; maxMs: number; items: number }>;
  /** With `profile`: CPU seconds of the process's threads during the run, by thread name (Linux only). */
  threadCpu?: Record<string, number>;
}

const config = JSON.parse(process.argv[2]!) as PhaseConfig;
// The main thread's heap at its largest (sampled): the rest of the peak RSS is the store's thread and
// native memory.
let heapPeakMb = 0;
const sampler = setInterval(() => {
  heapPeakMb = Math.max(heapPeakMb, process.memoryUsage().heapTotal / 1048576);
}, 250);
sampler.unref();
const CHUNK = 1000;
const baseRssMb = Math.round(process.memoryUsage().rss / 1048576);
let dir: string | undefined;
let store: RequestStore;
if (config.store === "pglite") {
  dir = fs.mkdtempSync(path.join(tmpdir(), "rk-bench-store-"));
  store = await openPgliteStore({
    path: path.join(dir, "store"),
    fsync: config.fsync ?? true,
    ...(config.threadNice === undefined ? {} : { threadNice: config.threadNice }),
  });
} else {
  store = await openStore(config.store === "memory" ? "memory:" : config.store);
}
const profile: NonNullable<PhaseResult["profile"]> = {};
if (config.profile) store = profiled(store, profile);
try {
  const dispatcher = createDispatcher({
    adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, config.url)),
    store,
    limits: {
      default: {
        concurrency: config.concurrency,
        rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }],
      },
    },
    ...(config.outcomes ? { outcomes: config.outcomes } : {}),
    ...(config.workerId ? { workerId: config.workerId } : {}),
    pollIntervalMs: 50,
  });
  const tag = config.tag ?? `m${process.pid}`;
  const enqueueStarted = Date.now();
  if (config.enqueue !== false) {
    for (let start = 0; start < config.size; start += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, config.size - start) }, (_, i) =>
        approvedRequest(`${tag}-${start + i}`, {
          platform: PLATFORMS[(start + i) % PLATFORMS.length],
        }),
      );
      await dispatcher.enqueue(chunk);
    }
  }
  const enqueueMs = Date.now() - enqueueStarted;
  if (config.startAt)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, config.startAt! - Date.now())));
  const cpuBefore = config.profile ? threadCpu() : {};
  const started = Date.now();
  const summary = config.run === false ? undefined : await dispatcher.run();
  const runMs = Date.now() - started;
  const cpuAfter = config.profile ? threadCpu() : {};
  const rssPeakMb = process.resourceUsage().maxRSS / 1024;
  // Collected only now, after the peak was read: a forced collection during the run would lower it.
  collectGarbage();
  const result: PhaseResult = {
    size: config.size,
    submitted: summary?.submitted ?? 0,
    runMs,
    enqueueMs,
    perSecond: summary ? (summary.submitted / runMs) * 1000 : 0,
    rssPeakMb,
    heapPeakMb: Math.round(heapPeakMb),
    heapLiveMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    baseRssMb,
    ...(config.profile ? { profile, threadCpu: cpuSince(cpuBefore, cpuAfter) } : {}),
    endMb: Object.fromEntries(
      Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]),
    ),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await store.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** The store with its claims and settles timed into `into` (a diagnostic: `profile: true`). */
function profiled(inner: RequestStore, into: NonNullable<PhaseResult["profile"]>): RequestStore {
  const timed =
    <A extends unknown[], R>(
      name: string,
      call: (...args: A) => Promise<R>,
      count: (args: A, result: R) => number,
    ) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      const result = await call(...args);
      const ms = performance.now() - started;
      const key = count(args, result) === 0 ? `${name} (none)` : name;
      const entry = into[key] ?? { calls: 0, totalMs: 0, maxMs: 0, items: 0 };
      into[key] = entry;
      entry.calls += 1;
      entry.totalMs = Math.round(entry.totalMs + ms);
      entry.maxMs = Math.max(entry.maxMs, Math.round(ms));
      entry.items += count(args, result);
      return result;
    };
  return Object.assign(Object.create(inner) as RequestStore, {
    claim: timed("claim", inner.claim.bind(inner), (_args, jobs) => jobs.length),
    settle: timed("settle", inner.settle.bind(inner), ([outcomes]) => outcomes.length),
  });
}

/** CPU seconds so far of each of this process's threads, by `tid name` (from /proc; empty elsewhere). */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of fs.readdirSync("/proc/self/task")) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // utime and stime: fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
      out[`${tid} ${name}`] = (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return out;
}

/** The threads' CPU between two `threadCpu` readings, by thread name, the busiest first. */
function cpuSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    // The main thread and the store's thread are both named `node`: keep them apart by tid.
    const name = key;
    byName[name] = Math.round(((byName[name] ?? 0) + value - (before[key] ?? 0)) * 100) / 100;
  }
  return Object.fromEntries(
    Object.entries(byName)
      .filter(([, v]) => v > 0.05)
      .sort(([, a], [, b]) => b - a),
  );
}

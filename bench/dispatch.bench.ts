/**
 * dispatch.bench: 10,000 requests through the dispatcher (`createDispatcher`) and the embedded store
 * (`openPgliteStore`) against the sandbox on loopback, versus a raw ky loop in the same run. Goal (issue
 * 19): at least 0.8x the raw throughput at 10,000 requests. The 1k ratio is printed beside it but not
 * judged (see the verdict below). Peak RSS is printed, not judged: this process also holds tsx (and the
 * sandbox, with `--server sandbox-in-process`) and the memory-store rounds' garbage, so it is not the memory goal's figure (100,000 requests
 * against 10,000, the dispatcher and its store alone), which dispatch-memory.bench measures and judges.
 *
 * Default, `--server sandbox` (what the goals are judged on): the sandbox (`startSandbox`, the six
 * modelled platform APIs over real HTTP on 127.0.0.1) in a process of its own, and the six reference adapters
 * (`referral-kit/adapters/<platform>`, WhatsApp through its HTTP adapter), requests spread evenly over
 * the six platforms (approved `suspend` requests, one fresh account target each). The raw side makes per
 * request the HTTP call the adapter makes: one probe submit per platform through the adapter, read back
 * from the mock's records, replayed with the request's id and target and a fresh idempotency key, with
 * the necessary per-call work done in the loop (TikTok's HMAC signature over a fresh timestamp and the
 * body hash; one OAuth app token for Facebook and Instagram, fetched once, as the adapters do); see
 * bench/support/sandbox-server.ts. Every raw answer is checked (2xx, and TikTok's `code`, Telegram's
 * `ok`), and after each phase the platforms' records must show exactly one accepted submit per request.
 * The sandbox runs a clean scenario: it injects no faults (429, 5xx, hangs) and adds no latency unless
 * told to, which is checked, and it does not enforce rate limits; the dispatcher's rate limits are lifted
 * (`limits.default`), since the adapters' published ones (Instagram: 50 submits an hour, WhatsApp: 20 a
 * minute) would otherwise make this a measurement of the limiter. The sandbox's records and submissions
 * are reset before each timed phase (issued OAuth tokens survive a reset), so its memory and its
 * per-call lookups stay at one phase's batch.
 *
 * The sandbox runs in its own process because a real platform is a remote server: in this process, its
 * handlers (about a quarter of the main thread's CPU in a profile) ran on the event loop of whichever
 * side was being timed, so the platform's work was charged to the client being measured. Both sides
 * still call the identical server. `--server sandbox-in-process` is that earlier measurement, kept to
 * compare (bench/RESULTS.md has both).
 *
 * `--server loopback`: an earlier measurement, against the minimal loopback mock of the dispatch fault
 * tests (test/dispatch/support/mock-server.ts: six platforms on one node:http server, a generic toolkit
 * adapter, idempotency modelled, nothing reset), with the same output, to compare with the sandbox.
 *
 * All: the same concurrency per platform on both sides (4). Each size runs in its own process, so peak
 * RSS is that size's alone (the sandbox is included in it only when in process). After a warm-up, nine rounds
 * run on fresh requests: the raw loop, then for each placement of the embedded store (`--placements`,
 * default `thread,main`: PGlite in its own thread and on the dispatcher's thread, in alternating order) the
 * dispatcher and the raw loop again (a dispatcher's raw rate in the round is that of the two raw phases
 * around it, so its ratio sees the machine on both sides of its phase); the median per-round ratio counts,
 * and the store's default placement is judged. Nine, not five: on these shared machines single rounds range 0.67-0.97x
 * around a median of 0.83x (40 rounds), so the median of five moved by about ±0.05 from run to run
 * (bootstrap: standard deviation 0.045 for five rounds, 0.033 for nine).
 * Each round also runs the dispatcher over the memory store, for the ceiling without a durable store.
 * The accountability checks are on, as an agency runs them (issue 24's goal holds with them): every
 * stored event is hash-linked (always, in every store), enqueue resolves the designations against the
 * built-in registry, checks each history against a role policy and looks every target up in the
 * store-wide target index (duplicates reported), and each send checks the target's holds.
 * Store creation (PGlite's initdb, seconds, once per store) is reported but not timed into the
 * throughput; enqueueing is reported separately.
 *
 * Run: `npx tsx bench/dispatch.bench.ts [--server sandbox|sandbox-in-process|loopback]` (or `npm run bench dispatch`).
 * Exit code 1 when a goal fails.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRolePolicy } from "referral-kit";
import {
  createDispatcher,
  createMemoryStore,
  type DispatcherOptions,
  openPgliteStore,
  type RequestStore,
} from "referral-kit/dispatch";
import { createRegistry, knownGroups } from "referral-kit/registry";
import type { BenchServer } from "./support/bench-server.js";
// Every timed phase starts on a collected heap: a phase pays for its own garbage, never for what the
// phase before left (the memory-store phase leaves a whole batch's store behind).
import { collectGarbage } from "./support/collect-garbage.js";
import { startLoopbackServer } from "./support/loopback-server.js";
import { startSandboxServer } from "./support/sandbox-server.js";

const CONCURRENCY = 4; // per platform, on both sides
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
// `--sizes 10000 --rounds 5`: a shorter run while working on the dispatcher; the defaults are what the
// goal is judged on.
const SIZES = (option("--sizes") ?? "1000,10000").split(",").map(Number);
const ROUNDS = Number(option("--rounds") ?? 9);
const WARM_UP = 300;
// Lifted rate limits: the platforms' published limits would throttle the run (see above).
const LIMITS = {
  default: { concurrency: CONCURRENCY, rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }] },
};
// The accountability rules of enqueue (see above); the bench requests are drafted by analyst-1 and
// approved by supervisor-1, and the dispatcher records its sends as referral-kit.dispatch.
const RULES: Pick<DispatcherOptions, "registry" | "roles" | "duplicates"> = {
  registry: createRegistry(knownGroups),
  roles: createRolePolicy({
    actors: { "analyst-1": "analyst", "supervisor-1": "supervisor", "referral-kit.dispatch": "system" },
  }),
  duplicates: "report",
};
const SERVERS: Record<string, () => Promise<BenchServer>> = {
  sandbox: () => startSandboxServer("process"),
  "sandbox-in-process": () => startSandboxServer("in-process"),
  loopback: startLoopbackServer,
};

/**
 * Where the embedded store's PostgreSQL runs (`openPgliteStore`'s `thread`): in a worker thread of its
 * own, or on the dispatcher's thread. `--placements thread,main` (the default) measures both in every
 * round, each between two raw phases; the default placement's ratio is the one judged.
 */
const PLACEMENTS = { thread: true, main: false } as const;
type Placement = keyof typeof PLACEMENTS;
const DEFAULT_PLACEMENT: Placement = "thread";

interface PlacementResult {
  placement: Placement;
  dispatchPerSecond: number;
  /** Median of the per-round ratios dispatcher / raw (the raw phases on both sides of it). */
  ratio: number;
  ratios: number[];
  /** Per round, in order: raw before, dispatcher, raw after, req/s. */
  rounds: [number, number, number][];
  createStoreMs: number;
}

interface Result {
  size: number;
  server: string;
  rawPerSecond: number;
  /** Per placement of the embedded store, in the order measured. */
  placements: PlacementResult[];
  memoryStorePerSecond: number;
  /** Median of the per-round ratios dispatcher over the memory store / raw: the ceiling without the store. */
  memoryRatio: number;
  memoryRatios: number[];
  enqueueMs: number;
  /** Peak RSS while the embedded stores' rounds ran (sampled every 20 ms). */
  peakRssMb: number;
  /** The process's peak RSS, memory-store rounds included (which hold a whole batch in memory). */
  processPeakRssMb: number;
  /** The child process's whole time, setup included. */
  wallMs: number;
}

async function measure(size: number, serverName: string, placements: readonly Placement[]): Promise<Result> {
  const started = performance.now();
  const server = await SERVERS[serverName]!();
  const dir = fs.mkdtempSync(path.join(tmpdir(), "rk-bench-"));
  const { adapters } = server;
  const embedded: {
    placement: Placement;
    store: RequestStore;
    dispatcher: ReturnType<typeof createDispatcher>;
    createStoreMs: number;
    rates: [number, number, number][];
  }[] = [];
  for (const placement of placements) {
    const createStart = performance.now();
    const store = await openPgliteStore({ path: path.join(dir, placement), thread: PLACEMENTS[placement] });
    const createStoreMs = performance.now() - createStart;
    const dispatcher = createDispatcher({ adapters, store, limits: LIMITS, ...RULES });
    embedded.push({ placement, store, dispatcher, createStoreMs, rates: [] });
  }
  const drain = async (on: ReturnType<typeof createDispatcher>, count: number, side: string) => {
    const summary = await on.run();
    if (summary.submitted !== count || summary.failed > 0) {
      throw new Error(`${side}: ${summary.submitted} of ${count} submitted, ${summary.failed} failed`);
    }
  };

  // Warm-up of every side (JIT, connections), then rounds that run the raw loop and the dispatchers on
  // fresh requests: on a shared machine the load moves between seconds, so each round's ratio is
  // measured side by side and the median is reported.
  const warm = server.batch("warm", WARM_UP);
  await server.reset();
  await server.raw(warm, "warm", CONCURRENCY);
  for (const { placement, dispatcher } of embedded) {
    await server.reset();
    await dispatcher.enqueue(server.batch(`warm-${placement}`, WARM_UP));
    await drain(dispatcher, WARM_UP, `warm-up (${placement})`);
  }
  // The same dispatcher over the memory store, measured in every round beside the others: it shows
  // what the durable store costs, and what the dispatcher and the adapters cost without it.
  const memoryDispatcher = () =>
    createDispatcher({ adapters, store: createMemoryStore(), limits: LIMITS, ...RULES });
  const warmMemory = memoryDispatcher();
  await server.reset();
  await warmMemory.enqueue(server.batch("warm-mem", WARM_UP));
  await drain(warmMemory, WARM_UP, "warm-up (memory store)");
  // Peak RSS of the embedded store's rounds only: the memory store holds a whole batch in memory by design.
  let peakRss = process.memoryUsage().rss;
  let sampler: ReturnType<typeof setInterval> | undefined;
  const sampling = (on: boolean) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (on) sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    else clearInterval(sampler);
  };
  const raws: number[] = [];
  const memoryRatios: number[] = [];
  const memories: number[] = [];
  let enqueueMs = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    let rawPhase = 0;
    const rawSide = async () => {
      const requests = server.batch(`raw${round}-${rawPhase}`, size);
      await server.reset();
      collectGarbage();
      const rawStart = performance.now();
      await server.raw(requests, `raw${round}-${rawPhase++}`, CONCURRENCY);
      const rate = (size / (performance.now() - rawStart)) * 1000;
      await server.check(requests, "raw loop");
      return rate;
    };
    const dispatchSide = async (on: (typeof embedded)[number]) => {
      const requests = server.batch(`r${round}-${on.placement}`, size);
      await server.reset();
      sampling(true);
      const enqueueStart = performance.now();
      await on.dispatcher.enqueue(requests);
      enqueueMs += performance.now() - enqueueStart;
      collectGarbage();
      const runStart = performance.now();
      await drain(on.dispatcher, size, `dispatcher (${on.placement})`);
      const rate = (size / (performance.now() - runStart)) * 1000;
      sampling(false);
      await server.check(requests, `dispatcher (${on.placement})`);
      return rate;
    };
    // Each dispatcher phase runs between two raw phases, and its raw rate is theirs together: each ratio
    // then sees the machine before and after it (in ten runs with the sides alternating instead, raw ran
    // ~7% faster after the memory-store phase than after the embedded store's; see docs/dispatch.md).
    // With two placements the order alternates by round, so neither always runs first.
    const order = round % 2 === 0 ? embedded : [...embedded].reverse();
    let before = await rawSide();
    const roundRaws = [before];
    for (const on of order) {
      const dispatched = await dispatchSide(on);
      const after = await rawSide();
      on.rates.push([before, dispatched, after]);
      roundRaws.push(after);
      before = after;
    }
    const rawRate = harmonic(roundRaws);
    raws.push(rawRate);
    const onMemory = memoryDispatcher();
    const memoryRequests = server.batch(`m${round}`, size);
    await server.reset();
    await onMemory.enqueue(memoryRequests);
    collectGarbage();
    const memoryStart = performance.now();
    await drain(onMemory, size, "dispatcher (memory store)");
    const memory = (size / (performance.now() - memoryStart)) * 1000;
    await server.check(memoryRequests, "dispatcher (memory store)");
    memories.push(memory);
    memoryRatios.push(memory / rawRate);
  }
  for (const { store } of embedded) await store.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    size,
    server: server.label,
    rawPerSecond: median(raws),
    placements: embedded.map(({ placement, rates, createStoreMs }) => {
      const ratios = rates.map(([before, dispatched, after]) => dispatched / harmonic([before, after]));
      return {
        placement,
        dispatchPerSecond: median(rates.map(([, dispatched]) => dispatched)),
        ratio: median(ratios),
        ratios,
        rounds: rates,
        createStoreMs,
      };
    }),
    memoryStorePerSecond: median(memories),
    memoryRatio: median(memoryRatios),
    memoryRatios,
    enqueueMs: enqueueMs / ROUNDS / embedded.length,
    peakRssMb: peakRss / 2 ** 20,
    processPeakRssMb: process.resourceUsage().maxRSS / 1024,
    wallMs: performance.now() - started,
  };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The rate of equal-sized phases run one after another: their harmonic mean. */
const harmonic = (rates: readonly number[]) => rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);

const serverName = option("--server") ?? "sandbox";
if (!(serverName in SERVERS)) {
  process.stderr.write(
    `dispatch.bench: --server is sandbox (the default), sandbox-in-process or loopback, not ${serverName}\n`,
  );
  process.exit(2);
}
const placements = (option("--placements") ?? "thread,main").split(",") as Placement[];
if (placements.length === 0 || placements.some((placement) => !(placement in PLACEMENTS))) {
  process.stderr.write(
    `dispatch.bench: --placements is a list of thread and main, not ${option("--placements")}\n`,
  );
  process.exit(2);
}
const sizeArg = option("--size");
if (sizeArg !== undefined) {
  const result = await measure(Number(sizeArg), serverName, placements);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const here = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const size of SIZES) {
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        here,
        "--size",
        String(size),
        "--server",
        serverName,
        "--rounds",
        String(ROUNDS),
        "--placements",
        placements.join(","),
      ],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Result);
  }
  console.log(
    `dispatch.bench: ${results[0]!.server}; ${CONCURRENCY} in flight per platform on both sides, ${ROUNDS} rounds`,
  );
  console.log(
    "size  placement  raw req/s  dispatch req/s  ratio  store creation  (memory store req/s, ratio)  enqueue  peak RSS",
  );
  for (const r of results) {
    for (const p of r.placements) {
      console.log(
        `${String(r.size).padStart(6)}  ${p.placement.padEnd(6)}  ${r.rawPerSecond.toFixed(0).padStart(9)}  ${p.dispatchPerSecond
          .toFixed(0)
          .padStart(
            14,
          )}  ${p.ratio.toFixed(2).padStart(5)}  ${(p.createStoreMs / 1000).toFixed(1).padStart(13)}s  (${r.memoryStorePerSecond.toFixed(0)}, ${r.memoryRatio.toFixed(2)})  ${(r.enqueueMs / 1000).toFixed(1)}s  ${r.peakRssMb.toFixed(0)} MB`,
      );
    }
  }
  for (const r of results) {
    const perRound = r.placements
      .map(
        (p) =>
          `${p.placement}: ratios ${p.ratios.map((x) => x.toFixed(2)).join(", ")}; raw/dispatch/raw req/s ${p.rounds
            .map((round) => round.map((x) => x.toFixed(0)).join("/"))
            .join(", ")}`,
      )
      .join("; ");
    console.log(
      `${r.size}: process peak RSS ${r.processPeakRssMb.toFixed(0)} MB (memory-store rounds included); ${perRound}; memory store: ratios ${r.memoryRatios
        .map((x) => x.toFixed(2))
        .join(", ")}`,
    );
  }
  console.log(
    `wall time per size (setup included): ${results.map((r) => `${r.size}: ${(r.wallMs / 1000).toFixed(0)} s`).join(", ")}`,
  );
  // The issue sets the throughput goal on 10,000 requests; the 1,000-request rounds last about a second,
  // so a run's fixed costs (counts at start, first claims, the last settle: ~100 ms) weigh ~10% there.
  // Their ratio is printed, not judged. The placement judged is the store's default.
  const judged = results.find((r) => r.size === 10_000) ?? results[results.length - 1]!;
  const judgedPlacement =
    judged.placements.find((p) => p.placement === DEFAULT_PLACEMENT) ?? judged.placements[0]!;
  const ratio = judgedPlacement.ratio;
  const others = results.flatMap((r) =>
    r.placements
      .filter((p) => p !== judgedPlacement)
      .map((p) => `${r.size} ${p.placement}: ${p.ratio.toFixed(2)}x`),
  );
  console.log(
    `goal throughput >= 0.8x raw at ${judged.size} (${judgedPlacement.placement}): ${ratio.toFixed(2)}x ${ratio >= 0.8 ? "PASS" : "FAIL"}` +
      (others.length > 0 ? ` (not judged: ${others.join(", ")})` : ""),
  );
  console.log(
    `peak RSS during the embedded stores' rounds: ${results.map((r) => `${r.size}: ${r.peakRssMb.toFixed(0)} MB`).join(", ")} ` +
      "(not judged here: the memory goal is dispatch-memory.bench's)",
  );
  process.exitCode = ratio >= 0.8 ? 0 : 1;
}

/**
 * dispatch-memory.bench: peak memory of a process dispatching through the embedded store, as the queue
 * grows. Goals (issue 19): 100,000 requests peak under 400 MB RSS, and at most 1.2x the peak of 10,000.
 *
 * Each size runs in a process of its own (bench/support/dispatch-phase.ts: a fresh embedded store with
 * its defaults, fsync on; requests enqueued 1,000 at a time, as a file would be read; the six platforms'
 * loopback stand-in in another process, so the figure is the dispatcher's and the store's alone), bundled
 * into JavaScript and run by plain `node`, as the package runs once installed (bench/support/bundle.ts;
 * `--tsx` runs the TypeScript source through tsx instead, about 80 MB more). Peak RSS is the process's
 * high-water mark (`process.resourceUsage().maxRSS`), the store's thread included.
 * Printed beside it: the RSS before the store opened (Node, the modules), the main thread's largest
 * V8 heap, and what that heap still holds after the run once collected (the dispatcher's own memory; the
 * rest of the largest heap is garbage V8 had not collected yet, see bench/RESULTS.md).
 *
 * Run: `npm run bench dispatch-memory [-- --sizes 10000,100000] [--max-old-space-size MB] [--tsx]` (100,000
 * requests take several minutes). `--max-old-space-size` runs the dispatching processes with that V8
 * flag, as Node sizes its heap in a container with a memory limit. Exit code 1 when a goal fails.
 */
import { fileURLToPath } from "node:url";
import { bundlePhase } from "./support/bundle.js";
import { runChild, startLoopbackProcess } from "./support/child.js";
import type { PhaseResult } from "./support/dispatch-phase.js";

const sizesArg = process.argv.indexOf("--sizes");
const SIZES = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(",").map(Number) : [10_000, 100_000];
const heapArg = process.argv.indexOf("--max-old-space-size");
const nodeFlags = heapArg > 0 ? [`--max-old-space-size=${process.argv[heapArg + 1]!}`] : [];
const LIMIT_MB = 400;
const GROWTH = 1.2;
const source = fileURLToPath(new URL("./support/dispatch-phase.ts", import.meta.url));
const phase = process.argv.includes("--tsx") ? source : await bundlePhase(source);
const platformProcess = fileURLToPath(new URL("./support/loopback-process.ts", import.meta.url));

const server = await startLoopbackProcess(platformProcess, 0);
const results: PhaseResult[] = [];
try {
  for (const size of SIZES) {
    const result = await runChild<PhaseResult>(
      phase,
      {
        url: server.url,
        size,
        store: "pglite",
        concurrency: 4,
      },
      nodeFlags,
    );
    results.push(result);
    console.log(
      `${size} requests${nodeFlags.length > 0 ? ` (${nodeFlags.join(" ")})` : ""}: peak RSS ` +
        `${result.rssPeakMb.toFixed(0)} MB (${result.baseRssMb} MB before the store opened; main thread's ` +
        `heap at most ${result.heapPeakMb} MB, ${result.heapLiveMb} MB live after the run), ` +
        `${result.perSecond.toFixed(0)} req/s, enqueue ${(result.enqueueMs / 1000).toFixed(1)} s`,
    );
  }
} finally {
  server.stop();
}
let failed = false;
const largest = results[results.length - 1]!;
const smallest = results[0]!;
const growth = largest.rssPeakMb / smallest.rssPeakMb;
console.log(
  `peak at ${largest.size}: ${largest.rssPeakMb.toFixed(
    0,
  )} MB (goal < ${LIMIT_MB}) ${largest.rssPeakMb < LIMIT_MB ? "PASS" : "FAIL"}`,
);
failed ||= largest.rssPeakMb >= LIMIT_MB;
if (results.length > 1) {
  console.log(
    `peak ${largest.size} / peak ${smallest.size}: ${growth.toFixed(
      2,
    )}x (goal <= ${GROWTH}x) ${growth <= GROWTH ? "PASS" : "FAIL"}`,
  );
  failed ||= growth > GROWTH;
}
process.exitCode = failed ? 1 : 0;

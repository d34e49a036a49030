/**
 * dispatch-scale.bench: does dispatch keep its concurrency busy against a slow platform, and do two
 * workers on one PostgreSQL queue finish faster than one? Goals (issue 19):
 * - with 200 ms per platform call, 10,000 requests over six platforms finish within 1.2x of the ideal
 *   time set by concurrency and latency (ceil(requests per platform / concurrency) x 200 ms);
 * - two worker processes on one PostgreSQL queue finish at least 1.7x faster than one, each run summary
 *   counting that worker's own sends (together: every request, once).
 *
 * The platform is the loopback platform (test/dispatch/support/mock-server.ts: six platforms, idempotency
 * modelled) in a process of its own, answering every POST after 200 ms; the sandbox has no latency
 * setting. Every phase is a process of its own (bench/support/dispatch-phase.ts). PostgreSQL: the
 * server REFERRAL_KIT_PG_URL names, or one started in a temporary directory from the installed binaries
 * (test/dispatch/support/postgres.ts); without PostgreSQL that part is skipped, with the reason.
 *
 * Run: `npm run bench dispatch-scale` (about four minutes). Exit code 1 when a goal fails. While
 * iterating: `-- --size 2000` (the goals are judged at 10,000), `--embedded-only` (no PostgreSQL part),
 * `--profile` (the embedded store's claims and settles, timed as the dispatcher sees them, and the CPU
 * of each of the phase's threads).
 */
import { fileURLToPath } from "node:url";
import { dropDatabases, freshDatabase, startTestPostgres } from "../test/dispatch/support/postgres.js";
import { runChild, startLoopbackProcess } from "./support/child.js";
import type { PhaseConfig, PhaseResult } from "./support/dispatch-phase.js";

const LATENCY_MS = 200;
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
// `--size 2000` while iterating (the goals are judged at 10,000); `--embedded-only` skips PostgreSQL.
const SIZE = option("--size", 10_000);
const PLATFORMS = 6;
const CONCURRENCY = 8;
const phase = fileURLToPath(new URL("./support/dispatch-phase.ts", import.meta.url));
const platformProcess = fileURLToPath(new URL("./support/loopback-process.ts", import.meta.url));
const run = (config: PhaseConfig) => runChild<PhaseResult>(phase, config);

/** SIZE POSTs to the loopback platform, CONCURRENCY in flight per platform; resolves with the time taken. */
async function rawLoop(url: string): Promise<number> {
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PLATFORMS }, async (_, platform) => {
      let next = platform;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < SIZE) {
            const i = next;
            next += PLATFORMS;
            const response = await fetch(`${url}/p${platform}/reports`, {
              method: "POST",
              headers: { "idempotency-key": `raw-${i}`, "content-type": "application/json" },
              body: JSON.stringify({ requestId: `raw-${i}`, targets: [`p${platform}:t${i}`] }),
            });
            if (!response.ok) throw new Error(`raw loop: ${response.status}`);
            await response.json();
          }
        }),
      );
    }),
  );
  return Date.now() - started;
}

const ideal = Math.ceil(SIZE / PLATFORMS / CONCURRENCY) * LATENCY_MS;
const server = await startLoopbackProcess(platformProcess, LATENCY_MS);
let failed = false;
try {
  console.log(
    `${SIZE} requests over ${PLATFORMS} platforms, ${LATENCY_MS} ms a call, concurrency ${CONCURRENCY} per platform: ` +
      `ideal ${(ideal / 1000).toFixed(1)} s`,
  );
  // The machine's own limit, side by side: the same calls from a plain fetch loop at the same concurrency.
  const raw = await rawLoop(server.url);
  console.log(
    `raw fetch loop: ${(raw / 1000).toFixed(1)} s, ${(raw / ideal).toFixed(2)}x the ideal (what this machine allows now)`,
  );
  const embedded = await run({
    url: server.url,
    size: SIZE,
    store: "pglite",
    concurrency: CONCURRENCY,
    tag: "one",
    profile: process.argv.includes("--profile"),
  });
  if (embedded.profile) console.log(`embedded store's calls: ${JSON.stringify(embedded.profile)}`);
  const slack = embedded.runMs / ideal;
  console.log(
    `one worker, embedded store: ${(embedded.runMs / 1000).toFixed(1)} s, ${slack.toFixed(2)}x the ideal ` +
      `(goal <= 1.20x) ${slack <= 1.2 ? "PASS" : "FAIL"}; ${(embedded.runMs / raw).toFixed(2)}x the raw loop`,
  );
  failed ||= slack > 1.2 || embedded.submitted !== SIZE;

  const pg = process.argv.includes("--embedded-only")
    ? { skipped: "--embedded-only" as const }
    : await startTestPostgres();
  if ("skipped" in pg) {
    console.log(`two workers on PostgreSQL: skipped (${pg.skipped})`);
  } else {
    const databases: string[] = [];
    try {
      const queue = async (name: string) => {
        databases.push(name);
        const url = await freshDatabase(pg.url, name);
        await run({
          url: server.url,
          size: SIZE,
          store: url,
          concurrency: CONCURRENCY,
          run: false,
          tag: name,
        });
        return url;
      };
      const oneUrl = await queue(`rk_scale_one_${process.pid}`);
      const one = await run({
        url: server.url,
        size: SIZE,
        store: oneUrl,
        concurrency: CONCURRENCY,
        enqueue: false,
      });
      const twoUrl = await queue(`rk_scale_two_${process.pid}`);
      const startAt = Date.now() + 8_000; // both processes started and connected by then
      const two = await Promise.all(
        ["worker-a", "worker-b"].map((workerId) =>
          run({
            url: server.url,
            size: SIZE,
            store: twoUrl,
            concurrency: CONCURRENCY,
            enqueue: false,
            workerId,
            startAt,
          }),
        ),
      );
      const twoMs = Math.max(...two.map((result) => result.runMs));
      const speedUp = one.runMs / twoMs;
      const own = two.map((result) => result.submitted);
      console.log(
        `PostgreSQL queue: one worker ${(one.runMs / 1000).toFixed(1)} s (${one.submitted} sent), two workers ` +
          `${(twoMs / 1000).toFixed(1)} s (each summary: ${own.join(" + ")} = ${own[0]! + own[1]!}); ` +
          `speed-up ${speedUp.toFixed(2)}x (goal >= 1.70x) ${speedUp >= 1.7 ? "PASS" : "FAIL"}`,
      );
      failed ||= speedUp < 1.7 || own[0]! + own[1]! !== SIZE || one.submitted !== SIZE;
    } finally {
      await dropDatabases(pg.url, databases);
      await pg.stop();
    }
  }
} finally {
  server.stop();
}
process.exitCode = failed ? 1 : 0;

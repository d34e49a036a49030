/**
 * store-statements.bench: what a claim and a settle cost the embedded store's PostgreSQL, with the
 * store's statements run the way the store runs them (prepared statements of its PGlite session: parsed
 * once, one exchange a run) against PGlite's own `query` (parsed and planned every time, six exchanges),
 * which is how a `PGlite` instance of the caller's (`openPgliteStore({ db })`) is used. Same SQL, same
 * rows, both in memory and on this thread (`thread: false`), so process CPU time is the store's work
 * plus the same JavaScript on both sides. It judges nothing; the dispatch throughput goal is
 * dispatch.bench's.
 *
 * Each round saves `--size` fresh one-target requests over six platforms (not timed), claims them all
 * (64 a claim) and settles them `submitted` in settles of `--batch` outcomes (timed, CPU), on each side in
 * alternating order; the stores keep growing from round to round, as a queue does. Prints CPU µs per
 * request per side and the ratio per round, and the median.
 *
 * Run: `npx tsx bench/store-statements.bench.ts [--size 2400] [--batch 8] [--rounds 5]` (or `npm run bench store-statements`).
 */
import { PGlite } from "@electric-sql/pglite";
import { openPgliteStore, type RequestStore } from "referral-kit/dispatch";
import { systemClock } from "../src/dispatch/clock.js";
import { submittedEvents } from "../src/dispatch/submitted-events.js";
import { approvedRequest } from "../test/dispatch/support/requests.js";
import { collectGarbage } from "./support/collect-garbage.js";
import { positiveIntegerOption } from "./support/options.js";

const option = (name: string, fallback: number) =>
  positiveIntegerOption("store-statements.bench", name, fallback);
const size = option("--size", 2400);
const batch = option("--batch", 8);
const rounds = option("--rounds", 5);
const PLATFORMS = ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"];
// The events the dispatcher appends when a request's job is submitted.
const build = submittedEvents({ id: "referral-kit.dispatch" }, systemClock);

/** Saves, claims and settles one round on `store`; returns CPU µs per request for claims and settles. */
async function round(store: RequestStore, tag: string): Promise<number> {
  const requests = Array.from({ length: size }, (_, n) =>
    approvedRequest(`${tag}-${n}`, { platform: PLATFORMS[n % PLATFORMS.length]! }),
  );
  await store.saveRequests(
    requests.map((request) => ({ request, batches: [[`${request.platform}:${request.id}`]] })),
    Date.now(),
  );
  collectGarbage();
  const start = process.cpuUsage();
  const claimed = [];
  for (const platform of PLATFORMS) {
    for (;;) {
      const jobs = await store.claim({
        platform,
        limit: 64,
        workerId: "w",
        leaseMs: 600_000,
        now: Date.now(),
      });
      claimed.push(...jobs);
      if (jobs.length < 64) break;
    }
  }
  for (let at = 0; at < claimed.length; at += batch) {
    const outcomes = claimed.slice(at, at + batch).map((job) => ({
      kind: "submitted" as const,
      requestId: job.requestId,
      batch: job.batch,
      idempotencyKey: job.idempotencyKey,
      workerId: "w",
      receipt: { platformRef: `ref-${job.requestId}`, acceptedAt: new Date().toISOString(), targets: [] },
    }));
    await store.settle(outcomes, build, Date.now());
  }
  const used = process.cpuUsage(start);
  if (claimed.length !== size) throw new Error(`${tag}: claimed ${claimed.length} of ${size}`);
  return (used.user + used.system) / size;
}

const callersDb = new PGlite();
const sides = {
  "PGlite query": await openPgliteStore({ db: callersDb }),
  prepared: await openPgliteStore({ thread: false }),
};
const names = Object.keys(sides) as (keyof typeof sides)[];
// Warm-up: JIT, and the prepared side's first plans.
for (const name of names) await round(sides[name], `warm-${name === "prepared" ? "p" : "q"}`);
const ratios: number[] = [];
console.log(
  `store-statements.bench: ${size} requests a round, settles of ${batch}, ${rounds} rounds (CPU µs per request: claim + settle)`,
);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? names : [...names].reverse();
  const cost: Record<string, number> = {};
  for (const name of order) cost[name] = await round(sides[name], `r${r}-${name === "prepared" ? "p" : "q"}`);
  const ratio = cost["PGlite query"]! / cost.prepared!;
  ratios.push(ratio);
  console.log(
    `round ${r + 1}: PGlite query ${cost["PGlite query"]!.toFixed(0)} µs, prepared ${cost.prepared!.toFixed(0)} µs: ${ratio.toFixed(2)}x less CPU`,
  );
}
const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
console.log(
  `median: prepared statements take ${median.toFixed(2)}x less CPU per request than PGlite's query`,
);
await sides.prepared.close();
await sides["PGlite query"].close();
await callersDb.close();

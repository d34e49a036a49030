/**
 * reconcile-readers.bench: `readGoogleRemovals` on the full Google government removal requests CSV
 * (../shared/fixtures/platform-reports, 17,483 rows, 1.7 MB) against csv-parse alone iterating the same
 * file's rows, in the same run (goal: no worse than 2x). The reader parses with csv-parse and on top counts
 * lines, checks every cell (period, territory, requester and reason lists, counts, outcome sums) and builds
 * a typed row. `readPublishedFigures` (the reader plus one figure per metric per row, eight per row) is
 * printed beside it for information; it has no goal.
 *
 * Times are CPU time of the process (user + system), wall time beside it; sides alternate over rounds and
 * the ratio is the median of per-round ratios. Exit code 1 when the goal fails.
 *
 * Run: `npm run bench reconcile-readers` (a few seconds).
 */
import { createReadStream, existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse";
import { readPublishedFigures } from "referral-kit/reconcile";
import { readGoogleRemovals } from "../src/reconcile/read/google.js";

const ROUNDS = 15;
const ROWS = 17_483;
const FILE = join(
  fileURLToPath(new URL("..", import.meta.url)),
  "..",
  "shared",
  "fixtures",
  "platform-reports",
  "google-government-removal-requests.csv",
);

if (!existsSync(FILE)) {
  console.error(`reconcile-readers.bench: ${FILE} not found (the shared fixtures sit next to the checkout)`);
  process.exit(1);
}

interface Timing {
  wall: number;
  cpu: number;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function timed(run: () => Promise<number>): Promise<[Timing, number]> {
  const wall = performance.now();
  const cpu = cpuNow();
  const count = await run();
  return [{ wall: performance.now() - wall, cpu: cpuNow() - cpu }, count];
}

async function csvParseAlone(): Promise<number> {
  let rows = 0;
  const parser = createReadStream(FILE, { highWaterMark: 1 << 20 }).pipe(parse({ bom: true }));
  for await (const _row of parser) rows++;
  return rows - 1; // the header
}

async function reader(): Promise<number> {
  let rows = 0;
  for await (const _row of readGoogleRemovals(FILE, { strict: true })) rows++;
  return rows;
}

async function figures(): Promise<number> {
  let count = 0;
  for await (const _figure of readPublishedFigures(FILE, { strict: true })) count++;
  return count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

// Warm up every path once (JIT), untimed.
await csvParseAlone();
await reader();
await figures();

const ratios: number[] = [];
const figureRatios: number[] = [];
const times: Record<"plain" | "reader" | "figures", Timing[]> = { plain: [], reader: [], figures: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order =
    round % 2 === 0 ? (["plain", "reader", "figures"] as const) : (["figures", "reader", "plain"] as const);
  const timing = {} as Record<"plain" | "reader" | "figures", Timing>;
  for (const side of order) {
    const [t, count] = await timed(side === "plain" ? csvParseAlone : side === "reader" ? reader : figures);
    const expected = side === "figures" ? ROWS * 8 : ROWS;
    if (count !== expected) throw new Error(`${side}: read ${count}, expected ${expected}`);
    timing[side] = t;
    times[side].push(t);
  }
  ratios.push(timing.reader.cpu / timing.plain.cpu);
  figureRatios.push(timing.figures.cpu / timing.plain.cpu);
}

const ratio = median(ratios);
const ok = ratio <= 2;
const cpu = (side: "plain" | "reader" | "figures") => fmt(median(times[side].map((t) => t.cpu)));
const wall = (side: "plain" | "reader" | "figures") => fmt(median(times[side].map((t) => t.wall)));
console.log(
  `google    readGoogleRemovals ${cpu("reader")} CPU (${wall("reader")} wall) vs csv-parse alone ${cpu("plain")} CPU (${wall("plain")} wall) on the full file (${ROWS.toLocaleString("en-GB")} rows) = ${ratio.toFixed(2)}x, median of ${ROUNDS} per-round CPU ratios (${[
    ...ratios,
  ]
    .sort((a, b) => a - b)
    .map((r) => r.toFixed(2))
    .join(", ")})   goal <= 2x   ${ok ? "PASS" : "FAIL"}`,
);
console.log(
  `figures   readPublishedFigures ${cpu("figures")} CPU (${wall("figures")} wall), ${(ROWS * 8).toLocaleString("en-GB")} figures = ${median(figureRatios).toFixed(2)}x csv-parse alone (for information, no goal)`,
);
console.log(`(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores while this ran)`);
if (!ok) process.exitCode = 1;

/**
 * One side of compliance.bench's CSV comparison in a process of its own: reads the file at `path` with
 * `readComplianceCsv` (`side: "ours"`) or plain `csv-parse` (`side: "csv-parse"`) and prints one JSON line:
 * rows read, CPU (user + system, all threads) and wall milliseconds of the read, and the process's peak RSS.
 * Each side starts in the same state, a fresh process with nothing else on its heap, so neither pays for
 * what another phase left behind (see bench/RESULTS.md: with the 1,000,000 records of the compute phase on
 * the heap, collection was most of both sides' CPU, and the baseline moved between trees with it).
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { readComplianceCsv } from "referral-kit/compliance";
import { collectGarbage } from "./collect-garbage.js";

export interface CsvReadConfig {
  path: string;
  side: "ours" | "csv-parse";
}

export interface CsvReadResult {
  rows: number;
  cpu: number;
  wall: number;
  peakRssMb: number;
}

async function plainCsvParse(path: string): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(parse());
  for await (const _row of parser) rows++;
  return rows - 1; // the header
}

async function referralKitCsv(path: string): Promise<number> {
  let rows = 0;
  const source = readComplianceCsv(path, { strict: true });
  for await (const _record of source) rows++;
  return rows;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const config = JSON.parse(process.argv[2]!) as CsvReadConfig;
collectGarbage();
const wall = performance.now();
const cpu = cpuNow();
const rows = await (config.side === "ours" ? referralKitCsv(config.path) : plainCsvParse(config.path));
const result: CsvReadResult = {
  rows,
  cpu: cpuNow() - cpu,
  wall: performance.now() - wall,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(result));

/**
 * Importers: memory stays flat as the list grows. Streams generated UN consolidated lists of 5 MB and
 * 50 MB through `importUnList` (items counted, not kept) and prints, for each, the peak retained heap
 * (sampled after a forced GC every 2,000 records, so uncollected garbage does not hide growth), the peak
 * RSS, their ratio, and throughput. The baseline, measured in the same run, is fast-xml-parser parsing
 * the 5 MB file as one document: what the importer would hold without record splitting.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { importUnList } from "referral-kit/registry";
import { writeUnList } from "../test/support/big-list.js";

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Measure {
  label: string;
  seconds: number;
  peakHeap: number;
  peakRss: number;
  items: number;
}

async function measure(label: string, work: (sample: () => void) => Promise<number>): Promise<Measure> {
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  const baseRss = process.memoryUsage().rss;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    gc();
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed - baseHeap);
    peakRss = Math.max(peakRss, usage.rss - baseRss);
  };
  // RSS between GC samples, too: a spike the forced collections would miss.
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss - baseRss);
  }, 5);
  const start = performance.now();
  const items = await work(sample);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  sample();
  return { label, seconds, peakHeap, peakRss, items };
}

const streamImport = (path: string) => async (sample: () => void) => {
  // Items are counted, not kept: the importer's own memory is what is measured.
  let items = 0;
  for await (const _item of importUnList(createReadStream(path))) {
    items += 1;
    if (items % 2000 === 0) sample();
  }
  return items;
};

const folder = mkdtempSync(join(tmpdir(), "referral-kit-bench-"));
try {
  const small = join(folder, "un-5mb.xml");
  const large = join(folder, "un-50mb.xml");
  await writeUnList(small, 5 * MB);
  await writeUnList(large, 50 * MB);
  const size = (path: string) => statSync(path).size / MB;

  const baseline = await measure("fast-xml-parser, whole 5 MB document", async (sample) => {
    const parsed = new XMLParser().parse(readFileSync(small, "utf8")) as {
      CONSOLIDATED_LIST?: { ENTITIES?: { ENTITY?: unknown[] } };
    };
    sample();
    return parsed.CONSOLIDATED_LIST?.ENTITIES?.ENTITY?.length ?? 0;
  });
  const five = await measure(`importUnList, ${size(small).toFixed(1)} MB`, streamImport(small));
  const fifty = await measure(`importUnList, ${size(large).toFixed(1)} MB`, streamImport(large));

  const row = (m: Measure) =>
    `${m.label.padEnd(40)} ${m.items.toString().padStart(7)} items  ${m.seconds.toFixed(2).padStart(6)} s  retained heap +${(m.peakHeap / MB).toFixed(1).padStart(6)} MB  peak RSS +${(m.peakRss / MB).toFixed(1).padStart(6)} MB`;
  for (const m of [baseline, five, fifty]) console.log(row(m));
  // Timed apart: the forced collections of the memory runs slow them down.
  const start = performance.now();
  await streamImport(large)(() => {});
  console.log(
    `throughput (50 MB, no sampling): ${(size(large) / ((performance.now() - start) / 1000)).toFixed(1)} MB/s`,
  );
  console.log(
    `retained heap ratio, 50 MB / 5 MB streamed: ${(fifty.peakHeap / five.peakHeap).toFixed(2)} (flat memory: about 1)`,
  );
  console.log(
    `retained heap ratio, 5 MB whole-document baseline / 50 MB streamed: ${(baseline.peakHeap / fifty.peakHeap).toFixed(1)}`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}

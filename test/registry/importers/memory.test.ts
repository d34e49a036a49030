import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
// Not yet re-exported from "referral-kit": the lead wires src/registry/importers into src/index.ts.
import { importUnList } from "referral-kit/registry";
import { afterAll, describe, expect, it } from "vitest";
import { writeUnList } from "../../support/big-list.js";

// A forced GC before each sample, so retained memory is measured rather than uncollected garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MB = 1024 * 1024;

async function peakRetainedHeap(path: string): Promise<{ items: number; peak: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let items = 0;
  for await (const _item of importUnList(createReadStream(path))) {
    items += 1;
    if (items % 2500 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  }
  return { items, peak };
}

describe("importUnList memory", () => {
  const folder = mkdtempSync(join(tmpdir(), "referral-kit-memory-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("stays flat from a 2 MB to an 8 MB list (see bench/importers.bench.ts for 50 MB)", async () => {
    const small = join(folder, "small.xml");
    const large = join(folder, "large.xml");
    await writeUnList(small, 2 * MB);
    await writeUnList(large, 8 * MB);
    const a = await peakRetainedHeap(small);
    const b = await peakRetainedHeap(large);
    expect(b.items).toBeGreaterThan(3 * a.items);
    // Holding the records would retain tens of megabytes at 8 MB; streaming retains about one record.
    expect(b.peak).toBeLessThan(4 * MB);
    expect(b.peak).toBeLessThan(a.peak + 2 * MB);
  }, 60_000);
});

/**
 * One measured run for custody.bench, in its own process so its peak RSS is its own:
 * `node --import tsx bench/support/custody-child.ts <hash|verify> <file>` prints one JSON line with the
 * seconds taken and the process's peak resident set (`process.resourceUsage().maxRSS`).
 */
import { hashFile, verifyCaptures } from "../../src/verify/index.js";

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== "hash" && mode !== "verify"))
  throw new Error("usage: custody-child.ts <hash|verify> <file>");
const start = performance.now();
let records = 0;
if (mode === "hash") {
  await hashFile(file);
} else {
  const result = await verifyCaptures(file, { onRecord: () => (records += 1) });
  const mismatched = result.checked[0]?.warc?.blockDigests.mismatched ?? 0;
  if (result.checked[0]?.warc?.error || mismatched > 0)
    throw new Error(`unexpected: ${JSON.stringify(result.checked[0])}`);
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ mode, seconds, records, maxRssKiB: process.resourceUsage().maxRSS }));

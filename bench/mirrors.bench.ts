/**
 * mirrors.bench: the blocking index of `createMirrorIndex` against brute-force comparison of every pair,
 * measured in the same run, with the same scoring and the same threshold.
 *
 * Data: `generateMirrorDataset` (seeded): 10,000 known accounts and 100,000 new accounts (3,000 mirrors
 * made with the usual evasions, 3,000 hard decoys, 94,000 unrelated accounts).
 *
 * - Index: build over the 10,000 known, then rank all 100,000 new accounts (minScore 0.5, no limit).
 * - Brute force over 10,000 x 100,000 pairs (10^9 scorings) would take far longer than this benchmark
 *   may, so it runs on a sample of the new accounts (600: 300 drawn uniformly, 300 drawn from the
 *   mirrors and decoys, where the pairs above threshold are) and its time for all 100,000 is
 *   extrapolated from its cost per new account. Both are printed, and labelled as such.
 * - Recall: the pairs brute force finds above the threshold for the sampled accounts, and the share of
 *   them the index finds for the same accounts (goal >= 0.95); the index must find nothing brute force
 *   does not.
 * - Speed: extrapolated brute-force time / index time (goal >= 50x).
 *
 * Run: `npx tsx bench/mirrors.bench.ts` (about a minute on 2 cores).
 */

import {
  createMirrorIndex,
  generateMirrorDataset,
  type MirrorAccount,
  type MirrorCandidate,
} from "referral-kit/mirrors";
import { bruteForceCandidates } from "../src/mirrors/mirror-index.js";

const KNOWN = 10_000;
const SAMPLE_UNIFORM = 300;
const SAMPLE_HARD = 300;
const MIN_SCORE = 0.5;
const RECALL_GOAL = 0.95;
const SPEED_GOAL = 50;
const options = { limit: Number.POSITIVE_INFINITY, minScore: MIN_SCORE };

let seed = 0xbe7c4;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function sample<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let index = 0; index < Math.min(count, copy.length); index += 1) {
    const other = index + Math.floor(random() * (copy.length - index));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy.slice(0, count);
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
// Pairs by position in the sample, so two new accounts with the same key are never confused.
const pairs = (list: readonly MirrorCandidate[], order: Map<MirrorAccount, number>) =>
  new Set(list.map((item) => `${order.get(item.newAccount)} ${item.known}`));

let started = performance.now();
const dataset = generateMirrorDataset({
  seed: 2026,
  known: KNOWN,
  mirrors: 3_000,
  decoys: 3_000,
  unrelated: 94_000,
});
const fresh = dataset.newAccounts.map((item) => item.account);
console.log(
  `data: ${dataset.known.length} known x ${fresh.length} new accounts (generated in ${seconds(performance.now() - started)})`,
);

started = performance.now();
const index = createMirrorIndex(dataset.known);
const built = performance.now() - started;
const all = index.candidates(fresh, options);
const indexTime = performance.now() - started;
console.log(
  `index: built in ${seconds(built)}, ranked ${fresh.length} new accounts in ${seconds(indexTime - built)}; total ${seconds(indexTime)}, ${all.length} candidates >= ${MIN_SCORE}`,
);

const hard = dataset.newAccounts.filter((item) => item.label !== "unrelated").map((item) => item.account);
const picked = [...new Set([...sample(fresh, SAMPLE_UNIFORM), ...sample(hard, SAMPLE_HARD)])];
const uniform = new Set(picked.slice(0, SAMPLE_UNIFORM));
const order = new Map(picked.map((account, position) => [account, position]));

started = performance.now();
bruteForceCandidates(dataset.known, [], options);
const bruteSetup = performance.now() - started;
started = performance.now();
const exact = bruteForceCandidates(dataset.known, picked, options);
const bruteSample = performance.now() - started - bruteSetup;
const perNew = bruteSample / picked.length;
const bruteTime = bruteSetup + perNew * fresh.length;
console.log(
  `brute force: measured on a sample of ${picked.length} new accounts (${SAMPLE_UNIFORM} uniform, ${picked.length - SAMPLE_UNIFORM} mirrors/decoys): ${seconds(bruteSetup + bruteSample)}, ${(perNew).toFixed(2)} ms per new account (${KNOWN} pairs each)`,
);
console.log(
  `brute force: EXTRAPOLATED to ${fresh.length} new accounts: ${seconds(bruteTime)} (not run in full: 10^9 pair scorings)`,
);

const fast = index.candidates(picked, options);
const fastPairs = pairs(fast, order);
const exactPairs = pairs(exact, order);
const found = [...exactPairs].filter((pair) => fastPairs.has(pair));
const extra = [...fastPairs].filter((pair) => !exactPairs.has(pair));
const recall = exactPairs.size === 0 ? 1 : found.length / exactPairs.size;
const uniformExact = exact.filter((item) => uniform.has(item.newAccount));
const uniformFound = uniformExact.filter((item) =>
  fastPairs.has(`${order.get(item.newAccount)} ${item.known}`),
);
console.log(
  `recall on the sample: ${found.length} of ${exactPairs.size} brute-force pairs >= ${MIN_SCORE} = ${recall.toFixed(4)} (uniform part alone: ${uniformFound.length} of ${uniformExact.length}); pairs the index found that brute force did not: ${extra.length}`,
);

const speedup = bruteTime / indexTime;
const recallPass = recall >= RECALL_GOAL && extra.length === 0;
const speedPass = speedup >= SPEED_GOAL;
console.log(
  `${recallPass ? "PASS" : "FAIL"} recall vs brute force ${recall.toFixed(4)} (goal >= ${RECALL_GOAL}, no extra pairs)`,
);
console.log(
  `${speedPass ? "PASS" : "FAIL"} speed ${speedup.toFixed(1)}x faster than brute force (extrapolated from the sample; goal >= ${SPEED_GOAL}x)`,
);
process.exitCode = recallPass && speedPass ? 0 : 1;

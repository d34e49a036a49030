/**
 * `npm run eval:mirrors` (or `npx tsx scripts/eval-mirrors.ts [--seed N]`): generates a labelled synthetic
 * dataset (known accounts, mirrors made with the usual evasions, hard decoys, unrelated accounts), ranks
 * the new accounts with `createMirrorIndex`, and prints precision and recall at k, the decoy
 * false-positive rates and recall per evasion. Deterministic for a seed.
 */
import { parseArgs } from "node:util";
import { createMirrorIndex, evaluateMirrorCandidates, generateMirrorDataset } from "referral-kit/mirrors";
import { DEFAULT_CANDIDATE_OPTIONS } from "../src/mirrors/mirror-index.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    "min-score": { type: "string", default: String(DEFAULT_CANDIDATE_OPTIONS.minScore) },
  },
});
const seed = Number(values.seed);
const minScore = Number(values["min-score"]);
const sizes = { known: 2000, mirrors: 1000, decoys: 900, unrelated: 5000 };
const dataset = generateMirrorDataset({ seed, ...sizes });
const started = performance.now();
const index = createMirrorIndex(dataset.known);
const candidates = index.candidates(
  dataset.newAccounts.map((item) => item.account),
  { limit: 10, minScore },
);
const elapsed = performance.now() - started;

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(
  `mirror evaluation: seed ${seed}, ${sizes.known} known; new: ${sizes.mirrors} mirrors, ${sizes.decoys} decoys (news outlets, critics, common words), ${sizes.unrelated} unrelated; minScore ${minScore}; ${elapsed.toFixed(0)} ms`,
);
console.log("");
console.log("  k  precision@k  recall@k  decoy FP  unrelated FP");
for (const k of [1, 3, 5, 10]) {
  const report = evaluateMirrorCandidates(dataset.newAccounts, candidates, k);
  console.log(
    `${String(k).padStart(3)}  ${pct(report.precisionAtK).padStart(11)}  ${pct(report.recallAtK).padStart(8)}  ${pct(report.decoyFalsePositiveRate).padStart(8)}  ${pct(report.unrelatedFalsePositiveRate).padStart(12)}`,
  );
}
const loose = index.candidates(
  dataset.newAccounts.map((item) => item.account),
  { limit: 10, minScore: 0.3 },
);
const looseReport = evaluateMirrorCandidates(dataset.newAccounts, loose, 1);
console.log(
  `  at minScore 0.3 instead (k = 1): precision ${pct(looseReport.precisionAtK)}, recall ${pct(looseReport.recallAtK)}, decoy FP ${pct(looseReport.decoyFalsePositiveRate)}, unrelated FP ${pct(looseReport.unrelatedFalsePositiveRate)}`,
);
const at1 = evaluateMirrorCandidates(dataset.newAccounts, candidates, 1);
console.log("");
console.log("decoy false-positive rate by kind (any candidate at or above minScore):");
for (const [kind, value] of Object.entries(at1.decoyFalsePositiveRateByKind)) {
  console.log(`  ${kind.padEnd(12)} ${pct(value)}`);
}
console.log("");
console.log("recall@1 by evasion (a mirror counts under each evasion it used):");
for (const [evasion, value] of Object.entries(at1.recallByEvasion).sort()) {
  console.log(`  ${evasion.padEnd(16)} ${pct(value ?? 0)}`);
}

import { mirrorAccountKey } from "./account.js";
import type { MirrorCandidate } from "./mirror-index.js";
import type { LabelledAccount } from "./synthetic.js";

type SyntheticEvasion = LabelledAccount["evasions"][number];
type SyntheticDecoyKind = NonNullable<LabelledAccount["decoyKind"]>;

function rate(hit: number, total: number): number {
  return total === 0 ? 0 : hit / total;
}

/**
 * Scores a candidate list (as returned by `index.candidates(..., { limit: k })` or longer) against the
 * labels of a synthetic dataset, looking at each new account's top `k` candidates.
 *
 * @example
 * ```ts
 * import { createMirrorIndex, evaluateMirrorCandidates, generateMirrorDataset } from "referral-kit/mirrors";
 *
 * const dataset = generateMirrorDataset({ seed: 1 });
 * const candidates = createMirrorIndex(dataset.known).candidates(dataset.newAccounts.map((item) => item.account));
 * evaluateMirrorCandidates(dataset.newAccounts, candidates, 1).recallAtK; // e.g. 0.9
 * ```
 */
export function evaluateMirrorCandidates(
  labelled: readonly LabelledAccount[],
  candidates: readonly MirrorCandidate[],
  k: number,
): {
  k: number;
  /** Of all candidates in the new accounts' top k, the share that point at the right known account. */
  precisionAtK: number;
  /** Of all mirrors, the share whose source is in their top k. */
  recallAtK: number;
  /** Of all decoys, the share with any candidate (each one a reviewer's wasted time, or worse). */
  decoyFalsePositiveRate: number;
  /** The same, per kind of decoy. */
  decoyFalsePositiveRateByKind: Record<NonNullable<LabelledAccount["decoyKind"]>, number>;
  /** Of all unrelated accounts, the share with any candidate. */
  unrelatedFalsePositiveRate: number;
  /** Recall at k of the mirrors made with each evasion (a mirror counts for each evasion it used). */
  recallByEvasion: Partial<Record<LabelledAccount["evasions"][number], number>>;
  counts: { mirrors: number; decoys: number; unrelated: number; candidates: number };
} {
  const byNew = new Map<string, MirrorCandidate[]>();
  for (const candidate of candidates) {
    const list = byNew.get(candidate.new) ?? [];
    if (list.length < k) list.push(candidate);
    byNew.set(candidate.new, list);
  }
  let emitted = 0;
  let correct = 0;
  let mirrors = 0;
  let found = 0;
  let decoys = 0;
  let decoyHits = 0;
  let unrelated = 0;
  let unrelatedHits = 0;
  const decoyKinds: Record<SyntheticDecoyKind, [number, number]> = {
    "news-outlet": [0, 0],
    critic: [0, 0],
    "common-word": [0, 0],
  };
  const evasions = new Map<SyntheticEvasion, [number, number]>();
  for (const item of labelled) {
    const top = byNew.get(mirrorAccountKey(item.account)) ?? [];
    emitted += top.length;
    const hit = item.source !== undefined && top.some((candidate) => candidate.known === item.source);
    if (item.label === "mirror") {
      mirrors += 1;
      if (hit) {
        found += 1;
        correct += 1;
      }
      for (const evasion of new Set(item.evasions)) {
        const tally = evasions.get(evasion) ?? [0, 0];
        tally[0] += hit ? 1 : 0;
        tally[1] += 1;
        evasions.set(evasion, tally);
      }
    } else if (item.label === "decoy") {
      decoys += 1;
      const tally = decoyKinds[item.decoyKind ?? "common-word"];
      tally[1] += 1;
      if (top.length > 0) {
        decoyHits += 1;
        tally[0] += 1;
      }
    } else {
      unrelated += 1;
      if (top.length > 0) unrelatedHits += 1;
    }
  }
  return {
    k,
    precisionAtK: rate(correct, emitted),
    recallAtK: rate(found, mirrors),
    decoyFalsePositiveRate: rate(decoyHits, decoys),
    decoyFalsePositiveRateByKind: {
      "news-outlet": rate(...decoyKinds["news-outlet"]),
      critic: rate(...decoyKinds.critic),
      "common-word": rate(...decoyKinds["common-word"]),
    },
    unrelatedFalsePositiveRate: rate(unrelatedHits, unrelated),
    recallByEvasion: Object.fromEntries(
      [...evasions].map(([evasion, [hit, total]]) => [evasion, rate(hit, total)]),
    ),
    counts: { mirrors, decoys, unrelated, candidates: emitted },
  };
}

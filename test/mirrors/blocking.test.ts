import fc from "fast-check";
import {
  createMirrorIndex,
  generateMirrorDataset,
  type MirrorAccount,
  type MirrorCandidate,
} from "referral-kit/mirrors";
import { describe, expect, it } from "vitest";
import { bruteForceCandidates } from "../../src/mirrors/mirror-index.js";

const pairs = (list: readonly MirrorCandidate[]) => new Set(list.map((item) => `${item.new} ${item.known}`));

function compare(
  known: Parameters<typeof createMirrorIndex>[0],
  fresh: readonly MirrorAccount[],
  minScore: number,
) {
  const knownList = [...known];
  const fast = createMirrorIndex(knownList).candidates(fresh, { limit: Number.POSITIVE_INFINITY, minScore });
  const slow = bruteForceCandidates(knownList, fresh, { limit: Number.POSITIVE_INFINITY, minScore });
  return { fast, slow };
}

describe("blocking index against brute force", () => {
  it("finds only what brute force finds, with the same scores, and nearly all of it (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(0.3, 0.5, 0.7),
        (seed, minScore) => {
          const dataset = generateMirrorDataset({ seed, known: 60, mirrors: 30, decoys: 15, unrelated: 30 });
          const fresh = dataset.newAccounts.map((item) => item.account);
          const { fast, slow } = compare(dataset.known, fresh, minScore);
          // Two generated accounts can share a key (the same evasion twice), so a pair may have several scores.
          const exact = new Map<string, number[]>();
          for (const item of slow) {
            const key = `${item.new} ${item.known}`;
            exact.set(key, [...(exact.get(key) ?? []), item.score]);
          }
          for (const item of fast) expect(exact.get(`${item.new} ${item.known}`)).toContain(item.score);
          const found = pairs(fast);
          const hits = [...exact.keys()].filter((pair) => found.has(pair)).length;
          expect(hits / Math.max(1, exact.size)).toBeGreaterThanOrEqual(0.95);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("finds every mirror brute force finds on a labelled set", () => {
    const dataset = generateMirrorDataset({ seed: 11, known: 300, mirrors: 150, decoys: 90, unrelated: 200 });
    const { fast, slow } = compare(
      dataset.known,
      dataset.newAccounts.map((item) => item.account),
      0.5,
    );
    const found = pairs(fast);
    const missed = [...pairs(slow)].filter((pair) => !found.has(pair));
    expect(missed.length / Math.max(1, slow.length)).toBeLessThanOrEqual(0.05);
  });
});

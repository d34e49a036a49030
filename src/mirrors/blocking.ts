import type { PreparedAccount } from "./account.js";
import { MIRROR_WEIGHTS as W } from "./reasons.js";

/**
 * Candidate generation without all-pairs comparison. Two structures over the known accounts:
 * - exact buckets: handle skeleton, core, sorted core, collapsed core, display-name key and consonants,
 *   each link, each phone, and five slices of the avatar hash (two hashes at most four bits apart agree
 *   on at least one of five slices, by pigeonhole);
 * - a character-trigram inverted index over the handle cores, with a count filter derived from the
 *   similarity the score needs (an edit changes at most three trigrams).
 * Buckets larger than a cap are skipped: a value shared by hundreds of known accounts (a link to a news
 * site, the trigram "^ka") identifies nobody and would make a query scan the whole index.
 */

/** Caps on bucket sizes, the price of speed: a bucket over its cap is not used for candidates. */
export interface BlockingCaps {
  /** Largest exact bucket used (default 500). */
  exact: number;
  /** Largest trigram posting list used (default 2,000). */
  gram: number;
}

const AVATAR_SLICES = 5;

function grams(text: string, into: Set<string>): void {
  const padded = `^${text}$`;
  for (let index = 0; index + 3 <= padded.length; index += 1) into.add(padded.slice(index, index + 3));
}

/** The exact-bucket keys of an account, prefixed by what they are so different fields never collide. */
export function exactKeys(account: PreparedAccount): string[] {
  const keys: string[] = [];
  const { handle, name } = account;
  if (handle.skeleton) keys.push(`s:${handle.skeleton}`);
  if (handle.core) keys.push(`c:${handle.core}`, `o:${handle.sortedCore}`, `k:${handle.collapsedCore}`);
  if (name?.key) keys.push(`n:${name.key}`);
  if (name && name.consonants.replace(/ /g, "").length >= 5) keys.push(`v:${name.consonants}`);
  for (const link of account.links) keys.push(`l:${link}`);
  for (const phone of account.phones) keys.push(`p:${phone}`);
  if (account.avatar) {
    const size = Math.ceil(account.avatar.length / AVATAR_SLICES);
    for (let slice = 0; slice < AVATAR_SLICES; slice += 1) {
      const part = account.avatar.slice(slice * size, (slice + 1) * size);
      if (part) keys.push(`a${slice}.${account.avatar.length}:${part}`);
    }
  }
  return [...new Set(keys)];
}

function gramSet(account: PreparedAccount): Set<string> {
  const set = new Set<string>();
  grams(account.handle.core, set);
  if (account.handle.sortedCore !== account.handle.core) grams(account.handle.sortedCore, set);
  return set;
}

function add(map: Map<string, number[]>, key: string, id: number): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(id);
  else map.set(key, [id]);
}

/**
 * The core similarity a handle must reach for a pair to pass `minScore` on its handle alone (plus the
 * one unindexed reason, "created soon after"). Pairs with any other reason are found by exact buckets.
 */
export function requiredCoreSimilarity(minScore: number): number {
  const handleWeight = 1 - (1 - minScore) / (1 - W.createdWithinWeek);
  if (handleWeight <= 0) return W.handleFloor;
  if (handleWeight > W.sameCore) return 1;
  return W.handleFloor + (1 - W.handleFloor) * (handleWeight / W.sameCore);
}

/** The blocking index over prepared known accounts. Internal to `createMirrorIndex`. */
export class BlockingIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly gram = new Map<string, number[]>();
  private readonly counts: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    private readonly size: number,
    private readonly caps: BlockingCaps,
  ) {
    this.counts = new Int32Array(size);
    this.seen = new Int32Array(size);
  }

  add(id: number, account: PreparedAccount): void {
    for (const key of exactKeys(account)) add(this.exact, key, id);
    for (const gram of gramSet(account)) add(this.gram, gram, id);
  }

  /** Ids of known accounts worth scoring against `query`, each once. */
  candidates(query: PreparedAccount, coreSimilarity: number): number[] {
    this.stamp += 1;
    const stamp = this.stamp;
    const out: number[] = [];
    const take = (id: number) => {
      if (this.seen[id] !== stamp) {
        this.seen[id] = stamp;
        out.push(id);
      }
    };
    for (const key of exactKeys(query)) {
      const bucket = this.exact.get(key);
      if (bucket && bucket.length <= this.caps.exact) for (const id of bucket) take(id);
    }
    if (coreSimilarity < 1) this.gramCandidates(query, coreSimilarity, take);
    return out;
  }

  private gramCandidates(query: PreparedAccount, similarity: number, take: (id: number) => void): void {
    const core = query.handle.core;
    if (core.length === 0) return;
    const queryGrams = gramSet(query);
    const coreGrams = new Set<string>();
    grams(core, coreGrams);
    // Edits allowed at this similarity, whichever of the two cores is longer.
    const edits = Math.floor(((1 - similarity) * core.length) / similarity + 1e-9);
    let needed = coreGrams.size - 3 * edits;
    const lists: number[][] = [];
    for (const gram of queryGrams) {
      const list = this.gram.get(gram);
      if (!list) continue;
      if (list.length > this.caps.gram) {
        needed -= 1; // a skipped gram can no longer be counted
        continue;
      }
      lists.push(list);
    }
    if (needed < 1) needed = 1;
    const touched: number[] = [];
    for (const list of lists) {
      for (const id of list) {
        if (this.counts[id] === 0) touched.push(id);
        this.counts[id]! += 1;
      }
    }
    for (const id of touched) {
      if (this.counts[id]! >= needed) take(id);
      this.counts[id] = 0;
    }
  }

  get knownCount(): number {
    return this.size;
  }
}

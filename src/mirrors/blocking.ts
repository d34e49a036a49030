import type { PreparedAccount } from "./account.js";
import { MIRROR_WEIGHTS as W } from "./reasons.js";

/**
 * Candidate generation without all-pairs comparison. Two structures over the known accounts:
 * - exact buckets: handle skeleton, core, sorted core, collapsed core, each link, each phone, and five slices of the avatar hash (two hashes at most four bits apart agree
 *   on at least one of five slices, by pigeonhole);
 * - display-name buckets (normalised name, cross-script consonants), searched whole when small and by
 *   the known accounts' actioned time when large;
 * - a character-trigram inverted index over the handle cores, with a count filter derived from the
 *   similarity the score needs (an edit changes at most three trigrams).
 * Buckets larger than a cap are skipped: a value shared by hundreds of known accounts (a link to a news
 * site, the trigram "^ka") identifies nobody and would make a query scan the whole index.
 */

/**
 * Caps on bucket sizes, the price of speed: a bucket over its cap is not used for candidates.
 *
 * @example
 * ```ts
 * const caps: BlockingCaps = { exact: 500, gram: 2000 };
 * createMirrorIndex(known, { caps });
 * ```
 */
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

/**
 * The exact-bucket keys of an account, prefixed by what they are so different fields never collide.
 * Internal.
 *
 * @example
 * ```ts
 * exactKeys(prepareAccount({ platform: "x", handle: "ttp" })); // ["s:ttp", "c:ttp", "o:ttp", "k:tp"]
 * ```
 */
export function exactKeys(account: PreparedAccount): string[] {
  const keys: string[] = [];
  const { handle } = account;
  if (handle.skeleton) keys.push(`s:${handle.skeleton}`);
  if (handle.core) keys.push(`c:${handle.core}`, `o:${handle.sortedCore}`, `k:${handle.collapsedCore}`);
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

/**
 * Display-name keys: a name alone never passes, so these buckets are searched by time as well. Internal.
 *
 * @example
 * ```ts
 * nameKeys(prepareAccount({ platform: "x", handle: "a", displayName: "Umar Media" })); // ["n:omar media"]
 * ```
 */
export function nameKeys(account: PreparedAccount): string[] {
  const { name } = account;
  const keys: string[] = [];
  if (name?.key) keys.push(`n:${name.key}`);
  if (name && name.consonants.replace(/ /g, "").length >= 5) keys.push(`v:${name.consonants}`);
  return keys;
}

// A display-name bucket this small is taken whole; a larger one (a group's name, used by hundreds of
// accounts) only for known accounts actioned in the 30 days before the new account was created, the one
// unindexed reason that, with a same name, can pass minScore without a similar handle.
const SMALL_NAME_BUCKET = 32;
const WINDOW = 30 * 86_400_000;

function gramSet(account: PreparedAccount): Set<string> {
  const set = new Set<string>();
  grams(account.handle.core, set);
  if (account.handle.sortedCore !== account.handle.core) grams(account.handle.sortedCore, set);
  return set;
}

function distinctGrams(text: string): number {
  const set = new Set<string>();
  grams(text, set);
  return set.size;
}

/** Length and distinct-trigram count of the core and of the sorted core. */
function shapeOf(account: PreparedAccount): [number, number, number, number] {
  const { core, sortedCore } = account.handle;
  const coreGrams = distinctGrams(core);
  return [
    core.length,
    coreGrams,
    sortedCore.length,
    sortedCore === core ? coreGrams : distinctGrams(sortedCore),
  ];
}

/**
 * The count filter: two strings within Levenshtein similarity `similarity` differ by at most
 * `d = floor((1 - similarity) * longer)` edits, each edit removes at most three trigrams, so they share
 * at least `grams - 3d` distinct trigrams on each side; and the shorter is at least `similarity` times
 * the longer.
 */
function passes(
  count: number,
  similarity: number,
  lengthA: number,
  gramsA: number,
  lengthB: number,
  gramsB: number,
): boolean {
  const longer = Math.max(lengthA, lengthB);
  if (Math.min(lengthA, lengthB) < similarity * longer - 1e-9) return false;
  const edits = Math.floor((1 - similarity) * longer + 1e-9);
  return count >= Math.max(gramsA, gramsB) - 3 * edits;
}

function add(map: Map<string, number[]>, key: string, id: number): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(id);
  else map.set(key, [id]);
}

/**
 * The core similarity a handle must reach for a pair to pass `minScore` on its handle alone (plus the
 * one unindexed reason, "created soon after"). Pairs with any other reason are found by exact buckets.
 * Internal.
 *
 * @example
 * ```ts
 * requiredCoreSimilarity(0.5); // 0.85
 * ```
 */
export function requiredCoreSimilarity(minScore: number): number {
  const handleWeight = 1 - (1 - minScore) / (1 - W.createdWithinWeek);
  if (handleWeight <= 0) return W.handleFloor;
  // Heavier handle reasons (same skeleton, core, collapsed core) come from exact buckets.
  if (handleWeight > W.similarCore) return 1;
  return W.handleFloor + (W.similarCoreFull - W.handleFloor) * (handleWeight / W.similarCore);
}

/**
 * The blocking index over prepared known accounts. Internal to `createMirrorIndex`.
 *
 * @example
 * ```ts
 * const blocking = new BlockingIndex(known.length, { exact: 500, gram: 2000 });
 * known.forEach((account, id) => blocking.add(id, account));
 * blocking.candidates(query, requiredCoreSimilarity(0.5)); // ids worth scoring
 * ```
 */
export class BlockingIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly gram = new Map<string, number[]>();
  /** Display-name buckets: ids with their actioned time, sorted by it once built. */
  private readonly names = new Map<string, { ids: number[]; times: number[] }>();
  private sorted = true;
  private readonly counts: Int32Array;
  private readonly seen: Int32Array;
  /** Per known account: length and distinct-trigram count of its core and of its sorted core. */
  private readonly shape: Int32Array;
  /** Per known account: interned display-name key and consonants (-1 when none). */
  private readonly nameIds: Int32Array;
  private readonly consonantIds: Int32Array;
  private readonly interned = new Map<string, number>();
  private stamp = 0;

  constructor(
    private readonly size: number,
    private readonly caps: BlockingCaps,
  ) {
    this.counts = new Int32Array(size);
    this.seen = new Int32Array(size);
    this.shape = new Int32Array(size * 4);
    this.nameIds = new Int32Array(size).fill(-1);
    this.consonantIds = new Int32Array(size).fill(-1);
  }

  private intern(text: string | undefined, create: boolean): number {
    if (!text) return -1;
    let id = this.interned.get(text);
    if (id === undefined) {
      if (!create) return -2; // unknown to the index: equal to nothing
      id = this.interned.size;
      this.interned.set(text, id);
    }
    return id;
  }

  add(id: number, account: PreparedAccount): void {
    for (const key of exactKeys(account)) add(this.exact, key, id);
    for (const gram of gramSet(account)) add(this.gram, gram, id);
    const [coreLength, coreGrams, sortedLength, sortedGrams] = shapeOf(account);
    this.shape.set([coreLength, coreGrams, sortedLength, sortedGrams], id * 4);
    this.nameIds[id] = this.intern(account.name?.key, true);
    this.consonantIds[id] = this.intern(account.name?.consonants, true);
    for (const key of nameKeys(account)) {
      const bucket = this.names.get(key) ?? { ids: [], times: [] };
      bucket.ids.push(id);
      bucket.times.push(account.actionedAt ?? Number.NaN);
      this.names.set(key, bucket);
    }
    this.sorted = false;
  }

  private sortNames(): void {
    for (const bucket of this.names.values()) {
      const order = bucket.ids.map((_, index) => index);
      // Unknown times (NaN) sort last; they are reached only when the bucket is small.
      const time = (index: number) => (Number.isNaN(bucket.times[index]!) ? Infinity : bucket.times[index]!);
      order.sort((a, b) => time(a) - time(b));
      bucket.ids = order.map((index) => bucket.ids[index]!);
      bucket.times = order.map((index) => time(index));
    }
    this.sorted = true;
  }

  private nameCandidates(query: PreparedAccount, take: (id: number) => void): void {
    for (const key of nameKeys(query)) {
      const bucket = this.names.get(key);
      if (!bucket) continue;
      if (bucket.ids.length <= SMALL_NAME_BUCKET) {
        for (const id of bucket.ids) take(id);
        continue;
      }
      const created = query.createdAt;
      if (created === undefined) continue;
      // First known account actioned at or after created - 30 days, then every one up to created.
      let low = 0;
      let high = bucket.times.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (bucket.times[middle]! < created - WINDOW) low = middle + 1;
        else high = middle;
      }
      for (let index = low; index < bucket.times.length && bucket.times[index]! <= created; index += 1) {
        take(bucket.ids[index]!);
      }
    }
  }

  /** Ids of known accounts worth scoring against `query`, each once. */
  candidates(query: PreparedAccount, coreSimilarity: number): number[] {
    if (!this.sorted) this.sortNames();
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
    this.nameCandidates(query, take);
    this.gramCandidates(query, coreSimilarity, take);
    return out;
  }

  private gramCandidates(query: PreparedAccount, similarity: number, take: (id: number) => void): void {
    if (query.handle.core.length === 0) return;
    const [coreLength, coreGrams, sortedLength, sortedGrams] = shapeOf(query);
    let skipped = 0;
    const lists: number[][] = [];
    for (const gram of gramSet(query)) {
      const list = this.gram.get(gram);
      if (!list) continue;
      if (list.length > this.caps.gram) {
        skipped += 1; // a skipped gram can no longer be counted
        continue;
      }
      lists.push(list);
    }
    const touched: number[] = [];
    for (const list of lists) {
      for (const id of list) {
        if (this.counts[id] === 0) touched.push(id);
        this.counts[id]! += 1;
      }
    }
    const shape = this.shape;
    // With the same display name, a handle needs far less similarity to pass minScore; those pairs are
    // held to the handle floor instead (name buckets of group names are too large to take whole).
    const nameId = this.intern(query.name?.key, false);
    const consonantId = this.intern(query.name?.consonants, false);
    for (const id of touched) {
      const count = this.counts[id]! + skipped;
      this.counts[id] = 0;
      const at = id * 4;
      const sameName =
        (nameId >= 0 && this.nameIds[id] === nameId) ||
        (consonantId >= 0 && this.consonantIds[id] === consonantId);
      const needed = sameName ? W.handleFloor : similarity;
      if (
        passes(count, needed, coreLength, coreGrams, shape[at]!, shape[at + 1]!) ||
        passes(count, needed, sortedLength, sortedGrams, shape[at + 2]!, shape[at + 3]!)
      ) {
        take(id);
      }
    }
  }

  get knownCount(): number {
    return this.size;
  }
}

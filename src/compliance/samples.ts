/** Entries per chunk: 768 KiB of keys and values, so growing never copies and never doubles memory. */
const CHUNK = 1 << 16;
const TWO_32 = 2 ** 32;
/** Buckets of whole-number samples by their high part: values up to 2^43 (278 years in milliseconds). */
const BUCKETS = 2048;
const WHOLE_LIMIT = BUCKETS * TWO_32;

/**
 * The work arrays of {@link SampleBuffer.collect}, which buffers can share: only one collection's values are
 * read at a time. Over 1,000,000 records with outcomes, work arrays of each buffer's own came to some
 * 20 MB more outside the JS heap, which took a computation past V8's 64 MB external-memory step: a full
 * mark-compact of the caller's heap inside `result()` (400-500 ms CPU with the records in memory).
 *
 * Two sides of 8 bytes a sample: the sort of whole-number samples moves a 4-byte key and a 4-byte tag
 * from one side to the other, and the collected values (doubles) go to the side it did not end on.
 *
 * @internal
 */
export class SortSpace {
  readonly #sides = [new ArrayBuffer(0), new ArrayBuffer(0)];
  /** The buffer whose samples, sorted, are on side `#sortedSide`, and how many; undefined when none. */
  #owner: SampleBuffer | undefined;
  #ownerCount = 0;
  #sortedSide = 0;
  /** Digit counts of the sort: three 11-bit digits. */
  readonly counts = new Uint32Array(3 << 11);
  /** Where each bucket of the sorted samples starts (see `SampleBuffer.#sortWhole`), and a cursor. */
  readonly buckets = new Int32Array(BUCKETS + 1);
  readonly cursor = new Int32Array(BUCKETS);

  /** Side `index`, at least `bytes` long. Growing it forgets the sorted samples. */
  side(index: number, bytes: number): ArrayBuffer {
    if (this.#sides[index]!.byteLength < bytes) {
      this.#sides[index] = new ArrayBuffer(bytes);
      this.#owner = undefined;
    }
    return this.#sides[index]!;
  }

  /** Records that side `side` holds the `count` samples of `owner`, sorted. */
  own(owner: SampleBuffer | undefined, count: number, side: number): void {
    this.#owner = owner;
    this.#ownerCount = count;
    this.#sortedSide = side;
  }

  /** The side holding `owner`'s `count` samples sorted, or -1 when it does not (any more). */
  sortedSide(owner: SampleBuffer, count: number): number {
    return this.#owner === owner && this.#ownerCount === count ? this.#sortedSide : -1;
  }
}

/**
 * Pairs of number series (events and censorings, say) of many keys appended to one buffer, each number
 * tagged with its key, its side of the pair and whether the total counts it; then grouped by key and
 * sorted, all at once. The calculators keep every row's time samples in a few of these: appending to one
 * buffer writes memory in order, where one growing array per row and series meant a pointer chase per
 * sample and, for a million records, tens of thousands of array copies. The total is the samples marked
 * as counted in it, so a sample is stored once however many rows it is in: with a million records the
 * buffers stay under V8's 64 MB external-memory step, past which an allocation forces a full collection
 * of the caller's whole heap.
 *
 * Values are pushed in one unit (milliseconds, say) and collected divided by `unit` (hours, say):
 * whole numbers sort faster than their quotients (see `#sortWhole`), and dividing after sorting gives the
 * same doubles in the same order, as division by a positive number keeps order.
 *
 * @internal
 */
export class SampleBuffer {
  #tags = new Int32Array(CHUNK);
  #values = new Float64Array(CHUNK);
  #fill = 0;
  readonly #full: [Int32Array, Float64Array][] = [];
  readonly #space: SortSpace;
  readonly #unit: number;

  /**
   * `space`: work arrays shared with other buffers (see {@link SortSpace}); a space of its own by default.
   * `unit`: what collected values are divided by (a positive number; 1 by default).
   */
  constructor(space: SortSpace = new SortSpace(), unit = 1) {
    this.#space = space;
    this.#unit = unit;
  }

  /**
   * Appends `value` to `key`'s first series, or its second when `second`; `inTotal` marks the one copy of
   * a sample that the total counts.
   */
  push(key: number, second: boolean, value: number, inTotal: boolean): void {
    if (this.#fill === CHUNK) {
      this.#full.push([this.#tags, this.#values]);
      this.#tags = new Int32Array(CHUNK);
      this.#values = new Float64Array(CHUNK);
      this.#fill = 0;
    }
    const tag = second ? key * 2 + 1 : key * 2;
    this.#tags[this.#fill] = inTotal ? tag : ~tag;
    this.#values[this.#fill++] = value;
  }

  /**
   * The samples divided by the unit, each series sorted ascending: key `k`'s first series runs from
   * `values[offsets[2k]]` up to `values[offsets[2k + 1]]`, its second from there to
   * `values[offsets[2k + 2]]`, for `keys` keys. With `total`, only the samples marked `inTotal`, all as
   * key 0. The values live in the buffer's {@link SortSpace}, which the next collection (of any buffer
   * sharing it) reuses. Collecting the rows and then the total of one buffer sorts its samples once.
   */
  collect(keys: number, total: boolean): { offsets: Int32Array; values: Float64Array } {
    const count = this.#full.length * CHUNK + this.#fill;
    let sorted = this.#space.sortedSide(this, count);
    if (sorted < 0) sorted = this.#sortWhole(count);
    if (sorted < 0) return this.#collectBySegment(keys, total, count);
    // The samples sorted by value: a stable pass by segment leaves each segment sorted.
    const space = this.#space;
    const from = space.side(sorted, 8 * count);
    const sortedLow = new Uint32Array(from, 0, count);
    const sortedTags = new Int32Array(from, 4 * count, count);
    const segments = total ? 2 : keys * 2;
    const offsets = new Int32Array(segments + 1);
    for (let index = 0; index < count; index++) {
      const tag = sortedTags[index]!;
      if (tag >= 0) offsets[(total ? tag & 1 : tag) + 1]!++;
      else if (!total) offsets[~tag + 1]!++;
    }
    for (let segment = 0; segment < segments; segment++) offsets[segment + 1]! += offsets[segment]!;
    const values = new Float64Array(space.side(1 - sorted, 8 * count), 0, offsets[segments]!);
    const cursor = offsets.slice(0, segments);
    const unit = this.#unit;
    const buckets = space.buckets;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const high = bucket * TWO_32;
      const end = buckets[bucket + 1]!;
      for (let index = buckets[bucket]!; index < end; index++) {
        const tag = sortedTags[index]!;
        if (tag >= 0) values[cursor[total ? tag & 1 : tag]!++] = (high + sortedLow[index]!) / unit;
        else if (!total) values[cursor[~tag]!++] = (high + sortedLow[index]!) / unit;
      }
    }
    return { offsets, values };
  }

  /**
   * Sorts the samples by value into the space when every one is a whole number from 0 to 2^43 - 1 (times
   * in milliseconds, up to 278 years): first by their high part (the value divided by 2^32, rounded down),
   * a counting sort into buckets, then each bucket by its low 32 bits with an LSD radix sort of three
   * 11-bit digits; each value's tag goes along, so a sample takes 8 bytes and the two sides hold all.
   * Returns the side they end on (0), or -1 (nothing sorted) when a value is not such a number.
   */
  #sortWhole(count: number): number {
    const space = this.#space;
    const first = space.side(0, 8 * count);
    const second = space.side(1, 8 * count);
    const low = new Uint32Array(first, 0, count);
    const tags = new Int32Array(first, 4 * count, count);
    const otherLow = new Uint32Array(second, 0, count);
    const otherTags = new Int32Array(second, 4 * count, count);
    const chunks = this.#chunks();
    const buckets = space.buckets;
    buckets.fill(0);
    for (const [, values, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const value = values[index]!;
        // NaN fails the first test; -0 would come back as 0.
        if (!(value >= 0 && value < WHOLE_LIMIT && Math.floor(value) === value)) return -1;
        if (value === 0 && 1 / value < 0) return -1;
        buckets[Math.floor(value / TWO_32) + 1]!++;
      }
    }
    for (let bucket = 0; bucket < BUCKETS; bucket++) buckets[bucket + 1]! += buckets[bucket]!;
    const cursor = space.cursor;
    cursor.set(buckets.subarray(0, BUCKETS));
    for (const [chunkTags, values, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const value = values[index]!;
        const position = cursor[Math.floor(value / TWO_32)]!++;
        low[position] = value >>> 0;
        tags[position] = chunkTags[index]!;
      }
    }
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const from = buckets[bucket]!;
      const to = buckets[bucket + 1]!;
      if (to - from > 1) sortLow(low, tags, otherLow, otherTags, from, to, space.counts);
    }
    space.own(this, count, 0);
    return 0;
  }

  /** Samples of any value: grouped by segment, then each segment sorted on its own. */
  #collectBySegment(
    keys: number,
    total: boolean,
    count: number,
  ): { offsets: Int32Array; values: Float64Array } {
    const segments = total ? 2 : keys * 2;
    // A counting sort by segment, then each segment sorted on its own (short sorts, in place).
    const offsets = new Int32Array(segments + 1);
    const chunks = this.#chunks();
    for (const [tags, , length] of chunks) {
      for (let index = 0; index < length; index++) {
        const tag = tags[index]!;
        if (tag >= 0) offsets[(total ? tag & 1 : tag) + 1]!++;
        else if (!total) offsets[~tag + 1]!++;
      }
    }
    for (let segment = 0; segment < segments; segment++) offsets[segment + 1]! += offsets[segment]!;
    const space = this.#space;
    space.own(undefined, 0, 0);
    const values = new Float64Array(space.side(0, 8 * count), 0, offsets[segments]!);
    const spare = new Float64Array(space.side(1, 8 * count), 0, count);
    const cursor = offsets.slice(0, segments);
    const unit = this.#unit;
    for (const [tags, numbers, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const tag = tags[index]!;
        if (tag >= 0) values[cursor[total ? tag & 1 : tag]!++] = numbers[index]! / unit;
        else if (!total) values[cursor[~tag]!++] = numbers[index]! / unit;
      }
    }
    for (let segment = 0; segment < segments; segment++) {
      const length = offsets[segment + 1]! - offsets[segment]!;
      if (length <= 1) continue;
      const run = values.subarray(offsets[segment]!, offsets[segment + 1]!);
      if (length < RADIX_FROM) {
        run.sort();
        continue;
      }
      if (!radixSort(run, spare)) run.sort();
    }
    return { offsets, values };
  }

  #chunks(): [Int32Array, Float64Array, number][] {
    const chunks: [Int32Array, Float64Array, number][] = this.#full.map(([tags, values]) => [
      tags,
      values,
      CHUNK,
    ]);
    chunks.push([this.#tags, this.#values, this.#fill]);
    return chunks;
  }
}

/**
 * Sorts `low[from..to)` ascending, each tag moving with its value: an LSD radix sort of three 11-bit
 * digits through `otherLow` and `otherTags` (a digit every value shares is skipped); the result is back
 * in `low` and `tags`.
 */
function sortLow(
  low: Uint32Array,
  tags: Int32Array,
  otherLow: Uint32Array,
  otherTags: Int32Array,
  from: number,
  to: number,
  counts: Uint32Array,
): void {
  const length = to - from;
  counts.fill(0);
  for (let index = from; index < to; index++) {
    const value = low[index]!;
    counts[value & 2047]!++;
    counts[2048 + ((value >>> 11) & 2047)]!++;
    counts[4096 + (value >>> 22)]!++;
  }
  let source = low;
  let sourceTags = tags;
  let target = otherLow;
  let targetTags = otherTags;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass << 11;
    if (!startPositions(counts, base, from, length)) continue;
    const shift = pass * 11;
    for (let index = from; index < to; index++) {
      const value = source[index]!;
      const position = counts[base + ((value >>> shift) & 2047)]!++;
      target[position] = value;
      targetTags[position] = sourceTags[index]!;
    }
    [source, target] = [target, source];
    [sourceTags, targetTags] = [targetTags, sourceTags];
  }
  if (source !== low) {
    low.set(source.subarray(from, to), from);
    tags.set(sourceTags.subarray(from, to), from);
  }
}

/**
 * Turns one radix pass's digit counts (`counts[base..base + 2048)`) into each digit's starting position,
 * from `start`, in place. False when one digit holds all `length` values: that pass would leave the order
 * as it is, so it is skipped.
 */
function startPositions(counts: Uint32Array, base: number, start: number, length: number): boolean {
  let sum = start;
  for (let digit = 0; digit < 2048; digit++) {
    const count = counts[base + digit]!;
    if (count === length) return false;
    counts[base + digit] = sum;
    sum += count;
  }
  return true;
}

/** From this many samples on, a series is sorted by {@link radixSort}; shorter ones by the native sort. */
const RADIX_FROM = 4096;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorts doubles ascending in place by their bits, 11 at a time from the least significant (an LSD radix
 * sort; `spare` is a work array at least as long). For the million-sample series of the compliance total
 * this took 40 ms where `Float64Array.prototype.sort` took 100 ms (and 15 ms against 55 ms for whole
 * hours). Bit order is number order only for non-negative numbers: returns false, leaving `values` as
 * they were, when one is negative (or -0) or the platform is big-endian.
 *
 * @internal
 */
export function radixSort(values: Float64Array, spare: Float64Array): boolean {
  if (!LITTLE_ENDIAN) return false;
  const n = values.length;
  let from = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let to = new Uint32Array(spare.buffer, spare.byteOffset, n * 2);
  // Six digits: bits 0-10, 11-21 and 22-31 of the low word, then of the high word.
  const counts = new Uint32Array(6 << 11);
  for (let index = 0; index < n; index++) {
    const low = from[2 * index]!;
    const high = from[2 * index + 1]!;
    if (high >>> 31 !== 0) return false;
    counts[low & 2047]!++;
    counts[2048 + ((low >>> 11) & 2047)]!++;
    counts[4096 + (low >>> 22)]!++;
    counts[6144 + (high & 2047)]!++;
    counts[8192 + ((high >>> 11) & 2047)]!++;
    counts[10240 + (high >>> 22)]!++;
  }
  let inSpare = false;
  for (let pass = 0; pass < 6; pass++) {
    const base = pass << 11;
    if (!startPositions(counts, base, 0, n)) continue;
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * 11;
    for (let index = 0; index < n; index++) {
      const low = from[2 * index]!;
      const high = from[2 * index + 1]!;
      const position = counts[base + (((word === 0 ? low : high) >>> shift) & 2047)]!++;
      to[2 * position] = low;
      to[2 * position + 1] = high;
    }
    const swap = from;
    from = to;
    to = swap;
    inSpare = !inSpare;
  }
  if (inSpare) values.set(spare.subarray(0, n));
  return true;
}

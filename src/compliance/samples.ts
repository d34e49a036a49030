/** Entries per chunk: 768 KiB of keys and values, so growing never copies and never doubles memory. */
const CHUNK = 1 << 16;

/**
 * The work arrays of {@link SampleBuffer.collect}, which buffers can share: only one collection's values are
 * read at a time. Over 1,000,000 records with outcomes, one scratch and one spare array per buffer came
 * to some 20 MB more outside the JS heap, which took a computation past V8's 64 MB external-memory step:
 * a full mark-compact of the caller's heap inside `result()` (400-500 ms CPU with the records in memory).
 *
 * @internal
 */
export class SortSpace {
  #scratch = new Float64Array(0);
  #spare = new Float64Array(0);

  /** A scratch array of at least `length` numbers (its contents are the last collection's). */
  scratch(length: number): Float64Array {
    if (this.#scratch.length < length) this.#scratch = new Float64Array(length);
    return this.#scratch;
  }

  /** A second work array of at least `length` numbers, for the radix sort. */
  spare(length: number): Float64Array {
    if (this.#spare.length < length) this.#spare = new Float64Array(length);
    return this.#spare;
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
 * @internal
 */
export class SampleBuffer {
  #tags = new Int32Array(CHUNK);
  #values = new Float64Array(CHUNK);
  #fill = 0;
  readonly #full: [Int32Array, Float64Array][] = [];
  readonly #space: SortSpace;

  /** `space`: work arrays shared with other buffers (see {@link SortSpace}); a buffer of its own by default. */
  constructor(space: SortSpace = new SortSpace()) {
    this.#space = space;
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
   * The samples, each series sorted ascending: key `k`'s first series runs from `values[offsets[2k]]` up to
   * `values[offsets[2k + 1]]`, its second from there to `values[offsets[2k + 2]]`, for `keys` keys. With
   * `total`, only the samples marked `inTotal`, all as key 0. The values live in the scratch array of the
   * buffer's {@link SortSpace}, which the next collection (of any buffer sharing it) reuses.
   */
  collect(keys: number, total: boolean): { offsets: Int32Array; values: Float64Array } {
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
    const count = offsets[segments]!;
    const values = this.#space.scratch(count).subarray(0, count);
    const cursor = offsets.slice(0, segments);
    for (const [tags, numbers, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const tag = tags[index]!;
        if (tag >= 0) values[cursor[total ? tag & 1 : tag]!++] = numbers[index]!;
        else if (!total) values[cursor[~tag]!++] = numbers[index]!;
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
      if (!radixSort(run, this.#space.spare(length))) run.sort();
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
    // Counts to starting positions; a digit every value shares leaves the order as it is.
    let sum = 0;
    let shared = false;
    for (let digit = 0; digit < 2048; digit++) {
      const count = counts[base + digit]!;
      if (count === n) {
        shared = true;
        break;
      }
      counts[base + digit] = sum;
      sum += count;
    }
    if (shared) continue;
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

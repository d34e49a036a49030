/** Entries per chunk: 768 KiB of keys and values, so growing never copies and never doubles memory. */
const CHUNK = 1 << 16;

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
  #scratch = new Float64Array(0);

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
   * `total`, only the samples marked `inTotal`, all as key 0. The values live in a scratch array that the
   * next call reuses.
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
    if (this.#scratch.length < count) this.#scratch = new Float64Array(count);
    const values = this.#scratch.subarray(0, count);
    const cursor = offsets.slice(0, segments);
    for (const [tags, numbers, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const tag = tags[index]!;
        if (tag >= 0) values[cursor[total ? tag & 1 : tag]!++] = numbers[index]!;
        else if (!total) values[cursor[~tag]!++] = numbers[index]!;
      }
    }
    for (let segment = 0; segment < segments; segment++) {
      if (offsets[segment + 1]! - offsets[segment]! > 1) {
        values.subarray(offsets[segment]!, offsets[segment + 1]!).sort();
      }
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

/** Entries per chunk: 768 KiB of keys and values, so growing never copies and never doubles memory. */
const CHUNK = 1 << 16;

/**
 * Numbers of many series appended to one buffer, each tagged with its series' key (a small integer) and
 * whether the total counts it, then collected a few series at a time, grouped by key and sorted. The
 * calculators keep every row's time samples here: appending to one buffer writes memory in order, where
 * one growing array per row and series meant a pointer chase per sample and, for a million records, tens
 * of thousands of array copies. The total is the samples marked as counted in it, so a sample is stored
 * once however many rows it is in: with a million records the whole buffer stays under V8's 64 MB
 * external-memory step, past which every allocation forces a full collection of the caller's heap.
 *
 * @internal
 */
export class SampleBuffer {
  #keys = new Int32Array(CHUNK);
  #values = new Float64Array(CHUNK);
  #fill = 0;
  readonly #full: [Int32Array, Float64Array][] = [];
  #scratch = new Float64Array(0);

  constructor(readonly seriesPerKey: number) {}

  /**
   * Appends `value` to series `series` of `key` (both small non-negative integers); `inTotal` marks the
   * one copy of a sample that the total counts.
   */
  push(key: number, series: number, value: number, inTotal: boolean): void {
    if (this.#fill === CHUNK) {
      this.#full.push([this.#keys, this.#values]);
      this.#keys = new Int32Array(CHUNK);
      this.#values = new Float64Array(CHUNK);
      this.#fill = 0;
    }
    const tag = key * this.seriesPerKey + series;
    this.#keys[this.#fill] = inTotal ? tag : ~tag;
    this.#values[this.#fill++] = value;
  }

  /**
   * The samples of `series` (a few series numbers), each sorted ascending. Per key: segment
   * `key * series.length + j` holds series `series[j]` of `key`, from `values[offsets[segment]]` up to
   * `values[offsets[segment + 1]]`. With `total`, only the samples marked `inTotal`, all as key 0. The
   * values live in a scratch array the next call reuses.
   */
  collect(
    series: readonly number[],
    keys: number,
    total: boolean,
  ): { offsets: Int32Array; values: Float64Array } {
    const per = this.seriesPerKey;
    const wanted = new Int32Array(per).fill(-1);
    series.forEach((name, index) => {
      wanted[name] = index;
    });
    const width = series.length;
    const segments = (total ? 1 : keys) * width;
    // A counting sort by segment, then each segment sorted on its own (short sorts, in place).
    const offsets = new Int32Array(segments + 1);
    const segmentOf = (tag: number): number => {
      if (tag < 0) {
        if (total) return -1;
        tag = ~tag;
      }
      const key = (tag / per) | 0;
      const column = wanted[tag - key * per]!;
      if (column < 0) return -1;
      return total ? column : key * width + column;
    };
    const chunks = this.#chunks();
    for (const [tags, , length] of chunks) {
      for (let index = 0; index < length; index++) {
        const segment = segmentOf(tags[index]!);
        if (segment >= 0) offsets[segment + 1]!++;
      }
    }
    for (let segment = 0; segment < segments; segment++) offsets[segment + 1]! += offsets[segment]!;
    const count = offsets[segments]!;
    if (this.#scratch.length < count) this.#scratch = new Float64Array(count);
    const values = this.#scratch.subarray(0, count);
    const cursor = offsets.slice(0, segments);
    for (const [tags, numbers, length] of chunks) {
      for (let index = 0; index < length; index++) {
        const segment = segmentOf(tags[index]!);
        if (segment >= 0) values[cursor[segment]!++] = numbers[index]!;
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
    const chunks: [Int32Array, Float64Array, number][] = this.#full.map(([keys, values]) => [
      keys,
      values,
      CHUNK,
    ]);
    chunks.push([this.#keys, this.#values, this.#fill]);
    return chunks;
  }
}

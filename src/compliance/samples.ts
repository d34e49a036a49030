/** Entries per chunk: 768 KiB of keys and values, so growing never copies and never doubles memory. */
const CHUNK = 1 << 16;

/**
 * Numbers of many series appended to one buffer, each tagged with its series' key (a small integer), then
 * grouped by key with each series sorted, all at once. The calculators keep every row's time samples here:
 * appending to one buffer writes memory in order, where one growing array per row and series meant a
 * pointer chase and, for a million records, tens of thousands of array copies.
 *
 * @internal
 */
export class SampleBuffer {
  #keys = new Int32Array(CHUNK);
  #values = new Float64Array(CHUNK);
  #fill = 0;
  readonly #full: [Int32Array, Float64Array][] = [];

  /** Appends `value` to the series `key` (0 <= key < the `keyCount` given to {@link sorted}). */
  push(key: number, value: number): void {
    if (this.#fill === CHUNK) {
      this.#full.push([this.#keys, this.#values]);
      this.#keys = new Int32Array(CHUNK);
      this.#values = new Float64Array(CHUNK);
      this.#fill = 0;
    }
    this.#keys[this.#fill] = key;
    this.#values[this.#fill++] = value;
  }

  /**
   * Every series, sorted ascending, in one array: series `key` is `values[offsets[key]]` up to
   * `values[offsets[key + 1]]`. The buffer itself is left as it was, so more can be appended.
   */
  sorted(keyCount: number): { offsets: Int32Array; values: Float64Array } {
    const chunks: [Int32Array, Float64Array, number][] = this.#full.map(([keys, values]) => [
      keys,
      values,
      CHUNK,
    ]);
    chunks.push([this.#keys, this.#values, this.#fill]);
    // A counting sort by key, then each series sorted on its own (short sorts, in place).
    const offsets = new Int32Array(keyCount + 1);
    for (const [keys, , length] of chunks) {
      for (let index = 0; index < length; index++) offsets[keys[index]! + 1]!++;
    }
    for (let key = 0; key < keyCount; key++) offsets[key + 1]! += offsets[key]!;
    const cursor = offsets.slice(0, keyCount);
    const sorted = new Float64Array(offsets[keyCount]!);
    for (const [keys, values, length] of chunks) {
      for (let index = 0; index < length; index++) sorted[cursor[keys[index]!]!++] = values[index]!;
    }
    for (let key = 0; key < keyCount; key++) {
      if (offsets[key + 1]! - offsets[key]! > 1) sorted.subarray(offsets[key]!, offsets[key + 1]!).sort();
    }
    return { offsets, values: sorted };
  }
}

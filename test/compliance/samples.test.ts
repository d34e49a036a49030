import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { radixSort, SampleBuffer } from "../../src/compliance/samples.js";

const HOUR = 3_600_000;

describe("radixSort", () => {
  it("sorts non-negative doubles exactly as the native sort does", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 24 * 800 }).map((minutes) => (minutes * 60_000) / HOUR),
            fc.integer({ min: 0, max: 12 }),
            fc.double({ min: 0, max: 1e300, noNaN: true }).filter((value) => !Object.is(value, -0)),
            fc.constantFrom(0, Number.MIN_VALUE, Number.MAX_VALUE, Number.POSITIVE_INFINITY),
          ),
          { maxLength: 300 },
        ),
        (numbers) => {
          const values = Float64Array.from(numbers);
          expect(radixSort(values, new Float64Array(values.length))).toBe(true);
          expect([...values]).toEqual([...Float64Array.from(numbers).sort()]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("sorts a subarray in place and leaves the rest of its buffer alone", () => {
    const buffer = Float64Array.from([9, 5, 3, 4, 1, 2, 0]);
    expect(radixSort(buffer.subarray(1, 6), new Float64Array(8))).toBe(true);
    expect([...buffer]).toEqual([9, 1, 2, 3, 4, 5, 0]);
  });

  it("declines negative numbers and -0, leaving them as they were", () => {
    for (const numbers of [
      [3, -1, 2],
      [1, -0, 0],
    ]) {
      const values = Float64Array.from(numbers);
      expect(radixSort(values, new Float64Array(3))).toBe(false);
      expect([...values]).toEqual(numbers);
    }
  });
});

describe("SampleBuffer", () => {
  it("groups samples by key and side, each sorted, and gives the total its marked copies", () => {
    // Enough samples in one series that it is sorted by the radix sort.
    const buffer = new SampleBuffer();
    const expected = new Map<string, number[]>();
    const add = (key: string, value: number) => expected.set(key, [...(expected.get(key) ?? []), value]);
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let index = 0; index < 12_000; index++) {
      const key = 1 + Math.floor(next() * 3);
      const second = next() < 0.4;
      const value = Math.floor(next() * 5000) / 60;
      const inTotal = next() < 0.8;
      buffer.push(key, second, value, inTotal);
      add(`${key}:${second}`, value);
      if (inTotal) add(`total:${second}`, value);
    }
    const rows = buffer.collect(4, false);
    for (let key = 0; key < 4; key++) {
      for (const [side, second] of [false, true].entries()) {
        const segment = 2 * key + side;
        const got = [...rows.values.subarray(rows.offsets[segment]!, rows.offsets[segment + 1]!)];
        expect(got).toEqual((expected.get(`${key}:${second}`) ?? []).sort((a, b) => a - b));
      }
    }
    const total = buffer.collect(1, true);
    for (const [side, second] of [false, true].entries()) {
      const got = [...total.values.subarray(total.offsets[side]!, total.offsets[side + 1]!)];
      expect(got).toEqual(expected.get(`total:${second}`)!.sort((a, b) => a - b));
    }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { radixSort, SampleBuffer, SortSpace } from "../../src/compliance/samples.js";

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

describe("SampleBuffer with a unit and a shared space", () => {
  const sample = fc.record({
    key: fc.integer({ min: 0, max: 3 }),
    second: fc.boolean(),
    inTotal: fc.boolean(),
    value: fc.oneof(
      // Whole milliseconds, some past 2^32 (more than one bucket of the whole-number sort).
      fc.integer({ min: 0, max: 400 * HOUR }),
      fc.integer({ min: 0, max: 2 ** 20 }).map((hours) => hours * HOUR + 17),
      fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 43 - 1),
    ),
  });
  const odd = fc.constantFrom(-0, -1, 0.5, 2 ** 43, Number.POSITIVE_INFINITY);

  /** What `collect` must give: each segment's values divided by the unit, in the native sort's order. */
  function expected(
    samples: { key: number; second: boolean; inTotal: boolean; value: number }[],
    unit: number,
  ) {
    const rows = new Map<number, number[]>();
    const total = new Map<number, number[]>();
    for (const { key, second, inTotal, value } of samples) {
      const segment = 2 * key + (second ? 1 : 0);
      rows.set(segment, [...(rows.get(segment) ?? []), value / unit]);
      if (inTotal) total.set(second ? 1 : 0, [...(total.get(second ? 1 : 0) ?? []), value / unit]);
    }
    const sorted = (values: number[] | undefined) => [...Float64Array.from(values ?? []).sort()];
    return {
      rows: Array.from({ length: 8 }, (_, segment) => sorted(rows.get(segment))),
      total: [sorted(total.get(0)), sorted(total.get(1))],
    };
  }

  function segments({ offsets, values }: { offsets: Int32Array; values: Float64Array }, count: number) {
    return Array.from({ length: count }, (_, segment) => [
      ...values.subarray(offsets[segment]!, offsets[segment + 1]!),
    ]);
  }

  it("gives every series sorted and divided by the unit, whole numbers or not, whoever used the space between", () => {
    fc.assert(
      fc.property(
        fc.array(sample, { maxLength: 200 }),
        fc.array(fc.record({ at: fc.nat(), value: odd }), { maxLength: 2 }),
        fc.array(sample, { maxLength: 50 }),
        (samples, oddOnes, others) => {
          for (const { at, value } of oddOnes) {
            samples.splice(at % (samples.length + 1), 0, { key: 1, second: false, inTotal: true, value });
          }
          const space = new SortSpace();
          const buffer = new SampleBuffer(space, HOUR);
          const other = new SampleBuffer(space, 1000);
          for (const { key, second, value, inTotal } of samples) buffer.push(key, second, value, inTotal);
          for (const { key, second, value, inTotal } of others) other.push(key, second, value, inTotal);
          const want = expected(samples, HOUR);
          const wantOther = expected(others, 1000);
          expect(segments(buffer.collect(4, false), 8)).toEqual(want.rows);
          // Another buffer's collection between the rows and the total takes over the space.
          expect(segments(other.collect(4, false), 8)).toEqual(wantOther.rows);
          expect(segments(buffer.collect(1, true), 2)).toEqual(want.total);
          expect(segments(buffer.collect(4, false), 8)).toEqual(want.rows);
          expect(segments(other.collect(1, true), 2)).toEqual(wantOther.total);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps -0 apart from 0, as the native sort does", () => {
    const buffer = new SampleBuffer(new SortSpace(), HOUR);
    for (const value of [0, -0, 5]) buffer.push(0, false, value, true);
    const { offsets, values } = buffer.collect(1, true);
    const got = [...values.subarray(offsets[0]!, offsets[1]!)];
    expect(got.map((value) => Object.is(value, -0))).toEqual([true, false, false]);
    expect(got).toEqual([-0, 0, 5 / HOUR]);
  });
});

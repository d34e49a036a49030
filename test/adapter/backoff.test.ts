import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay } from "../../src/internal/backoff.js";

describe("the one backoff rule (src/internal/backoff.ts)", () => {
  const options = { baseMs: 100, maxMs: 1_000 };

  it("doubles from the base for each retry, up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffCeiling(retry, options))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffCeiling(0, options)).toBe(100);
    expect(backoffCeiling(3, { baseMs: -5, maxMs: 1_000 })).toBe(0);
  });

  it("randomises with full jitter by default, equal jitter, none, or a function, from the injected source", () => {
    const half = () => 0.5;
    expect(backoffDelay(3, { ...options, random: half })).toBe(200);
    expect(backoffDelay(3, { ...options, jitter: "full", random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, jitter: "equal", random: half })).toBe(300);
    expect(backoffDelay(3, { ...options, jitter: "equal", random: () => 0 })).toBe(200);
    expect(backoffDelay(3, { ...options, jitter: "none" })).toBe(400);
    expect(
      backoffDelay(3, { ...options, jitter: (ceiling, random) => ceiling * 0.9 + random(), random: half }),
    ).toBe(360);
  });

  it("never leaves [0, ceiling], whatever the random source or jitter function returns", () => {
    for (const value of [-1, 0, 0.999, 1, 7, Number.NaN]) {
      const delay = backoffDelay(2, { ...options, random: () => value });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(200);
    }
    expect(backoffDelay(2, { ...options, jitter: () => 10_000 })).toBe(200);
    expect(backoffDelay(2, { ...options, jitter: () => -3 })).toBe(0);
    expect(backoffDelay(2, { ...options, jitter: () => Number.NaN })).toBe(200);
  });
});

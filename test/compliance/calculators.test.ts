import { ReferralRequest } from "referral-kit";
import {
  COMPLIANCE_DEFINITIONS,
  ComplianceRecordError,
  compareCompliance,
  computeCompliance,
  toComplianceRecord,
} from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { kaplanMeier } from "../../src/compliance/stats/kaplan-meier.js";
import { newcombeInterval } from "../../src/compliance/stats/newcombe.js";
import { inverseNormalCdf, zForConfidence } from "../../src/compliance/stats/normal.js";
import { wilsonInterval } from "../../src/compliance/stats/wilson.js";
import { AS_OF, domainRequest, FACEBOOK_FIXTURE, flat } from "./fixtures.js";

describe("inverseNormalCdf (AS 241)", () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [1e-10, -6.361340902404056],
    [0.5, 0],
  ])("Φ⁻¹(%s) = %s", (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 13);
  });

  it("is antisymmetric and handles the ends", () => {
    expect(inverseNormalCdf(0.025)).toBeCloseTo(-inverseNormalCdf(0.975), 14);
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(inverseNormalCdf(1.5)).toBeNaN();
  });

  it("maps a confidence level to its two-sided z and refuses levels outside (0, 1)", () => {
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489004, 13);
    expect(() => zForConfidence(1)).toThrow(RangeError);
    expect(() => zForConfidence(0)).toThrow(RangeError);
  });
});

describe("wilsonInterval", () => {
  // Published values: Newcombe, Statistics in Medicine 17 (1998) 857-872, Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i/%i at 95%% is %s to %s", (x, n, low, high) => {
    const interval = wilsonInterval(x, n)!;
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("follows the formula at 90% and 99% (hand-computed)", () => {
    // 8/10 at 90%: z = 1.644854, z² = 2.705543; centre = (8 + 1.352772) / 12.705543 = 0.736117;
    // half = 1.644854 * sqrt(1.6 + 0.676386) / 12.705543 = 0.195325.
    const ninety = wilsonInterval(8, 10, 0.9)!;
    expect(ninety.low).toBeCloseTo(0.540793, 5);
    expect(ninety.high).toBeCloseTo(0.931442, 5);
    // 8/10 at 99%: z = 2.575829, z² = 6.634897; centre = 11.317449 / 16.634897 = 0.680344;
    // half = 2.575829 * sqrt(1.6 + 1.658724) / 16.634897 = 0.279525.
    const ninetyNine = wilsonInterval(8, 10, 0.99)!;
    expect(ninetyNine.low).toBeCloseTo(0.400819, 5);
    expect(ninetyNine.high).toBeCloseTo(0.959869, 5);
  });

  it("has no interval for n = 0 and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});

describe("newcombeInterval (method 10)", () => {
  // Published values: Newcombe, Statistics in Medicine 17 (1998) 873-890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])("%i/%i − %i/%i is %s to %s", (x1, n1, x2, n2, low, high) => {
    const interval = newcombeInterval(x1, n1, x2, n2)!;
    expect(interval.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it("is null when a side has no requests", () => {
    expect(newcombeInterval(0, 0, 1, 2)).toBeNull();
  });
});

describe("kaplanMeier", () => {
  it("puts events before censorings at the same time (hand-computed)", () => {
    // 6 at risk. t=1: 1 event, S = 5/6. t=2: 5 at risk (the censoring at 2 still counts), 2 events,
    // S = 5/6 * 3/5 = 0.5. Then the censorings at 2 and 3 leave 1 at risk; t=5: S = 0.
    const km = kaplanMeier([1, 2, 2, 5], [2, 3]);
    expect(km.steps.map((step) => [step.time, step.atRisk, step.events])).toEqual([
      [1, 6, 1],
      [2, 5, 2],
      [5, 1, 1],
    ]);
    expect(km.steps[1]!.survival).toBeCloseTo(0.5, 12);
    expect(km.median).toBe(2);
    expect(km.p90).toBe(5);
  });

  it("returns null quantiles when the curve does not get there", () => {
    const km = kaplanMeier([1], [5, 6, 7]);
    expect(km.steps[0]!.survival).toBeCloseTo(0.75, 12);
    expect(km.median).toBeNull();
    expect(km.p90).toBeNull();
    expect(kaplanMeier([], [])).toEqual({ steps: [], median: null, p90: null });
  });

  it("does not depend on input order", () => {
    expect(kaplanMeier([5, 2, 1, 2], [3, 2])).toEqual(kaplanMeier([1, 2, 2, 5], [2, 3]));
  });
});

describe("computeCompliance on a hand-computed fixture", () => {
  const result = computeCompliance(FACEBOOK_FIXTURE, { by: ["platform"], asOf: AS_OF });
  const row = result.rows[0]!;

  it("counts outcomes as known at asOf", () => {
    expect(result.rows).toHaveLength(1);
    expect(row.platform).toBe("facebook");
    // f1..f8 submitted by asOf (f9 after); actioned = f1, f2 (partial), f6, f7; f8 is actioned after asOf.
    expect(row).toMatchObject({
      submitted: 8,
      actioned: 4,
      partiallyActioned: 1,
      rejected: 1,
      pending: 2,
      withdrawn: 1,
    });
    expect(result.counts).toEqual({ records: 9, counted: 8, notSubmitted: 1, invalid: 0 });
  });

  it("computes the action rate with its Wilson interval and the decided rate", () => {
    // n = 8 − 1 withdrawn = 7, x = 4. Wilson 95%: centre (4 + 1.920729) / 10.841459 = 0.546119,
    // half = 1.959964 * sqrt(12/7 + 0.960365) / 10.841459 = 0.295661.
    expect(row.actionRate).toBeCloseTo(4 / 7, 12);
    expect(row.actionRateLow).toBeCloseTo(0.250458, 5);
    expect(row.actionRateHigh).toBeCloseTo(0.84178, 5);
    expect(row.decidedRate).toBeCloseTo(4 / 5, 12);
  });

  it("estimates time to action by Kaplan-Meier with censoring", () => {
    // Events (h): 2, 3, 10, 60. Censored: 1 (withdrawn), 5 (rejected), 744, 744 (pending at asOf).
    // t=2: 7 at risk, S = 6/7; t=3: S = 5/7; t=10: 4 at risk, S = 15/28; t=60: 3 at risk, S = 10/28 <= 0.5.
    expect(row.medianHours).toBe(60);
    expect(row.p90Hours).toBeNull();
  });

  it("counts deadlines", () => {
    // Due: f1, f2, f3, f4, f6, f8 (f5 withdrawn, f7's deadline after asOf). On time: f1, f2.
    expect(row).toMatchObject({ due: 6, onTime: 2, breaches: 4 });
    expect(row.onTimeRate).toBeCloseTo(1 / 3, 12);
  });

  it("has a total row equal to the only group", () => {
    const { platform, ...figures } = row;
    expect(platform).toBe("facebook");
    expect(result.total).toEqual(figures);
  });

  it("states its definitions, as-of time, confidence and span", () => {
    expect(result.definitions).toBe(COMPLIANCE_DEFINITIONS);
    expect(result.asOf).toBe("2025-02-01T00:00:00.000Z");
    expect(result.confidence).toBe(0.95);
    expect(result.span.firstSubmittedAt).toBe("2025-01-01T00:00:00.000Z");
  });

  it("widens the interval at 99% and narrows it at 80%", () => {
    const at99 = computeCompliance(FACEBOOK_FIXTURE, { asOf: AS_OF, confidence: 0.99 }).total;
    const at80 = computeCompliance(FACEBOOK_FIXTURE, { asOf: AS_OF, confidence: 0.8 }).total;
    expect(at99.actionRateLow!).toBeLessThan(row.actionRateLow!);
    expect(at80.actionRateLow!).toBeGreaterThan(row.actionRateLow!);
    // 4/7 at 99%: z = 2.575829, centre = (4 + 3.317449) / 13.634897 = 0.536671,
    // half = 2.575829 * sqrt(12/7 + 1.658724) / 13.634897 = 0.346956.
    expect(at99.actionRateLow).toBeCloseTo(0.189715, 5);
    expect(at99.actionRateHigh).toBeCloseTo(0.883626, 5);
    // 4/7 at 80%: z = 1.281552, centre = (4 + 0.821187) / 8.642374 = 0.557854, half = 0.216157.
    expect(at80.actionRateLow).toBeCloseTo(0.341697, 5);
    expect(at80.actionRateHigh).toBeCloseTo(0.774012, 5);
  });
});

describe("computeCompliance edge cases", () => {
  it("gives zeros and nulls for no records", () => {
    const result = computeCompliance([], { asOf: AS_OF });
    expect(result.rows).toEqual([]);
    expect(result.total).toMatchObject({
      submitted: 0,
      actionRate: null,
      actionRateLow: null,
      decidedRate: null,
    });
    expect(result.total).toMatchObject({ medianHours: null, due: 0, onTimeRate: null });
  });

  it("gives a null rate for a group with only withdrawn requests", () => {
    const result = computeCompliance([flat("w1", { platform: "x", outcome: "withdrawn", outcomeH: 1 })], {
      asOf: AS_OF,
    });
    expect(result.rows[0]).toMatchObject({ platform: "x", submitted: 1, withdrawn: 1, actionRate: null });
    expect(result.rows[0]!.actionRateHigh).toBeNull();
  });

  it("counts a multi-group request once per group and once in the total", () => {
    const records = [
      flat("m1", { groups: ["bla", "majeed-brigade"], outcomeH: 3 }),
      flat("m2", { groups: ["bla"] }),
    ];
    const result = computeCompliance(records, { by: ["group"], asOf: AS_OF });
    expect(result.rows.map((row) => [row.group, row.submitted])).toEqual([
      ["bla", 2],
      ["majeed-brigade", 1],
    ]);
    expect(result.total.submitted).toBe(2);
  });

  it("groups by several fields, with months in UTC", () => {
    const records = [
      flat("a", { submittedH: 0 }),
      flat("b", { submittedH: -1 }), // 2024-12-31T23:00Z
      flat("c", { platform: "x", submittedH: 24 * 31 - 1 }), // 2025-01-31T23:00Z
    ];
    const result = computeCompliance(records, { by: ["platform", "month"], asOf: AS_OF });
    expect(result.rows.map((row) => [row.platform, row.month, row.submitted])).toEqual([
      ["facebook", "2024-12", 1],
      ["facebook", "2025-01", 1],
      ["x", "2025-01", 1],
    ]);
  });

  it("reports invalid and inconsistent records with their id, and throws in strict mode", () => {
    const bad = { ...flat("bad", { outcomeH: 2 }), firstActionAt: Date.parse("2024-12-31T00:00:00Z") };
    const result = computeCompliance([flat("ok"), bad, { ...flat("k"), kind: "ban" }], { asOf: AS_OF });
    expect(result.counts).toMatchObject({ counted: 1, invalid: 2 });
    expect(result.issues).toEqual([
      { recordId: "bad", code: "inconsistent_history", reason: "actioned before submitted" },
      { recordId: "k", code: "invalid_record", reason: 'kind "ban" is not a request kind' },
    ]);
    expect(() => computeCompliance([bad], { asOf: AS_OF, strict: true })).toThrowError(ComplianceRecordError);
    try {
      computeCompliance([bad], { asOf: AS_OF, strict: true });
    } catch (error) {
      expect(ComplianceRecordError.isInstance(error) && error.recordId).toBe("bad");
    }
  });

  it("puts an action before a rejection at the same hour in the time-to-action curve", () => {
    // a1 actioned at 5 h, r1 rejected at 5 h (censored), a2 actioned at 8 h; 3 at risk at 5 h.
    // Events first: S(5) = 2/3; then r1 leaves, 1 at risk at 8 h: S(8) = 0. Median 8, p90 8.
    const records = [
      flat("a1", { outcome: "actioned", outcomeH: 5 }),
      flat("r1", { outcome: "rejected", outcomeH: 5 }),
      flat("a2", { outcome: "actioned", outcomeH: 8 }),
    ];
    const curved = computeCompliance(records, { asOf: AS_OF, curves: true }).rows[0]!;
    expect(curved.survival!.map((step) => [step.time, step.atRisk])).toEqual([
      [5, 3],
      [8, 1],
    ]);
    expect(curved.survival![0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(curved).toMatchObject({ medianHours: 8, p90Hours: 8 });
  });

  it("refuses a group id that is not an id", () => {
    const result = computeCompliance([flat("g", { groups: ["<b>bla</b>"] })], { asOf: AS_OF });
    expect(result.issues[0]!.reason).toMatch(/^group "<b>bla<\/b>" is not a group id/);
  });

  it("refuses bad options", () => {
    expect(() => computeCompliance([], { asOf: "2025-01-01" })).toThrow(RangeError);
    expect(() => computeCompliance([], { asOf: AS_OF, confidence: 95 })).toThrow(RangeError);
    // @ts-expect-error: not a group field
    expect(() => computeCompliance([], { asOf: AS_OF, by: ["country"] })).toThrow(RangeError);
  });
});

describe("computeCompliance on domain requests", () => {
  const actioned = ReferralRequest.parse(
    domainRequest("d1", [
      { type: "submitted", at: "2025-01-01T00:00:00Z" },
      { type: "acknowledged", at: "2025-01-01T01:00:00Z" },
      { type: "partially-actioned", at: "2025-01-01T06:00:00Z", targets: ["x:user:acct-d1"] },
      { type: "actioned", at: "2025-01-05T00:00:00Z" },
    ]),
  ) as ReferralRequest;

  it("folds events with the lifecycle and drops those after asOf", () => {
    expect(toComplianceRecord(actioned, { asOf: AS_OF })).toMatchObject({
      id: "d1",
      outcome: "actioned",
      firstActionAt: Date.parse("2025-01-01T06:00:00Z"),
      outcomeAt: Date.parse("2025-01-05T00:00:00Z"),
      groups: ["ttp"],
    });
    // As of 2025-01-02 the full action had not happened: partially actioned, on time (deadline 01-03).
    const early = computeCompliance([actioned], { asOf: "2025-01-04T00:00:00Z" }).total;
    expect(early).toMatchObject({ actioned: 1, partiallyActioned: 1, due: 1, onTime: 1, medianHours: 6 });
    // As of 2024-12-31T18:00Z it was not submitted yet.
    expect(toComplianceRecord(actioned, { asOf: "2024-12-31T18:00:00Z" })).toBeNull();
  });

  it("reports inconsistent histories with the request id", () => {
    const actionedBeforeSubmitted = domainRequest("d2", [
      { type: "actioned", at: "2025-01-01T00:00:00Z" },
      { type: "submitted", at: "2025-01-01T01:00:00Z" },
    ]) as ReferralRequest;
    const twoOutcomes = domainRequest("d3", [
      { type: "submitted", at: "2025-01-01T00:00:00Z" },
      { type: "actioned", at: "2025-01-01T01:00:00Z" },
      { type: "rejected", at: "2025-01-01T02:00:00Z", reason: "changed its mind" },
    ]) as ReferralRequest;
    const result = computeCompliance([actioned, actionedBeforeSubmitted, twoOutcomes], { asOf: AS_OF });
    expect(result.counts).toMatchObject({ counted: 1, invalid: 2 });
    expect(result.issues.map((issue) => [issue.recordId, issue.code])).toEqual([
      ["d2", "inconsistent_history"],
      ["d3", "inconsistent_history"],
    ]);
    expect(result.issues[0]!.reason).toContain('"actioned" is not allowed after "approved"');
  });

  it("validates requests it is given", () => {
    const invalid = { ...actioned, id: "d4", platform: "Not A Platform" };
    const result = computeCompliance([invalid], { asOf: AS_OF });
    expect(result.issues[0]).toMatchObject({ recordId: "d4", code: "invalid_record" });
  });

  it("mixes flat records and domain requests", () => {
    const result = computeCompliance(
      [actioned, flat("f", { platform: "x", outcome: "rejected", outcomeH: 1 })],
      {
        asOf: AS_OF,
      },
    );
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ platform: "x", submitted: 2, actioned: 1, rejected: 1 });
  });
});

describe("compareCompliance", () => {
  it("gives the difference with Newcombe's interval and a conclusion", () => {
    const a = { submitted: 72, withdrawn: 2, actioned: 56 };
    const b = { submitted: 80, withdrawn: 0, actioned: 48 };
    const comparison = compareCompliance(a, b);
    expect(comparison.difference).toBeCloseTo(0.2, 12);
    expect(comparison.low).toBeCloseTo(0.0524, 4);
    expect(comparison.high).toBeCloseTo(0.3339, 4);
    expect(comparison.conclusion).toBe("a-higher");
    expect(compareCompliance(b, a).conclusion).toBe("b-higher");
    expect(compareCompliance(a, a).conclusion).toBe("inconclusive");
    expect(comparison.definition).toBe(COMPLIANCE_DEFINITIONS.difference);
  });
});

import fc from "fast-check";
import type { ComplianceRecord } from "referral-kit/compliance";
import { computeCompliance } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/compliance/stats/wilson.js";

const HOUR = 3_600_000;
const BASE = Date.parse("2025-01-01T00:00:00Z");
const AS_OF = BASE + 24 * 90 * HOUR;

/** Arbitrary valid records, times on an hour grid so ties happen often. */
const recordArb: fc.Arbitrary<ComplianceRecord> = fc
  .record({
    id: fc.uuid(),
    platform: fc.constantFrom("facebook", "x", "telegram"),
    group: fc.constantFrom("bla", "ttp"),
    kind: fc.constantFrom("suspend", "remove-content"),
    priority: fc.constantFrom("standard", "emergency"),
    submittedH: fc.integer({ min: 0, max: 24 * 100 }),
    outcome: fc.constantFrom("actioned", "partially-actioned", "rejected", "pending", "withdrawn"),
    delayH: fc.integer({ min: 0, max: 24 * 20 }),
    deadlineH: fc.option(fc.integer({ min: 1, max: 96 }), { nil: null }),
  })
  .map((r): ComplianceRecord => {
    const submittedAt = BASE + r.submittedH * HOUR;
    const outcomeAt = r.outcome === "pending" ? null : submittedAt + r.delayH * HOUR;
    const acted = r.outcome === "actioned" || r.outcome === "partially-actioned";
    return {
      id: r.id,
      platform: r.platform,
      groups: [r.group],
      kind: r.kind,
      priority: r.priority,
      submittedAt,
      outcome: r.outcome,
      outcomeAt,
      firstActionAt: acted ? outcomeAt : null,
      deadline: r.deadlineH === null ? null : submittedAt + r.deadlineH * HOUR,
    };
  });

const COUNTS = [
  "submitted",
  "actioned",
  "partiallyActioned",
  "rejected",
  "pending",
  "withdrawn",
  "due",
  "onTime",
  "breaches",
] as const;

describe("compliance properties", () => {
  it("keeps rates in [0, 1] with the interval around the rate", () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 60 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (records, confidence) => {
          const result = computeCompliance(records, { by: ["platform", "group"], asOf: AS_OF, confidence });
          for (const row of [...result.rows, result.total]) {
            for (const rate of [
              row.actionRate,
              row.actionRateLow,
              row.actionRateHigh,
              row.decidedRate,
              row.onTimeRate,
            ]) {
              if (rate !== null) {
                expect(rate).toBeGreaterThanOrEqual(0);
                expect(rate).toBeLessThanOrEqual(1);
              }
            }
            if (row.actionRate !== null) {
              expect(row.actionRateLow!).toBeLessThanOrEqual(row.actionRate + 1e-12);
              expect(row.actionRateHigh!).toBeGreaterThanOrEqual(row.actionRate - 1e-12);
            }
            expect(row.breaches).toBeGreaterThanOrEqual(0);
            expect(row.actioned + row.rejected + row.pending + row.withdrawn).toBe(row.submitted);
            if (row.medianHours !== null && row.p90Hours !== null) {
              expect(row.p90Hours).toBeGreaterThanOrEqual(row.medianHours);
            }
          }
        },
      ),
    );
  });

  it("merging groups equals computing on the union", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 80 }), (records) => {
        const grouped = computeCompliance(records, { by: ["platform", "kind"], asOf: AS_OF });
        const union = computeCompliance(records, { by: [], asOf: AS_OF });
        for (const field of COUNTS) {
          const merged = grouped.rows.reduce((sum, row) => sum + row[field], 0);
          expect(merged).toBe(union.total[field]);
        }
        // Each row equals the computation on just its records.
        for (const row of grouped.rows) {
          const own = records.filter(
            (record) => record.platform === row.platform && record.kind === row.kind,
          );
          const alone = computeCompliance(own, { by: [], asOf: AS_OF }).total;
          const { platform: _platform, kind: _kind, ...figures } = row;
          expect(figures).toEqual(alone);
        }
        // The total ignores grouping entirely.
        expect(grouped.total).toEqual(union.total);
      }),
    );
  });

  it("splitting the input and adding counts gives the counts of the whole", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), fc.nat(60), (records, cut) => {
        const left = computeCompliance(records.slice(0, cut), { asOf: AS_OF }).total;
        const right = computeCompliance(records.slice(cut), { asOf: AS_OF }).total;
        const whole = computeCompliance(records, { asOf: AS_OF }).total;
        for (const field of COUNTS) expect(left[field] + right[field]).toBe(whole[field]);
        const n = whole.submitted - whole.withdrawn;
        if (n > 0) expect(whole.actionRateLow).toBeCloseTo(wilsonInterval(whole.actioned, n)!.low, 12);
      }),
    );
  });

  it("does not depend on record order", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const forward = computeCompliance(records, { by: ["platform"], asOf: AS_OF });
        const backward = computeCompliance([...records].reverse(), { by: ["platform"], asOf: AS_OF });
        expect(backward.rows).toEqual(forward.rows);
      }),
    );
  });
});

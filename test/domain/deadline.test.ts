import { computeDeadline, createDeadlinePolicy, DEADLINE_POLICIES, ValidationError } from "referral-kit";
import { describe, expect, it } from "vitest";
import { deadlineRule } from "../../src/domain/deadline.js";

describe("deadline policy", () => {
  it("defaults to 1 hour for emergency removals and 48 hours for others, each with its source", () => {
    expect(deadlineRule({ kind: "suspend", priority: "emergency" })).toMatchObject({ hours: 1 });
    expect(deadlineRule({ kind: "restrict-locally", priority: "standard" })).toMatchObject({ hours: 48 });
    for (const rule of [...DEADLINE_POLICIES.default.rules, DEADLINE_POLICIES.default.fallback]) {
      expect(rule.source.length).toBeGreaterThan(10);
    }
    expect(computeDeadline({ kind: "remove-content", priority: "standard" }, "2025-03-01T10:00:00Z")).toBe(
      "2025-03-03T10:00:00.000Z",
    );
    expect(
      computeDeadline(
        { kind: "remove-content", priority: "emergency" },
        new Date("2025-03-01T10:00:00+05:00"),
      ),
    ).toBe("2025-03-01T06:00:00.000Z");
  });

  it("gives a standard disclosure or preservation no deadline, citing why, never a removal rule", () => {
    const removalSources = [
      DEADLINE_POLICIES.default.fallback.source,
      ...DEADLINE_POLICIES.default.rules.filter((rule) => rule.kind === "suspend").map((rule) => rule.source),
    ];
    const subjects = [
      { kind: "disclose-data", priority: "standard" },
      { kind: "disclose-data", priority: "standard", instrument: "mlat" },
      { kind: "disclose-data", priority: "standard", instrument: "domestic-order" },
      { kind: "disclose-data", priority: "standard", disclosure: { instrument: "letter-rogatory" } },
      { kind: "preserve", priority: "standard" },
    ] as const;
    for (const subject of subjects) {
      const rule = deadlineRule(subject);
      expect(rule.hours, JSON.stringify(subject)).toBeNull();
      expect(rule.source).toMatch(/^no deadline: /);
      expect(removalSources).not.toContain(rule.source);
      expect(rule.source).not.toMatch(/Pakistan|2021\/784|Removal/);
      expect(computeDeadline(subject, "2025-03-01T10:00:00Z")).toBeUndefined();
    }
    expect(deadlineRule({ kind: "preserve", priority: "standard" }).source).toContain("2023/1543");
    expect(deadlineRule({ kind: "preserve", priority: "standard" }).source).toContain("Art. 11(1)");
    // A rule of one's own, even a less specific one, overrides the default's "no deadline".
    const policy = createDeadlinePolicy({
      rules: [
        { kind: "preserve", hours: 24, source: "agency standing order 12/2025" },
        {
          kind: "disclose-data",
          instrument: "mlat",
          hours: 24 * 90,
          source: "MLAT with the requested state",
        },
      ],
    });
    expect(computeDeadline({ kind: "preserve", priority: "standard" }, "2025-03-01T10:00:00Z", policy)).toBe(
      "2025-03-02T10:00:00.000Z",
    );
    expect(
      deadlineRule({ kind: "disclose-data", priority: "standard", instrument: "mlat" }, policy).hours,
    ).toBe(2160);
    expect(
      createDeadlinePolicy({ rules: [{ kind: "suspend", hours: null, source: "none" }] }).rules[0]!.hours,
    ).toBeNull();
  });

  it("reserves the one hour of a TCO removal order for removals, never an emergency disclosure or preservation", () => {
    for (const kind of ["suspend", "remove-content", "restrict-locally"] as const) {
      expect(deadlineRule({ kind, priority: "emergency" })).toMatchObject({
        hours: 1,
        source: expect.stringContaining("2021/784"),
      });
    }
    const dataRequests = [
      { kind: "disclose-data", priority: "emergency", instrument: "emergency-disclosure" },
      { kind: "disclose-data", priority: "emergency", instrument: "mlat" },
      { kind: "disclose-data", priority: "emergency" },
      { kind: "preserve", priority: "emergency" },
    ] as const;
    for (const subject of dataRequests) {
      const rule = deadlineRule(subject);
      expect(rule.hours, JSON.stringify(subject)).toBe(8);
      expect(rule.source).toContain("2023/1543");
      expect(rule.source).not.toContain("2021/784");
    }
    // A European Production Order keeps its own limits in law.
    expect(
      deadlineRule({ kind: "disclose-data", priority: "emergency", instrument: "european-production-order" }),
    ).toMatchObject({ hours: 8, source: expect.stringContaining("Art. 10(4)") });
    expect(
      computeDeadline(
        { kind: "disclose-data", priority: "emergency", instrument: "emergency-disclosure" },
        "2026-01-05T08:00:00Z",
      ),
    ).toBe("2026-01-05T16:00:00.000Z");
  });

  it("picks the most specific rule: kind and priority, then kind, then priority", () => {
    const policy = createDeadlinePolicy({
      rules: [
        { kind: "preserve", hours: 24, source: "order A" },
        { kind: "preserve", priority: "emergency", hours: 2, source: "order B" },
      ],
    });
    expect(deadlineRule({ kind: "preserve", priority: "standard" }, policy).source).toBe("order A");
    expect(deadlineRule({ kind: "preserve", priority: "emergency" }, policy).source).toBe("order B");
    expect(deadlineRule({ kind: "suspend", priority: "emergency" }, policy).hours).toBe(1);
    expect(deadlineRule({ kind: "suspend", priority: "standard" }, policy).hours).toBe(48);
  });

  it("can replace the defaults entirely", () => {
    const policy = createDeadlinePolicy({ replaceDefaults: true, fallback: { hours: 72, source: "MoU" } });
    expect(deadlineRule({ kind: "suspend", priority: "emergency" }, policy).hours).toBe(72);
  });

  it("rejects non-positive hours and invalid start times with typed errors", () => {
    expect(() => createDeadlinePolicy({ rules: [{ hours: 0, source: "x" }] })).toThrow(ValidationError);
    expect(() => createDeadlinePolicy({ fallback: { hours: Number.NaN, source: "x" } })).toThrow(
      /hours must be a positive/,
    );
    expect(() => computeDeadline({ kind: "suspend", priority: "standard" }, "not a time")).toThrow(
      ValidationError,
    );
  });
});

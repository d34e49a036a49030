import {
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyMarkdown,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, submitted, withEvents } from "../support/requests.js";
import { parseCsv } from "./csv.js";

describe("transparency exports by content tier", () => {
  const base = makeRequest();
  const target = (username: string, tier?: 1 | 3) => ({
    ...base.targets[0]!,
    target: {
      type: "account" as const,
      account: { kind: "username" as const, platform: "x" as const, username },
    },
    ...(tier === undefined ? {} : { tier }),
  });
  const actioned = withEvents(
    makeRequest({ id: "a", priority: "emergency", targets: [target("one", 1), target("two", 3)] }),
    approved,
    submitted,
    { type: "partially-actioned", at: "2025-03-01T11:00:00Z", targets: ["x:one"] },
  );
  const pending = withEvents(
    makeRequest({ id: "b", targets: [target("three", 3), target("four")] }),
    approved,
    submitted,
  );
  const report = computeTransparencyReport([actioned, pending], {
    period: { from: "2025-03-01T00:00:00Z", to: "2025-04-01T00:00:00Z" },
  });

  it("counts items specified and actioned per tier, untiered last", () => {
    expect(report.total.tiers).toEqual([
      { tier: 1, itemsSpecified: 1, itemsActioned: 1 },
      { tier: 3, itemsSpecified: 2, itemsActioned: 0 },
      { tier: null, itemsSpecified: 1, itemsActioned: 0 },
    ]);
  });

  it("writes them in the CSV and the Markdown", () => {
    const csv = formatTransparencyCsv(report).trim().split("\n");
    const tiers = csv[0]!.split(",").indexOf("tiers");
    expect(tiers).toBeGreaterThan(0);
    expect(parseCsv(csv.at(-1)!)[0]![tiers]).toBe("tier 1 (1/1); tier 3 (0/2); no tier (0/1)");
    expect(formatTransparencyMarkdown(report)).toContain("| 1 (threat to life) | 1 | 1 |");
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  COMPLIANCE_CSV_COLUMNS,
  ComplianceAccumulator,
  computeCompliance,
  readComplianceCsv,
  toComplianceRecord,
} from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, submitted, withEvents } from "../support/requests.js";

const asOf = "2025-03-10T00:00:00Z";

function sent(id: string, tiers: (1 | 2 | 3 | 4 | undefined)[], actioned: boolean) {
  const base = makeRequest();
  const request = makeRequest({
    id,
    priority: tiers.includes(1) ? "emergency" : "standard",
    targets: tiers.map((tier) => ({
      ...base.targets[0]!,
      ...(tier === undefined ? {} : { tier }),
      ...(tier === 4 ? { justification: "Inspirational material glorifying an attack." } : {}),
    })),
  });
  const events = [approved, ...(tiers.includes(4) ? [{ ...approved, by: { id: "second" } }] : []), submitted];
  return withEvents(
    request,
    ...events,
    ...(actioned ? [{ type: "actioned" as const, at: "2025-03-01T12:00:00Z" }] : []),
  );
}

describe("compliance by content tier", () => {
  it("records the most severe tier and breaks the figures down by it", () => {
    const requests = [
      sent("a", [3, 1], true),
      sent("b", [1], false),
      sent("c", [3], true),
      sent("d", [undefined], false),
      sent("e", [4], true),
    ];
    expect(toComplianceRecord(requests[0]!, { asOf })?.tier).toBe(1);
    expect(toComplianceRecord(requests[3]!, { asOf })?.tier).toBeNull();
    const result = computeCompliance(requests, { by: ["tier"], asOf });
    expect(result.issues).toEqual([]);
    expect(result.rows.map((row) => [row.tier, row.submitted, row.actioned])).toEqual([
      ["(none)", 1, 0],
      ["1", 2, 1],
      ["3", 1, 1],
      ["4", 1, 1],
    ]);
  });

  it("reads an optional tier column from the flat CSV and refuses an unknown tier", async () => {
    const dir = mkdtempSync(join(tmpdir(), "compliance-tiers-"));
    const path = join(dir, "tiers.csv");
    writeFileSync(
      path,
      [
        `${COMPLIANCE_CSV_COLUMNS.join(",")},tier`,
        "r1,x,ttp,suspend,emergency,2025-01-01T00:00:00Z,actioned,2025-01-01T00:30:00Z,,1",
        "r2,x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,,",
        "r3,x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,,5",
      ].join("\n"),
    );
    const source = readComplianceCsv(path);
    const accumulator = new ComplianceAccumulator({ by: ["tier"], asOf });
    const tiers: unknown[] = [];
    for await (const record of source) {
      tiers.push(record.tier);
      accumulator.add(record);
    }
    expect(tiers).toEqual([1, undefined]);
    expect(source.skipped).toEqual([
      expect.objectContaining({ line: 4, reason: expect.stringMatching(/tier "5"/) }),
    ]);
    expect(accumulator.result().rows.map((row) => row.tier)).toEqual(["(none)", "1"]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestEvent } from "referral-kit";
import {
  COMPLIANCE_DEFINITIONS,
  complianceToJson,
  computeCompliance,
  formatComplianceCsv,
  formatComplianceTable,
  renderComplianceHtml,
} from "referral-kit/compliance";
import type { VerificationRecord } from "referral-kit/verify";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { approvedRequest } from "../channels/email-fixtures.js";
import { memoryIo } from "../support/cli-io.js";
import { withEvents } from "../support/requests.js";

const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "x" };
const actioned: RequestEvent = { type: "actioned", at: "2025-03-02T10:00:00Z" };
const withdrawn: RequestEvent = { type: "withdrawn", at: "2025-03-02T10:00:00Z", reason: "set aside" };
const asOf = "2025-04-01T00:00:00Z";

const requests = [
  withEvents(approvedRequest("r-reported-and-verified"), submitted, actioned),
  withEvents(approvedRequest("r-reported-not-verified"), submitted, actioned),
  withEvents(approvedRequest("r-pending-but-gone"), submitted),
  withEvents(approvedRequest("r-half-gone"), submitted, actioned),
  withEvents(approvedRequest("r-withdrawn"), submitted, withdrawn),
];

const check = (
  requestId: string,
  target: string,
  type: VerificationRecord["type"],
  at = "2025-03-10T00:00:00Z",
) => ({ type, requestId, platform: "x", target, at, probe: "http" }) satisfies VerificationRecord;
const both = (requestId: string, type: VerificationRecord["type"]) => [
  check(requestId, "x:fictional_ttp_media", type),
  check(requestId, "x:fictional_ttp_news", type),
];

const records: VerificationRecord[] = [
  ...both("r-reported-and-verified", "verified-removed"),
  ...both("r-reported-not-verified", "still-available"),
  check("r-pending-but-gone", "x:fictional_ttp_media", "verified-withheld"),
  check("r-pending-but-gone", "x:fictional_ttp_news", "verified-removed"),
  check("r-half-gone", "x:fictional_ttp_media", "verified-removed"),
  check("r-half-gone", "x:fictional_ttp_news", "verification-failed"),
  ...both("r-withdrawn", "verified-removed"),
];

describe("verifiedRate beside actionRate", () => {
  it("counts requests whose every target the agency found removed or withheld, over the same n", () => {
    const { total } = computeCompliance(requests, { asOf, verifications: records });
    expect(total).toMatchObject({ submitted: 5, withdrawn: 1, actioned: 3, verified: 2 });
    expect(total.actionRate).toBe(3 / 4);
    expect(total.verifiedRate).toBe(2 / 4);
    expect(total.verifiedRateLow!).toBeLessThan(0.5);
    expect(total.verifiedRateHigh!).toBeGreaterThan(0.5);
  });

  it("ignores checks after the as-of time, and a later still-available undoes a removal", () => {
    const early = computeCompliance(requests, { asOf: "2025-03-05T00:00:00Z", verifications: records });
    expect(early.total.verified).toBe(0);
    const reinstated = [
      ...records,
      check("r-reported-and-verified", "x:fictional_ttp_news", "still-available", "2025-03-20T00:00:00Z"),
    ];
    expect(computeCompliance(requests, { asOf, verifications: reinstated }).total.verified).toBe(1);
  });

  it("is null, never 0, when nothing was checked, and outputs stay as they were", () => {
    const result = computeCompliance(requests, { asOf });
    expect(result.verification).toBe(false);
    expect(result.total.verifiedRate).toBeNull();
    expect(formatComplianceCsv(result).split("\n")[0]).not.toContain("verified");
    expect(formatComplianceTable(result)).toContain("Verified rate not computed");
  });

  it("shows both rates in the table, CSV, JSON and HTML", () => {
    const result = computeCompliance(requests, { asOf, verifications: records });
    const csv = formatComplianceCsv(result).split("\n");
    expect(csv[0]).toContain(
      "actionRateHigh,verified,verifiedRate,verifiedRateLow,verifiedRateHigh,decidedRate",
    );
    expect(csv.at(-2)).toContain(",0.75,");
    const json = complianceToJson(result);
    expect(json.verification).toBe(true);
    expect(json.total).toMatchObject({ actionRate: 0.75, verifiedRate: 0.5, verified: 2 });
    const table = formatComplianceTable(result);
    expect(table).toMatch(/Action rate \(95% CI\)\s+Verified rate \(95% CI\)/);
    expect(table).toContain(`verifiedRate: ${COMPLIANCE_DEFINITIONS.verifiedRate}`);
    const html = renderComplianceHtml(result);
    expect(html).toContain("Verified rate (95% CI)");
    expect(html).toContain("what the agency&#39;s own checks found");
  });

  it("takes verifiedAt on flat records", () => {
    const base = {
      platform: "x",
      groups: ["ttp"],
      kind: "suspend",
      priority: "standard",
      submittedAt: Date.parse("2025-03-01T00:00:00Z"),
      outcome: "pending" as const,
      outcomeAt: null,
      firstActionAt: null,
      deadline: null,
    };
    const result = computeCompliance(
      [
        { ...base, id: "a", verifiedAt: Date.parse("2025-03-02T00:00:00Z") },
        { ...base, id: "b", verifiedAt: null },
      ],
      { asOf },
    );
    expect(result.verification).toBe(true);
    expect(result.total.verifiedRate).toBe(0.5);
    expect(result.total.actionRate).toBe(0);
  });
});

describe("referral-kit compliance --verifications", () => {
  it("adds the verified rate beside the action rate, and refuses a bad records file with its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rk-verified-cli-"));
    try {
      writeFileSync(join(dir, "requests.jsonl"), `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`);
      writeFileSync(join(dir, "checks.jsonl"), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
      const run = memoryIo({ cwd: dir });
      const args = ["compliance", "requests.jsonl", "--as-of", asOf, "--format", "json"];
      expect(await runCli([...args, "--verifications", "checks.jsonl"], run.io)).toBe(0);
      expect(JSON.parse(run.stdout()).total).toMatchObject({ actionRate: 0.75, verifiedRate: 0.5 });

      writeFileSync(join(dir, "bad.jsonl"), `${JSON.stringify(records[0])}\n{"type":"gone"}\n`);
      const bad = memoryIo({ cwd: dir });
      expect(await runCli([...args, "--verifications", "bad.jsonl"], bad.io)).toBe(3);
      expect(bad.stderr()).toMatch(/bad\.jsonl:2: not a verification record/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

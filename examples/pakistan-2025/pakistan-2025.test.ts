import { readFileSync } from "node:fs";
import { computeCompliance, readComplianceCsv } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH, generatePakistan2025, PLATFORM_PLAN, toCsv } from "./generate.js";

describe("examples/pakistan-2025 (synthetic)", () => {
  it("requests.csv is exactly what the seeded generator writes", () => {
    expect(readFileSync(CSV_PATH, "utf8")).toBe(toCsv(generatePakistan2025()));
  });

  it("is consistent with the published aggregates", async () => {
    const records = [];
    const source = readComplianceCsv(CSV_PATH, { strict: true });
    for await (const record of source) records.push(record);
    const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF });
    expect(result.total.submitted).toBe(850);
    expect(result.total.actioned).toBe(533);
    const rate = (platform: string) => result.rows.find((row) => row.platform === platform)!.actionRate!;
    expect(rate("facebook")).toBeGreaterThan(0.9);
    expect(rate("tiktok")).toBeGreaterThan(0.9);
    expect(rate("x")).toBeCloseTo(0.3, 1);
    expect(rate("whatsapp")).toBeCloseTo(0.3, 1);
    expect(rate("telegram")).toBeGreaterThan(0.95);
    for (const plan of PLATFORM_PLAN) {
      expect(result.rows.find((row) => row.platform === plan.platform)).toMatchObject({
        submitted: plan.sent,
        actioned: plan.actioned,
      });
    }
  });

  it("shows what platforms did and what the agency did next", async () => {
    const records = [];
    for await (const record of readComplianceCsv(CSV_PATH, { strict: true })) records.push(record);
    const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF });
    const row = (platform: string) => result.rows.find((candidate) => candidate.platform === platform)!;
    const top = (platform: string) =>
      Object.entries(row(platform).declinesByReason).sort((a, b) => b[1] - a[1])[0]![0];
    expect(top("x")).toBe("legal-process-required");
    expect(top("whatsapp")).toBe("private-or-end-to-end-encrypted");
    expect(row("x").countryActions).toBeGreaterThan(row("x").globalActions);
    expect(row("x").informationRequested + row("whatsapp").informationRequested).toBeGreaterThan(0);
    expect(row("x").escalated).toBeGreaterThan(0);
    expect(row("x").actionedAfterEscalation).toBeGreaterThan(0);
    expect(result.total.reReferrals).toBeGreaterThan(0);
    expect(result.total.returnedAccounts).toBeGreaterThan(0);
    expect(result.total.permanentSuspensions).toBeLessThan(result.total.decidedAccountTargets);
    // Chains count once: fewer requests, the same platforms.
    const chained = computeCompliance(records, { by: ["platform"], asOf: AS_OF, chains: true });
    expect(chained.total.submitted).toBe(850 - result.total.reReferrals);
  });
});

import { readFileSync } from "node:fs";
import { computeCompliance, readComplianceCsv } from "referral-kit/compliance";
import { describe, expect, it, vi } from "vitest";
import { printOutcomeBreakdown } from "../demo/outcomes.js";
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

  it("prints what each platform did, target by target, from the compliance breakdowns", async () => {
    const records = [];
    for await (const record of readComplianceCsv(CSV_PATH, { strict: true })) records.push(record);
    const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF });
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      printOutcomeBreakdown("breakdown", result.rows, result.total);
    } finally {
      log.mockRestore();
    }
    const x = result.rows.find((row) => row.platform === "x")!;
    const line = lines.find((text) => text.startsWith("x "))!;
    const cells = line.split(/ {2,}/);
    expect(cells.slice(0, 6)).toEqual([
      "x",
      String(x.decidedTargets),
      String(x.actionsByMeasure["account-terminated"]),
      String(x.actionsByMeasure["account-suspended"]),
      String(x.actionsByMeasure["content-removed"]),
      String(x.actionsByMeasure["content-disabled"]),
    ]);
    // Terminated and suspended apart, worldwide and Pakistan-only apart, every decline reason counted.
    expect(x.actionsByMeasure["account-terminated"]).toBeGreaterThan(0);
    expect(x.actionsByMeasure["account-suspended"]).toBeGreaterThan(0);
    expect(cells[7]).toBe(`${x.globalActions} / ${x.countryActions}`);
    expect(cells[9]).toBe(
      `legal-process-required ${x.declinesByReason["legal-process-required"]}, not-violating ${x.declinesByReason["not-violating"]}, insufficient-information ${x.declinesByReason["insufficient-information"]}, content-not-found ${x.declinesByReason["content-not-found"]}`,
    );
    expect(lines.at(-1)).toMatch(/^total /);
  });
});

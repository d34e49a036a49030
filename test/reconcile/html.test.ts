/**
 * The compliance HTML report with its reconciliation section: the synthetic pakistan-2025 ledger beside
 * TikTok's published figures for Pakistan, 2025-H2 (lines 682-691 of the removal requests file), rendered
 * in headless Chromium.
 */
import {
  type ComplianceRecord,
  computeCompliance,
  readComplianceCsv,
  renderComplianceHtml,
} from "referral-kit/compliance";
import { buildLedger, collectPublishedFigures, reconcileWithPublished } from "referral-kit/reconcile";
import { beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { colourCounts, screenshot, skipRender } from "../support/chromium.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

let withSection = "";
let without = "";
beforeAll(async () => {
  if (skipSharedFixtures) return;
  const records: ComplianceRecord[] = [];
  for await (const record of readComplianceCsv(CSV_PATH, { strict: true })) records.push(record);
  const ledger = await buildLedger(records, { asOf: AS_OF, country: "PK" });
  const published = await collectPublishedFigures(
    [sharedFixture("platform-reports/tiktok-government-removal-requests.csv")],
    {
      country: "PK",
      period: "2025-H2",
    },
  );
  const report = reconcileWithPublished(ledger, published.figures, { country: "PK" });
  const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF, curves: true });
  without = renderComplianceHtml(result, { title: "Synthetic Pakistan 2025" });
  withSection = renderComplianceHtml(result, { title: "Synthetic Pakistan 2025", reconciliation: report });
});

describe.skipIf(skipSharedFixtures)("the reconciliation section of the HTML report", () => {
  it("adds one section with the rate chart and one table per publisher and period, and nothing without a report", () => {
    expect(without).not.toContain('id="reconciliation"');
    expect(withSection.match(/<section id="reconciliation">/g)).toHaveLength(1);
    expect(withSection).toContain('<svg id="chart-reconciliation"');
    expect(withSection).toContain("<h3>TikTok · 2025-H2</h3>");
    // Ten lines for a TikTok removals section.
    expect(withSection.match(/class="reconciliation-line"/g)).toHaveLength(10);
  });

  it("shows the figures and says why a cell is not comparable, in words", () => {
    // Requests: ledger 72 (awk on requests.csv), TikTok 935 (line 682), difference +863.
    expect(withSection).toMatch(/<td class="label">Requests<\/td><td>72<\/td><td>935<\/td><td>\+863<\/td>/);
    expect(withSection).toContain(
      "not comparable: 72 of the 72 requests are flat records, which do not list the targets a request named",
    );
    // Actioned under local law: 18 in the CSV's H2 TikTok rows (awk), 1596 + 129 = 1725 (lines 685, 689).
    expect(withSection).toMatch(
      /Actioned under local law only<\/td><td>18<\/td><td>1,725 \(2 rows\)<\/td><td>\+1,707<\/td>/,
    );
    expect(withSection).toContain("51.9%");
    expect(withSection).toContain("not the same quantity");
    // Two rate lines, each with both sides: the items rate and the requests rate.
    expect(withSection.match(/class="published-marker"/g)).toHaveLength(2);
    expect(withSection.match(/class="ledger-bar"/g)).toHaveLength(2);
  });

  it("stays one self-contained file: no script, nothing loaded", () => {
    expect(withSection).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(withSection).not.toMatch(/(src|href)=/i);
  });
});

describe.skipIf(skipRender || skipSharedFixtures)("the reconciliation section in headless Chromium", () => {
  it("draws the ledger's bar and the published markers", () => {
    // Only the section and the page's styles are drawn, so the rest of the report cannot push it out of
    // the picture or add its own colours.
    const sectionOnly = (page: string) =>
      page.replace(
        /(<body[^>]*>)[\s\S]*(<\/body>)/,
        (_, open: string, close: string) =>
          `${open}${page.match(/<section id="reconciliation">[\s\S]*?<\/section>/)?.[0] ?? ""}${close}`,
      );
    const size = [1200, 2400] as const;
    const counts = colourCounts(screenshot(sectionOnly(withSection), ...size));
    const before = colourCounts(screenshot(sectionOnly(without), ...size));
    const gained = (hex: string) => {
      const rgb = Number.parseInt(hex.slice(1), 16);
      return (counts.get(rgb) ?? 0) - (before.get(rgb) ?? 0);
    };
    // The published markers (orange) and the ledger's bar (blue) are drawn in the section only.
    expect(gained("#E69F00")).toBeGreaterThan(200);
    expect(gained("#0072B2")).toBeGreaterThan(2000);
    // The not-comparable cells' background.
    expect(gained("#F7FAFC")).toBeGreaterThan(5000);
  }, 120_000);
});

import {
  COMPLIANCE_DEFINITIONS,
  type ComplianceRecord,
  computeCompliance,
  HTML_PALETTE,
  readComplianceCsv,
  renderComplianceHtml,
} from "referral-kit/compliance";
import { beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { colourCounts, screenshot, skipRender } from "../support/chromium.js";

let html = "";
beforeAll(async () => {
  const records: ComplianceRecord[] = [];
  for await (const record of readComplianceCsv(CSV_PATH, { strict: true })) records.push(record);
  const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF, curves: true });
  html = renderComplianceHtml(result, {
    title: "Synthetic <Pakistan> 2025",
    note: "Synthetic data",
    source: "requests.csv",
    rowsRead: 850,
  });
});

describe("renderComplianceHtml", () => {
  it("is one self-contained file: inline SVG and CSS, no script, nothing loaded", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain("Content-Security-Policy");
  });

  it("has the three charts, one curve and one whisker per platform", () => {
    for (const id of ["chart-action-rate", "chart-time-to-action", "chart-breaches"]) {
      expect(html).toContain(`<svg id="${id}"`);
    }
    expect(html.match(/class="km-curve"/g)).toHaveLength(6);
    expect(html.match(/class="whisker"/g)).toHaveLength(6);
    expect(html.match(/class="breach-bar"/g)).toHaveLength(6);
  });

  it("states the definitions, the span and the counts, and escapes text", () => {
    for (const text of Object.values(COMPLIANCE_DEFINITIONS)) {
      expect(html).toContain(
        text.replace(/&/g, "&#38;").replace(/</g, "&#60;").replace(/>/g, "&#62;").replace(/'/g, "&#39;"),
      );
    }
    expect(html).toContain("As of 2026-01-31T00:00:00.000Z");
    expect(html).toContain("850 rows read; 850 requests counted");
    expect(html).toContain("Synthetic &#60;Pakistan&#62; 2025");
    expect(html).not.toContain("<Pakistan>");
  });
});

describe.skipIf(skipRender)("the HTML report in headless Chromium", () => {
  it("renders a picture that is not blank, with the charts' colours in it", () => {
    const image = screenshot(html, 1200, 1600);
    expect([image.width, image.height]).toEqual([1200, 1600]);
    const counts = colourCounts(image);
    const inked = image.width * image.height - (counts.get(0xffffff) ?? 0);
    const pixels = image.width * image.height;
    expect(counts.size).toBeGreaterThan(50);
    expect(inked / pixels).toBeGreaterThan(0.03);
    // The action-rate bars (first palette colour), the on-time and the breach bars are drawn.
    const colour = (hex: string) => counts.get(Number.parseInt(hex.slice(1), 16)) ?? 0;
    expect(colour(HTML_PALETTE[0]!)).toBeGreaterThan(2000);
    expect(colour("#009E73")).toBeGreaterThan(500);
    expect(colour("#D55E00")).toBeGreaterThan(500);
  }, 90_000);
});

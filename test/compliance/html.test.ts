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
import { AS_OF as OUTCOME_AS_OF, RECORDS as OUTCOME_RECORDS } from "./outcome-records.js";

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

  it("has the outcome charts when the data has outcomes, and one line when it has none", () => {
    expect(html).toContain("No per-target outcomes or follow-up in this data");
    const result = computeCompliance(OUTCOME_RECORDS, { by: ["platform"], asOf: OUTCOME_AS_OF });
    const page = renderComplianceHtml(result);
    for (const id of [
      "chart-outcome-scope",
      "chart-ground",
      "chart-declines",
      "chart-permanent-suspension",
      "chart-returns",
      "chart-breach-attribution",
    ]) {
      expect(page).toContain(`<svg id="${id}"`);
    }
    expect(page.match(/class="scope-country"/g)).toHaveLength(1);
    expect(page).toContain('class="decline-not-violating"');
    expect(page).toContain("2 platform, 2 agency");
    expect(page).not.toMatch(/<script|(src|href)=/i);
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

const pixels = (counts: Map<number, number>, hex: string) =>
  counts.get(Number.parseInt(hex.slice(1), 16)) ?? 0;

describe.skipIf(skipRender)("the HTML report in headless Chromium", () => {
  it("renders a picture that is not blank, with the charts' colours in it", () => {
    const image = screenshot(html, 1200, 1600);
    const { width, height } = image;
    const counts = colourCounts(image);
    expect([width, height]).toEqual([1200, 1600]);
    let inked = 0;
    for (const [rgb, n] of counts) if (rgb !== 0xffffff) inked += n;
    expect(counts.size).toBeGreaterThan(50);
    expect(inked / (width * height)).toBeGreaterThan(0.03);
    // The action-rate bars (first palette colour), the on-time and the breach bars are drawn.
    expect(pixels(counts, HTML_PALETTE[0]!)).toBeGreaterThan(2000);
    expect(pixels(counts, "#009E73")).toBeGreaterThan(500);
    expect(pixels(counts, "#D55E00")).toBeGreaterThan(500);
  }, 90_000);

  it("draws the outcome charts: country-only actions, declines by reason, breaches by who answers", () => {
    // Only the outcome sections, so the colours counted are theirs.
    const result = computeCompliance(OUTCOME_RECORDS, { by: ["platform"], asOf: OUTCOME_AS_OF });
    const page = renderComplianceHtml(result).replace(
      /<h2>Action rate[\s\S]*?(?=<h2>What the platforms did)/,
      "",
    );
    const counts = colourCounts(screenshot(page, 1200, 1600));
    expect(pixels(counts, "#E69F00")).toBeGreaterThan(1000); // some countries only; returns
    expect(pixels(counts, "#CC79A7")).toBeGreaterThan(1000); // permanent suspensions; agency breaches
    expect(pixels(counts, "#D55E00")).toBeGreaterThan(500); // declined; not-violating; platform late
  }, 90_000);
});

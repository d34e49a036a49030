import {
  COMPLIANCE_DEFINITIONS,
  type ComplianceRecord,
  computeCompliance,
  readComplianceCsv,
  renderComplianceHtml,
} from "referral-kit/compliance";
import { beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { HTML_PALETTE } from "../../src/compliance/format/html.js";
import { colourCounts, screenshot, skipRender } from "../support/chromium.js";
import { AS_OF as OUTCOME_AS_OF, RECORDS as OUTCOME_RECORDS } from "./outcome-records.js";

let html = "";
/** The same data by platform and month: 72 groups, as `compliance --group-by platform,month` gives. */
let manyGroups = "";
beforeAll(async () => {
  const records: ComplianceRecord[] = [];
  for await (const record of readComplianceCsv(CSV_PATH, { strict: true })) records.push(record);
  const result = computeCompliance(records, { by: ["platform"], asOf: AS_OF, curves: true });
  manyGroups = renderComplianceHtml(
    computeCompliance(records, { by: ["platform", "month"], asOf: AS_OF, curves: true }),
    { title: "By platform and month" },
  );
  html = renderComplianceHtml(result, {
    title: "Synthetic <Pakistan> 2025",
    note: "Synthetic data",
    source: "requests.csv",
    rowsRead: 850,
  });
});

describe("renderComplianceHtml", () => {
  it("names platforms by their display names, not their ids", () => {
    expect(html).toContain(">X (formerly Twitter)<");
    expect(html).toContain(">TikTok<");
    expect(html).not.toMatch(/>tiktok</);
  });

  it("keeps the legend in the page (HTML that wraps), not in the chart where long labels were cut off", () => {
    expect(html).toMatch(/<ul class="legend"><li><span class="swatch" style="background:#0072B2"><\/span>/);
    const chart = /<svg id="chart-time-to-action"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(chart).not.toContain("median");
  });

  it("draws one small chart per group when there are too many curves for one chart", () => {
    const groups = (manyGroups.match(/<figure>/g) ?? []).length;
    expect(groups).toBeGreaterThan(8);
    expect((manyGroups.match(/class="km-small"/g) ?? []).length).toBe(groups);
    expect(manyGroups).toContain("<figcaption>X (formerly Twitter) · 2025-03: median");
    expect(manyGroups).not.toContain('<svg id="chart-time-to-action"');
  });

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
    const actionRate = html.slice(
      html.indexOf('<svg id="chart-action-rate"'),
      html.indexOf("</svg>", html.indexOf('<svg id="chart-action-rate"')),
    );
    expect(actionRate.match(/class="whisker"/g)).toHaveLength(6);
    expect(html.match(/class="breach-bar"/g)).toHaveLength(6);
  });

  it("has the outcome charts when the data has outcomes, and one line when it has none", () => {
    const plain = OUTCOME_RECORDS.map(
      ({ outcomes, agencyWaits, escalatedAt, actionAfterEscalationAt, supersedes, ...rest }) => rest,
    );
    expect(renderComplianceHtml(computeCompliance(plain, { asOf: OUTCOME_AS_OF }))).toContain(
      "No per-target outcomes or follow-up in this data",
    );
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
    expect(html).toContain('As of <time datetime="2026-01-31T00:00:00.000Z">31 Jan 2026, 00:00 UTC</time>');
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

  it("lays 72 groups out as small multiples that fit the page width, each with its curve", () => {
    // Only the time-to-action section, with the report's styles: what is measured is that chart.
    const head = manyGroups.slice(0, manyGroups.indexOf("<body>") + "<body>".length);
    const section = /<h2>Time to action[\s\S]*?(?=<h2>Deadlines)/.exec(manyGroups)![0];
    const image = screenshot(`${head}\n${section}\n</body></html>`, 1040, 9000);
    // Rows of the image that hold the curve colour: the small multiples run far down the page, not a
    // single chart squeezed into its first few hundred pixels.
    const blue = Number.parseInt(HTML_PALETTE[0]!.slice(1), 16);
    const rowsWithCurve = new Set<number>();
    let rightmost = 0;
    for (let index = 0; index < image.rgba.length; index += 4) {
      const rgb = (image.rgba[index]! << 16) | (image.rgba[index + 1]! << 8) | image.rgba[index + 2]!;
      if (rgb !== blue) continue;
      const pixel = index / 4;
      rowsWithCurve.add(Math.floor(pixel / image.width));
      rightmost = Math.max(rightmost, pixel % image.width);
    }
    expect(rowsWithCurve.size).toBeGreaterThan(1500);
    expect(Math.max(...rowsWithCurve)).toBeGreaterThan(2500);
    // Nothing drawn past the page's own width (the body is at most 1000 px wide).
    expect(rightmost).toBeLessThan(1030);
  }, 90_000);
});

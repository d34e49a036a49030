import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
import { decodePng } from "./png.js";

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
    expect(html.match(/class="whisker"/g)).toHaveLength(6);
    expect(html.match(/class="breach-bar"/g)).toHaveLength(6);
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

/** The Chromium binary on PATH, or undefined. */
function findChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

const chromium = findChromium();
// Skips only on a developer machine without Chromium; in CI a missing browser is a failure, not a skip.
const skipRender = chromium === undefined && !process.env.CI;

describe.skipIf(skipRender)("the HTML report in headless Chromium", () => {
  it("renders a picture that is not blank, with the charts' colours in it", () => {
    if (!chromium) {
      throw new Error("Chromium is missing in CI: run scripts/ci-setup-chromium.sh before the tests");
    }
    const dir = mkdtempSync(join(tmpdir(), "compliance-html-"));
    try {
      const page = join(dir, "report.html");
      const png = join(dir, "report.png");
      writeFileSync(page, html);
      screenshot(chromium, page, png, dir, "1200,1600");
      expect(existsSync(png)).toBe(true);
      const image = decodePng(readFileSync(png));
      expect([image.width, image.height]).toEqual([1200, 1600]);

      const colours = new Set<number>();
      let inked = 0;
      const counts = new Map<number, number>();
      for (let index = 0; index < image.rgba.length; index += 4) {
        const rgb = (image.rgba[index]! << 16) | (image.rgba[index + 1]! << 8) | image.rgba[index + 2]!;
        colours.add(rgb);
        if (rgb !== 0xffffff) inked++;
        counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
      }
      const pixels = image.width * image.height;
      expect(colours.size).toBeGreaterThan(50);
      expect(inked / pixels).toBeGreaterThan(0.03);
      // The action-rate bars (first palette colour), the on-time and the breach bars are drawn.
      const colour = (hex: string) => counts.get(Number.parseInt(hex.slice(1), 16)) ?? 0;
      expect(colour(HTML_PALETTE[0]!)).toBeGreaterThan(2000);
      expect(colour("#009E73")).toBeGreaterThan(500);
      expect(colour("#D55E00")).toBeGreaterThan(500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("lays 72 groups out as small multiples that fit the page width, each with its curve", () => {
    if (!chromium) {
      throw new Error("Chromium is missing in CI: run scripts/ci-setup-chromium.sh before the tests");
    }
    const dir = mkdtempSync(join(tmpdir(), "compliance-html-many-"));
    try {
      const page = join(dir, "report.html");
      const png = join(dir, "report.png");
      // Only the time-to-action section, with the report's styles: what is measured below is that chart.
      const head = manyGroups.slice(0, manyGroups.indexOf("<body>") + "<body>".length);
      const section = /<h2>Time to action[\s\S]*?(?=<h2>Deadlines)/.exec(manyGroups)![0];
      writeFileSync(page, `${head}\n${section}\n</body></html>`);
      screenshot(chromium, page, png, dir, "1040,9000");
      const image = decodePng(readFileSync(png));
      // Rows of the image that hold the curve colour: the small multiples run far down the page, not
      // a single chart squeezed into its first few hundred pixels.
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

function screenshot(chromium: string, page: string, png: string, dir: string, size: string): void {
  execFileSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${join(dir, "profile")}`,
      `--screenshot=${png}`,
      `--window-size=${size}`,
      pathToFileURL(page).href,
    ],
    { stdio: "pipe", timeout: 60_000 },
  );
}

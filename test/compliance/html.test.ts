import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
import { decodePng } from "./png.js";

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
          "--window-size=1200,1600",
          pathToFileURL(page).href,
        ],
        { stdio: "pipe", timeout: 60_000 },
      );
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
});

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type DecodedPng, decodePng } from "../compliance/png.js";

/** The Chromium binary on PATH, or undefined. */
export function findChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

export const chromium = findChromium();

/** Skips only on a developer machine without Chromium; in CI a missing browser is a failure, not a skip. */
export const skipRender = chromium === undefined && !process.env.CI;

/** Renders an HTML page in headless Chromium (the flags TOOLCHAIN.md names) and decodes the screenshot. */
export function screenshot(html: string, width: number, height: number): DecodedPng {
  if (!chromium) {
    throw new Error("Chromium is missing in CI: run scripts/ci-setup-chromium.sh before the tests");
  }
  const dir = mkdtempSync(join(tmpdir(), "html-render-"));
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
        `--window-size=${width},${height}`,
        pathToFileURL(page).href,
      ],
      { stdio: "pipe", timeout: 60_000 },
    );
    return decodePng(readFileSync(png));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many pixels of each RGB colour an image has. */
export function colourCounts(image: DecodedPng): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = 0; index < image.rgba.length; index += 4) {
    const rgb = (image.rgba[index]! << 16) | (image.rgba[index + 1]! << 8) | image.rgba[index + 2]!;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  return counts;
}

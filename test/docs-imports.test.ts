import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { publicNames } from "./support/public-api.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const tracked = execFileSync("git", ["ls-files", "README.md", "docs", "examples", "src", "adapters"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((file) => /\.(md|ts)$/.test(file));

const IMPORT = /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["'](referral-kit(?:\/[\w/-]+)?)["']/g;

/** The text a reader copies: the whole of a Markdown file, or the doc comments of a source file. */
function readerText(file: string): string {
  const text = readFileSync(`${root}${file}`, "utf8");
  if (file.endsWith(".md")) return text;
  return [...text.matchAll(/\/\*\*[\s\S]*?\*\//g)]
    .map(([comment]) => comment.replace(/^\s*\*\s?/gm, ""))
    .join("\n");
}

describe("imports shown to readers", () => {
  it("name only what the door exports (README, docs, examples, TSDoc)", () => {
    const doors = publicNames();
    const wrong: string[] = [];
    for (const file of tracked) {
      for (const [, list, specifier] of readerText(file).matchAll(IMPORT)) {
        const exported = doors.get(specifier!);
        for (const item of list!.split(",")) {
          const name = item
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0]!
            .trim();
          if (name === "" || name === "...") continue;
          if (!exported?.has(name)) wrong.push(`${file}: ${name} from "${specifier}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

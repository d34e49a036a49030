import { readFileSync } from "node:fs";
import { TRANSPARENCY_DEFINITIONS } from "referral-kit/transparency";
import { describe, expect, it } from "vitest";

describe("docs/transparency.md", () => {
  const doc = readFileSync(new URL("../../docs/transparency.md", import.meta.url), "utf8");
  const table = new Map<string, string>();
  for (const line of doc.split("\n")) {
    const match = /^\|\s*`(\w+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (match) table.set(match[1]!, match[2]!.replace(/\\\|/g, "|"));
  }

  it.each(Object.entries(TRANSPARENCY_DEFINITIONS))("quotes the definition of %s verbatim", (name, text) => {
    expect(table.get(name)).toBe(text);
  });
});

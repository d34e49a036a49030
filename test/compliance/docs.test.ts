import { readFileSync } from "node:fs";
import { COMPLIANCE_DEFINITIONS } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";

describe("docs/compliance.md", () => {
  const doc = readFileSync(new URL("../../docs/compliance.md", import.meta.url), "utf8");
  // The definitions table, as name -> text; cells are trimmed because formatters pad tables.
  const table = new Map<string, string>();
  for (const line of doc.split("\n")) {
    const match = /^\|\s*`(\w+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (match) table.set(match[1]!, match[2]!.replace(/\\\|/g, "|"));
  }

  it.each(Object.entries(COMPLIANCE_DEFINITIONS))("quotes the definition of %s verbatim", (name, text) => {
    expect(table.get(name)).toBe(text);
  });
});

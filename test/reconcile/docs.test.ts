import { readFileSync } from "node:fs";
import { RECONCILIATION_DEFINITIONS } from "referral-kit/reconcile";
import { describe, expect, it } from "vitest";
import { PUBLISHED_DEFINITIONS } from "../../src/reconcile/definitions.js";

describe("docs/reconcile.md", () => {
  const doc = readFileSync(new URL("../../docs/reconcile.md", import.meta.url), "utf8");
  // The definition tables: `format` | `metric` | text, and `measure` | text. Cells are trimmed because
  // formatters pad tables.
  const published = new Map<string, string>();
  const ledger = new Map<string, string>();
  for (const line of doc.split("\n")) {
    const three = /^\|\s*`([\w-]+)`\s*\|\s*`([\w-]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (three) published.set(`${three[1]} ${three[2]}`, three[3]!.replace(/\\\|/g, "|"));
    const two = /^\|\s*`([\w-]+)`\s*\|\s*(?!`)(.*?)\s*\|\s*$/.exec(line);
    if (two) ledger.set(two[1]!, two[2]!.replace(/\\\|/g, "|"));
  }

  const publishedEntries = Object.entries(PUBLISHED_DEFINITIONS).flatMap(([format, metrics]) =>
    Object.entries(metrics).map(([metric, text]) => [`${format} ${metric}`, text] as const),
  );
  it.each(publishedEntries)("quotes the published definition of %s verbatim", (name, text) => {
    expect(published.get(name)).toBe(text);
  });

  it.each(Object.entries(RECONCILIATION_DEFINITIONS))(
    "quotes the ledger definition of %s verbatim",
    (name, text) => {
      expect(ledger.get(name)).toBe(text);
    },
  );
});

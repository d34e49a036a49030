/** docs/disclosure.md states the preservation presets and deadline rules the code applies. */
import { readFileSync } from "node:fs";
import { PRESERVATION_PRESETS } from "referral-kit";
import { describe, expect, it } from "vitest";
import { DISCLOSURE_DEADLINE_RULES } from "../../src/domain/deadline.js";

const doc = readFileSync(new URL("../../docs/disclosure.md", import.meta.url), "utf8");
const rows = (first: RegExp) =>
  doc
    .split("\n")
    .filter((line) => first.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
const duration = (value: { days: number } | { months: number } | undefined) =>
  value === undefined ? "none" : "days" in value ? `${value.days} days` : `${value.months} months`;

describe("docs/disclosure.md", () => {
  it("lists every preservation preset with its period and maximum", () => {
    const table = new Map(
      rows(/^\| `[a-z0-9-]+` \| \d/).map(([id, period, maximum]) => [id, [period, maximum]]),
    );
    for (const [id, rule] of Object.entries(PRESERVATION_PRESETS)) {
      const maximum = "maximum" in rule ? rule.maximum : undefined;
      expect(table.get(id), id).toEqual([duration(rule.period), duration(maximum)]);
    }
    expect(table.size).toBe(Object.keys(PRESERVATION_PRESETS).length);
  });

  it("lists the disclosure deadline rules with their hours", () => {
    const table = rows(/^\| `(disclose-data|preserve)` \| /).map(([kind, instrument, priority, hours]) => ({
      kind,
      instrument: instrument === "any" ? undefined : instrument,
      priority,
      hours: hours === "none" ? null : Number(hours),
    }));
    expect(table).toEqual(
      DISCLOSURE_DEADLINE_RULES.map((rule) => ({
        kind: rule.kind,
        instrument: rule.instrument,
        priority: rule.priority ?? "standard",
        hours: rule.hours,
      })),
    );
  });
});

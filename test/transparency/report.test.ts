import { createRegistry, knownGroups } from "referral-kit/registry";
import {
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyMarkdown,
  InvalidPeriodError,
  TRANSPARENCY_DEFINITIONS,
  type TransparencyReport,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { TRANSPARENCY_COUNT_COLUMNS } from "../../src/transparency/report.js";
import { parseCsv } from "./csv.js";
import { fixture, PERIOD } from "./fixtures.js";

const registry = createRegistry(knownGroups);

function report(): TransparencyReport {
  return computeTransparencyReport(fixture(), { period: PERIOD, registry });
}

describe("computeTransparencyReport", () => {
  it("counts requests submitted in [from, to) and lists what it skipped", () => {
    const result = report();
    expect(result.period).toEqual({ from: "2025-01-01T00:00:00.000Z", to: "2025-07-01T00:00:00.000Z" });
    expect(result.counts).toEqual({ read: 11, inPeriod: 7, outsidePeriod: 3, skipped: 1 });
    expect(result.skipped).toEqual([
      { requestId: "r8", code: "illegal_transition", reason: expect.stringContaining("actioned") },
    ]);
  });

  it("gives one row per platform and kind, in platform then kind order", () => {
    expect(report().rows.map((row) => [row.platform, row.kind, row.platformName])).toEqual([
      ["whatsapp", "suspend", "WhatsApp"],
      ["x", "suspend", "X (formerly Twitter)"],
      ["telegram", "remove-content", "Telegram"],
    ]);
  });

  it("computes the hand-checked figures of each row", () => {
    const rows = Object.fromEntries(report().rows.map((row) => [row.platform, row]));
    expect(rows.x).toMatchObject({
      requests: 4,
      requestsWithAction: 1,
      rejected: 1,
      withdrawn: 1,
      pending: 1,
      itemsSpecified: 5,
      itemsActioned: 2,
      shareActioned: 0.4,
      challenges: 1,
      challengesByAccountHolder: 1,
      challengesByPlatform: 0,
      upheld: 1,
      reinstated: 0,
      challengesPending: 0,
    });
    // The stray key in the partial action is ignored; the reinstatement without a challenge is its own figure.
    expect(rows.telegram).toMatchObject({
      requests: 2,
      requestsWithAction: 2,
      itemsSpecified: 4,
      itemsActioned: 3,
      shareActioned: 0.75,
      challenges: 1,
      challengesByPlatform: 1,
      reinstated: 1,
      upheld: 0,
      reinstatedWithoutChallenge: 1,
    });
    expect(rows.whatsapp).toMatchObject({
      requests: 1,
      pending: 1,
      itemsSpecified: 1,
      itemsActioned: 0,
      shareActioned: 0,
    });
  });

  it("computes the total, legal bases and groups (named from the registry)", () => {
    const { total } = report();
    expect(total).toMatchObject({
      requests: 7,
      requestsWithAction: 3,
      rejected: 1,
      withdrawn: 1,
      pending: 2,
      itemsSpecified: 10,
      itemsActioned: 5,
      shareActioned: 0.5,
      challenges: 2,
      challengesByAccountHolder: 1,
      challengesByPlatform: 1,
      challengesByOther: 0,
      upheld: 1,
      reinstated: 1,
      challengesPending: 0,
      reinstatedWithoutChallenge: 1,
    });
    expect(total.legalBases).toEqual([
      { instrument: "Fictional Online Harms Act 2024", section: "s. 12", jurisdiction: "PK", requests: 6 },
      {
        instrument: "Fictional Anti-Terrorism Act | 1997",
        section: "s. 11W",
        jurisdiction: null,
        requests: 1,
      },
    ]);
    expect(total.groups).toEqual([
      { id: "ttp", name: registry.get("ttp").name, requests: 7 },
      { id: "bla", name: registry.get("bla").name, requests: 1 },
    ]);
  });

  it("ignores events at or after the end of the period", () => {
    const r6 = fixture().filter((input) => input.id === "r6");
    const before = computeTransparencyReport(r6, { period: PERIOD });
    expect(before.total).toMatchObject({ requests: 1, pending: 1, itemsActioned: 0, challenges: 0 });
    const later = computeTransparencyReport(r6, {
      period: { from: PERIOD.from, to: "2025-08-01T00:00:00Z" },
    });
    expect(later.total).toMatchObject({
      requests: 1,
      requestsWithAction: 1,
      itemsActioned: 1,
      challenges: 1,
      challengesPending: 1,
    });
  });

  it("gives null shares and empty rows for an empty period, without a registry", () => {
    const empty = computeTransparencyReport([], { period: PERIOD });
    expect(empty.rows).toEqual([]);
    expect(empty.total.shareActioned).toBeNull();
    expect(empty.total.groups).toEqual([]);
    const unnamed = computeTransparencyReport(fixture(), { period: PERIOD });
    expect(unnamed.total.groups[0]).toEqual({ id: "ttp", name: null, requests: 7 });
  });

  it("skips input that is not a request, with a reason that names no value", () => {
    const bad = { id: "bad-1", kind: "suspend" } as never;
    const result = computeTransparencyReport([bad], { period: PERIOD });
    expect(result.skipped).toEqual([
      { requestId: "bad-1", code: "validation_failed", reason: expect.any(String) },
    ]);
  });

  it.each([
    [{ from: "2025-07-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "before"],
    [{ from: "2025-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "before"],
    [{ from: "2025-01-01", to: "2025-07-01T00:00:00Z" }, "from"],
    [{ from: "2025-01-01T00:00:00Z", to: "July" }, "to"],
  ])("rejects the period %j", (period, word) => {
    try {
      computeTransparencyReport([], { period });
      expect.unreachable();
    } catch (error) {
      expect(InvalidPeriodError.isInstance(error)).toBe(true);
      expect((error as InvalidPeriodError).code).toBe("invalid_period");
      expect((error as InvalidPeriodError).reason).toContain(word);
    }
  });
});

describe("report formats", () => {
  it("the report is plain data: JSON gives it back whole, with every definition", () => {
    const result = report();
    const json = JSON.parse(JSON.stringify(result));
    expect(json).toEqual(result);
    expect(json.definitions).toEqual(TRANSPARENCY_DEFINITIONS);
    expect(json.total.shareActioned).toBe(0.5);
  });

  it("CSV has a header, one line per row and the total, unrounded figures and empty nulls", () => {
    const result = report();
    const [header, ...lines] = parseCsv(formatTransparencyCsv(result));
    expect(header).toEqual([
      "scope",
      "period_from",
      "period_to",
      "platform",
      "kind",
      ...TRANSPARENCY_COUNT_COLUMNS,
      "legal_bases",
      "groups",
      "tiers",
      "instruments",
      "preservation_rules",
    ]);
    expect(lines).toHaveLength(4);
    const byColumn = lines.map((line) =>
      Object.fromEntries(header!.map((name, index) => [name, line[index]])),
    );
    expect(byColumn.map((line) => [line.scope, line.platform, line.kind])).toEqual([
      ["row", "whatsapp", "suspend"],
      ["row", "x", "suspend"],
      ["row", "telegram", "remove-content"],
      ["total", "", ""],
    ]);
    expect(byColumn[1]).toMatchObject({
      requests: "4",
      itemsActioned: "2",
      shareActioned: "0.4",
      upheld: "1",
    });
    expect(byColumn[3]!.legal_bases).toBe(
      "Fictional Online Harms Act 2024, s. 12 (PK) (6); Fictional Anti-Terrorism Act | 1997, s. 11W (1)",
    );
    expect(byColumn[3]!.groups).toContain("(7)");
    const empty = parseCsv(formatTransparencyCsv(computeTransparencyReport([], { period: PERIOD })));
    expect(empty[1]![header!.indexOf("shareActioned")]).toBe("");
  });

  it("CSV neutralises a leading formula character", () => {
    const result = report();
    result.total.legalBases = [
      { instrument: "=HYPERLINK(1)", section: "s", jurisdiction: null, requests: 1 },
    ];
    const lines = parseCsv(formatTransparencyCsv(result));
    expect(lines.at(-1)![lines[0]!.indexOf("legal_bases")]).toBe("'=HYPERLINK(1), s (1)");
  });

  it("Markdown has the tables, the total, escaped values and the definitions", () => {
    const markdown = formatTransparencyMarkdown(report(), {
      title: "Fictional report",
      note: "Fictional data",
    });
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("# Fictional report");
    expect(lines).toContain("| X (formerly Twitter) | suspend | 4 | 1 | 1 | 1 | 1 | 5 | 2 | 40.0% |");
    expect(lines).toContain("| **Total** |  | 7 | 3 | 1 | 1 | 2 | 10 | 5 | 50.0% |");
    expect(lines).toContain("| **Total** |  | 2 | 1 | 1 | 0 | 1 | 1 | 0 | 1 |");
    // The pipe in the instrument is escaped so it cannot split the table.
    expect(lines).toContain("| Fictional Anti-Terrorism Act \\| 1997, s. 11W | 1 |");
    for (const name of Object.keys(TRANSPARENCY_DEFINITIONS)) expect(markdown).toContain(`- **${name}**: `);
    expect(markdown).toContain("## Skipped requests");
  });

  it("Markdown escapes HTML and Markdown in every value", () => {
    const result = report();
    result.rows[0]!.platformName = "<script>alert(1)</script>";
    const markdown = formatTransparencyMarkdown(result, { title: "*bold* [link](x)" });
    expect(markdown).not.toContain("<script");
    expect(markdown).toContain("&lt;script>alert(1)&lt;/script>");
    const leading = formatTransparencyMarkdown(result, { title: "1. # not a list" });
    expect(leading.split("\n")[0]).toBe("# 1\\. # not a list");
    expect(markdown.split("\n")[0]).toBe("# \\*bold\\* \\[link\\](x)");
  });
});

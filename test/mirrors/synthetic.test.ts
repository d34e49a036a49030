import {
  createMirrorIndex,
  evaluateMirrorCandidates,
  generateMirrorDataset,
  MirrorInputError,
  readMirrorCsv,
} from "referral-kit/mirrors";
import { describe, expect, it } from "vitest";

describe("generateMirrorDataset", () => {
  it("is deterministic for a seed and labels every new account", () => {
    const a = generateMirrorDataset({ seed: 5, known: 50, mirrors: 20, decoys: 9, unrelated: 20 });
    const b = generateMirrorDataset({ seed: 5, known: 50, mirrors: 20, decoys: 9, unrelated: 20 });
    expect(a).toEqual(b);
    expect(a.newAccounts.filter((item) => item.label === "mirror")).toHaveLength(20);
    const kinds = new Set(a.newAccounts.flatMap((item) => (item.decoyKind ? [item.decoyKind] : [])));
    expect(kinds).toEqual(new Set(["news-outlet", "critic", "common-word"]));
    expect(generateMirrorDataset({ seed: 6, known: 50 }).known).not.toEqual(a.known);
  });
});

describe("evaluateMirrorCandidates", () => {
  // A regression guard on the synthetic evaluation, well inside what `npm run eval:mirrors` prints.
  it("keeps recall at 1 high and decoy false positives rare", () => {
    const dataset = generateMirrorDataset({ seed: 3, known: 400, mirrors: 200, decoys: 150, unrelated: 400 });
    const candidates = createMirrorIndex(dataset.known).candidates(
      dataset.newAccounts.map((item) => item.account),
      { limit: 5 },
    );
    const report = evaluateMirrorCandidates(dataset.newAccounts, candidates, 1);
    expect(report.recallAtK).toBeGreaterThan(0.9);
    expect(report.precisionAtK).toBeGreaterThan(0.9);
    expect(report.decoyFalsePositiveRate).toBeLessThan(0.05);
    expect(report.counts.mirrors).toBe(200);
  });
});

describe("readMirrorCsv", () => {
  it("reads the issue's columns, links split on spaces, empty cells allowed", () => {
    const accounts = readMirrorCsv(
      "platform,handle,display_name,links,phone,avatar_hash,created_at,group\n" +
        "X,@TTP_official,TTP,https://a.example.org https://t.me/b,+92 300 1234567,,2025-01-02,ttp\n" +
        "telegram,someone,,,,,,\n",
    );
    expect(accounts).toEqual([
      {
        platform: "x",
        handle: "@TTP_official",
        displayName: "TTP",
        links: ["https://a.example.org", "https://t.me/b"],
        phones: ["+92 300 1234567"],
        createdAt: "2025-01-02",
        group: "ttp",
      },
      { platform: "telegram", handle: "someone", links: [], phones: [] },
    ]);
  });

  it("reports an unclosed quote with its line", () => {
    try {
      readMirrorCsv('platform,handle\nx,"open\n', { source: "f.csv" });
      expect.unreachable();
    } catch (error) {
      expect(MirrorInputError.isInstance(error)).toBe(true);
      expect((error as MirrorInputError).code).toBe("mirror_input_invalid");
      expect((error as MirrorInputError).issues[0]!.line).toBeGreaterThan(0);
    }
  });

  it("rejects an empty file and a header without handle", () => {
    expect(() => readMirrorCsv("")).toThrow(/empty/);
    expect(() => readMirrorCsv("platform,display_name\nx,a")).toThrow(/no "handle" column/);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";

const HEADER = "platform,handle,display_name,links,phone,avatar_hash,created_at,group";
const KNOWN = [
  HEADER,
  "x,ttp_official,Tehreek-e-Taliban Pakistan,https://umar-media.example.net/join,+92 300 1234567,f0e1d2c3b4a59687,2023-05-01,ttp",
  "telegram,hakkal_voice,Hakkal,https://t.me/hakkal_voice https://hakkal.example.net,,,2023-01-01,bla",
].join("\n");
const NEW = [
  HEADER,
  "x,7tp.officiall2,تحریک طالبان پاکستان,,0300-1234567,,2025-03-03,",
  "x,ttp_news_watch,TTP News Watch,https://umar-media.example.net/join,,,2025-03-02,",
  'telegram,hakkal_v0ice,"Hakkal, official",https://hakkal.example.net,,,2025-04-01,',
  "tiktok,someone_else,Someone,,,,2025-01-01,",
].join("\n");

function files(known: string, fresh: string) {
  const dir = mkdtempSync(join(tmpdir(), "mirrors-cli-"));
  writeFileSync(join(dir, "known.csv"), known);
  writeFileSync(join(dir, "new.csv"), fresh);
  return dir;
}

describe("referral-kit mirrors", () => {
  it("writes JSON: new, known, score, reasons, best first per new account", async () => {
    const run = memoryIo({ cwd: files(KNOWN, NEW) });
    const code = await runCli(
      ["mirrors", "--known", "known.csv", "--new", "new.csv", "--format", "json"],
      run.io,
    );
    expect(code).toBe(0);
    const list = JSON.parse(run.stdout()) as {
      new: string;
      known: string;
      score: number;
      reasons: { kind: string; detail: string; weight: number }[];
    }[];
    expect(list.map((item) => [item.new, item.known])).toEqual([
      ["x:7tp.officiall2", "x:ttp_official"],
      ["telegram:hakkal_v0ice", "telegram:hakkal_voice"],
    ]);
    for (const item of list) {
      expect(item.score).toBeGreaterThanOrEqual(0.5);
      expect(item.score).toBeLessThanOrEqual(1);
      expect(item.reasons.length).toBeGreaterThan(0);
    }
    expect(list[0]!.reasons.map((reason) => reason.kind)).toContain("shared-phone");
    expect(run.stderr()).toContain("not a finding");
  });

  it("writes CSV with a header and one row per candidate", async () => {
    const run = memoryIo({ cwd: files(KNOWN, NEW) });
    expect(
      await runCli(["mirrors", "--known", "known.csv", "--new", "new.csv", "--limit", "1"], run.io),
    ).toBe(0);
    const lines = run.stdout().trim().split("\n");
    expect(lines[0]).toBe("new,known,group,score,reasons,cautions");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^x:7tp\.officiall2,x:ttp_official,ttp,0\.\d{3},/);
  });

  it("reports every bad row with its line number and exits 3", async () => {
    const bad = [HEADER, "x,,No handle,,,,,", "x,fine_handle,,,,,,", "x,short", "x,ok2,,notalink,,zz,,"].join(
      "\n",
    );
    const run = memoryIo({ cwd: files(KNOWN, bad) });
    expect(await runCli(["mirrors", "--known", "known.csv", "--new", "new.csv"], run.io)).toBe(3);
    const errors = run.stderr();
    expect(errors).toContain("new.csv:2: handle is empty");
    expect(errors).toContain("new.csv:4: expected 8 cells");
    expect(errors).toContain('new.csv:5: "notalink" is not a link');
    expect(errors).toContain('new.csv:5: avatar_hash "zz"');
    expect(run.stdout()).toBe("");
  });

  it("rejects unknown columns and usage mistakes", async () => {
    const run = memoryIo({ cwd: files("platform,handle,colour\nx,a,red", NEW) });
    expect(await runCli(["mirrors", "--known", "known.csv", "--new", "new.csv"], run.io)).toBe(3);
    expect(run.stderr()).toContain('known.csv:1: unknown column "colour"');
    const usage = memoryIo();
    expect(await runCli(["mirrors", "--known", "k.csv"], usage.io)).toBe(2);
    expect(await runCli(["mirrors", "--known", "k", "--new", "n", "--format", "xml"], usage.io)).toBe(2);
    expect(await runCli(["mirrors", "--known", "k", "--new", "n", "--limit", "0"], usage.io)).toBe(2);
  });

  it("says which file it cannot read", async () => {
    const run = memoryIo({ cwd: files(KNOWN, NEW) });
    expect(await runCli(["mirrors", "--known", "missing.csv", "--new", "new.csv"], run.io)).toBe(3);
    expect(run.stderr()).toContain("missing.csv");
  });
});

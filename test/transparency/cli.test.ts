import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { parseCsv } from "./csv.js";
import { fixture, MARKERS, PERIOD, PHONE } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "transparency-cli-"));
const file = join(dir, "requests.jsonl");
writeFileSync(
  file,
  `${fixture()
    .map((request) => JSON.stringify(request))
    .join("\n")}\nnot json at all\n`,
);
const period = ["--from", PERIOD.from, "--to", PERIOD.to];

describe("referral-kit transparency", () => {
  it("prints the Markdown report by default and lists skipped lines and requests", async () => {
    const { io, stdout, stderr } = memoryIo({ cwd: dir });
    expect(await runCli(["transparency", "requests.jsonl", ...period], io)).toBe(0);
    expect(stdout()).toContain("# Transparency report: requests to platforms");
    expect(stdout()).toContain("| **Total** |  | 7 | 3 | 1 | 1 | 2 | 10 | 5 | 50.0% |");
    expect(stdout()).toContain("line 12: not valid JSON or not a valid request");
    expect(stderr()).toContain("2 requests skipped");
  });

  it("writes JSON and CSV, and one notice per counted request with identifiers redacted", async () => {
    const { io } = memoryIo({ cwd: dir });
    const code = await runCli(
      ["transparency", file, ...period, "--format", "json", "--out", "report.json", "--notices", "notices"],
      io,
    );
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(json.total.requests).toBe(7);
    expect(json.counts).toEqual({ read: 12, inPeriod: 7, outsidePeriod: 3, skipped: 2 });
    const names = readdirSync(join(dir, "notices")).sort();
    expect(names).toEqual(["r1.json", "r10.json", "r2.json", "r3.json", "r4.json", "r6.json", "r9.json"]);
    const r6 = JSON.parse(readFileSync(join(dir, "notices", "r6.json"), "utf8"));
    // Events at or after the end of the period are ignored: r6 was actioned on the boundary.
    expect(r6.notice.action_taken).toBeUndefined();
    const all = names.map((name) => readFileSync(join(dir, "notices", name), "utf8")).join("\n");
    for (const marker of Object.values(MARKERS)) expect(all).not.toContain(marker);
    expect(all).not.toContain(PHONE.slice(1));
    expect(all).not.toContain("fict_handle");

    const csv = memoryIo({ cwd: dir });
    expect(await runCli(["transparency", file, ...period, "--format", "csv"], csv.io)).toBe(0);
    expect(parseCsv(csv.stdout())).toHaveLength(5);
  });

  it("shows handles only when asked, and phone numbers only when asked separately", async () => {
    const { io } = memoryIo({ cwd: dir });
    await runCli(
      ["transparency", file, ...period, "--format", "csv", "--notices", "shown", "--show-handles"],
      io,
    );
    expect(readFileSync(join(dir, "shown", "r1.json"), "utf8")).toContain("https://x.com/fict_handle_1");
    expect(readFileSync(join(dir, "shown", "r4.json"), "utf8")).not.toContain(PHONE.slice(1));
  });

  it.each([
    [["transparency", "requests.jsonl"], "--from and --to"],
    [["transparency", "requests.jsonl", "--from", PERIOD.to, "--to", PERIOD.from], "from must be before to"],
    [["transparency", "requests.jsonl", ...period, "--format", "html"], "--format"],
    [["transparency", ...period], "give --store (or set $REFERRAL_KIT_STORE), or the JSON Lines file"],
  ])("exits 2 on a usage mistake: %j", async (argv, message) => {
    const { io, stderr } = memoryIo({ cwd: dir });
    expect(await runCli(argv, io)).toBe(2);
    expect(stderr()).toContain(message);
  });

  it("exits 3 when the file cannot be read", async () => {
    const { io, stderr } = memoryIo({ cwd: dir });
    expect(await runCli(["transparency", "missing.jsonl", ...period], io)).toBe(3);
    expect(stderr()).toContain("missing.jsonl");
  });
});

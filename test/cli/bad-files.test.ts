/**
 * Every bad-file case of issue 20: one line naming the file, the line and the problem, exit code 3,
 * values cut to a short excerpt, and bytes that are not UTF-8 refused (or read with --encoding).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { approvedRequest } from "../dispatch/support/requests.js";
import { memoryIo } from "../support/cli-io.js";
import { withEvents } from "../support/requests.js";
import { listFixture } from "../support/shared-fixtures.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rk-bad-files-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...argv: string[]) => {
  const run = memoryIo({ cwd: dir });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};
/** One line on stderr: the error, with no stack trace. */
const oneLine = (text: string) => text.trimEnd().split("\n").length === 1 && !/\n\s+at /.test(text);
const latin1 = (name: string, text: string) => writeFileSync(join(dir, name), Buffer.from(text, "latin1"));
const HUGE = "z".repeat(10_000_000);

describe("bad files: one line, file and line, exit 3", () => {
  it("import ofac-csv: a missing list, --alt or --add file", async () => {
    const sdn = listFixture("ofac-sdn.csv");
    for (const [argv, name] of [
      [["import", "ofac-csv", "none.csv"], "none.csv"],
      [["import", "ofac-csv", sdn, "--add", "no-add.csv"], "no-add.csv"],
      [["import", "ofac-csv", sdn, "--alt", "no-alt.csv"], "no-alt.csv"],
    ] as const) {
      const run = await cli(...argv);
      expect(run.code, name).toBe(3);
      expect(run.stderr, name).toBe(`referral-kit import: ${name}: no such file\n`);
    }
  });

  it("import ofac-csv: a 10 MB field is quoted as a short excerpt", async () => {
    const rows = readFileSync(listFixture("ofac-sdn.csv"), "utf8").split("\n");
    writeFileSync(join(dir, "huge-sdn.csv"), `${rows[0]}\n9999,"${HUGE}",-0- ,"SDGT"\n`);
    const run = await cli("import", "ofac-csv", "huge-sdn.csv");
    expect(run.stderr.length).toBeLessThan(2_000);
    expect(run.stdout.length + run.stderr.length).toBeLessThan(100_000);
  });

  it("import uk: a list cut inside its header is refused, not imported as 0 groups", async () => {
    const [banner, header] = readFileSync(listFixture("uk-sanctions-list.csv"), "utf8").split("\n");
    writeFileSync(join(dir, "cut-uk.csv"), `${banner}\n${header!.slice(0, 120)}`);
    const run = await cli("import", "uk", "cut-uk.csv");
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(
      /^referral-kit import: cut-uk\.csv:2: UK sanctions list \(CSV\): the header lacks .*cut short/,
    );
  });

  it("import: Latin-1 is refused with its line, and read with --encoding latin1", async () => {
    const text = readFileSync(listFixture("pk-first-schedule.csv"), "utf8");
    // UTF-8 up to the last line, which a Latin-1 editor appended.
    writeFileSync(
      join(dir, "latin1.csv"),
      Buffer.concat([Buffer.from(`${text.trimEnd()}\n`), Buffer.from("Test Société,,,,,\n", "latin1")]),
    );
    const lines = text.trimEnd().split("\n").length;
    const run = await cli("import", "csv", "latin1.csv", "--authority", "pk-ata-first-schedule");
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `referral-kit import: latin1.csv:${lines + 1}: the file is not valid UTF-8 (saved as Latin-1 or Windows-1252? convert it, or name its encoding with --encoding)\n`,
    );
    const decoded = await cli(
      "import",
      "csv",
      "latin1.csv",
      "--authority",
      "pk-ata-first-schedule",
      "--encoding",
      "latin1",
      "--json",
    );
    expect(decoded.code).toBe(0);
    expect(decoded.stdout).toContain("Test Société");
  });

  it("compliance, transparency: Latin-1 JSON Lines and CSV are refused with file and line", async () => {
    const request = withEvents(approvedRequest("lat-1"), { type: "submitted", at: "2025-03-01T10:00:00Z" });
    const line = JSON.stringify(request).replace("Fictional Unit", "Unité fictive");
    latin1("requests.jsonl", `${JSON.stringify(request)}\n${line}\n`);
    for (const argv of [
      ["compliance", "requests.jsonl", "--as-of", "2026-01-01"],
      ["transparency", "requests.jsonl", "--from", "2025-01-01", "--to", "2026-01-01"],
    ]) {
      const run = await cli(...argv);
      expect(run.code, argv[0]).toBe(3);
      expect(run.stderr, argv[0]).toBe(
        `referral-kit ${argv[0]}: requests.jsonl:2: the file is not valid UTF-8 (saved as Latin-1 or Windows-1252? convert it, or name its encoding with --encoding)\n`,
      );
      const decoded = await cli(...argv, "--encoding", "latin1");
      expect(decoded.code, argv[0]).toBe(0);
    }
    latin1(
      "requests.csv",
      "request_id,platform,group,kind,priority,submitted_at,outcome,outcome_at,due_at\n" +
        "r1,x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,\nr2,x,société,suspend,standard,2025-01-01T00:00:00Z,pending,,\n",
    );
    const csv = await cli("compliance", "requests.csv", "--as-of", "2026-01-01");
    expect(csv.code).toBe(3);
    expect(csv.stderr).toContain("requests.csv:3: the file is not valid UTF-8");
  });

  it("transparency given the compliance CSV says it is the wrong file (exit 3), not '851 skipped'", async () => {
    const run = await cli(
      "transparency",
      join(process.cwd(), "examples/pakistan-2025/requests.csv"),
      "--from",
      "2025-01-01",
      "--to",
      "2026-01-01",
    );
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(
      /requests\.csv:1: no row could be read \(851 rows, all skipped; the first: not valid JSON/,
    );
  });

  it("overdue and confirm: a missing, damaged or Latin-1 prepared file", async () => {
    const missing = await cli(
      "confirm",
      "req-1",
      "N-1",
      "--store",
      "memory:",
      "--actor",
      "a",
      "--prepared",
      "none.jsonl",
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe(
      "referral-kit confirm: none.jsonl: no such file (the manual channel's file of prepared packets)\n",
    );
    writeFileSync(join(dir, "damaged.jsonl"), '{"type":"prepared"}\n{"type":"prep');
    const damaged = await cli("overdue", "--prepared", "damaged.jsonl", "--after", "24");
    expect(damaged.code).toBe(3);
    expect(damaged.stderr).toMatch(
      /^referral-kit overdue: damaged\.jsonl:1: not a prepared or confirmed record/,
    );
    expect(damaged.stderr).not.toContain("SyntaxError");
    latin1("latin1-prepared.jsonl", '{"note":"café"}\n');
    const encoded = await cli("overdue", "--prepared", "latin1-prepared.jsonl", "--after", "24");
    expect(encoded.code).toBe(3);
    expect(encoded.stderr).toContain("latin1-prepared.jsonl:1: not valid UTF-8");
  });

  it("mirrors: a 10 MB field is cut, Latin-1 is refused", async () => {
    const header = "platform,handle,display_name,links,phone,avatar_hash,created_at,group";
    writeFileSync(join(dir, "known.csv"), `${header}\nx,known_one,,,,,,ttp\n`);
    writeFileSync(join(dir, "huge.csv"), `${header}\nx,fresh,,,,${HUGE},,\n`);
    const huge = await cli("mirrors", "--known", "known.csv", "--new", "huge.csv");
    expect(huge.code).toBe(3);
    expect(huge.stderr.length).toBeLessThan(1_000);
    expect(huge.stderr).toMatch(
      /^referral-kit mirrors: huge\.csv:2: avatar_hash "z{60}…\(10000000 characters\)"/,
    );
    latin1("latin1-new.csv", `${header}\nx,café,Café,,,,,\n`);
    const encoded = await cli("mirrors", "--known", "known.csv", "--new", "latin1-new.csv");
    expect(encoded.code).toBe(3);
    expect(encoded.stderr).toContain("latin1-new.csv:2: the file is not valid UTF-8");
  });
});

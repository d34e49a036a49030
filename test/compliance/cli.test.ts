import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { COMPLIANCE_DEFINITIONS } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { COMPLIANCE_CSV_COLUMNS } from "../../src/compliance/readers/csv.js";
import { domainRequest } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "compliance-cli-"));

function memoryIo(options: { isTTY?: boolean; stdin?: string } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const io: CliIo = {
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout,
    stderr,
    cwd: dir,
    env: {},
    isTTY: options.isTTY ?? false,
  };
  return { io, out: () => out, err: () => err };
}

const CSV = [
  COMPLIANCE_CSV_COLUMNS.join(","),
  "r1,facebook,ttp,suspend,standard,2025-01-01T00:00:00Z,actioned,2025-01-01T02:00:00Z,2025-01-03T00:00:00Z",
  "r2,facebook,ttp,suspend,standard,2025-01-01T00:00:00Z,rejected,2025-01-01T05:00:00Z,2025-01-03T00:00:00Z",
  "r3,x,bla,suspend,standard,2025-01-01T00:00:00Z,pending,,2025-01-03T00:00:00Z",
  "r4,x,bla,suspend,standard,2025-01-02T00:00:00Z,partially-actioned,2025-01-02T10:00:00Z,2025-01-04T00:00:00Z",
  "r5,x,bla,suspend,standard,yesterday,pending,,",
].join("\n");
writeFileSync(join(dir, "data.csv"), CSV);
const AS_OF = ["--as-of", "2025-02-01T00:00:00Z"];

describe("referral-kit compliance", () => {
  it("prints a readable table with intervals, medians, breaches and the skipped rows", async () => {
    const { io, out } = memoryIo();
    const code = await runCli(["compliance", "data.csv", ...AS_OF], io);
    expect(code).toBe(0);
    const text = out();
    expect(text).toMatch(/^Platform\s+Submitted\s+Actioned \(partial\)/);
    expect(text).toMatch(/facebook\s+2\s+1 \(0\)\s+1\s+0\s+0\s+50\.0% \(9\.5–90\.5\)\s+50\.0%\s+2\.0/);
    expect(text).toMatch(/Total\s+4\s+2 \(1\)/);
    expect(text).toContain('line 6, r5: submitted_at "yesterday" is not an ISO 8601 time');
    expect(text).toContain(`actionRate: ${COMPLIANCE_DEFINITIONS.actionRate}`);
  });

  it("writes JSON with definitions, named key fields, the figures, the total and the skipped rows", async () => {
    const { io, out } = memoryIo();
    const code = await runCli(
      ["compliance", "data.csv", ...AS_OF, "--group-by", "platform,group", "--format", "json"],
      io,
    );
    expect(code).toBe(0);
    const json = JSON.parse(out());
    expect(json.definitions).toEqual(COMPLIANCE_DEFINITIONS);
    expect(json.rows).toHaveLength(2);
    expect(json.rows[1]).toMatchObject({
      platform: "x",
      group: "bla",
      submitted: 2,
      actioned: 1,
      partiallyActioned: 1,
      pending: 1,
      due: 2,
      onTime: 1,
      breaches: 1,
      medianHours: 10,
    });
    expect(json.rows[1].actionRate).toBe(0.5);
    expect(json.rows[1].actionRateLow).toBeCloseTo(0.0945, 4);
    expect(json.rows[1].actionRateHigh).toBeCloseTo(0.9055, 4);
    expect(json.total).toMatchObject({ submitted: 4, actioned: 2 });
    expect(json.total.platform).toBeUndefined();
    expect(json.skipped).toEqual([
      {
        line: 6,
        recordId: "r5",
        reason: 'submitted_at "yesterday" is not an ISO 8601 time with a zone (e.g. 2025-03-01T09:30:00Z)',
      },
    ]);
    expect(json.asOf).toBe("2025-02-01T00:00:00.000Z");
  });

  it("gives the same numbers as CSV, at another confidence level", async () => {
    const { io, out } = memoryIo();
    expect(
      await runCli(["compliance", "data.csv", ...AS_OF, "--format", "csv", "--confidence", "0.9"], io),
    ).toBe(0);
    const [header, facebook, , total] = out().trim().split("\n");
    // The original columns first, in their order, so existing readers keep working; issue 21's after them.
    expect(header).toMatch(
      /^scope,platform,submitted,actioned,partiallyActioned,rejected,pending,withdrawn,actionRate,actionRateLow,actionRateHigh,decidedRate,medianHours,p90Hours,due,onTime,breaches,onTimeRate,medianHoursToAcknowledge,/,
    );
    expect(header).toMatch(/,declinesByReason\.not-violating,/);
    // 1/2 at 90%: z = 1.644854, centre = 0.5, half = 1.644854 * sqrt(0.5 + 0.676386) / 4.705543 = 0.379134.
    const cells = facebook!.split(",");
    expect(Number(cells[9])).toBeCloseTo(0.120866, 5);
    expect(Number(cells[10])).toBeCloseTo(0.879134, 5);
    expect(total!.startsWith("total,,4,2,1,")).toBe(true);
  });

  it("writes an HTML report to --out", async () => {
    const { io, err } = memoryIo();
    expect(
      await runCli(["compliance", "data.csv", ...AS_OF, "--format", "html", "--out", "report.html"], io),
    ).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<svg id="chart-action-rate"');
    expect(html).toContain('<svg id="chart-time-to-action"');
    expect(html).toContain('class="km-curve"');
    expect(err()).toContain("Wrote html report to report.html");
  });

  it("reads JSON Lines of domain requests, and standard input", async () => {
    const request = domainRequest("j1", [
      { type: "submitted", at: "2025-01-01T00:00:00Z" },
      { type: "actioned", at: "2025-01-01T03:00:00Z" },
    ]);
    const { io, out } = memoryIo({ stdin: `${JSON.stringify(request)}\n` });
    expect(await runCli(["compliance", "-", "--input", "jsonl", ...AS_OF, "--format", "json"], io)).toBe(0);
    expect(JSON.parse(out()).rows[0]).toMatchObject({ platform: "x", actioned: 1, medianHours: 3 });
  });

  it("fails on the first bad row with --strict (exit 1)", async () => {
    const { io, err, out } = memoryIo();
    expect(await runCli(["compliance", "data.csv", ...AS_OF, "--strict"], io)).toBe(1);
    expect(err()).toContain('data.csv:6: r5: submitted_at "yesterday"');
    expect(out()).toBe("");
  });

  it("draws progress only on a terminal", async () => {
    const rows = [COMPLIANCE_CSV_COLUMNS.join(",")];
    for (let index = 0; index < 30_000; index++) {
      rows.push(`q${index},x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,`);
    }
    writeFileSync(join(dir, "big.csv"), rows.join("\n"));
    const tty = memoryIo({ isTTY: true });
    expect(await runCli(["compliance", "big.csv", ...AS_OF, "--format", "json"], tty.io)).toBe(0);
    expect(tty.err()).toMatch(/Reading: [\d,]+ rows, [\d,]+ rows\/s \d+%/);
    const pipe = memoryIo();
    expect(await runCli(["compliance", "big.csv", ...AS_OF, "--format", "json"], pipe.io)).toBe(0);
    expect(pipe.err()).toBe("");
  });

  it.each([
    [["compliance"], "give --store (or set $REFERRAL_KIT_STORE), or the file to read"],
    [["compliance", "data.csv", "--group-by", "country"], '--group-by: unknown field "country"'],
    [
      ["compliance", "data.csv", "--as-of", "2025-02-01T00:00"],
      '--as-of: "2025-02-01T00:00" is not a day (2025-01-01, read as 00:00 UTC) or an ISO 8601 time with a zone',
    ],
    [["compliance", "data.csv", "--confidence", "95"], '--confidence: "95" is not a number between 0 and 1'],
    [["compliance", "data.csv", "--format", "pdf"], '--format: "pdf" is not one of table, csv, json, html'],
    [["compliance", "data.txt"], "cannot tell the format of data.txt"],
    [["compliance", "-"], "reading standard input needs --input csv or --input jsonl"],
    [["compliance", "data.csv", "--colour"], "unknown option --colour"],
    [["compliance", "data.csv", "--formt", "csv"], "unknown option --formt; did you mean --format?"],
    [["compliance", "data.csv", "--by", "platform"], "--by is now --group-by"],
  ])("refuses %j with a usage error (exit 2)", async (argv, message) => {
    const { io, err } = memoryIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(err()).toContain(message);
    // A short usage, not the whole help.
    expect(err()).toContain("Usage: referral-kit compliance (--store <path|url> | <file>) [options]");
    expect(err()).toContain("Run `referral-kit help compliance` for the options.");
    expect(err()).not.toContain("Options:");
  });

  it("says clearly when the file is missing (exit 3)", async () => {
    const { io, err } = memoryIo();
    expect(await runCli(["compliance", "missing.csv", ...AS_OF], io)).toBe(3);
    expect(err()).toBe("referral-kit compliance: missing.csv: no such file\n");
  });

  it("is listed in the help", async () => {
    const { io, out } = memoryIo();
    expect(await runCli(["--help"], io)).toBe(0);
    expect(out()).toContain("compliance");
  });
});

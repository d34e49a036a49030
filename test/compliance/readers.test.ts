import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  ComplianceAccumulator,
  ComplianceInputError,
  type ComplianceRecord,
  readComplianceCsv,
  readComplianceFile,
  readComplianceJsonl,
} from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_CSV_COLUMNS } from "../../src/compliance/readers/csv.js";
import { domainRequest } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "compliance-readers-"));
const HEADER = COMPLIANCE_CSV_COLUMNS.join(",");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A function that runs a full garbage collection and returns the heap used after it. */
function collector(): () => number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
}

async function collect<T>(source: AsyncIterable<T> & { line: number }): Promise<Array<[number, T]>> {
  const out: Array<[number, T]> = [];
  for await (const item of source) out.push([source.line, item]);
  return out;
}

const CSV = [
  HEADER,
  "r1,x,ttp,suspend,standard,2025-01-01T00:00:00Z,actioned,2025-01-01T05:00:00Z,2025-01-03T00:00:00Z",
  "r2,X!,ttp,suspend,standard,2025-01-01T00:00:00Z,rejected,2025-01-01T05:00:00Z,",
  "",
  "r3,x,ttp,suspend,standard,2025-01-01,pending,,",
  "r4,facebook,bla;majeed-brigade,remove-content,emergency,2025-01-01T00:00:00+05:00,pending,,2025-01-01T01:00:00+05:00",
  "r5,x,ttp,suspend,standard,2025-01-02T00:00:00Z,actioned,2025-01-01T00:00:00Z,",
  "r6,x,ttp",
  "r7,x,ttp,suspend,standard,2025-01-01T00:00:00Z,done,,",
].join("\n");

describe("readComplianceCsv", () => {
  it("reads good rows with their line numbers and lists bad ones with line and reason", async () => {
    const source = readComplianceCsv(file("mixed.csv", CSV));
    const rows = await collect(source);
    expect(rows.map(([line, record]) => [line, record.id])).toEqual([
      [2, "r1"],
      [6, "r4"],
    ]);
    const r4 = rows[1]![1];
    expect(r4).toMatchObject({
      groups: ["bla", "majeed-brigade"],
      priority: "emergency",
      outcome: "pending",
    });
    expect(r4.submittedAt).toBe(Date.parse("2024-12-31T19:00:00Z"));
    expect(rows[0]![1]).toMatchObject({
      outcomeAt: Date.parse("2025-01-01T05:00:00Z"),
      firstActionAt: Date.parse("2025-01-01T05:00:00Z"),
    });
    expect(source.skipped).toEqual([
      { line: 3, recordId: "r2", reason: 'platform "X!" is not a platform id' },
      {
        line: 5,
        recordId: "r3",
        reason: 'submitted_at "2025-01-01" is not an ISO 8601 time with a zone (e.g. 2025-03-01T09:30:00Z)',
      },
      { line: 7, recordId: "r5", reason: "actioned before submitted" },
      { line: 8, recordId: "r6", reason: "expected 9 columns, found 3" },
      {
        line: 9,
        recordId: "r7",
        reason: 'outcome "done" is not one of actioned, partially-actioned, rejected, pending, withdrawn',
      },
    ]);
    expect(source.skippedCount).toBe(5);
    expect(source.rowsRead).toBe(7);
    expect(source.totalBytes).toBe(Buffer.byteLength(CSV));
    expect(source.bytesRead).toBe(Buffer.byteLength(CSV));
  });

  it("fails on the first bad row in strict mode, with its line", async () => {
    const error = await collect(readComplianceCsv(file("strict.csv", CSV), { strict: true })).catch((e) => e);
    expect(ComplianceInputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "invalid_compliance_input", line: 3 });
    expect(error.message).toBe('line 3: r2: platform "X!" is not a platform id');
  });

  it("refuses a header without the required columns, even when not strict", async () => {
    const error = await collect(readComplianceCsv(file("header.csv", "id,platform\n1,x\n"))).catch((e) => e);
    expect(ComplianceInputError.isInstance(error)).toBe(true);
    expect(error.message).toContain("the header lacks request_id, group");
  });

  it("stops at malformed CSV (a broken quote) with its line, rather than lose the rows after it", async () => {
    const ok = (id: string) => `${id},x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,`;
    const text = [
      HEADER,
      ok("r1"),
      'r2,"x"y,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,',
      ok("r3"),
    ].join("\n");
    const error = await collect(readComplianceCsv(file("quote.csv", text))).catch((e) => e);
    expect(ComplianceInputError.isInstance(error)).toBe(true);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(
      /^line 3: malformed CSV, the rows after it cannot be read reliably: Invalid Closing Quote/,
    );
  });

  it("counts lines across quoted line breaks, blank lines and CRLF", async () => {
    const ok = (id: string) => `${id},x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,`;
    const text = [HEADER, ok("r1"), "", ok('"r2\r\nsecond line"'), "", ok("r3"), ok("r4,extra")].join("\r\n");
    const source = readComplianceCsv(file("lines.csv", text));
    const rows = await collect(source);
    expect(rows.map(([line, record]) => [line, record.id])).toEqual([
      [2, "r1"],
      [5, "r2\r\nsecond line"],
      [7, "r3"],
    ]);
    expect(source.skipped).toEqual([{ line: 8, recordId: "r4", reason: "expected 9 columns, found 10" }]);
  });

  it("refuses impossible dates instead of rolling them over", async () => {
    const row = (id: string, at: string) => `${id},x,ttp,suspend,standard,${at},pending,,`;
    const text = [
      HEADER,
      row("a", "2025-02-29T00:00:00Z"),
      row("b", "2024-02-29T23:59:59.999Z"),
      row("c", "2025-04-31T10:00:00Z"),
    ].join("\n");
    const source = readComplianceCsv(file("dates.csv", text));
    const rows = await collect(source);
    expect(rows.map(([, record]) => [record.id, record.submittedAt])).toEqual([
      ["b", Date.parse("2024-02-29T23:59:59.999Z")],
    ]);
    expect(source.skipped.map((skipped) => [skipped.line, skipped.recordId])).toEqual([
      [2, "a"],
      [4, "c"],
    ]);
  });

  it("says clearly when the file is missing", async () => {
    const error = await collect(readComplianceCsv(join(dir, "nope.csv"))).catch((e) => e);
    expect(error.message).toBe(`cannot read ${join(dir, "nope.csv")}: no such file`);
  });

  it("reads from a stream, with columns in any order and a BOM", async () => {
    const text = `\uFEFFdue_at,outcome_at,outcome,submitted_at,priority,kind,group,platform,request_id\n,,pending,2025-01-01T00:00:00Z,standard,preserve,,telegram,t1\n`;
    const source = readComplianceCsv(Readable.from([Buffer.from(text)]));
    const rows = await collect(source);
    expect(rows[0]![1]).toMatchObject({
      id: "t1",
      platform: "telegram",
      kind: "preserve",
      groups: [],
      deadline: null,
    });
    expect(source.bytesRead).toBe(Buffer.byteLength(text));
  });

  it("keeps memory flat: streaming a large file does not hold it", async () => {
    const rows = 200_000;
    const lines = [HEADER];
    for (let index = 0; index < rows; index++) {
      lines.push(
        `req-${index},x,ttp,suspend,standard,2025-01-01T00:00:00Z,actioned,2025-01-01T05:00:00Z,2025-01-03T00:00:00Z`,
      );
    }
    const path = file("large.csv", `${lines.join("\n")}\n`);
    const size = Buffer.byteLength(lines.join("\n"));
    lines.length = 0;
    // Live memory, measured after a full collection, is what "flat" is about; garbage is not.
    const gc = collector();
    const before = gc();
    let peak = before;
    let count = 0;
    for await (const _record of readComplianceCsv(path)) {
      if (++count % 40_000 === 0) peak = Math.max(peak, gc());
    }
    expect(count).toBe(rows);
    // Holding the text (one byte a character) or the records (~150 bytes each) would exceed this easily.
    expect(peak - before).toBeLessThan(size / 4);
  });
});

describe("readComplianceJsonl", () => {
  const good = domainRequest("j1", [
    { type: "submitted", at: "2025-01-01T00:00:00Z" },
    { type: "actioned", at: "2025-01-01T03:00:00Z" },
  ]);
  const inconsistent = domainRequest("j2", [
    { type: "actioned", at: "2025-01-01T00:00:00Z" },
    { type: "submitted", at: "2025-01-01T01:00:00Z" },
  ]);
  const text = [
    JSON.stringify(good),
    "",
    "{not json",
    JSON.stringify({ ...good, id: "j3", platform: "Bad Platform" }),
    JSON.stringify(inconsistent),
  ].join("\n");

  it("validates every line, listing bad ones with line and reason", async () => {
    const source = readComplianceJsonl(file("requests.jsonl", text));
    const rows = await collect(source);
    expect(rows.map(([line, request]) => [line, request.id])).toEqual([
      [1, "j1"],
      [5, "j2"],
    ]);
    expect(source.skipped.map((row) => [row.line, row.recordId])).toEqual([
      [3, undefined],
      [4, "j3"],
    ]);
    expect(source.skipped[0]!.reason).toMatch(/^not valid JSON/);
    expect(source.skipped[1]!.reason).toMatch(/^Invalid Request at platform/);
  });

  it("lets the calculators report history problems with the id and line", async () => {
    const source = readComplianceFile(file("requests2.jsonl", text));
    const accumulator = new ComplianceAccumulator({ asOf: "2025-02-01T00:00:00Z" });
    for await (const record of source) accumulator.add(record, source.line);
    const result = accumulator.result();
    expect(result.total).toMatchObject({ submitted: 1, actioned: 1, medianHours: 3 });
    expect(result.issues).toEqual([
      expect.objectContaining({ recordId: "j2", line: 5, code: "inconsistent_history" }),
    ]);
  });

  it("fails at the first bad line in strict mode", async () => {
    const error = await collect(readComplianceJsonl(file("strict.jsonl", text), { strict: true })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "invalid_compliance_input", line: 3 });
  });
});

describe("readComplianceFile", () => {
  it("chooses the reader by extension and refuses unknown ones", async () => {
    const path = file("pick.csv", `${HEADER}\nr1,x,ttp,suspend,standard,2025-01-01T00:00:00Z,pending,,\n`);
    const rows = await collect(readComplianceFile(path));
    expect((rows[0]![1] as ComplianceRecord).id).toBe("r1");
    expect(() => readComplianceFile(join(dir, "data.txt"))).toThrow(RangeError);
  });
});

/**
 * Bad input, built from the real files by small edits: a truncated file, a renamed column, "n/a" and
 * "5,5" in number cells, an unknown metric, category and country. Every problem is an issue with its line
 * (or a fatal error for a file that cannot be read), and strict mode turns the first issue into an error;
 * nothing becomes a silent zero.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { PublishedReportError } from "referral-kit/reconcile";
import { describe, expect, it } from "vitest";
import { readDsaMemberStateOrders } from "../../src/reconcile/read/dsa-orders.js";
import { readGoogleRemovals } from "../../src/reconcile/read/google.js";
import { readTikTokReport } from "../../src/reconcile/read/tiktok.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

const text = (name: string) => readFileSync(sharedFixture(`platform-reports/${name}`), "utf8");
const stream = (content: string) => Readable.from([Buffer.from(content)]);

async function read<T>(source: AsyncIterable<T>): Promise<T[]> {
  const rows: T[] = [];
  for await (const row of source) rows.push(row);
  return rows;
}

async function failure(source: AsyncIterable<unknown>): Promise<PublishedReportError> {
  try {
    await read(source);
  } catch (error) {
    if (PublishedReportError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a PublishedReportError");
}

/** The first `count` lines of a file (CRLF kept), as a new file. */
function head(content: string, count: number): string {
  return content.split("\n").slice(0, count).join("\n");
}

describe.skipIf(skipSharedFixtures)("Google removals, edited", () => {
  const google = text("google-government-removal-requests.csv");

  it("a renamed column makes the file unreadable, and the error names the candidate", async () => {
    const renamed = google.replace("items_removed_legal", "items_removed_law");
    const error = await failure(readGoogleRemovals(stream(renamed), { name: "renamed.csv" }));
    expect(error.file).toBe("renamed.csv");
    expect(error.line).toBe(1);
    expect(error.reason).toBe(
      "not a Google removal requests file: the header lacks items_removed_legal; columns not known: items_removed_law",
    );
  });

  it('"n/a" and "5,5" are issues on their line and null, never 0; strict fails on the first', async () => {
    // Lines 2 and 3 of the real file, then the edits: line 2's number_of_requests becomes n/a, line 3's
    // items_requested_removal becomes a quoted "5,5".
    const lines = head(google, 4).split("\r\n");
    lines[1] = lines[1]!.replace(",Defamation,1,14,", ",Defamation,n/a,14,");
    lines[2] = lines[2]!.replace(",Defamation,1,1,0,1,", ',Defamation,1,"5,5",0,1,');
    const edited = lines.join("\r\n");
    const source = readGoogleRemovals(stream(edited));
    const rows = await read(source);
    expect(rows.map((row) => [row.line, row.requests, row.items])).toEqual([
      [2, null, 14],
      [3, 1, null],
      [4, 1, 1],
    ]);
    expect(source.issues).toEqual([
      {
        line: 2,
        column: "number_of_requests",
        code: "missing-value",
        message: 'number_of_requests is "n/a": no count (kept as missing, not 0)',
      },
      {
        line: 3,
        column: "items_requested_removal",
        code: "unreadable-number",
        message: 'items_requested_removal "5,5" is not a whole number',
      },
    ]);
    const strict = await failure(readGoogleRemovals(stream(edited), { strict: true, name: "g.csv" }));
    expect([strict.line, strict.column, strict.issue]).toEqual([2, "number_of_requests", "missing-value"]);
    expect(strict.message).toBe(
      'g.csv, line 2: number_of_requests is "n/a": no count (kept as missing, not 0)',
    );
  });

  it("a file cut in the middle of a row: the short last row is reported, not read", async () => {
    const cut = google.slice(0, google.indexOf("\r\n", 2000) - 12);
    const source = readGoogleRemovals(stream(cut));
    const rows = await read(source);
    const last = cut.split("\r\n").length;
    expect(rows.at(-1)!.line).toBe(last - 1);
    expect(source.issues.map((issue) => [issue.line, issue.code])).toEqual([[last, "wrong-column-count"]]);
  });

  it("bytes that are not UTF-8 are refused with their line, and read when their encoding is named", async () => {
    // Line 3 of the real file with its "UAE" written in Latin-1 as "UAÉ" (one byte 0xC9, not UTF-8).
    const lines = head(google, 4).split("\r\n");
    const bytes = Buffer.concat([
      Buffer.from(`${lines[0]}\r\n${lines[1]}\r\n`),
      Buffer.from(`${lines[2]!.replace("UAE", "UA\u00c9")}\r\n${lines[3]}`, "latin1"),
    ]);
    const error = await failure(readGoogleRemovals(Readable.from([bytes]), { name: "latin1.csv" }));
    expect([error.line, error.issue]).toEqual([3, undefined]);
    expect(error.reason).toMatch(/^the file is not valid UTF-8/);
    const rows = await read(readGoogleRemovals(Readable.from([bytes]), { encoding: "latin1" }));
    expect(rows.map((row) => row.countryName)).toEqual(["UAE", "UA\u00c9", "UAE"]);
  });

  it("a character split between chunks is read whole", async () => {
    // Line 6715: Cura + U+FFFD U+FFFD + ao (bytes ef bf bd ef bf bd); cut the stream inside the first.
    const bytes = Buffer.from(google);
    const at = bytes.indexOf(Buffer.from("Cura\uFFFD")) + 5;
    const rows = await read(
      readGoogleRemovals(Readable.from([bytes.subarray(0, at), bytes.subarray(at)]), { strict: true }),
    );
    expect(rows).toHaveLength(17_483);
    expect(rows.find((row) => row.line === 6715)?.countryName).toBe("Cura\uFFFD\uFFFDao");
  });

  it("outcome columns that do not add up are reported (the real file has none)", async () => {
    // Line 2: ...,Defamation,1,14,0,0,0,14,0,0; one more item not found makes the outcomes sum to 15.
    const edited = head(google, 2).replace(",1,14,0,0,0,14,0,0", ",1,14,0,0,1,14,0,0");
    const source = readGoogleRemovals(stream(edited));
    await read(source);
    expect(source.issues[0]).toMatchObject({ line: 2, code: "inconsistent-row" });
  });

  it("an unknown column is reported on the header line and strict mode refuses the file", async () => {
    const edited = head(google, 3)
      .replace("\r\n", ",extra\r\n")
      .replace(/,0,0\r\n/, ",0,0,x\r\n");
    const source = readGoogleRemovals(stream(`${edited},y`));
    expect((await read(source)).length).toBe(2);
    expect(source.issues[0]).toMatchObject({ line: 1, column: "extra", code: "unknown-column" });
    const error = await failure(readGoogleRemovals(stream(`${edited},y`), { strict: true }));
    expect(error.issue).toBe("unknown-column");
  });
});

describe.skipIf(skipSharedFixtures)("TikTok removals, edited", () => {
  const tiktok = text("tiktok-government-removal-requests.csv");

  it("an unknown metric is an issue with its line; the row is not read", async () => {
    const edited = head(tiktok, 4).replace("Total content received", "Total content reported");
    const source = readTikTokReport(stream(edited));
    const rows = await read(source);
    expect(rows.map((row) => row.metric)).toEqual(["requests", "content-actioned-terms"]);
    expect(source.issues[0]).toEqual({
      line: 3,
      column: "metric_name",
      code: "unknown-metric",
      message:
        'metric_name "Total content reported" is not a removals metric for a country; the row is not read',
    });
  });

  it("a truncated file leaves a country incomplete, reported on the country's first line", async () => {
    // Lines 682-691 are Pakistan Jul-Dec 2025; stop after line 686.
    const lines = tiktok.split("\r\n");
    const edited = [lines[0], ...lines.slice(681, 686)].join("\r\n");
    const source = readTikTokReport(stream(edited));
    expect(await read(source)).toHaveLength(5);
    expect(source.issues).toEqual([
      {
        line: 2,
        code: "incomplete",
        message:
          "Pakistan Jul-Dec 2025 lacks Total accounts received, Accounts actioned due to community guidelines violations, Accounts actioned due to (local) law violations, Accounts not actioned, Removal rate (a truncated or edited file?)",
      },
    ]);
    const error = await failure(readTikTokReport(stream(edited), { strict: true }));
    expect(error.issue).toBe("incomplete");
  });

  it("a country the reader does not know is reported, never guessed", async () => {
    const edited = head(tiktok, 2).replace("United States", "Atlantis");
    const source = readTikTokReport(stream(edited));
    expect(await read(source)).toEqual([]);
    expect(source.issues[0]).toMatchObject({ line: 2, column: "location_value", code: "unknown-value" });
  });

  it("a rate above 1 and a count with decimals are unreadable numbers", async () => {
    const lines = tiktok.split("\r\n");
    const edited = [
      lines[0],
      lines[681]!.replace("935.0", "935.5"),
      lines[690]!.replace("0.518958101", "51.9"),
    ].join("\r\n");
    const source = readTikTokReport(stream(edited));
    const rows = await read(source);
    expect(rows.map((row) => row.value)).toEqual([null, null]);
    expect(source.issues.map((issue) => [issue.line, issue.code])).toEqual([
      [2, "unreadable-number"],
      [3, "unreadable-number"],
      [2, "incomplete"],
    ]);
  });
});

describe.skipIf(skipSharedFixtures)("DSA table 3, edited", () => {
  const x = text("dsa-x-member-states-orders.csv");

  it("a file cut inside a quoted note is malformed CSV: a fatal error with its line", async () => {
    const cut = x.slice(0, x.indexOf("From approximately September"));
    const error = await failure(readDsaMemberStateOrders(stream(cut)));
    // The row starts on line 2 and its quoted note never closes.
    expect(error.reason).toMatch(/^malformed CSV in the row starting on line 2: Quote Not Closed/);
    expect(error.line).toBe(2);
  });

  it("an unknown category and scope are reported with their lines", async () => {
    const lines = x.split("\r\n");
    const edited = [
      ...lines.slice(0, 2),
      lines[2]!.replace("STATEMENT_CATEGORY_ANIMAL_WELFARE", "STATEMENT_CATEGORY_PETS"),
      lines[3]!.replace(",TOTAL,", ",XX,"),
    ].join("\r\n");
    const source = readDsaMemberStateOrders(stream(edited));
    const rows = await read(source);
    expect(rows.map((row) => row.category)).toEqual(["TOTAL"]);
    expect(source.issues.map((issue) => [issue.line, issue.column, issue.code])).toEqual([
      [9, "Category of illegal content", "unknown-value"],
      [10, "Scope", "unknown-value"],
    ]);
  });
});

/**
 * readPublishedFigures on the real files: one figure per metric per source row, with its definition, the
 * publisher's note and its line. Expected values are the lines named in each test, read by hand.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import {
  collectPublishedFigures,
  type PublishedFigure,
  PublishedReportError,
  readPublishedFigures,
} from "referral-kit/reconcile";
import { describe, expect, it } from "vitest";
import { PUBLISHED_DEFINITIONS } from "../../src/reconcile/definitions.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

const file = (name: string) => sharedFixture(`platform-reports/${name}`);

async function all(source: AsyncIterable<PublishedFigure>): Promise<PublishedFigure[]> {
  const figures: PublishedFigure[] = [];
  for await (const figure of source) figures.push(figure);
  return figures;
}

describe.skipIf(skipSharedFixtures)("readPublishedFigures", () => {
  it("TikTok: Pakistan Jul-Dec 2025's removal rate, line 691, as a documented figure", async () => {
    const path = file("tiktok-government-removal-requests.csv");
    const source = readPublishedFigures(path, { country: "PK", period: "2025-H2" });
    const figures = await all(source);
    expect(source.format).toBe("tiktok-removals");
    expect(source.rowsRead).toBe(5864);
    expect(figures).toHaveLength(10);
    expect(figures.at(-1)).toEqual({
      platform: "tiktok",
      period: { start: "2025-07-01", end: "2025-12-31" },
      country: "PK",
      dimensions: { period: "Jul-Dec 2025", country: "Pakistan", metricName: "Removal rate" },
      metric: "removal-rate",
      value: 0.518958101,
      unit: "fraction",
      definition: PUBLISHED_DEFINITIONS["tiktok-removals"]["removal-rate"],
      source: { file: path, format: "tiktok-removals", line: 691, column: "result" },
    });
  });

  it("Google: eight figures per row, line 1185's as written", async () => {
    const figures = await all(
      readPublishedFigures(file("google-government-removal-requests.csv"), {
        country: "PK",
        period: "2025-H1",
      }),
    );
    // README: 38 Pakistan rows in January - June 2025, eight metrics each.
    expect(figures).toHaveLength(38 * 8);
    const line = figures.filter((figure) => figure.source.line === 1185);
    expect(line.map((figure) => [figure.metric, figure.value, figure.source.column])).toEqual([
      ["requests", 5, "number_of_requests"],
      ["items", 23, "items_requested_removal"],
      ["items-actioned-law", 19, "items_removed_legal"],
      ["items-actioned-terms", 0, "items_removed_policy"],
      ["items-not-found", 0, "items_content_not_found"],
      ["items-not-enough-information", 2, "items_not_enough_info"],
      ["items-no-action", 1, "items_no_action_taken"],
      ["items-already-removed", 1, "items_content_already_removed"],
    ]);
    expect(line[0]!.dimensions).toEqual({
      period: "January - June 2025",
      country: "Pakistan",
      territory: "PK",
      requester: "Government Officials",
      product: "YouTube",
      reason: "National security",
    });
    const requests = figures.filter((figure) => figure.metric === "requests");
    expect(requests.reduce((total, figure) => total + figure.value!, 0)).toBe(291);
  });

  it("DSA: X's TOTAL figures carry X's own notes (line 2), Meta's EL is GR with EL kept", async () => {
    const x = await all(
      readPublishedFigures(file("dsa-x-member-states-orders.csv"), {
        country: null,
        metric: "median-hours-to-effect-order-to-act",
      }),
    );
    const total = x.find((figure) => figure.dimensions.category === "TOTAL")!;
    expect(total.value).toBe(72.71);
    expect(total.source.line).toBe(2);
    expect(total.publisherNote).toMatch(/\(3 orders\) do not have resolution timestamps/);
    const greece = await all(
      readPublishedFigures(file("dsa-facebook-member-states-orders.csv"), {
        country: "GR",
        metric: "orders-to-act",
      }),
    );
    // README: 108 category blocks of 27 member states after the 109 TOTAL-scope rows: 108 rows for EL.
    expect(greece).toHaveLength(108);
    expect(greece.every((figure) => figure.dimensions.scope === "EL" && figure.platform === "facebook")).toBe(
      true,
    );
  });

  it("the detailed Google file has its own metric, never called requests", async () => {
    const figures = await all(
      readPublishedFigures(file("google-government-detailed-removal-requests.csv"), {
        country: "PK",
        period: "2025-H1",
      }),
    );
    expect(new Set(figures.map((figure) => figure.metric))).toEqual(new Set(["detailed-total"]));
    expect(figures.reduce((total, figure) => total + figure.value!, 0)).toBe(232);
  });

  it("reads a stream by its header as well as a path", async () => {
    const text = readFileSync(file("tiktok-information-requests.csv"));
    const source = readPublishedFigures(Readable.from([text]), {
      name: "info.csv",
      country: "PK",
      period: "2025-H2",
    });
    const figures = await all(source);
    expect(source.format).toBe("tiktok-information");
    expect(figures.map((figure) => figure.value)).toEqual([246, 216, 462, 0.324074074, 10, 219, 20, 20, 0.5]);
    expect(figures[0]!.source.file).toBe("info.csv");
  });

  it("refuses JSON and unknown CSV with a clear error", async () => {
    const json = await all(readPublishedFigures(file("dsa-sor-example-statement.json"))).catch(
      (error) => error,
    );
    expect(PublishedReportError.isInstance(json)).toBe(true);
    expect(json.reason).toMatch(/^this is JSON/);
    const other = await all(
      readPublishedFigures(Readable.from(["a,b,c\n1,2,3\n"]), { name: "other.csv" }),
    ).catch((error) => error);
    expect(other.message).toBe(
      'other.csv, line 1: not a published file this library reads (its header starts "a", "b", "c"); it reads Google\'s removal requests CSVs, TikTok\'s transparency CSVs and DSA table 3 (Member State orders)',
    );
    const missing = await all(readPublishedFigures("/nonexistent/report.csv")).catch((error) => error);
    expect(missing.reason).toBe("cannot read the file: no such file");
  });

  it("collects figures of several files with each file's report", async () => {
    const collection = await collectPublishedFigures(
      [file("google-government-removal-requests.csv"), file("tiktok-government-removal-requests.csv")],
      { country: "PK", metric: "requests" },
    );
    // Google: 482 Pakistan rows (README), one requests figure each; TikTok: 8 periods of Pakistan rows.
    expect(collection.figures.filter((figure) => figure.platform === "google")).toHaveLength(482);
    expect(collection.figures.filter((figure) => figure.platform === "tiktok")).toHaveLength(8);
    expect(collection.files.map((entry) => [entry.format, entry.rowsRead, entry.issueCount])).toEqual([
      ["google-removals", 17_483, 0],
      ["tiktok-removals", 5864, 0],
    ]);
  });

  it("refuses a period filter that is not a period", () => {
    expect(() => readPublishedFigures("x.csv", { period: "H1 2025" })).toThrow(RangeError);
  });
});

/**
 * The text outputs: published figures as CSV and table, the reconciliation as table, CSV and JSON.
 * Values come from TikTok's removal requests file, Pakistan Jan-Jun 2025 (lines 1583-1592).
 */
import { parse } from "csv-parse/sync";
import { readComplianceCsv } from "referral-kit/compliance";
import {
  buildLedger,
  collectPublishedFigures,
  formatPublishedCsv,
  formatPublishedTable,
  formatReconciliationCsv,
  formatReconciliationTable,
  type PublishedFigure,
  type ReconciliationReport,
  reconcileWithPublished,
} from "referral-kit/reconcile";
import { beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { PUBLISHED_CSV_COLUMNS } from "../../src/reconcile/format/published.js";
import { RECONCILIATION_CSV_COLUMNS } from "../../src/reconcile/format/text.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

let figures: PublishedFigure[] = [];
let report: ReconciliationReport;
beforeAll(async () => {
  if (skipSharedFixtures) return;
  const path = sharedFixture("platform-reports/tiktok-government-removal-requests.csv");
  figures = (await collectPublishedFigures([path], { country: "PK", period: "2025-H1" })).figures;
  const ledger = await buildLedger(readComplianceCsv(CSV_PATH), { asOf: AS_OF, country: "PK" });
  report = reconcileWithPublished(ledger, figures, { country: "PK" });
});

describe.skipIf(skipSharedFixtures)("published figures as text", () => {
  it("CSV: one row per figure, values unrounded, dimensions as JSON", () => {
    const rows = parse(formatPublishedCsv(figures), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...PUBLISHED_CSV_COLUMNS]);
    expect(rows).toHaveLength(10);
    expect(rows.at(-1)).toMatchObject({
      platform: "tiktok",
      period_start: "2025-01-01",
      period_end: "2025-06-30",
      country: "PK",
      metric: "removal-rate",
      value: "0.636",
      unit: "fraction",
      format: "tiktok-removals",
      line: "1592",
      column: "result",
    });
    expect(JSON.parse(rows[0]!.dimensions!)).toEqual({
      period: "Jan-Jun 2025",
      country: "Pakistan",
      metricName: "Total requests received",
    });
  });

  it("table: values in their units, the source line, definitions once", () => {
    const table = formatPublishedTable(figures);
    expect(table).toMatch(/tiktok\s+2025-H1\s+PK\s+requests\s+602\s+\S+:1583/);
    expect(table).toMatch(/removal-rate\s+63\.6%/);
    expect(table.match(/tiktok-removals removal-rate: /g)).toHaveLength(1);
  });

  it("a blank value is an empty cell and 'blank', never 0", () => {
    const blank = { ...figures[0]!, value: null };
    expect(parse(formatPublishedCsv([blank]), { columns: true })[0].value).toBe("");
    expect(formatPublishedTable([blank])).toMatch(/requests\s+blank/);
  });
});

describe.skipIf(skipSharedFixtures)("the reconciliation as text", () => {
  it("table: the ledger beside TikTok with numbered reasons", () => {
    const table = formatReconciliationTable(report);
    expect(table).toContain(
      "TikTok · 2025-H1 · tiktok-removals · 10 published rows · ledger: tiktok, 78 requests (covered)",
    );
    // Ledger 78 requests (awk), TikTok 602 (line 1583): +524.
    expect(table).toMatch(/Requests\s+78\s+602\s+\+524/);
    expect(table).toMatch(/Content named\s+not comparable \[\d\]\s+10,196/);
    expect(table).toContain(
      "78 of the 78 requests are flat records, which do not list the targets a request named",
    );
    // Ledger: 23 targets actioned under local law (awk on the CSV's H1 TikTok rows); TikTok 2728 + 419.
    expect(table).toMatch(/Actioned under local law only\s+23\s+3,147 \(2 rows\)\s+\+3,124/);
  });

  it("CSV: one row per line with reasons and definitions", () => {
    const rows = parse(formatReconciliationCsv(report), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...RECONCILIATION_CSV_COLUMNS]);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({
      key: "requests",
      ledger: "78",
      published: "602",
      difference: "524",
      comparable: "true",
    });
    expect(rows[1]).toMatchObject({
      key: "content-items",
      ledger: "",
      ledger_reason: "78 of the 78 requests are flat records, which do not list the targets a request named",
      published: "10196",
      difference: "",
    });
  });

  it("JSON: the report as documented", () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(Object.keys(json)).toEqual([
      "country",
      "asOf",
      "confidence",
      "ledgerCoverage",
      "sections",
      "notes",
    ]);
    expect(Object.keys(json.sections[0])).toEqual([
      "platform",
      "ledgerPlatforms",
      "format",
      "period",
      "periodLabel",
      "coverage",
      "rows",
      "dimensions",
      "ledgerRequests",
      "notes",
      "lines",
    ]);
    expect(Object.keys(json.sections[0].lines[0])).toEqual([
      "key",
      "label",
      "measure",
      "unit",
      "ledger",
      "published",
      "difference",
      "comparable",
      "notes",
    ]);
  });
});

import type { ReferralRequest } from "referral-kit";
import { type ComplianceRecord, type ComplianceSource, readComplianceCsv } from "referral-kit/compliance";
import {
  buildLedger,
  type Ledger,
  type PublishedFigure,
  type PublishedFormat,
  type PublishedMetric,
  type PublishedSource,
  type readPublishedFigures,
  readStatementsOfReasons,
  reconcileWithPublished,
  StatementOfReasons,
  type StatementRecord,
  statementBatches,
} from "referral-kit/reconcile";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { type DsaOrdersRow, readDsaMemberStateOrders } from "../../src/reconcile/read/dsa-orders.js";
import { type GoogleRemovalRow, readGoogleRemovals } from "../../src/reconcile/read/google.js";
import { readTikTokReport, type TikTokRow } from "../../src/reconcile/read/tiktok.js";

describe("reconcile types", () => {
  it("types the readers by the rows they yield", () => {
    expectTypeOf(readGoogleRemovals).returns.toEqualTypeOf<PublishedSource<GoogleRemovalRow>>();
    expectTypeOf(readTikTokReport).returns.toEqualTypeOf<PublishedSource<TikTokRow>>();
    expectTypeOf(readDsaMemberStateOrders).returns.toEqualTypeOf<PublishedSource<DsaOrdersRow>>();
    expectTypeOf(readStatementsOfReasons).returns.toEqualTypeOf<PublishedSource<StatementRecord>>();
    type FigureSource = ReturnType<typeof readPublishedFigures>;
    expectTypeOf<FigureSource>().toMatchTypeOf<PublishedSource<PublishedFigure>>();
    expectTypeOf<FigureSource["format"]>().toEqualTypeOf<PublishedFormat | undefined>();
  });

  it("keeps null apart from numbers: a blank is never 0", () => {
    expectTypeOf<PublishedFigure["value"]>().toEqualTypeOf<number | null>();
    expectTypeOf<GoogleRemovalRow["requests"]>().toEqualTypeOf<number | null>();
    expectTypeOf<PublishedFigure["country"]>().toEqualTypeOf<string | null>();
    // @ts-expect-error: not a metric of the vocabulary
    const metric: PublishedMetric = "takedown-rate";
    void metric;
  });

  it("builds a ledger from what compliance reads, sync or async", () => {
    expectTypeOf(buildLedger).returns.toEqualTypeOf<Promise<Ledger>>();
    expectTypeOf<ComplianceSource<ComplianceRecord>>().toMatchTypeOf<Parameters<typeof buildLedger>[0]>();
    expectTypeOf<ReferralRequest[]>().toMatchTypeOf<Parameters<typeof buildLedger>[0]>();
    expectTypeOf(readComplianceCsv).returns.toMatchTypeOf<Parameters<typeof buildLedger>[0]>();
    // @ts-expect-error: the country is required
    reconcileWithPublished({} as Ledger, [], {});
  });

  it("returns validated statements in batches", () => {
    expectTypeOf(statementBatches).returns.toEqualTypeOf<Array<{ statements: StatementOfReasons[] }>>();
    expectTypeOf<StatementOfReasons["category"]>().toMatchTypeOf<string>();
    // One name is the schema (a value) and the parsed statement (a type).
    expectTypeOf(StatementOfReasons.parse).returns.toEqualTypeOf<StatementOfReasons>();
    expectTypeOf<z.input<typeof StatementOfReasons>["puid"]>().toEqualTypeOf<string>();
    expectTypeOf<"STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY">().toMatchTypeOf<
      StatementOfReasons["category"]
    >();
  });
});

/**
 * The readers on the real published files in ../shared/fixtures/platform-reports. Every expected number
 * names the line it was read from by hand (`grep -n` / `sed -n <line>p` on the file) or the README table
 * it matches.
 */
import { PublishedReportError } from "referral-kit/reconcile";
import { describe, expect, it } from "vitest";
import { type DsaOrdersRow, readDsaMemberStateOrders } from "../../src/reconcile/read/dsa-orders.js";
import {
  type GoogleRemovalRow,
  readGoogleDetailedRemovals,
  readGoogleRemovals,
} from "../../src/reconcile/read/google.js";
import { readTikTokReport, type TikTokRow } from "../../src/reconcile/read/tiktok.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

const file = (name: string) => sharedFixture(`platform-reports/${name}`);

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const rows: T[] = [];
  for await (const row of source) rows.push(row);
  return rows;
}

describe.skipIf(skipSharedFixtures)("readGoogleRemovals on google-government-removal-requests.csv", () => {
  let rows: GoogleRemovalRow[] = [];
  let issues = -1;

  it("reads all 17,483 rows (README summary) without an issue", async () => {
    const source = readGoogleRemovals(file("google-government-removal-requests.csv"), { strict: true });
    rows = await all(source);
    issues = source.issueCount;
    expect(rows).toHaveLength(17_483);
    expect(source.rowsRead).toBe(17_483);
    expect(issues).toBe(0);
  });

  it("types a row as written: line 1185", () => {
    // sed -n 1185p: January - June 2025,Pakistan,PK,Government Officials,YouTube,National security,5,23,19,0,0,2,1,1
    expect(rows.find((row) => row.line === 1185)).toEqual({
      line: 1185,
      period: { start: "2025-01-01", end: "2025-06-30" },
      periodText: "January - June 2025",
      countryName: "Pakistan",
      territory: "PK",
      country: "PK",
      requester: "Government Officials",
      product: "YouTube",
      reason: "National security",
      requests: 5,
      items: 23,
      itemsRemovedLegal: 19,
      itemsRemovedPolicy: 0,
      itemsNotFound: 0,
      itemsNotEnoughInformation: 2,
      itemsNoAction: 1,
      itemsAlreadyRemoved: 1,
    });
  });

  it("matches the README's Pakistan table: rows, requests and items per half-year", () => {
    const pakistan = rows.filter((row) => row.country === "PK");
    expect(pakistan).toHaveLength(482);
    const period = (text: string) => pakistan.filter((row) => row.periodText === text);
    const sum = (list: GoogleRemovalRow[], key: "requests" | "items") =>
      list.reduce((total, row) => total + row[key]!, 0);
    // README "Pakistan" table: January - June 2025 38 rows, 291 requests, 5056 items; July - December 2020
    // 31 / 1148 / 9720; January - June 2019 53 / 454 / 3486.
    expect([period("January - June 2025").length, sum(period("January - June 2025"), "requests")]).toEqual([
      38, 291,
    ]);
    expect(sum(period("January - June 2025"), "items")).toBe(5056);
    expect([period("July - December 2020").length, sum(period("July - December 2020"), "requests")]).toEqual([
      31, 1148,
    ]);
    expect(sum(period("July - December 2020"), "items")).toBe(9720);
    expect([period("January - June 2019").length, sum(period("January - June 2019"), "items")]).toEqual([
      53, 3486,
    ]);
  });

  it("reads Google's no-country rows as null, keeping what the file says (lines with UNKNOWN)", () => {
    const unknown = rows.filter((row) => row.countryName === "UNKNOWN");
    // README: UNKNOWN has codes EUROPOL and the literal string null; awk finds 3 EUROPOL rows and 1 null.
    expect(unknown.map((row) => row.territory).sort()).toEqual(["EUROPOL", "EUROPOL", "EUROPOL", "null"]);
    expect(unknown.every((row) => row.country === null)).toBe(true);
    // Line 6715: Curaçao stored damaged (two U+FFFD) keeps its name as written and its code CW.
    expect(rows.find((row) => row.line === 6715)).toMatchObject({
      countryName: "Cura\uFFFD\uFFFDao",
      country: "CW",
    });
  });
});

describe.skipIf(skipSharedFixtures)("readGoogleDetailedRemovals on the detailed file", () => {
  it("reads 21,065 rows; Pakistan 2025-06-30 is 28 rows summing to 232 (README); the quoted product", async () => {
    const source = readGoogleDetailedRemovals(file("google-government-detailed-removal-requests.csv"), {
      strict: true,
    });
    const rows = await all(source);
    expect(rows).toHaveLength(21_065);
    const pakistan = rows.filter((row) => row.country === "PK" && row.periodText === "2025-06-30");
    expect(pakistan).toHaveLength(28);
    expect(pakistan.reduce((total, row) => total + row.total!, 0)).toBe(232);
    // sed -n 20589p: 2025-06-30,Pakistan,PK,YouTube,Religious Offense,27
    expect(rows.find((row) => row.line === 20_589)).toMatchObject({
      period: { start: "2025-01-01", end: "2025-06-30" },
      product: "YouTube",
      reason: "Religious Offense",
      total: 27,
    });
    // sed -n 52p: 2011-06-30,France,FR,"Google Earth, Google Maps, and Panoramio",Defamation,1
    expect(rows.find((row) => row.line === 52)).toMatchObject({
      product: "Google Earth, Google Maps, and Panoramio",
      country: "FR",
      period: { start: "2011-01-01", end: "2011-06-30" },
    });
    // README: Europol (24 rows) and Interpol (1 row) have an empty territory code.
    expect(
      rows
        .filter((row) => row.country === null)
        .map((row) => row.countryName)
        .sort(),
    ).toEqual([...Array<string>(24).fill("Europol"), "Interpol"]);
  });
});

describe.skipIf(skipSharedFixtures)("readTikTokReport on TikTok's two long-format files", () => {
  it("reads every removal row; Pakistan Jul-Dec 2025 (lines 682-691) as published", async () => {
    const source = readTikTokReport(file("tiktok-government-removal-requests.csv"), { strict: true });
    const rows = await all(source);
    // README: 5,864 rows (excluding the header).
    expect(rows).toHaveLength(5864);
    const pk = rows.filter((row) => row.country === "PK" && row.periodText === "Jul-Dec 2025");
    expect(pk.map((row) => [row.line, row.metric, row.value])).toEqual([
      [682, "requests", 935],
      [683, "content-items", 9922],
      [684, "content-actioned-terms", 4473],
      [685, "content-actioned-law", 1596],
      [686, "content-not-actioned", 3853],
      [687, "account-items", 2632],
      [688, "account-actioned-terms", 317],
      [689, "account-actioned-law", 129],
      [690, "account-not-actioned", 2186],
      [691, "removal-rate", 0.518958101],
    ]);
    expect(pk.every((row) => row.report === "removals")).toBe(true);
    // The published removal rate is (content + accounts actioned) / (content + accounts received):
    // (4473 + 1596 + 317 + 129) / (9922 + 2632) = 6515 / 12554 = 0.518958... (lines 683-689 vs 691).
    expect(6515 / 12_554).toBeCloseTo(0.518958101, 8);
    // Line 1022: the global row, Total Government Requests Jul-Dec 2025, 20175.0.
    expect(rows.find((row) => row.line === 1022)).toMatchObject({
      country: null,
      countryName: "All",
      metric: "requests",
      value: 20_175,
      period: { start: "2025-07-01", end: "2025-12-31" },
    });
    // README: Turkey, Ivory Coast and Cote d’Ivoire have ISO codes (TR, CI, CI).
    const names = new Map(rows.map((row) => [row.countryName, row.country]));
    expect([names.get("Turkey"), names.get("Ivory Coast"), names.get("Cote d’Ivoire")]).toEqual([
      "TR",
      "CI",
      "CI",
    ]);
  });

  it("TikTok's removal rate is (content + accounts actioned) / (content + accounts received) in 560 of 561 rows", async () => {
    const rows = await all(
      readTikTokReport(file("tiktok-government-removal-requests.csv"), { strict: true }),
    );
    const groups = new Map<string, Map<string, number>>();
    for (const row of rows) {
      if (row.country === null) continue;
      const key = `${row.countryName} ${row.periodText}`;
      const metrics = groups.get(key) ?? new Map<string, number>();
      metrics.set(row.metric, row.value!);
      groups.set(key, metrics);
    }
    const off: string[] = [];
    let received = 0;
    for (const [key, metrics] of groups) {
      const value = (metric: string) => metrics.get(metric)!;
      const denominator = value("content-items") + value("account-items");
      const actioned =
        value("content-actioned-terms") +
        value("content-actioned-law") +
        value("account-actioned-terms") +
        value("account-actioned-law");
      if (denominator === 0) {
        // Nothing received: TikTok publishes 0, not a blank.
        expect(value("removal-rate")).toBe(0);
        continue;
      }
      received++;
      if (Math.abs(actioned / denominator - value("removal-rate")) > 0.0006) off.push(key);
    }
    expect(received).toBe(561);
    // 148 / 168 = 0.881, published rounded to two places as 0.88.
    expect(off).toEqual(["Azerbaijan Jul-Dec 2023"]);
  });

  it("reads every information row; Pakistan Jul-Dec 2025 (lines 740-748) as published", async () => {
    const rows: TikTokRow[] = await all(
      readTikTokReport(file("tiktok-information-requests.csv"), { strict: true }),
    );
    // README: 6,849 rows.
    expect(rows).toHaveLength(6849);
    const pk = rows.filter((row) => row.country === "PK" && row.periodText === "Jul-Dec 2025");
    expect(pk.map((row) => [row.line, row.metric, row.value])).toEqual([
      [740, "information-requests", 246],
      [741, "legal-requests", 216],
      [742, "legal-request-accounts", 462],
      [743, "legal-requests-disclosed-rate", 0.324074074],
      [744, "preservation-requests", 10],
      [745, "preservation-request-accounts", 219],
      [746, "emergency-requests", 20],
      [747, "emergency-request-accounts", 20],
      [748, "emergency-requests-disclosed-rate", 0.5],
    ]);
    expect(pk.every((row) => row.report === "information")).toBe(true);
    // README: both Macedonia and Republic of North Macedonia appear; both are MK.
    expect(
      new Set(rows.filter((row) => /Macedonia/.test(row.countryName)).map((row) => row.country)),
    ).toEqual(new Set(["MK"]));
  });
});

describe.skipIf(skipSharedFixtures)(
  "readDsaMemberStateOrders on X's, Facebook's and Instagram's table 3",
  () => {
    it('X: 1,911 rows; the TOTAL row (line 2) with its quoted "5,928"; DE (line 378) with "3,396"', async () => {
      const rows: DsaOrdersRow[] = await all(
        readDsaMemberStateOrders(file("dsa-x-member-states-orders.csv"), { strict: true }),
      );
      expect(rows).toHaveLength(1911);
      // Line 2 (its notes run to line 8): All,X,2025-07-01/2025-12-31,TOTAL,,TOTAL,10,10,0,72.71,"5,928",0.0,372.0
      expect(rows[0]).toMatchObject({
        line: 2,
        platform: "x",
        period: { start: "2025-07-01", end: "2025-12-31" },
        category: "TOTAL",
        scope: "TOTAL",
        country: null,
        ordersToAct: 10,
        orderToActItems: 10,
        medianHoursToAcknowledgeOrderToAct: 0,
        medianHoursToEffectOrderToAct: 72.71,
        ordersToProvideInformation: 5928,
        medianHoursToAcknowledgeInformationOrder: 0,
        medianHoursToEffectInformationOrder: 372,
      });
      expect(rows[0]!.context[1]).toMatch(/^Specific items of content identified in orders/);
      // Line 378: All,X,2025-07-01/2025-12-31,TOTAL,,DE,1,1,0,172.88,"3,396",0.0,458.5
      expect(rows.find((row) => row.line === 378)).toMatchObject({
        country: "DE",
        ordersToProvideInformation: 3396,
      });
      // Line 75: KEYWORD_TERRORIST_CONTENT, TOTAL: 0 orders to act, an empty median to effect, 148 information.
      expect(rows.find((row) => row.line === 75)).toMatchObject({
        category: "KEYWORD_TERRORIST_CONTENT",
        heading: "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        ordersToAct: 0,
        medianHoursToEffectOrderToAct: null,
        ordersToProvideInformation: 148,
      });
      // README: 20 member states with orders, Greece as GR.
      expect(new Set(rows.map((row) => row.scope)).size).toBe(21);
    });

    it("Facebook: 3,025 rows, blocks taking their first five cells from the row above (line 1984: DE)", async () => {
      const source = readDsaMemberStateOrders(file("dsa-facebook-member-states-orders.csv"), {
        strict: true,
      });
      const rows = await all(source);
      expect(rows).toHaveLength(3025);
      expect(rows[0]).toMatchObject({
        line: 2,
        ordersToAct: 1358,
        orderToActItems: 2158,
        ordersToProvideInformation: 2383,
      });
      // Line 1984: ,,,,,DE,18,38,0.0,35.0,23,0,99.67 in the KEYWORD_TERRORIST_CONTENT block starting on line 1979.
      expect(rows.find((row) => row.line === 1984)).toMatchObject({
        inherited: true,
        service: "Facebook",
        category: "KEYWORD_TERRORIST_CONTENT",
        scope: "DE",
        ordersToAct: 18,
        orderToActItems: 38,
        medianHoursToEffectOrderToAct: 35,
        ordersToProvideInformation: 23,
        medianHoursToEffectInformationOrder: 99.67,
      });
      // README: Greece is EL in Meta's files; the figures carry GR and keep EL as the scope.
      expect(rows.filter((row) => row.scope === "EL").every((row) => row.country === "GR")).toBe(true);
      // The service cell written "Facebook + 26 CRLF" is read as Facebook.
      expect(new Set(rows.map((row) => row.service))).toEqual(new Set(["Facebook"]));
      // Meta's own named "other" sub-categories are read with their descriptions.
      expect(rows.find((row) => row.category === "KEYWORD_OTHER_ADVERTISING")?.description).toMatch(
        /^Added category/,
      );
    });

    it("the orders columns add up to the TOTAL row; Facebook's items do not (README: 2,158 vs 2,162)", async () => {
      const sums = async (name: string) => {
        const rows = await all(readDsaMemberStateOrders(file(name), { strict: true }));
        const totals = rows.filter((row) => row.category === "TOTAL");
        const total = totals.find((row) => row.scope === "TOTAL")!;
        const countries = totals.filter((row) => row.scope !== "TOTAL");
        const sum = (key: "ordersToAct" | "orderToActItems" | "ordersToProvideInformation") =>
          countries.reduce((acc, row) => acc + row[key]!, 0);
        return {
          total: [total.ordersToAct, total.orderToActItems, total.ordersToProvideInformation],
          countries: [sum("ordersToAct"), sum("orderToActItems"), sum("ordersToProvideInformation")],
        };
      };
      // README totals: X 10 orders to act, 10 items, 5,928 orders to provide information (line 2).
      expect(await sums("dsa-x-member-states-orders.csv")).toEqual({
        total: [10, 10, 5928],
        countries: [10, 10, 5928],
      });
      // README: Facebook 1,358 orders to act, 2,158 items (the countries sum to 2,162), 2,383 information orders.
      expect(await sums("dsa-facebook-member-states-orders.csv")).toEqual({
        total: [1358, 2158, 2383],
        countries: [1358, 2162, 2383],
      });
    });

    it('Instagram: 3,025 rows; a median over 1,000 written "1,179.65" (line 12)', async () => {
      const rows = await all(
        readDsaMemberStateOrders(file("dsa-instagram-member-states-orders.csv"), { strict: true }),
      );
      expect(rows).toHaveLength(3025);
      expect(rows[0]).toMatchObject({
        ordersToAct: 492,
        orderToActItems: 966,
        ordersToProvideInformation: 2049,
      });
      expect(rows.find((row) => row.line === 12)).toMatchObject({
        category: "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
        medianHoursToEffectInformationOrder: 1179.65,
      });
    });
  },
);

describe.skipIf(skipSharedFixtures)("a file of another format", () => {
  it("is refused with the columns it lacks (the TikTok file given to the Google reader)", async () => {
    const error = await all(readGoogleRemovals(file("tiktok-government-removal-requests.csv"))).catch(
      (e) => e,
    );
    expect(PublishedReportError.isInstance(error)).toBe(true);
    expect(error.line).toBe(1);
    expect(error.reason).toMatch(
      /^not a Google removal requests file: the header lacks time_period, country/,
    );
  });

  it("is refused for a JSON file", async () => {
    const error = await all(readDsaMemberStateOrders(file("dsa-sor-example-statement.json"))).catch((e) => e);
    expect(PublishedReportError.isInstance(error)).toBe(true);
  });
});

/**
 * reconcileWithPublished: a small ledger of domain requests, and the synthetic examples/pakistan-2025 CSV
 * ledger, beside the real TikTok and Google figures for Pakistan. Published numbers name their lines;
 * ledger numbers are counted by hand from the requests built here or with awk on requests.csv.
 */
import type { ReferralRequest, RequestEvent } from "referral-kit";
import { readComplianceCsv } from "referral-kit/compliance";
import {
  buildLedger,
  collectPublishedFigures,
  type PublishedFigure,
  RECONCILIATION_DEFINITIONS,
  type ReconciliationReport,
  reconcileWithPublished,
} from "referral-kit/reconcile";
import { beforeAll, describe, expect, it } from "vitest";
import { AS_OF, CSV_PATH } from "../../examples/pakistan-2025/generate.js";
import { wilsonInterval } from "../../src/compliance/stats/wilson.js";
import { makeDisclosure, receipt } from "../support/disclosure.js";
import { approved, evidence, makeRequest, supervisor } from "../support/requests.js";
import { sharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";

type ReconciliationSection = ReconciliationReport["sections"][number];

const file = (name: string) => sharedFixture(`platform-reports/${name}`);

const account = (username: string) => ({
  target: { type: "account" as const, account: { kind: "username" as const, platform: "tiktok", username } },
  evidence: [evidence],
  sensitive: [],
});
const video = (username: string, id: string) => ({
  target: {
    type: "content" as const,
    platform: "tiktok",
    kind: "video" as const,
    id,
    account: { kind: "username" as const, platform: "tiktok", username },
  },
  evidence: [evidence],
  sensitive: [],
});

/** A TikTok request submitted on `day` (2025-03-DD) with its later events. */
function tiktokRequest(
  id: string,
  day: string,
  targets: ReferralRequest["targets"],
  events: RequestEvent[],
  overrides: Partial<ReferralRequest> = {},
): ReferralRequest {
  const base = makeRequest({ id, platform: "tiktok", kind: "remove-content", targets, ...overrides });
  return {
    ...base,
    events: [
      { type: "drafted", at: `2025-03-${day}T08:00:00Z`, by: supervisor },
      { ...approved, at: `2025-03-${day}T08:30:00Z` },
      { type: "submitted", at: `2025-03-${day}T09:00:00Z`, channel: "tiktok" },
      ...events,
    ],
  };
}

// Six requests to TikTok in 2025-H1, with the platform's per-target outcomes:
// r1: 2 targets (account a1, video 101), acknowledged after 2 h, actioned after 10 h: the account
//     terminated under the terms, the video withheld in PK under local law;
// r2: 3 videos, partially actioned after 30 h: video 202 removed under the terms (201 and 203 undecided);
// r3: 1 account, rejected after 48 h: no action, not violating;
// r4: 1 video, pending (no answer);
// r5: 1 account, withdrawn;
// r6: disclose-data (not a removal), data produced: left out of the removal lines.
const requests: ReferralRequest[] = [
  tiktokRequest(
    "r1",
    "01",
    [account("a1"), video("a1", "101")],
    [
      { type: "acknowledged", at: "2025-03-01T11:00:00Z" },
      {
        type: "actioned",
        at: "2025-03-01T19:00:00Z",
        outcomes: [
          { target: "tiktok:a1", measure: "account-terminated", scope: "global", ground: "terms-of-service" },
          { target: "tiktok:a1/video/101", measure: "content-disabled", scope: ["PK"], ground: "local-law" },
        ],
      },
    ],
  ),
  tiktokRequest(
    "r2",
    "02",
    [video("a2", "201"), video("a2", "202"), video("a2", "203")],
    [
      {
        type: "partially-actioned",
        at: "2025-03-03T15:00:00Z",
        targets: ["tiktok:a2/video/202"],
        outcomes: [
          {
            target: "tiktok:a2/video/202",
            measure: "content-removed",
            scope: "global",
            ground: "terms-of-service",
          },
        ],
      },
    ],
  ),
  tiktokRequest(
    "r3",
    "03",
    [account("a3")],
    [
      {
        type: "rejected",
        at: "2025-03-05T09:00:00Z",
        reason: "no violation found",
        outcomes: [{ target: "tiktok:a3", measure: "no-action", reasonCode: "not-violating" }],
      },
    ],
  ),
  tiktokRequest("r4", "04", [video("a4", "401")], []),
  tiktokRequest(
    "r5",
    "05",
    [account("a5")],
    [{ type: "withdrawn", at: "2025-03-05T10:00:00Z", reason: "duplicate" }],
  ),
  {
    ...makeDisclosure({
      id: "r6",
      platform: "tiktok",
      targets: [account("a6")],
      disclosure: {
        instrument: "domestic-order",
        instrumentReference: "Order 17/2025",
        dataCategories: ["subscriber"],
        accounts: ["tiktok:a6"],
        statementOfReasons: "Identify who runs an account distributing the group's official releases.",
      },
    }),
    events: [
      { type: "drafted", at: "2025-03-06T08:00:00Z", by: supervisor },
      { ...approved, at: "2025-03-06T08:30:00Z" },
      { type: "submitted", at: "2025-03-06T09:00:00Z", channel: "tiktok" },
      {
        type: "produced",
        at: "2025-03-06T12:00:00Z",
        receipt: receipt({ receivedAt: "2025-03-06T12:00:00Z" }),
      },
    ],
  } as ReferralRequest,
];

let tiktok: PublishedFigure[] = [];
let google: PublishedFigure[] = [];
beforeAll(async () => {
  if (skipSharedFixtures) return;
  tiktok = (
    await collectPublishedFigures([file("tiktok-government-removal-requests.csv")], { country: "PK" })
  ).figures;
  google = (
    await collectPublishedFigures([file("google-government-removal-requests.csv")], {
      country: "PK",
      period: "2025-H1",
    })
  ).figures;
});

const line = (section: ReconciliationSection | undefined, key: string) => {
  const found = section?.lines.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no line ${key}`);
  return found;
};

describe.skipIf(skipSharedFixtures)(
  "reconcileWithPublished: domain requests beside TikTok, Pakistan 2025-H1",
  () => {
    let section: ReconciliationSection | undefined;
    beforeAll(async () => {
      const ledger = await buildLedger(requests, {
        asOf: "2025-09-01T00:00:00Z",
        country: "PK",
        coverage: "2025-01-01/2025-08-31",
      });
      const report = reconcileWithPublished(ledger, tiktok, { country: "PK", period: "2025-H1" });
      expect(report.sections.map((s) => [s.platform, s.format, s.periodLabel, s.coverage])).toEqual([
        ["tiktok", "tiktok-removals", "2025-H1", "covered"],
      ]);
      section = report.sections[0];
    });

    it("puts the ledger's requests beside TikTok's 602 (line 1583), with the difference", () => {
      // Removal requests r1-r5 (withdrawn r5 included: it was received); r6 asks for data.
      expect(line(section, "requests")).toMatchObject({
        ledger: { value: 5, definition: RECONCILIATION_DEFINITIONS.requests },
        published: {
          value: 602,
          metrics: ["requests"],
          sources: [{ file: file("tiktok-government-removal-requests.csv"), line: 1583 }],
        },
        difference: 597,
        comparable: true,
      });
      expect(section!.ledgerRequests).toBe(6);
    });

    it("counts targets named by type: content 5 (r1 1, r2 3, r4 1) vs 10196 (line 1584), accounts 2 (r1, r3) vs 2821 (line 1588)", () => {
      expect([
        line(section, "content-items").ledger.value,
        line(section, "content-items").published.value,
      ]).toEqual([5, 10_196]);
      expect([
        line(section, "account-items").ledger.value,
        line(section, "account-items").published.value,
      ]).toEqual([2, 2821]);
    });

    it("counts items actioned: r1's 2 and r2's 1 = 3, vs 4589 + 2728 + 548 + 419 = 8284 (lines 1585, 1586, 1589, 1590)", () => {
      expect(line(section, "items-actioned")).toMatchObject({
        ledger: { value: 3 },
        published: { value: 8284 },
        difference: 8281,
      });
    });

    it("counts actions by ground: law 1 (r1's video) vs 2728 + 419 = 3147, terms 2 vs 4589 + 548 = 5137", () => {
      // Lines 1586 and 1590 (local law), 1585 and 1589 (community guidelines).
      expect(line(section, "items-actioned-law")).toMatchObject({
        ledger: { value: 1, definition: RECONCILIATION_DEFINITIONS["items-actioned-law"] },
        published: { value: 3147 },
        difference: 3146,
        comparable: true,
      });
      expect([
        line(section, "items-actioned-terms").ledger.value,
        line(section, "items-actioned-terms").published.value,
      ]).toEqual([2, 5137]);
    });

    it("counts declined items by type: r3's account only (r2's other videos are undecided, r4 pending)", () => {
      // TikTok: content not actioned 2879 (line 1587), accounts not actioned 1854 (line 1591).
      expect([
        line(section, "content-not-actioned").ledger.value,
        line(section, "content-not-actioned").published.value,
      ]).toEqual([0, 2879]);
      expect([
        line(section, "account-not-actioned").ledger.value,
        line(section, "account-not-actioned").published.value,
      ]).toEqual([1, 1854]);
    });

    it("puts the item rate with its Wilson interval beside TikTok's 0.636 (line 1592)", () => {
      // Decided targets: r1 2 + r2 1 + r3 1 = 4; actioned 3.
      const expected = wilsonInterval(3, 4)!;
      expect(line(section, "item-action-rate")).toMatchObject({
        ledger: { value: 3 / 4, low: expected.low, high: expected.high, n: 4 },
        published: { value: 0.636 },
        comparable: true,
      });
      expect(line(section, "item-action-rate").difference).toBeCloseTo(0.636 - 3 / 4, 12);
    });

    it("says why a ground cannot be counted when an action was recorded without outcomes", async () => {
      const bare = requests.map((request) =>
        request.id === "r1"
          ? {
              ...request,
              events: request.events.map((event) =>
                event.type === "actioned" ? { type: "actioned" as const, at: event.at } : event,
              ),
            }
          : request,
      );
      const ledger = await buildLedger(bare, {
        asOf: "2025-09-01T00:00:00Z",
        country: "PK",
        coverage: "2025-01-01/2025-08-31",
      });
      const report = reconcileWithPublished(ledger, tiktok, { country: "PK", period: "2025-H1" });
      expect(line(report.sections[0], "items-actioned-law").ledger).toMatchObject({
        value: null,
        reason: "2 of the 3 actioned targets have no ground recorded",
      });
      expect(line(report.sections[0], "items-actioned").ledger.value).toBe(3);
    });

    it("says the request rate is not the same quantity as TikTok's removal rate", () => {
      // Requests not withdrawn: r1-r4 = 4; actioned (partial included): r1, r2 = 2.
      const expected = wilsonInterval(2, 4)!;
      const rate = line(section, "request-action-rate");
      expect(rate).toMatchObject({
        ledger: { value: 0.5, low: expected.low, high: expected.high, n: 4 },
        published: { value: 0.636 },
        difference: null,
        comparable: false,
      });
      expect(rate.notes[0]).toMatch(/^Different quantities/);
    });
  },
);

describe.skipIf(skipSharedFixtures)(
  "reconcileWithPublished: the synthetic pakistan-2025 ledger (flat CSV)",
  () => {
    it("counts TikTok requests per half-year (awk: 78 in H1, 72 in H2) and leaves item cells not comparable", async () => {
      const ledger = await buildLedger(readComplianceCsv(CSV_PATH), { asOf: AS_OF, country: "PK" });
      // requests.csv: first submission 2025-01-02, last 2025-12-30: whole months, 2025-01-01 to 2025-12-31.
      expect(ledger.coverage).toEqual({ start: "2025-01-01", end: "2025-12-31", inferred: true });
      const report = reconcileWithPublished(ledger, tiktok, { country: "PK" });
      const h1 = report.sections.find((s) => s.periodLabel === "2025-H1");
      const h2 = report.sections.find((s) => s.periodLabel === "2025-H2");
      // TikTok Pakistan: 602 requests Jan-Jun 2025 (line 1583), 935 Jul-Dec 2025 (line 682).
      expect([line(h1, "requests").ledger.value, line(h1, "requests").published.value]).toEqual([78, 602]);
      expect([line(h2, "requests").ledger.value, line(h2, "requests").published.value]).toEqual([72, 935]);
      // awk: H1 tiktok rows: 67 actioned + 4 partially-actioned of 78.
      expect(line(h1, "request-action-rate").ledger.value).toBe(71 / 78);
      expect(line(h1, "content-items").ledger).toMatchObject({
        value: null,
        reason: "78 of the 78 requests are flat records, which do not list the targets a request named",
      });
      // The CSV's outcome columns (awk on the measure and ground of H1 TikTok rows): 71 actioned, 23 under
      // local law and 48 under the terms; 7 declined (1 content, 6 accounts); TikTok lines 1585-1591.
      expect([line(h1, "items-actioned").ledger.value, line(h1, "items-actioned").published.value]).toEqual([
        71, 8284,
      ]);
      expect([
        line(h1, "items-actioned-law").ledger.value,
        line(h1, "items-actioned-terms").ledger.value,
      ]).toEqual([23, 48]);
      expect([
        line(h1, "content-not-actioned").ledger.value,
        line(h1, "account-not-actioned").ledger.value,
      ]).toEqual([1, 6]);
      expect(line(h1, "item-action-rate").ledger).toMatchObject({ value: 71 / 78, n: 78 });
      // Periods before the ledger: 2022-H1 .. 2024-H2 are not covered; their ledger cells are null.
      const old = report.sections.find((s) => s.periodLabel === "2024-H2")!;
      expect(old.coverage).toBe("not-covered");
      expect(line(old, "requests").ledger).toMatchObject({
        value: null,
        reason: "the ledger covers 2025-01-01 to 2025-12-31 (inferred), not the whole period",
      });
      expect(line(old, "requests").published.value).toBe(674);
      expect(
        report.notes.some((note) =>
          note.startsWith("The ledger's coverage, 2025-01-01 to 2025-12-31, is inferred"),
        ),
      ).toBe(true);
    });

    it("sums Google's 38 Pakistan rows of January - June 2025 (README: 291 requests, 5056 items)", async () => {
      const ledger = await buildLedger(readComplianceCsv(CSV_PATH), { asOf: AS_OF, country: "PK" });
      const report = reconcileWithPublished(ledger, google, { country: "PK" });
      const section = report.sections[0]!;
      expect([section.platform, section.rows, section.ledgerRequests]).toEqual(["google", 38, 0]);
      expect(line(section, "requests").published.value).toBe(291);
      expect(line(section, "items").published.value).toBe(5056);
      // The actioned and declined columns of those rows, summed with awk: law 4189, policy 31; not found 17,
      // not enough information 423, no action 193, already removed 203 (4189 + 31 + 17 + 423 + 193 + 203 = 5056).
      expect(line(section, "items-actioned").published.value).toBe(4220);
      expect(line(section, "items-not-actioned").published.value).toBe(836);
      expect(line(section, "item-action-rate").published.value).toBe(4220 / 5056);
      expect(line(section, "request-action-rate").published).toMatchObject({
        value: null,
        reason: "Google publishes no outcome per request, only per item.",
      });
      expect(section.notes).toContain("The ledger has no requests to google or youtube in this period.");
    });

    it("reports no section, with a note, for a country nothing was published for", async () => {
      const ledger = await buildLedger([], { asOf: AS_OF, country: "PK" });
      const report = reconcileWithPublished(ledger, tiktok, { country: "NP", period: "2019-H1" });
      expect(report.sections).toEqual([]);
      expect(report.notes).toEqual(["No published figures for NP in 2019-H1 in the files given."]);
    });

    it("refuses a bad country, period or confidence", async () => {
      const ledger = await buildLedger([], { asOf: AS_OF, country: "PK" });
      expect(() => reconcileWithPublished(ledger, [], { country: "Pakistan" })).toThrow(RangeError);
      expect(() => reconcileWithPublished(ledger, [], { country: "PK", period: "H1" })).toThrow(RangeError);
      expect(() => reconcileWithPublished(ledger, [], { country: "PK", confidence: 1 })).toThrow(RangeError);
    });
  },
);

describe.skipIf(skipSharedFixtures)("reconcileWithPublished: a German ledger beside X's DSA table 3", () => {
  /** A request of a German authority to X, submitted at `at`, with its later events. */
  function toX(
    id: string,
    at: string,
    events: RequestEvent[],
    kind: ReferralRequest["kind"] = "remove-content",
  ): ReferralRequest {
    const content = {
      id,
      issuingAuthority: { name: "Fictional Bundesamt", country: "DE" },
      deadline: "2026-01-01T00:00:00Z",
    };
    const base = kind === "disclose-data" ? makeDisclosure(content) : makeRequest({ ...content, kind });
    const time = Date.parse(at);
    const iso = (hours: number) => new Date(time + hours * 3_600_000).toISOString();
    return {
      ...base,
      events: [
        { type: "drafted", at: iso(-2), by: supervisor },
        { ...approved, at: iso(-1) },
        { type: "submitted", at, channel: "x" },
        ...events.map((event) => ({ ...event, at: iso(Number(event.at)) })),
      ],
    };
  }
  // Event times are hours after submission. r1: acknowledged at 1 h, actioned at 20 h; r2: actioned at 40 h;
  // r3: pending; r4 (disclose-data): data produced at 100 h.
  const german = [
    toX("r1", "2025-08-01T09:00:00Z", [
      { type: "acknowledged", at: "1" },
      { type: "actioned", at: "20" },
    ] as RequestEvent[]),
    toX("r2", "2025-09-01T09:00:00Z", [{ type: "actioned", at: "40" }] as RequestEvent[]),
    toX("r3", "2025-10-01T09:00:00Z", []),
    toX(
      "r4",
      "2025-11-01T09:00:00Z",
      [
        { type: "produced", at: "100", receipt: receipt({ receivedAt: "2025-11-05T13:00:00Z" }) },
      ] as RequestEvent[],
      "disclose-data",
    ),
  ];

  it("pairs orders and medians for DE (X's line 378) and computes the ledger's medians by Kaplan-Meier", async () => {
    const x = (await collectPublishedFigures([file("dsa-x-member-states-orders.csv")], { country: "DE" }))
      .figures;
    const ledger = await buildLedger(german, {
      asOf: "2026-01-31T00:00:00Z",
      country: "DE",
      coverage: "2025-H2",
    });
    const report = reconcileWithPublished(ledger, x, { country: "DE" });
    expect(report.sections).toHaveLength(1);
    const section = report.sections[0]!;
    expect([section.platform, section.format, section.periodLabel, section.rows]).toEqual([
      "x",
      "dsa-member-state-orders",
      "2025-H2",
      1,
    ]);
    // Line 378: All,X,2025-07-01/2025-12-31,TOTAL,,DE,1,1,0,172.88,"3,396",0.0,458.5
    expect([
      line(section, "orders-to-act").ledger.value,
      line(section, "orders-to-act").published.value,
    ]).toEqual([3, 1]);
    expect(line(section, "order-to-act-items").published.value).toBe(1);
    // Kaplan-Meier over r1 (20 h), r2 (40 h), r3 censored: S(20) = 2/3, S(40) = 1/3, so the median is 40 h.
    expect(line(section, "median-hours-to-effect-order-to-act")).toMatchObject({
      ledger: { value: 40 },
      published: { value: 172.88 },
      difference: 132.88,
    });
    expect(line(section, "median-hours-to-effect-order-to-act").published.publisherNote).toMatch(/3 orders/);
    // First answers: r1 acknowledged at 1 h, r2 actioned at 40 h, r3 none: median 40 h; X published 0.
    expect(line(section, "median-hours-to-acknowledge-order-to-act")).toMatchObject({
      ledger: { value: 40 },
      published: { value: 0 },
    });
    expect(line(section, "orders-to-provide-information")).toMatchObject({
      ledger: { value: 1 },
      published: { value: 3396 },
    });
    expect(line(section, "median-hours-to-effect-information-order")).toMatchObject({
      ledger: { value: 100 },
      published: { value: 458.5 },
    });
    expect(section.notes).toContain(
      "DSA table 3's TOTAL category: orders about every kind of illegal content, not only terrorism.",
    );
  });

  it("narrows to terrorist content by dimension: X's line 442 (DE, KEYWORD_TERRORIST_CONTENT)", async () => {
    const x = (await collectPublishedFigures([file("dsa-x-member-states-orders.csv")], { country: "DE" }))
      .figures;
    const ledger = await buildLedger(german, {
      asOf: "2026-01-31T00:00:00Z",
      country: "DE",
      coverage: "2025-H2",
    });
    const report = reconcileWithPublished(ledger, x, {
      country: "DE",
      dimensions: { category: "KEYWORD_TERRORIST_CONTENT" },
    });
    const section = report.sections[0]!;
    // Line 442: All,X,2025-07-01/2025-12-31,KEYWORD_TERRORIST_CONTENT,,DE,0,0,0,,44,0,768
    expect(line(section, "orders-to-act").published).toMatchObject({ value: 0, sources: [{ line: 442 }] });
    expect(line(section, "orders-to-provide-information").published.value).toBe(44);
    expect(line(section, "median-hours-to-effect-order-to-act").published).toMatchObject({
      value: null,
      reason: "blank in the published file",
    });
    expect(section.dimensions).toEqual({ category: ["KEYWORD_TERRORIST_CONTENT"] });
  });
});

import { Readable } from "node:stream";
import type { RequestEvent } from "referral-kit";
import {
  type ComplianceRecord,
  computeCompliance,
  formatComplianceCsv,
  formatComplianceTable,
  readComplianceCsv,
  returnsFromMirrors,
  toComplianceRecord,
} from "referral-kit/compliance";
import type { VerificationRecord } from "referral-kit/verify";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, submitted, withEvents } from "../support/requests.js";
import { AS_OF, acted, h, RECORDS, record } from "./outcome-records.js";

describe("outcome and follow-up figures, against hand computations", () => {
  const { total } = computeCompliance(RECORDS, { asOf: AS_OF, by: [], strict: true });

  it("splits breaches between the platform and the agency", () => {
    // Due: the 7 not withdrawn; on time: r1, r2, r8; breached: r3 (rejected), r4, r6, r7.
    expect(total).toMatchObject({ due: 7, onTime: 3, breaches: 4, platformBreaches: 2, agencyBreaches: 2 });
  });

  it("leaves the agency's waits out of time to action and reports them apart", () => {
    // Events (hours net of waits): r1 10, r2 20, r8 20, r4 100 - 60 = 40. Censored: r5 1 (withdrawn),
    // r6 744 - 734 = 10 (pending), r3 30 and r7 40 (rejected). S(10) = 6/7, S(20) = 6/7 * 3/5, S(40) halves it.
    expect(total.medianHours).toBe(40);
    // r4 waited 60 h, r6 734 h (still open): median (60 + 734) / 2.
    expect(total).toMatchObject({ informationRequested: 2, awaitingAgency: 1, medianAgencyWaitHours: 397 });
  });

  it("measures time to acknowledge from the first response of any kind", () => {
    // Responses: 2, 20, 30, 5, 10, 40, 20 h; r5 censored at 1 h. S(2) = 6/7 ... S(20) = 4/7 * 2/4 = 2/7.
    expect(total.medianHoursToAcknowledge).toBe(20);
  });

  it("counts targets by measure, scope, ground and decline reason", () => {
    expect(total).toMatchObject({
      decidedTargets: 6,
      actionedTargets: 5,
      declinedTargets: 1,
      globalActions: 3,
      countryActions: 2,
      unspecifiedScopeActions: 0,
      termsOfServiceActions: 2,
      localLawActions: 2,
      unspecifiedGroundActions: 1,
    });
    expect(total.actionsByMeasure).toMatchObject({
      "account-terminated": 2,
      "account-suspended": 1,
      "content-removed": 1,
      "content-disabled": 1,
      unspecified: 0,
    });
    expect(total.declinesByReason["not-violating"]).toBe(1);
    expect(Object.values(total.declinesByReason).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("measures permanent suspension and recidivism", () => {
    expect(total).toMatchObject({
      decidedAccountTargets: 3,
      permanentSuspensions: 2,
      temporarySuspensions: 1,
    });
    expect(total.permanentSuspensionRate).toBeCloseTo(2 / 3, 12);
    // Suspended or terminated: r1, r2, r7; r2 came back 80 h after its suspension.
    expect(total).toMatchObject({ suspendedAccounts: 3, returnedAccounts: 1, medianHoursToReturn: null });
    expect(total.returnRate).toBeCloseTo(1 / 3, 12);
    expect(total.returnRateLow!).toBeLessThan(1 / 3);
  });

  it("reports the results of escalations and re-referrals", () => {
    expect(total).toMatchObject({ escalated: 1, actionedAfterEscalation: 1, escalationActionRate: 1 });
    expect(total).toMatchObject({ reReferrals: 1, reReferralsActioned: 1, reReferralActionRate: 1 });
    expect(total.actionRate).toBeCloseTo(4 / 7, 12);
  });

  it("counts a re-referral chain once with chains: first try, final result", () => {
    const chained = computeCompliance(RECORDS, { asOf: AS_OF, by: [], chains: true }).total;
    // r3 + r8 count as one: submitted at r3's time with r3's deadline (48 h), actioned at 120 h (late).
    expect(chained).toMatchObject({ submitted: 7, actioned: 4, rejected: 1, pending: 1, withdrawn: 1 });
    expect(chained.actionRate).toBeCloseTo(4 / 6, 12);
    expect(chained).toMatchObject({ due: 6, onTime: 2, breaches: 4, reReferrals: 1, reReferralsActioned: 1 });
  });

  it("has every figure by platform, group, kind, priority and month", () => {
    const tiktok = RECORDS.map((r, index) => (index % 2 === 0 ? { ...r, platform: "tiktok" } : r));
    const rows = computeCompliance(tiktok, { asOf: AS_OF, by: ["platform", "month"] }).rows;
    expect(rows.map((row) => [row.platform, row.month, row.decidedTargets])).toEqual([
      ["tiktok", "2025-03", 3],
      ["x", "2025-03", 3],
    ]);
    expect(rows.reduce((sum, row) => sum + row.platformBreaches, 0)).toBe(2);
  });

  it("prints the outcome table and the flattened breakdowns", () => {
    const result = computeCompliance(RECORDS, { asOf: AS_OF });
    expect(formatComplianceTable(result)).toContain("What the platforms did, and the follow-up:");
    expect(formatComplianceTable(result)).toContain("not-violating 1 of 1");
    const [header, row] = formatComplianceCsv(result).split("\n");
    const cells = Object.fromEntries(header!.split(",").map((name, i) => [name, row!.split(",")[i]]));
    expect(cells).toMatchObject({ platformBreaches: "2", "declinesByReason.not-violating": "1" });
  });

  it("checks the new fields of flat records", () => {
    const bad = [
      record("b1", { agencyWaits: [[h(10), h(5)]] }),
      record("b2", {
        ...acted(h(5)),
        outcomes: [
          {
            targetType: "account",
            measure: "no-action",
            scope: "unspecified",
            ground: "unspecified",
            temporary: false,
            at: h(5),
          },
        ],
      }),
      record("b3", { supersedes: "b3" }),
      record("b4", { actionAfterEscalationAt: h(10) }),
    ];
    const result = computeCompliance(bad, { asOf: AS_OF });
    expect(result.issues.map((issue) => issue.reason)).toEqual([
      "a question answered before it was asked",
      "reason code undefined is not a decline reason",
      "supersedes must name another request",
      "an action after escalation without an escalation",
    ]);
  });
});

describe("domain requests: outcomes, verification and returns", () => {
  const ACCOUNT = "x:fictional_ttp_media";
  const decision: RequestEvent = {
    type: "actioned",
    at: "2025-03-02T10:00:00Z",
    outcomes: [
      { target: ACCOUNT, measure: "account-terminated", scope: "global", ground: "terms-of-service" },
    ],
  };
  const request = withEvents(makeRequest(), approved, submitted, decision);

  it("turns resolved outcomes into compliance outcomes", () => {
    expect(toComplianceRecord(request, { asOf: AS_OF })?.outcomes).toEqual([
      {
        target: ACCOUNT,
        targetType: "account",
        measure: "account-terminated",
        scope: "global",
        ground: "terms-of-service",
        temporary: false,
        at: Date.parse("2025-03-02T10:00:00Z"),
      },
    ]);
  });

  it("flags a global termination the agency found only withheld, and counts a confirmed mirror", () => {
    const check: VerificationRecord = {
      type: "verified-withheld",
      requestId: "req-1",
      platform: "x",
      target: ACCOUNT,
      at: "2025-03-03T00:00:00Z",
      probe: "http",
      httpStatus: 451,
    };
    const returns = returnsFromMirrors([
      {
        known: ACCOUNT,
        new: "x:fictional_ttp_media2",
        confirmedAt: "2025-03-20T00:00:00Z",
        createdAt: "2025-03-12T10:00:00Z",
      },
    ]);
    const { total } = computeCompliance([request], { asOf: AS_OF, verifications: [check], returns });
    expect(total).toMatchObject({
      reportedGlobalFoundWithheld: 1,
      permanentSuspensions: 1,
      returnedAccounts: 1,
    });
    expect(total.medianHoursToReturn).toBe(240);
  });

  it("reads an old history as unspecified", () => {
    const old = withEvents(makeRequest(), approved, submitted, {
      type: "actioned",
      at: "2025-03-02T10:00:00Z",
    });
    const { total } = computeCompliance([old], { asOf: AS_OF });
    expect(total).toMatchObject({
      decidedTargets: 1,
      unspecifiedScopeActions: 1,
      unspecifiedGroundActions: 1,
    });
    expect(total.actionsByMeasure.unspecified).toBe(1);
    expect(total.permanentSuspensionRate).toBe(0);
  });
});

describe("the flat CSV's optional columns", () => {
  const header =
    "request_id,platform,group,kind,priority,submitted_at,outcome,outcome_at,due_at,acknowledged_at,target_type,measure,scope,ground,reason_code,until,info_requested_at,info_supplied_at,supersedes,escalated_at,escalation_level,actioned_after_escalation_at,returned_at";
  const read = async (lines: string[]) => {
    const source = readComplianceCsv(Readable.from([`${header}\n${lines.join("\n")}\n`]));
    const records: ComplianceRecord[] = [];
    for await (const record of source) records.push(record);
    return { records, skipped: source.skipped.map((row) => `${row.line}: ${row.reason}`) };
  };

  it("reads outcomes, questions, re-referrals, escalations and returns", async () => {
    const { records, skipped } = await read([
      "a,x,ttp,suspend,standard,2025-03-01T00:00:00Z,actioned,2025-03-02T00:00:00Z,2025-03-03T00:00:00Z,2025-03-01T02:00:00Z,account,account-suspended,PK;AF,local-law,,2025-04-01T00:00:00Z,2025-03-01T05:00:00Z,2025-03-01T09:00:00Z,,,,,2025-03-20T00:00:00Z",
      "b,x,ttp,suspend,standard,2025-03-05T00:00:00Z,rejected,2025-03-06T00:00:00Z,2025-03-07T00:00:00Z,,content,no-action,,,legal-process-required,,,,a,2025-03-07T00:00:00Z,court,,",
    ]);
    expect(skipped).toEqual([]);
    expect(records[0]).toMatchObject({
      acknowledgedAt: Date.parse("2025-03-01T02:00:00Z"),
      agencyWaits: [[Date.parse("2025-03-01T05:00:00Z"), Date.parse("2025-03-01T09:00:00Z")]],
      outcomes: [
        {
          targetType: "account",
          measure: "account-suspended",
          scope: "country",
          ground: "local-law",
          temporary: true,
          at: Date.parse("2025-03-02T00:00:00Z"),
          returnedAt: Date.parse("2025-03-20T00:00:00Z"),
        },
      ],
    });
    expect(records[1]).toMatchObject({
      supersedes: "a",
      escalatedAt: Date.parse("2025-03-07T00:00:00Z"),
      escalationLevel: "court",
      outcomes: [{ measure: "no-action", reasonCode: "legal-process-required", targetType: "content" }],
    });
  });

  it("skips rows whose new columns are wrong, saying why", async () => {
    const row = (fields: string) =>
      `r,x,ttp,suspend,standard,2025-03-01T00:00:00Z,actioned,2025-03-02T00:00:00Z,2025-03-03T00:00:00Z,${fields}`;
    const { skipped } = await read([
      row(",account,content-disabled,XK,,,,,,,,,,"),
      row(",account,no-action,,,made-up,,,,,,,,"),
      row(",account,account-terminated,global,,,2025-03-01T00:00:00Z,,,,,,,"),
      row(",,,,,,,,2025-03-01T09:00:00Z,,,,,"),
      row(",,,global,,,,,,,,,,"),
      row(",,,,,,,,,,,ministerial-ish,,"),
    ]);
    expect(skipped).toEqual([
      '2: scope "XK" is not global or an ISO 3166-1 alpha-2 code',
      expect.stringMatching(/^3: reason_code "made-up" is not one of/),
      "4: until is not after outcome_at",
      "5: info_supplied_at without info_requested_at",
      "6: scope without a measure",
      expect.stringMatching(/^7: escalation_level "ministerial-ish" is not one of/),
    ]);
  });
});

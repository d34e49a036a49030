import type { ReferralRequest, RequestEvent } from "referral-kit";
import { computeDisclosureFigures, DISCLOSURE_DEFINITIONS } from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/compliance/stats/wilson.js";
import { makeDisclosure, makePreservation, receipt } from "../support/disclosure.js";
import { approved, submitted, withEvents } from "../support/requests.js";

const SUBMITTED = Date.parse("2025-03-01T10:00:00Z");
const hoursLater = (hours: number) => new Date(SUBMITTED + hours * 3_600_000).toISOString();
const ASOF = hoursLater(240);

function disclosure(id: string, platform: "x" | "facebook", instrument: string, ...events: RequestEvent[]) {
  const base = makeDisclosure({
    id,
    platform,
    targets: [
      {
        target: { type: "account", account: { kind: "username", platform, username: "fictional_ttp_media" } },
        evidence: makeDisclosure().targets[0]!.evidence,
      },
    ],
    disclosure: {
      ...makeDisclosure().disclosure!,
      accounts: [`${platform}:fictional_ttp_media`],
      instrument: instrument as "mlat",
    },
  });
  return withEvents(base, approved, submitted, ...events);
}

const produced = (hours: number): RequestEvent => ({
  type: "produced",
  at: hoursLater(hours),
  receipt: parsed(),
});
const partial = (hours: number): RequestEvent => ({
  type: "partially-produced",
  at: hoursLater(hours),
  receipt: parsed(),
  withheld: ["traffic-or-non-content"],
});
function parsed() {
  return { ...receipt(), files: receipt().files!, hashesFrom: "agency" as const };
}

function preservation(
  id: string,
  rule: "eu-e-evidence" | "us-sca-2703f",
  ...events: RequestEvent[]
): ReferralRequest {
  return { ...withEvents(makePreservation(rule), approved, submitted, ...events), id };
}

describe("computeDisclosureFigures", () => {
  const requests = [
    disclosure("d1", "x", "domestic-order", produced(24)),
    disclosure("d2", "x", "domestic-order", partial(48)),
    disclosure("d3", "x", "domestic-order", { type: "no-data", at: hoursLater(12) }),
    // Produced after the as-of time: still pending then.
    disclosure("d4", "x", "domestic-order", produced(300)),
    disclosure("d5", "x", "domestic-order", { type: "withdrawn", at: hoursLater(2), reason: "duplicate" }),
    disclosure("e1", "facebook", "european-production-order", {
      type: "rejected",
      at: hoursLater(10),
      reason: "legal process required",
    }),
    disclosure("e2", "facebook", "european-production-order", produced(5)),
    preservation(
      "p1",
      "eu-e-evidence",
      { type: "preserved", at: hoursLater(1) },
      { type: "production-requested", at: hoursLater(100) },
    ),
    preservation("p2", "eu-e-evidence", { type: "preserved", at: hoursLater(1) }),
    preservation(
      "p3",
      "us-sca-2703f",
      { type: "preserved", at: hoursLater(1), preservedUntil: hoursLater(48) },
      { type: "production-requested", at: hoursLater(60) },
    ),
    preservation("p4", "us-sca-2703f"),
  ];

  it("gives the share with some data produced and the time to production, per platform and instrument", () => {
    const figures = computeDisclosureFigures(requests, { asOf: ASOF });
    const [facebook, x] = figures.disclosures;
    expect(x).toMatchObject({
      platform: "x",
      instrument: "domestic-order",
      disclosures: 5,
      produced: 1,
      partiallyProduced: 1,
      noData: 1,
      rejected: 0,
      pending: 1,
      withdrawn: 1,
      someDataRate: 0.5,
      // Withdrawn at 2 h and no data at 12 h censored; at 24 h 3 at risk: S = 2/3; at 48 h 2: S = 1/3.
      medianHoursToProduction: 48,
      p90HoursToProduction: null,
    });
    const interval = wilsonInterval(2, 4)!;
    expect([x!.someDataRateLow, x!.someDataRateHigh]).toEqual([interval.low, interval.high]);
    expect(facebook).toMatchObject({
      platform: "facebook",
      instrument: "european-production-order",
      disclosures: 2,
      produced: 1,
      rejected: 1,
      someDataRate: 0.5,
      medianHoursToProduction: 5,
    });
    expect(figures.disclosureTotal).toMatchObject({ platform: null, disclosures: 7, someDataRate: 3 / 6 });
    expect(figures.definitions).toBe(DISCLOSURE_DEFINITIONS);
  });

  it("counts preservations that lapsed before a production request, per platform and rule", () => {
    const figures = computeDisclosureFigures(requests, { asOf: ASOF });
    expect(figures.preservations).toMatchObject([
      {
        platform: "x",
        rule: "eu-e-evidence",
        preservations: 2,
        productionRequested: 1,
        lapsedBeforeProductionRequest: 0,
      },
      {
        platform: "x",
        rule: "us-sca-2703f",
        preservations: 1,
        productionRequested: 1,
        lapsedBeforeProductionRequest: 1,
        lapseRate: 1,
      },
    ]);
    // Sixty days later the unrequested e-Evidence preservation has lapsed too.
    const later = computeDisclosureFigures(requests, { asOf: hoursLater(24 * 61) });
    expect(later.preservations[0]).toMatchObject({ lapsedBeforeProductionRequest: 1, lapseRate: 0.5 });
    expect(later.preservationTotal).toMatchObject({ preservations: 3, lapsedBeforeProductionRequest: 2 });
  });

  it("refuses a bad as-of time or confidence", () => {
    expect(() => computeDisclosureFigures([], { asOf: "yesterday" })).toThrow(RangeError);
    expect(() => computeDisclosureFigures([], { asOf: ASOF, confidence: 1 })).toThrow(RangeError);
  });
});

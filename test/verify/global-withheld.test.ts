import type { RequestEvent } from "referral-kit";
import { globalRemovalsFoundWithheld, type VerificationRecord } from "referral-kit/verify";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, submitted, withEvents } from "../support/requests.js";

const ACCOUNT = "x:fictional_ttp_media";
const check = (type: VerificationRecord["type"], at: string): VerificationRecord => ({
  type,
  requestId: "req-1",
  platform: "x",
  target: ACCOUNT,
  at,
  probe: "http",
});

function decided(scope: "global" | ["PK"]) {
  const decision: RequestEvent = {
    type: "actioned",
    at: "2025-03-02T10:00:00Z",
    outcomes: [{ target: ACCOUNT, measure: "account-terminated", scope }],
  };
  return withEvents(makeRequest(), approved, submitted, decision);
}

describe("globalRemovalsFoundWithheld", () => {
  it("flags a worldwide termination whose latest check after it found the account only withheld", () => {
    const records = [check("verified-withheld", "2025-03-03T00:00:00Z")];
    expect(globalRemovalsFoundWithheld([decided("global")], records)).toEqual([
      {
        requestId: "req-1",
        platform: "x",
        target: ACCOUNT,
        measure: "account-terminated",
        reportedAt: "2025-03-02T10:00:00Z",
        checkedAt: "2025-03-03T00:00:00Z",
      },
    ]);
  });

  it("does not flag a country-only action, a later removal, or a check older than the decision", () => {
    expect(
      globalRemovalsFoundWithheld([decided(["PK"])], [check("verified-withheld", "2025-03-03T00:00:00Z")]),
    ).toEqual([]);
    const later = [
      check("verified-withheld", "2025-03-03T00:00:00Z"),
      check("verified-removed", "2025-03-04T00:00:00Z"),
    ];
    expect(globalRemovalsFoundWithheld([decided("global")], later)).toEqual([]);
    expect(
      globalRemovalsFoundWithheld([decided("global")], [check("verified-withheld", "2025-03-01T12:00:00Z")]),
    ).toEqual([]);
  });
});

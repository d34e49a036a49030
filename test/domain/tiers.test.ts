import {
  CONTENT_TIERS,
  checkSafeguards,
  parseRequest,
  requestState,
  SafeguardError,
  ValidationError,
} from "referral-kit";
import { describe, expect, it } from "vitest";
import { requestTier, TCAP_INCLUSION_POLICY_URL } from "../../src/domain/tiers.js";
import { approved, director, makeRequest, submitted, withEvents } from "../support/requests.js";
import { thrown } from "../support/thrown.js";

function withTiers(...tiers: { tier?: 1 | 2 | 3 | 4; justification?: string }[]) {
  const base = makeRequest();
  const [first] = base.targets;
  return makeRequest({ targets: tiers.map((extra) => ({ ...first!, ...extra })) });
}

describe("content tiers (TCAP)", () => {
  it("cites the TCAP inclusion policy and names each tier", () => {
    expect(TCAP_INCLUSION_POLICY_URL).toBe("https://terrorismanalytics.org/policies/inclusion-policy");
    expect([1, 2, 3, 4].map((tier) => CONTENT_TIERS[tier as 1 | 2 | 3 | 4].name)).toEqual([
      "threat to life",
      "crisis",
      "designation",
      "promotional",
    ]);
  });

  it("refuses an unknown tier with the request id and the field", () => {
    const input = { ...withTiers({ tier: 3 }), targets: [{ ...withTiers({ tier: 3 }).targets[0], tier: 5 }] };
    const error = thrown(() => parseRequest(input));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).requestId).toBe("req-1");
    expect((error as ValidationError).issues[0]?.path).toEqual(["targets", 0, "tier"]);
    expect((error as ValidationError).message).toMatch(/req-1.*targets\[0\]\.tier.*1 \(threat to life\)/);
  });

  it("takes the most severe tier of the targets as the request's", () => {
    expect(requestTier(withTiers({ tier: 3 }, { tier: 1 }, {}))).toBe(1);
    expect(requestTier(withTiers({}))).toBeUndefined();
  });

  it("forces emergency priority for a tier 1 target: approval is refused otherwise", () => {
    const standard = withTiers({ tier: 3 }, { tier: 1 });
    expect(checkSafeguards(standard, { stage: "approval" })).toEqual([
      expect.objectContaining({ rule: "tier_emergency_required", field: "priority" }),
    ]);
    const error = thrown(() => requestState(withEvents(standard, approved)));
    expect(SafeguardError.isInstance(error)).toBe(true);
    const emergency = { ...standard, priority: "emergency" as const };
    expect(requestState(withEvents(emergency, approved)).status).toBe("approved");
  });

  it("needs a written justification and a second approver for a tier 4 target", () => {
    const bare = withTiers({ tier: 3 }, { tier: 4 });
    expect(checkSafeguards(bare, { stage: "approval" })).toEqual([
      expect.objectContaining({ rule: "tier_justification_required", field: "targets[1].justification" }),
    ]);
    expect(() => parseRequest({ ...bare, targets: [{ ...bare.targets[1], justification: "   " }] })).toThrow(
      ValidationError,
    );
    const justified = withTiers({
      tier: 4,
      justification: "Instructional video for building an IED, posted in a TTP support channel.",
    });
    const oneApprover = thrown(() => requestState(withEvents(justified, approved, submitted)));
    expect((oneApprover as SafeguardError).violations).toEqual([
      expect.objectContaining({
        rule: "second_approver_required",
        message: expect.stringContaining("tier 4"),
      }),
    ]);
    const secondApproval = { type: "approved" as const, at: "2025-03-01T09:45:00Z", by: director };
    expect(requestState(withEvents(justified, approved, secondApproval, submitted)).status).toBe("submitted");
  });
});

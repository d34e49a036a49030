import { type CampaignInput, joinCampaign, type RequestEvent } from "referral-kit";
import { campaignCompliance, computeCompliance } from "referral-kit/compliance";
import type { VerificationRecord } from "referral-kit/verify";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, withEvents } from "../support/requests.js";

const campaign: CampaignInput = {
  id: "action-day-7",
  name: "Action day 7",
  kind: "action-day",
  window: { start: "2025-03-01T09:30:00Z", end: "2025-03-01T12:00:00Z" },
  platforms: ["x"],
  groups: ["ttp"],
};
const asOf = "2025-03-05T00:00:00Z";

function member(id: string, submittedAt: string, ...after: RequestEvent[]) {
  const draft = joinCampaign(makeRequest({ id }), campaign);
  const submitted: RequestEvent = { type: "submitted", at: submittedAt, channel: "x" };
  return withEvents(draft, { ...approved, at: "2025-03-01T09:05:00Z" }, submitted, ...after);
}
const actioned = (at: string): RequestEvent => ({ type: "actioned", at });

describe("campaign compliance per hour of the window", () => {
  const requests = [
    member("a", "2025-03-01T09:40:00Z", actioned("2025-03-01T10:00:00Z")),
    member("b", "2025-03-01T09:50:00Z"),
    member("c", "2025-03-01T11:15:00Z", actioned("2025-03-01T13:00:00Z")),
    member("late", "2025-03-01T15:00:00Z"),
    withEvents(makeRequest({ id: "other" }), approved, { type: "submitted", at: "2025-03-01T10:00:00Z" }),
  ];
  const check = (requestId: string, type: VerificationRecord["type"]): VerificationRecord => ({
    type,
    requestId,
    platform: "x",
    target: "x:fictional_ttp_media",
    at: "2025-03-02T00:00:00Z",
    probe: "http",
  });
  const verifications = [check("a", "verified-removed"), check("c", "still-available")];

  it("gives every hour of the window, quiet ones as zero, with compliance and verification figures", () => {
    const figures = campaignCompliance(requests, campaign, { asOf, verifications });
    expect(figures.hours.map((hour) => [hour.hour, hour.submitted, hour.actioned, hour.verified])).toEqual([
      ["2025-03-01T09:00Z", 2, 1, 1],
      ["2025-03-01T10:00Z", 0, 0, 0],
      ["2025-03-01T11:00Z", 1, 1, 0],
    ]);
    expect(figures.hours[0]?.actionRate).toBe(0.5);
    expect(figures.hours[1]?.actionRate).toBeNull();
    expect(figures.total).toMatchObject({ submitted: 4, actioned: 2, verified: 1 });
    expect(figures.outsideWindow).toBe(1);
    expect(figures.otherInputs).toBe(1);
    expect(figures.verification).toBe(true);
    expect(figures.campaign).toMatchObject({ id: "action-day-7", kind: "action-day" });
  });

  it("breaks any compliance computation down by campaign", () => {
    const result = computeCompliance(requests, { by: ["campaign"], asOf });
    expect(result.rows.map((row) => [row.campaign, row.submitted])).toEqual([
      ["(none)", 1],
      ["action-day-7", 4],
    ]);
  });
});

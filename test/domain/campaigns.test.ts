import { approveRequest, Campaign, type CampaignInput, CampaignJoinError, joinCampaign } from "referral-kit";
import { describe, expect, it } from "vitest";
import { makeRequest, supervisor } from "../support/requests.js";
import { thrown } from "../support/thrown.js";

const crisis: CampaignInput = {
  id: "crisis-2025-03-01",
  name: "Response to the 1 March attack",
  kind: "crisis-response",
  window: { start: "2025-03-01T08:00:00Z", end: "2025-03-01T14:00:00Z" },
  platforms: ["x", "telegram"],
  groups: ["ttp"],
};
const actionDay: CampaignInput = { ...crisis, id: "action-day-1", kind: "action-day", name: "Action day" };

describe("campaigns", () => {
  it("lets a draft join an action day, changing nothing else", () => {
    const request = makeRequest();
    const joined = joinCampaign(request, actionDay);
    expect(joined).toEqual({ ...request, campaign: "action-day-1" });
  });

  it("gives a crisis campaign's requests tier 2 and emergency priority by default, with a new deadline", () => {
    const request = makeRequest({
      targets: [makeRequest().targets[0]!, { ...makeRequest().targets[0]!, tier: 1 }],
    });
    const joined = joinCampaign(request, crisis);
    expect(joined.campaign).toBe("crisis-2025-03-01");
    expect(joined.priority).toBe("emergency");
    expect(joined.targets.map((entry) => entry.tier)).toEqual([2, 1]);
    // Drafted at 09:00; the emergency rule gives one hour.
    expect(joined.deadline).toBe("2025-03-01T10:00:00.000Z");
    expect(approveRequest(joined, { by: supervisor, at: "2025-03-01T09:10:00Z" }).events).toHaveLength(2);
  });

  it("refuses another platform, a request relying on none of its groups, and a request past drafting", () => {
    const tiktok = makeRequest();
    const wrongPlatform = thrown(() => joinCampaign(tiktok, { ...crisis, platforms: ["tiktok"] }));
    expect(CampaignJoinError.isInstance(wrongPlatform)).toBe(true);
    expect(wrongPlatform).toMatchObject({
      code: "campaign_join_refused",
      requestId: "req-1",
      campaignId: "crisis-2025-03-01",
      field: "platform",
    });
    expect(thrown(() => joinCampaign(makeRequest(), { ...crisis, groups: ["bla"] }))).toMatchObject({
      field: "designations",
    });
    const approved = approveRequest(makeRequest(), { by: supervisor, at: "2025-03-01T09:10:00Z" });
    expect(thrown(() => joinCampaign(approved, crisis))).toMatchObject({ field: "events" });
    expect(thrown(() => joinCampaign(joinCampaign(makeRequest(), actionDay), crisis))).toMatchObject({
      field: "campaign",
    });
  });

  it("validates the window", () => {
    const backwards = Campaign.safeParse({
      ...crisis,
      window: { start: crisis.window.end, end: crisis.window.start },
    });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]?.path).toEqual(["window", "end"]);
    expect(
      Campaign.safeParse({ ...crisis, window: { ...crisis.window, end: "2027-01-01T00:00:00Z" } }).success,
    ).toBe(false);
  });
});

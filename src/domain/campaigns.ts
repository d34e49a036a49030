import { z } from "zod";
import { CampaignJoinError } from "./accountability-errors.js";
import { computeDeadline, DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from "./deadline.js";
import { requestState } from "./lifecycle.js";
import { PlatformIdSchema } from "./platforms.js";
import { DateTime, Id } from "./schemas/common.js";
import type { ReferralRequest } from "./schemas/request.js";
import { validate } from "./validate.js";

const HOUR = 3_600_000;
/** The longest window a campaign may have: a year. Longer is a typo, and hourly figures would not help. */
const MAX_WINDOW_HOURS = 366 * 24;

/**
 * The kinds of campaign: a referral action day (a planned sweep, often with several agencies), or a
 * crisis response (after an attack, while its content spreads).
 */
export const CampaignKind = z.enum(["action-day", "crisis-response"]);
/** The kind of a campaign. */
export type CampaignKind = z.infer<typeof CampaignKind>;

/**
 * A campaign: a referral action day or a crisis response, with the time window it runs in, the platforms
 * and the groups it concerns. Requests join it (`joinCampaign`); its compliance and verification figures
 * come per hour of the window (`campaignCompliance` in referral-kit/compliance).
 *
 * @example
 * ```ts
 * import { Campaign } from "referral-kit";
 *
 * const campaign = Campaign.parse({
 *   id: "crisis-2025-03-14",
 *   name: "Response to the 14 March attack",
 *   kind: "crisis-response",
 *   window: { start: "2025-03-14T06:00:00Z", end: "2025-03-16T06:00:00Z" },
 *   platforms: ["x", "telegram"],
 *   groups: ["ttp"],
 * });
 * ```
 */
export const Campaign = z
  .object({
    id: Id,
    name: z.string().min(1).max(500),
    kind: CampaignKind,
    /** When the campaign runs: from `start` (included) to `end` (excluded). */
    window: z.object({ start: DateTime, end: DateTime }),
    platforms: z.array(PlatformIdSchema).min(1),
    /** Ids of the groups the campaign concerns; a joining request relies on a designation of one. */
    groups: z.array(Id).min(1),
    note: z.string().max(5000).optional(),
  })
  .superRefine((campaign, context) => {
    const hours = (Date.parse(campaign.window.end) - Date.parse(campaign.window.start)) / HOUR;
    if (!(hours > 0)) {
      context.addIssue({
        code: "custom",
        path: ["window", "end"],
        message: "the window ends before it starts",
      });
    } else if (hours > MAX_WINDOW_HOURS) {
      context.addIssue({
        code: "custom",
        path: ["window", "end"],
        message: "a campaign window is at most a year",
      });
    }
  });
/** A campaign. */
export type Campaign = z.infer<typeof Campaign>;
/** A campaign as written by hand. */
export type CampaignInput = z.input<typeof Campaign>;

/**
 * Makes a drafted request part of a campaign: sets `campaign` to its id after checking that the request
 * is for one of the campaign's platforms and relies on a designation of one of its groups. A
 * crisis-response campaign also gives each target without a tier tier 2 (crisis) and the request
 * emergency priority, with its deadline computed again from the drafting time under `deadlinePolicy`.
 * Only a draft can join: changing what an approver approved would void the approval.
 *
 * @throws {CampaignJoinError} not a draft, another platform, no designation of a campaign group, or
 * already in another campaign.
 * @throws {ValidationError} an invalid campaign.
 *
 * @example
 * ```ts
 * import { joinCampaign } from "referral-kit";
 *
 * const draft = joinCampaign(request, campaign);
 * draft.campaign; // "crisis-2025-03-14"
 * ```
 */
export function joinCampaign(
  request: ReferralRequest,
  campaignInput: Campaign | CampaignInput,
  options: { deadlinePolicy?: DeadlinePolicy } = {},
): ReferralRequest {
  const campaign = validate(Campaign, campaignInput, "Campaign");
  const refuse = (field: string, reason: string): never => {
    throw new CampaignJoinError({ requestId: request.id, campaignId: campaign.id, field, reason });
  };
  const state = requestState(request);
  if (state.status !== "drafted")
    refuse("events", `it is "${state.status}"; only a draft can join a campaign`);
  if (request.campaign !== undefined && request.campaign !== campaign.id) {
    refuse("campaign", `it is already part of campaign "${request.campaign}"`);
  }
  if (!campaign.platforms.includes(request.platform)) {
    refuse(
      "platform",
      `${request.platform} is not one of the campaign's platforms (${campaign.platforms.join(", ")})`,
    );
  }
  if (!request.designations.some((designation) => campaign.groups.includes(designation.groupId))) {
    refuse(
      "designations",
      `it relies on no designation of the campaign's groups (${campaign.groups.join(", ")})`,
    );
  }
  if (campaign.kind !== "crisis-response") return { ...request, campaign: campaign.id };
  const priority = "emergency" as const;
  const deadline =
    request.priority === priority
      ? request.deadline
      : computeDeadline(
          { kind: request.kind, priority },
          state.draftedAt,
          options.deadlinePolicy ?? DEFAULT_DEADLINE_POLICY,
        );
  return {
    ...request,
    campaign: campaign.id,
    priority,
    deadline,
    targets: request.targets.map((entry) =>
      entry.tier === undefined ? { ...entry, tier: 2 as const } : entry,
    ),
  };
}

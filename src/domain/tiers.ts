import { z } from "zod";
import type { SafeguardViolation } from "./errors.js";
import type { RequestContent } from "./schemas/request.js";

/**
 * Where the tiers come from: Tech Against Terrorism's Terrorist Content Analytics Platform (TCAP) Tiered
 * Alert System, its inclusion policy, which sorts terrorist content by severity into four tiers.
 */
export const TCAP_INCLUSION_POLICY_URL = "https://terrorismanalytics.org/policies/inclusion-policy";

/**
 * A content tier, after the TCAP Tiered Alert System (see {@link CONTENT_TIERS}): 1 threat to life,
 * 2 crisis, 3 designated organisation's official content, 4 promotional. Set per target.
 *
 * @example
 * ```ts
 * import { ContentTier } from "referral-kit";
 *
 * ContentTier.parse(3); // 3
 * ContentTier.safeParse(5).success; // false: "a content tier is 1, 2, 3 or 4 ..."
 * ```
 */
export const ContentTier = z.literal([1, 2, 3, 4], {
  error: "a content tier is 1 (threat to life), 2 (crisis), 3 (designated organisation) or 4 (promotional)",
});
/** A content tier: 1 threat to life, 2 crisis, 3 designated organisation, 4 promotional. */
export type ContentTier = z.infer<typeof ContentTier>;

/**
 * The four tiers, after the TCAP Tiered Alert System (https://terrorismanalytics.org/policies/inclusion-policy), with what
 * the safeguards require for each:
 *
 * 1. **Threat to life**: content indicating a specific and imminent threat to life. The request must be
 *    `emergency` priority (`tier_emergency_required`).
 * 2. **Crisis**: content produced by the perpetrators of a terrorist attack (manifesto, livestream),
 *    during a crisis or afterwards. A crisis-response campaign gives its requests this tier by default.
 * 3. **Designation**: official content of an organisation designated by a state or supranational body.
 * 4. **Promotional**: material supporting a designated organisation from outside it (unofficial media
 *    outlets, inspirational and instructional material). Each such target needs a written
 *    `justification` (`tier_justification_required`) and the request two distinct approvers, as a
 *    sensitive target does (`second_approver_required`): it is where a referral most risks reaching
 *    lawful speech.
 *
 * @example
 * ```ts
 * import { CONTENT_TIERS } from "referral-kit";
 *
 * CONTENT_TIERS[1].name; // "threat to life"
 * ```
 */
export const CONTENT_TIERS: Readonly<
  Record<
    ContentTier,
    {
      tier: ContentTier;
      name: string;
      /** What the tier covers, after the TCAP policy. */
      covers: string;
      /** What referral-kit requires of a request with a target in this tier. */
      requires: string;
    }
  >
> = Object.freeze({
  1: {
    tier: 1,
    name: "threat to life",
    covers: "content indicating a specific and imminent threat to life",
    requires: "emergency priority",
  },
  2: {
    tier: 2,
    name: "crisis",
    covers: "content produced by the perpetrators of a terrorist attack, such as a manifesto or livestream",
    requires: "nothing beyond the common safeguards",
  },
  3: {
    tier: 3,
    name: "designation",
    covers: "official content of an organisation designated by a state or a supranational institution",
    requires: "nothing beyond the common safeguards",
  },
  4: {
    tier: 4,
    name: "promotional",
    covers:
      "material supporting a designated organisation from outside it: unofficial media outlets, inspirational and instructional material",
    requires: "a written justification per target and two distinct approvers",
  },
});

/**
 * The most severe tier among a request's targets (the lowest number), or `undefined` when no target has
 * one. Compliance figures are broken down by it.
 * @internal
 *
 * @example
 * ```ts
 * requestTier(request); // 1 when any target threatens life
 * ```
 */
export function requestTier(request: Pick<RequestContent, "targets">): ContentTier | undefined {
  let most: ContentTier | undefined;
  for (const { tier } of request.targets) {
    if (tier !== undefined && (most === undefined || tier < most)) most = tier;
  }
  return most;
}

/**
 * The tier rules on a request's content (see {@link CONTENT_TIERS}): emergency priority for a tier 1
 * target, a written justification for each tier 4 target. The second approver a tier 4 target needs is
 * checked with the other approver rules by `checkSafeguards` at submission, which runs these too.
 * @internal
 *
 * @example
 * ```ts
 * for (const violation of checkTierRules(request)) console.log(violation.field, violation.message);
 * ```
 */
export function checkTierRules(request: Pick<RequestContent, "targets" | "priority">): SafeguardViolation[] {
  const violations: SafeguardViolation[] = [];
  if (request.priority !== "emergency") {
    const index = request.targets.findIndex((entry) => entry.tier === 1);
    if (index >= 0) {
      violations.push({
        rule: "tier_emergency_required",
        field: "priority",
        message: `targets[${index}] is tier 1 (threat to life), which needs emergency priority, not "${request.priority}"`,
      });
    }
  }
  request.targets.forEach((entry, index) => {
    if (entry.tier === 4 && !entry.justification?.trim()) {
      violations.push({
        rule: "tier_justification_required",
        field: `targets[${index}].justification`,
        message: `targets[${index}] is tier 4 (promotional) and needs a written justification`,
      });
    }
  });
  return violations;
}

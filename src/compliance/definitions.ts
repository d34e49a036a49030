/**
 * The definition of every compliance figure, in words. The JSON, CSV, table and HTML outputs carry these
 * texts, and docs/compliance.md quotes them verbatim (a test checks), so a number is never separated from
 * how it was computed.
 *
 * @example
 * ```ts
 * import { COMPLIANCE_DEFINITIONS } from "referral-kit/compliance";
 *
 * console.log(COMPLIANCE_DEFINITIONS.actionRate);
 * ```
 */
export const COMPLIANCE_DEFINITIONS = Object.freeze({
  submitted:
    "Requests with a submitted event at or before the as-of time. A request counts from its submission; drafts and approvals alone are not counted.",
  actioned:
    "x: submitted requests whose outcome at the as-of time is actioned or partially-actioned. Partially-actioned requests are included here and also counted on their own.",
  partiallyActioned:
    "Submitted requests whose outcome at the as-of time is partially-actioned (a later full action makes it actioned). Included in actioned.",
  rejected: "Submitted requests whose first decision by the as-of time is a rejection.",
  pending:
    "Submitted requests with no action, rejection or withdrawal by the as-of time (expired requests included).",
  withdrawn:
    "Submitted requests the agency withdrew before any decision. They are left out of n and of the deadline figures.",
  actionRate:
    "x / n, where n = submitted requests that were not withdrawn and x = actioned (partially-actioned included). Null when n = 0.",
  actionRateInterval:
    "Wilson score interval for x / n at the stated confidence, with z = inverse normal CDF of 1 - (1 - confidence) / 2 (Wichura AS 241). Reported as actionRateLow and actionRateHigh.",
  verified:
    "Submitted, not withdrawn requests whose every target was last seen removed or withheld by the agency's own checks (verified-removed or verified-withheld in the verification records, at or before the as-of time; failed checks are ignored, a later still-available undoes it). What the platform reported plays no part.",
  verifiedRate:
    "verified / n, with the same n as actionRate, and a Wilson score interval reported as verifiedRateLow and verifiedRateHigh. Null when n = 0 or when no verification records were given: the platform's word (actionRate) and the agency's checks (verifiedRate) are never mixed.",
  decidedRate:
    "x / (x + rejected): the action rate among requests the platform decided. Null when x + rejected = 0.",
  timeToAction:
    "Kaplan-Meier estimate over hours from submission to the first actioned or partially-actioned event. Rejected and withdrawn requests are censored at their decision time, pending ones at the as-of time. At equal times, events come before censorings.",
  medianHours:
    "The smallest observed event time t with S(t) <= 0.5 on the time-to-action curve; null when not reached.",
  p90Hours:
    "The smallest observed event time t with S(t) <= 0.1 on the time-to-action curve (90% actioned by then); null when not reached.",
  due: "Requests that were not withdrawn and whose deadline is at or before the as-of time.",
  onTime: "Due requests actioned (fully or partially) at or before their deadline.",
  breaches:
    "due - onTime: due requests not actioned by their deadline (actioned late, rejected, or still pending).",
  onTimeRate: "onTime / due; null when due = 0.",
  group:
    "A request relying on designations of several groups counts once in each group's row; the total row counts it once, so group rows can add up to more than the total. A request with no designation is in group (none).",
  tier: "The most severe content tier among the request's targets (1 threat to life, 2 crisis, 3 designated organisation, 4 promotional; after the TCAP Tiered Alert System); (none) when no target has one.",
  campaign: "The campaign (action day or crisis response) the request is part of; (none) outside any.",
  month: "Calendar month (UTC, YYYY-MM) of the submitted event.",
  hour: "Hour (UTC, YYYY-MM-DDTHH:00Z) of the submitted event; campaignCompliance gives every hour of the campaign's window, quiet hours as zero.",
  asOf: "Events after the as-of time are ignored: every figure describes what was known at that moment.",
  difference:
    "compareCompliance: difference of action rates (a - b) with Newcombe's hybrid score interval (method 10, Newcombe 1998) at the stated confidence.",
  timeToAcknowledge:
    "Kaplan-Meier estimate over hours from submission to the platform's first response: an acknowledgement, a question (information-requested) or a decision, whichever came first. Withdrawn requests without a response are censored at withdrawal, the others at the as-of time. medianHoursToAcknowledge is its median, as for time to action.",
  agencyWait:
    "Time the platform waited on the agency: from each information-requested to its information-supplied (to the as-of time while unanswered). It is left out of time to action (the hours from submission to the first action minus the agency's waits in between). informationRequested counts requests with at least one question, awaitingAgency those with a question unanswered at the as-of time, and medianAgencyWaitHours is the median of their total waits.",
  platformBreaches:
    "Breaches that remain when the clock stops for the platform's questions: the request was not actioned by the deadline in force, which restarts at each answer with the full time the request had from submission to its deadline (Regulation (EU) 2021/784 Art. 3(8)). A question asked after that deadline had passed does not restart it, and a request still waiting on an answer is not the platform's breach.",
  agencyBreaches:
    "breaches - platformBreaches: requests late against their deadline only because the platform was waiting on the agency.",
  escalationActionRate:
    "actionedAfterEscalation / escalated, with a Wilson score interval (escalationActionRateLow, escalationActionRateHigh). escalated counts not withdrawn requests escalated by the as-of time; actionedAfterEscalation those with an actioned or partially-actioned event after the first escalation. Null when escalated = 0.",
  reReferralActionRate:
    "reReferralsActioned / reReferrals, with a Wilson score interval (reReferralActionRateLow, reReferralActionRateHigh). reReferrals counts not withdrawn requests that supersede another (re-referrals); reReferralsActioned those actioned or partially actioned. With chains, each chain of two or more requests counts once, with its final request's result.",
  chains:
    "With the chains option, a re-referral chain (requests linked by supersedes) counts as one request: the first try's platform, groups, kind, priority, month, submission time and deadline, the final request's outcome and per-target outcomes, the first action anywhere in the chain, every question and the first escalation. Requests submitted after the as-of time are left out of their chain.",
  targetOutcomes:
    "Target figures count the targets of not withdrawn requests that have a decision by the as-of time, each with its latest outcome (requestState's outcomes; one outcome per CSV row). decidedTargets = actionedTargets (any measure but no-action) + declinedTargets (no-action). An action recorded without outcomes has measure, scope and ground unspecified; a rejection recorded without reasons has reason code unspecified.",
  scope:
    "Among actioned targets: globalActions (scope global), countryActions (withheld or restricted in listed countries only) and unspecifiedScopeActions (scope not said).",
  ground:
    "Among actioned targets: termsOfServiceActions (the platform's own rules), localLawActions (the requesting country's law) and unspecifiedGroundActions (ground not said).",
  actionsByMeasure: "Actioned targets by measure, with unspecified for actions recorded without outcomes.",
  declinesByReason:
    "Declined (no-action) targets by reason code, with unspecified for rejections recorded without reasons; a platform code the taxonomy does not know is counted under other.",
  permanentSuspensionRate:
    "permanentSuspensions / decidedAccountTargets, with a Wilson score interval (permanentSuspensionRateLow, permanentSuspensionRateHigh): decided account targets whose outcome is account-terminated with scope global. A suspension with an end, a termination in some countries only, or one whose scope was not said is not permanent. temporarySuspensions counts account-suspended outcomes. Null when decidedAccountTargets = 0.",
  returnRate:
    "returnedAccounts / suspendedAccounts, with a Wilson score interval (returnRateLow, returnRateHigh). suspendedAccounts counts account targets whose outcome is account-suspended or account-terminated; returnedAccounts those that came back at or before the as-of time and after the suspension: a reinstatement found by verification, or a mirror account a person confirmed. Null when suspendedAccounts = 0.",
  timeToReturn:
    "Kaplan-Meier estimate over hours from the suspension (the outcome's decision) to the return, accounts not back censored at the as-of time; medianHoursToReturn is its median.",
  reportedGlobalFoundWithheld:
    "Actioned targets the platform reported removed, suspended or terminated with scope global whose latest conclusive check by the agency found them only withheld (verified-withheld). Counted only when verification records were given.",
} as const);

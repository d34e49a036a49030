/**
 * The definition of every transparency figure and rule, in words. The JSON and Markdown outputs carry
 * these texts and docs/transparency.md quotes them verbatim (a test checks), so a number is never separated
 * from how it was computed.
 *
 * @example
 * ```ts
 * import { TRANSPARENCY_DEFINITIONS } from "referral-kit/transparency";
 *
 * console.log(TRANSPARENCY_DEFINITIONS.shareActioned);
 * ```
 */
export const TRANSPARENCY_DEFINITIONS = Object.freeze({
  period:
    "Half-open [from, to): a request is counted when its submitted event is at or after from and before to. Events at or after to are ignored, so every figure describes what was known at the end of the period.",
  row: "One row per platform and request kind with at least one request in the period; the total row counts every request once.",
  requests: "Requests submitted in the period.",
  requestsWithAction:
    "Requests with at least one item actioned (an actioned or partially-actioned event) before the end of the period.",
  rejected: "Requests whose first decision before the end of the period is a rejection.",
  withdrawn: "Requests the agency withdrew before any decision.",
  pending:
    "Requests with no action, rejection or withdrawal before the end of the period (expired ones included).",
  itemsSpecified:
    "Distinct targets (accounts or pieces of content, by target key) named in the counted requests. A target named in two requests counts in each.",
  itemsActioned:
    "Items named in an actioned event (every target of the request when the event lists none) or in a partially-actioned event (its listed target keys), before the end of the period. Keys that are not targets of the request are ignored. A later reinstatement does not remove an item from this count; it is counted under reinstated.",
  shareActioned: "itemsActioned / itemsSpecified; null when itemsSpecified = 0.",
  challenges:
    "appealed events before the end of the period on the counted requests: challenges of an action by the account holder, the platform, the agency or another party. A request can be challenged more than once.",
  challengesByAccountHolder: "Challenges whose appellant is the account holder.",
  challengesByPlatform: "Challenges whose appellant is the platform.",
  challengesByOther: "Challenges whose appellant is the agency or another party.",
  upheld: "Challenges followed by an actioned event (the challenge was dismissed and the action stands).",
  reinstated: "Challenges followed by a reinstated event (the account or content was restored).",
  challengesPending: "Challenges with no outcome before the end of the period.",
  reinstatedWithoutChallenge:
    "Reinstated events that followed no open challenge (the platform reversed its action on its own review).",
  legalBases:
    "Each distinct legal basis (instrument, section, jurisdiction) of the counted requests, with the number of requests relying on it.",
  groups:
    "Each group whose designation a counted request relies on, with the number of requests; a request relying on several groups counts once for each.",
  instruments:
    "Each disclosure instrument (disclosure.instrument) of the counted disclose-data requests, with the number of requests, those with some data produced (in full or in part) and those answered with no data before the end of the period.",
  preservationRules:
    "Each preservation rule (preservation.rule) of the counted preserve requests, with the number of requests, those the platform confirmed (preserved), and those whose preservation ended before a production request, as of the end of the period (lapsedBeforeProductionRequest).",
  skipped:
    "Requests left out because they do not match the request schema or their history breaks the lifecycle; listed by id with the reason, never silently fixed.",
  personalData:
    "No export carries account-holder data: no display names, no evidence URLs or notes, no request notes, no actor names; evidence appears only as its sha256 hash. Public notices redact account handles and phone numbers by default, and never name the accounts of a disclosure or preservation request, its statement of reasons, its justification or what was produced; a disclosure the account holder must not be told of gets no public notice while that lasts.",
} as const);

/**
 * The name of a defined transparency figure or rule.
 *
 * @example
 * ```ts
 * const name: TransparencyDefinitionName = "itemsActioned";
 * console.log(TRANSPARENCY_DEFINITIONS[name]);
 * ```
 */
export type TransparencyDefinitionName = keyof typeof TRANSPARENCY_DEFINITIONS;

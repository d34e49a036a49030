import type { PublishedMetric } from "./metrics.js";

/**
 * The published formats the library reads as figures.
 *
 * - `google-removals`: Google's government removal requests CSV by requester type;
 * - `google-detailed-removals`: Google's detailed removal requests CSV by product and reason;
 * - `tiktok-removals` and `tiktok-information`: TikTok's long-format CSVs of government removal requests
 *   and of requests for user information;
 * - `dsa-member-state-orders`: table 3 of a DSA harmonised transparency report.
 *
 * @example
 * ```ts
 * const format: PublishedFormat = "tiktok-removals";
 * ```
 */
export type PublishedFormat =
  | "google-removals"
  | "google-detailed-removals"
  | "tiktok-removals"
  | "tiktok-information"
  | "dsa-member-state-orders";

const ALL_REASONS = "for every reason, not only terrorism";

/**
 * What each published figure counts, per format and metric, in words. Every figure carries its text as
 * `definition`; docs/reconcile.md quotes them verbatim (a test checks). The publisher's own notes, where a
 * file has them (DSA table 3's contextual columns), travel beside it as `publisherNote`.
 *
 * @example
 * ```ts
 * PUBLISHED_DEFINITIONS["tiktok-removals"]["removal-rate"]; // what a TikTok removal rate counts
 * ```
 */
export const PUBLISHED_DEFINITIONS = Object.freeze({
  "google-removals": Object.freeze({
    requests: `Google's number_of_requests: government requests received in the half-year from this country, requester type, product and reason, ${ALL_REASONS}. Court orders not directed at Google and requests to review content against Google's own policies are included.`,
    items:
      "Google's items_requested_removal: items (web pages, videos, accounts and the like) named in those requests. The six items_* outcome columns split it.",
    "items-actioned-law":
      "Google's items_removed_legal: items Google removed or restricted for legal reasons.",
    "items-actioned-terms":
      "Google's items_removed_policy: items Google removed because they broke its own product policies (its terms), whatever the law says.",
    "items-not-found": "Google's items_content_not_found: items Google could not find.",
    "items-not-enough-information":
      "Google's items_not_enough_info: items not acted on because the request did not say enough to find or judge them.",
    "items-no-action": "Google's items_no_action_taken: items Google reviewed and left up.",
    "items-already-removed": "Google's items_content_already_removed: items already gone when Google looked.",
  }),
  "google-detailed-removals": Object.freeze({
    "detailed-total":
      "Google's detailed file's Total for this half-year, country, product and reason. The header does not say what it counts; it is not number_of_requests (Pakistan, January to June 2025: 232 here, 291 in the requester-type file), so it is never paired with the ledger.",
  }),
  "tiktok-removals": Object.freeze({
    requests: `TikTok's Total requests received: government requests to remove or restrict content or accounts, from this country in the half-year, ${ALL_REASONS}. The All rows (Total Government Requests) are the world's total.`,
    "content-items": "TikTok's Total content received: pieces of content named in those requests.",
    "content-actioned-terms":
      "TikTok's Content actioned due to community guidelines violations: content removed or restricted everywhere under TikTok's own rules.",
    "content-actioned-law":
      "TikTok's Content actioned due to (local) law violations: content restricted in the country because it broke local law only.",
    "content-not-actioned": "TikTok's Content not actioned: content TikTok left up.",
    "account-items": "TikTok's Total accounts received: accounts named in those requests.",
    "account-actioned-terms":
      "TikTok's Accounts actioned due to community guidelines violations: accounts banned or restricted under TikTok's own rules.",
    "account-actioned-law":
      "TikTok's Accounts actioned due to (local) law violations: accounts restricted in the country because of local law only.",
    "account-not-actioned": "TikTok's Accounts not actioned: accounts TikTok left up.",
    "removal-rate": `TikTok's Removal rate as published, a fraction of 1: content and accounts actioned (guidelines or law) over content and accounts received, counted together, over all of the country's requests ${ALL_REASONS}. Where nothing was received TikTok publishes 0, not a blank.`,
  }),
  "tiktok-information": Object.freeze({
    "information-requests":
      "TikTok's Total requests: legal, emergency and preservation requests for user information from this country in the half-year.",
    "legal-requests": "TikTok's Legal requests: requests for user information made through legal process.",
    "legal-request-accounts": "TikTok's Legal request accounts specified: accounts named in legal requests.",
    "legal-requests-disclosed-rate":
      "TikTok's Percentage of legal requests where some data was disclosed, a fraction of 1 despite its name.",
    "preservation-requests":
      "TikTok's Preservation requests: requests to preserve data while legal process is obtained.",
    "preservation-request-accounts":
      "TikTok's Preservation request accounts specified: accounts named in preservation requests.",
    "emergency-requests":
      "TikTok's Emergency requests: requests for user information without legal process, in an emergency.",
    "emergency-request-accounts":
      "TikTok's Emergency request accounts specified: accounts named in emergency requests.",
    "emergency-requests-disclosed-rate":
      "TikTok's Percentage of emergency requests where some data was disclosed, a fraction of 1 despite its name.",
  }),
  "dsa-member-state-orders": Object.freeze({
    "orders-to-act":
      "DSA table 3: orders to act against illegal content (Art. 9 DSA) received from this member state's authorities (all of them for the TOTAL scope) in the period, in this category. Orders of every kind of illegality are in the TOTAL category.",
    "order-to-act-items":
      "DSA table 3: specific items of information named in those orders, counted as the publisher says in its note. Meta's item counts do not always add up across countries or categories.",
    "median-hours-to-acknowledge-order-to-act":
      "DSA table 3: median hours to inform the authority of the receipt of an order to act. A median does not add up across rows; blank where the publisher gave none.",
    "median-hours-to-effect-order-to-act":
      "DSA table 3: median hours from receipt to giving effect to an order to act, over the orders the publisher chose to include (see its note: X leaves out orders without a resolution time, Meta orders not resulting in an action).",
    "orders-to-provide-information":
      "DSA table 3: orders to provide information (Art. 10 DSA) received from this member state's authorities (all of them for the TOTAL scope) in the period, in this category.",
    "median-hours-to-acknowledge-information-order":
      "DSA table 3: median hours to inform the authority of the receipt of an order to provide information. Blank where the publisher gave none.",
    "median-hours-to-effect-information-order":
      "DSA table 3: median hours from receipt to giving effect to an order to provide information, over the orders the publisher chose to include (see its note).",
  }),
} as const satisfies Record<PublishedFormat, Partial<Record<PublishedMetric, string>>>);

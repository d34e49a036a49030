/**
 * The metric vocabulary of published figures, with each metric's unit. Counts add up across rows;
 * fractions (of 1) and hours (medians) do not. Stable: metric names are part of the JSON output.
 *
 * - Google: `requests`, `items`, `items-actioned-law`, `items-actioned-terms`, `items-not-found`,
 *   `items-not-enough-information`, `items-no-action`, `items-already-removed`; the detailed file's
 *   `detailed-total`.
 * - TikTok removals: `requests`, `content-items`, `content-actioned-terms`, `content-actioned-law`,
 *   `content-not-actioned`, `account-items`, `account-actioned-terms`, `account-actioned-law`,
 *   `account-not-actioned`, `removal-rate`.
 * - TikTok information requests: `information-requests`, `legal-requests`, `legal-request-accounts`,
 *   `legal-requests-disclosed-rate`, `preservation-requests`, `preservation-request-accounts`,
 *   `emergency-requests`, `emergency-request-accounts`, `emergency-requests-disclosed-rate`.
 * - DSA table 3: `orders-to-act`, `order-to-act-items`, `median-hours-to-acknowledge-order-to-act`,
 *   `median-hours-to-effect-order-to-act`, `orders-to-provide-information`,
 *   `median-hours-to-acknowledge-information-order`, `median-hours-to-effect-information-order`.
 *
 * @example
 * ```ts
 * PUBLISHED_METRICS["removal-rate"].unit; // "fraction"
 * ```
 */
export const PUBLISHED_METRICS = Object.freeze({
  requests: { unit: "count" },
  items: { unit: "count" },
  "items-actioned-law": { unit: "count" },
  "items-actioned-terms": { unit: "count" },
  "items-not-found": { unit: "count" },
  "items-not-enough-information": { unit: "count" },
  "items-no-action": { unit: "count" },
  "items-already-removed": { unit: "count" },
  "detailed-total": { unit: "count" },
  "content-items": { unit: "count" },
  "content-actioned-terms": { unit: "count" },
  "content-actioned-law": { unit: "count" },
  "content-not-actioned": { unit: "count" },
  "account-items": { unit: "count" },
  "account-actioned-terms": { unit: "count" },
  "account-actioned-law": { unit: "count" },
  "account-not-actioned": { unit: "count" },
  "removal-rate": { unit: "fraction" },
  "information-requests": { unit: "count" },
  "legal-requests": { unit: "count" },
  "legal-request-accounts": { unit: "count" },
  "legal-requests-disclosed-rate": { unit: "fraction" },
  "preservation-requests": { unit: "count" },
  "preservation-request-accounts": { unit: "count" },
  "emergency-requests": { unit: "count" },
  "emergency-request-accounts": { unit: "count" },
  "emergency-requests-disclosed-rate": { unit: "fraction" },
  "orders-to-act": { unit: "count" },
  "order-to-act-items": { unit: "count" },
  "median-hours-to-acknowledge-order-to-act": { unit: "hours" },
  "median-hours-to-effect-order-to-act": { unit: "hours" },
  "orders-to-provide-information": { unit: "count" },
  "median-hours-to-acknowledge-information-order": { unit: "hours" },
  "median-hours-to-effect-information-order": { unit: "hours" },
} as const satisfies Record<string, { unit: MetricUnit }>);

/**
 * A metric name of the published-figures vocabulary (see {@link PUBLISHED_METRICS}).
 *
 * @example
 * ```ts
 * const metric: PublishedMetric = "orders-to-act";
 * ```
 */
export type PublishedMetric = keyof typeof PUBLISHED_METRICS;

/**
 * What a figure's value measures: a count (adds up), a fraction of 1, or hours (a median).
 *
 * @example
 * ```ts
 * const unit: MetricUnit = PUBLISHED_METRICS.items.unit; // "count"
 * ```
 */
export type MetricUnit = "count" | "fraction" | "hours";

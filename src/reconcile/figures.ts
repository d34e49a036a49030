import { PUBLISHED_DEFINITIONS, type PublishedFormat } from "./definitions.js";
import { PUBLISHED_METRICS, type PublishedMetric } from "./metrics.js";
import type { PublishedPeriod } from "./period.js";
import { DSA_ORDER_METRICS, type DsaOrdersRow } from "./read/dsa-orders.js";
import type { GoogleDetailedRow, GoogleRemovalRow } from "./read/google.js";
import type { TikTokRow } from "./read/tiktok.js";

/** Internal name of a type the public signatures write out. */
export type FigureSource = PublishedFigure["source"];

/**
 * One figure as a platform published it: one metric of one source row, never aggregated. The JSON form is
 * stable and documented (docs/reconcile.md): `platform` is the publisher (`google`, `tiktok`, `x`,
 * `facebook`, `instagram`...); `period` ISO dates, both days included; `country` ISO 3166-1 alpha-2, or
 * `null` for a total or a requester that is no one country; `dimensions` the source's own breakdown as
 * written (country name, requester, product, reason, category, scope...); `value` `null` when the source
 * left the cell blank or wrote something that is not a number (never 0); `definition` what the figure
 * counts; `publisherNote` the publisher's own note on it, when the file has one; `source` file and line.
 *
 * @example
 * ```ts
 * const figure: PublishedFigure = {
 *   platform: "tiktok", period: { start: "2025-07-01", end: "2025-12-31" }, country: "PK",
 *   dimensions: { period: "Jul-Dec 2025", country: "Pakistan", metricName: "Removal rate" },
 *   metric: "removal-rate", value: 0.518958101, unit: "fraction",
 *   definition: "TikTok's Removal rate as published, ...",
 *   source: { file: "tiktok-government-removal-requests.csv", format: "tiktok-removals", line: 691, column: "result" },
 * };
 * ```
 */
export interface PublishedFigure {
  platform: string;
  period: PublishedPeriod;
  country: string | null;
  dimensions: Readonly<Record<string, string>>;
  metric: PublishedMetric;
  value: number | null;
  /** What the value measures: a count (adds up), a fraction of 1, or hours (a median). */
  unit: "count" | "fraction" | "hours";
  definition: string;
  publisherNote?: string;
  /**
   * Where a figure was read: the file (or stream name), its format, the line its row starts on and the
   * column the value is in (TikTok's values are all in `result`; the metric's name is in `dimensions`).
   */
  source: {
    file: string;
    format: PublishedFormat;
    line: number;
    column: string;
  };
}

const GOOGLE_METRICS: ReadonlyArray<readonly [keyof GoogleRemovalRow, PublishedMetric, string]> = [
  ["requests", "requests", "number_of_requests"],
  ["items", "items", "items_requested_removal"],
  ["itemsRemovedLegal", "items-actioned-law", "items_removed_legal"],
  ["itemsRemovedPolicy", "items-actioned-terms", "items_removed_policy"],
  ["itemsNotFound", "items-not-found", "items_content_not_found"],
  ["itemsNotEnoughInformation", "items-not-enough-information", "items_not_enough_info"],
  ["itemsNoAction", "items-no-action", "items_no_action_taken"],
  ["itemsAlreadyRemoved", "items-already-removed", "items_content_already_removed"],
];

/**
 * The eight figures of a Google removal requests row.
 *
 * @internal
 */
export function googleFigures(row: GoogleRemovalRow, file: string): PublishedFigure[] {
  const dimensions = Object.freeze({
    period: row.periodText,
    country: row.countryName,
    territory: row.territory,
    requester: row.requester,
    product: row.product,
    reason: row.reason,
  });
  const definitions = PUBLISHED_DEFINITIONS["google-removals"];
  return GOOGLE_METRICS.map(([field, metric, column]) => ({
    platform: "google",
    period: row.period,
    country: row.country,
    dimensions,
    metric,
    value: row[field] as number | null,
    unit: PUBLISHED_METRICS[metric].unit,
    definition: definitions[metric as keyof typeof definitions],
    source: { file, format: "google-removals", line: row.line, column },
  }));
}

/**
 * The figure of a Google detailed removal requests row.
 *
 * @internal
 */
export function googleDetailedFigure(row: GoogleDetailedRow, file: string): PublishedFigure {
  return {
    platform: "google",
    period: row.period,
    country: row.country,
    dimensions: Object.freeze({
      period: row.periodText,
      country: row.countryName,
      territory: row.territory,
      product: row.product,
      reason: row.reason,
    }),
    metric: "detailed-total",
    value: row.total,
    unit: "count",
    definition: PUBLISHED_DEFINITIONS["google-detailed-removals"]["detailed-total"],
    source: { file, format: "google-detailed-removals", line: row.line, column: "Total" },
  };
}

/**
 * The figure of a TikTok row.
 *
 * @internal
 */
export function tiktokFigure(row: TikTokRow, file: string): PublishedFigure {
  const format = row.report === "removals" ? "tiktok-removals" : "tiktok-information";
  const definitions: Partial<Record<PublishedMetric, string>> = PUBLISHED_DEFINITIONS[format];
  return {
    platform: "tiktok",
    period: row.period,
    country: row.country,
    dimensions: Object.freeze({
      period: row.periodText,
      country: row.countryName,
      metricName: row.metricName,
    }),
    metric: row.metric,
    value: row.value,
    unit: PUBLISHED_METRICS[row.metric].unit,
    definition: definitions[row.metric]!,
    source: { file, format, line: row.line, column: "result" },
  };
}

/**
 * The seven figures of a DSA table 3 row. `fileNotes` are the notes of the file's first row, which apply to
 * whole columns; a row's own note comes first when it has one.
 *
 * @internal
 */
export function dsaFigures(row: DsaOrdersRow, file: string, fileNotes: readonly string[]): PublishedFigure[] {
  const dimensions: Record<string, string> = {
    period: row.periodText,
    service: row.service,
    applicability: row.applicability,
    category: row.category,
    heading: row.heading,
    scope: row.scope,
  };
  if (row.description !== "") dimensions.description = row.description;
  Object.freeze(dimensions);
  const definitions = PUBLISHED_DEFINITIONS["dsa-member-state-orders"];
  const values = [
    row.ordersToAct,
    row.orderToActItems,
    row.medianHoursToAcknowledgeOrderToAct,
    row.medianHoursToEffectOrderToAct,
    row.ordersToProvideInformation,
    row.medianHoursToAcknowledgeInformationOrder,
    row.medianHoursToEffectInformationOrder,
  ];
  return DSA_ORDER_METRICS.map(([column, metric], index) => {
    const figure: PublishedFigure = {
      platform: row.platform,
      period: row.period,
      country: row.country,
      dimensions,
      metric,
      value: values[index]!,
      unit: PUBLISHED_METRICS[metric].unit,
      definition: definitions[metric],
      source: { file, format: "dsa-member-state-orders", line: row.line, column },
    };
    const own = row.context[index] ?? "";
    const general = fileNotes[index] ?? "";
    const note = own !== "" && own !== general ? (general !== "" ? `${own}\n\n${general}` : own) : general;
    if (note !== "") figure.publisherNote = note;
    return figure;
  });
}

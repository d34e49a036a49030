/**
 * How long a platform keeps data it was asked to preserve, by the law or published policy that sets it.
 * Each preset cites its source; a request may carry its own rule instead (see `PreservationRule`).
 */

/** A rule's period or maximum (`PreservationRule["period"]`). @internal */
export type PreservationDuration = PreservationRule["period"];

/**
 * A preservation rule: the first period, the longest a preservation may last counted from its start
 * (extensions included), and whether that maximum stops binding once a production request is confirmed.
 */
export interface PreservationRule {
  /** A short id, e.g. `eu-e-evidence`. */
  readonly id: string;
  /** The name a person reads. */
  readonly name: string;
  /**
   * How long the data is kept after the request reaches the platform, in whole days or calendar months
   * (months are added in UTC, day of month kept).
   */
  readonly period: { readonly days: number } | { readonly months: number };
  /**
   * The longest the preservation may last from its start, extensions included; absent when the source
   * sets no fixed maximum (an extension must still say why).
   */
  readonly maximum?: { readonly days: number } | { readonly months: number };
  /**
   * True when a confirmed request for production lifts the maximum: the data is then kept until it is
   * produced (Regulation (EU) 2023/1543, Art. 11(1)).
   */
  readonly liftedByProductionRequest: boolean;
  /** Where the figures come from. */
  readonly source: string;
  /** The source's address. */
  readonly url: string;
}

/**
 * The built-in preservation presets, by id. Figures and sources:
 *
 * | id | period | maximum | source |
 * | --- | --- | --- | --- |
 * | `eu-tco` | 6 months | none fixed: further periods while review proceedings need it | Regulation (EU) 2021/784 (TCO), Art. 6(2) |
 * | `eu-e-evidence` | 60 days | 90 days (one 30-day extension); lifted once a production request is confirmed | Regulation (EU) 2023/1543, Art. 11(1) |
 * | `us-sca-2703f` | 90 days | 180 days (one renewed 90-day period) | 18 U.S.C. § 2703(f)(2) |
 * | `meta-published` | 90 days | none published | Meta, Information for Law Enforcement Authorities (Facebook, Instagram) |
 * | `tiktok-published` | 90 days | 180 days (one 90-day extension) | TikTok, Law Enforcement Guidelines |
 *
 * X and Telegram publish no preservation period that could be cited here; give such a request its own
 * rule (`preservation.rule` as an object) with the source you rely on.
 *
 * @example
 * ```ts
 * import { PRESERVATION_PRESETS } from "referral-kit";
 *
 * PRESERVATION_PRESETS["eu-e-evidence"].maximum; // { days: 90 }
 * ```
 */
export const PRESERVATION_PRESETS = Object.freeze({
  "eu-tco": {
    id: "eu-tco",
    name: "EU terrorist content online: preservation of removed content",
    period: { months: 6 },
    liftedByProductionRequest: false,
    source:
      "Regulation (EU) 2021/784 (TCO), Art. 6(2): removed terrorist content and related data are preserved for six months, " +
      "and for a further specified period on request while administrative or judicial review or complaint-handling needs it",
    url: "https://eur-lex.europa.eu/eli/reg/2021/784/oj",
  },
  "eu-e-evidence": {
    id: "eu-e-evidence",
    name: "EU e-Evidence: European Preservation Order",
    period: { days: 60 },
    maximum: { days: 90 },
    liftedByProductionRequest: true,
    source:
      "Regulation (EU) 2023/1543, Art. 11(1): preserve for 60 days, extendable once by 30 days; " +
      "the preservation continues once the issuing authority confirms a subsequent request for production",
    url: "https://eur-lex.europa.eu/eli/reg/2023/1543/oj",
  },
  "us-sca-2703f": {
    id: "us-sca-2703f",
    name: "United States: Stored Communications Act preservation letter",
    period: { days: 90 },
    maximum: { days: 180 },
    liftedByProductionRequest: false,
    source:
      "18 U.S.C. § 2703(f)(2): records are retained for 90 days, extended for an additional 90-day period upon a renewed request",
    url: "https://www.law.cornell.edu/uscode/text/18/2703",
  },
  "meta-published": {
    id: "meta-published",
    name: "Meta (Facebook, Instagram): published preservation period",
    period: { days: 90 },
    liftedByProductionRequest: false,
    source:
      "Meta, Information for Law Enforcement Authorities: account records are preserved for 90 days pending receipt of formal legal process",
    url: "https://www.facebook.com/safety/groups/law/guidelines/",
  },
  "tiktok-published": {
    id: "tiktok-published",
    name: "TikTok: published preservation period",
    period: { days: 90 },
    maximum: { days: 180 },
    liftedByProductionRequest: false,
    source:
      "TikTok, Law Enforcement Guidelines: data is preserved for 90 days and for one further 90-day period on a formal extension request; " +
      "more than one extension may not be honoured",
    url: "https://www.tiktok.com/legal/page/global/law-enforcement/en",
  },
} as const satisfies Record<string, PreservationRule>);

/** The id of a built-in preservation preset. */
export type PreservationPresetId = keyof typeof PRESERVATION_PRESETS;

/**
 * The ids of the built-in preservation presets, in a stable order.
 *
 * @example
 * ```ts
 * PRESERVATION_PRESET_IDS.includes("eu-tco"); // true
 * ```
 */
export const PRESERVATION_PRESET_IDS = Object.freeze(
  Object.keys(PRESERVATION_PRESETS) as PreservationPresetId[],
) as readonly PreservationPresetId[];

/**
 * Adds a preservation duration to a time (UTC). Months keep the day of the month, clamped to the
 * month's last day (31 August + 6 months is 28 or 29 February).
 *
 * @example
 * ```ts
 * addPreservationDuration("2025-08-31T10:00:00Z", { months: 6 }); // "2026-02-28T10:00:00.000Z"
 * ```
 */
export function addPreservationDuration(from: string | number, duration: PreservationDuration): string {
  const start = new Date(typeof from === "number" ? from : Date.parse(from));
  if ("days" in duration) return new Date(start.getTime() + duration.days * 86_400_000).toISOString();
  const target = new Date(start.getTime());
  const day = start.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + duration.months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

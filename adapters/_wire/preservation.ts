/**
 * The `preservation` member the modelled protocols share (docs/wire): the preservation rule's period,
 * its name and the address of its source, the data categories and the legal process to follow, each in
 * the platform's own words. A preset rule is sent as its figures: no platform knows the preset ids.
 */

import type { DataCategory, DisclosureInstrument } from "referral-kit";
import { preservationRule } from "referral-kit";
import type { SubmitInput } from "referral-kit/adapter";

/** A platform's words for the data categories and the disclosure instruments. */
export interface WireWords {
  readonly categories: Readonly<Record<DataCategory, string>>;
  readonly instruments: Readonly<Record<DisclosureInstrument, string>>;
}

/** Lower snake case (X, WhatsApp): `non_content`, `european_production_order`. */
export const SNAKE_CASE_WORDS: WireWords = {
  categories: { subscriber: "subscriber", "traffic-or-non-content": "non_content", content: "content" },
  instruments: {
    "domestic-order": "domestic_order",
    mlat: "mlat",
    "letter-rogatory": "letter_rogatory",
    "emergency-disclosure": "emergency_disclosure",
    "european-production-order": "european_production_order",
  },
};

/** Upper snake case with Graph's category names (Facebook, Instagram, TikTok): `BASIC_SUBSCRIBER`, `MLAT`. */
export const UPPER_CASE_WORDS: WireWords = {
  categories: { subscriber: "BASIC_SUBSCRIBER", "traffic-or-non-content": "NON_CONTENT", content: "CONTENT" },
  instruments: {
    "domestic-order": "DOMESTIC_ORDER",
    mlat: "MLAT",
    "letter-rogatory": "LETTER_ROGATORY",
    "emergency-disclosure": "EMERGENCY_DISCLOSURE",
    "european-production-order": "EUROPEAN_PRODUCTION_ORDER",
  },
};

/**
 * `{ preservation: { preserve_for, basis, basis_url, data_categories?, intended_instrument? } }` for a
 * `preserve` request with its details; `{}` for any other request (a platform that requires the member
 * then refuses the request, on the record).
 *
 * @example
 * ```ts
 * const body = { request_type: "preservation", ...wirePreservation(input.request, SNAKE_CASE_WORDS) };
 * ```
 */
export function wirePreservation(request: SubmitInput["request"], words: WireWords): Record<string, unknown> {
  const details = request.preservation;
  const rule = request.kind === "preserve" ? preservationRule(request) : undefined;
  if (!details || !rule) return {};
  return {
    preservation: {
      preserve_for: { ...rule.period },
      basis: rule.name,
      basis_url: rule.url,
      ...(details.dataCategories
        ? { data_categories: details.dataCategories.map((category) => words.categories[category]) }
        : {}),
      ...(details.intendedInstrument
        ? { intended_instrument: words.instruments[details.intendedInstrument] }
        : {}),
    },
  };
}

/**
 * How the Telegram mock says what it did to each item (docs/wire/telegram.md, "Per-target outcomes"): a
 * `restriction` object (`type`, `countries`, `local_law`, `until_date` in Unix seconds) on an actioned
 * item, a `reason_id` on a declined one. The platform's side of the protocol, written apart from the
 * adapter's reading of it.
 */
import type { OutcomeMeasure } from "../../domain/schemas/outcome.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "../mock/outcome-detail.js";

const TYPES: Readonly<Record<Exclude<OutcomeMeasure, "no-action">, string>> = {
  "content-removed": "deleted",
  "content-disabled": "geo_blocked",
  "visibility-restricted": "search_hidden",
  labelled: "labelled",
  "account-suspended": "banned_temporarily",
  "account-terminated": "banned",
};

/**
 * What Telegram can say about each item: every measure, everywhere or in listed countries, on its Terms
 * of Service or on local law, with an end for temporary bans, and its lower-case `reason_id` values (it
 * has none for "legal process required" or "outside jurisdiction").
 *
 * @example
 * ```ts
 * TELEGRAM_OUTCOME_VOCABULARY.declineCodes["private-or-end-to-end-encrypted"]; // "private_chat"
 * ```
 */
export const TELEGRAM_OUTCOME_VOCABULARY: MockOutcomeVocabulary = Object.freeze({
  measures: Object.keys(TYPES) as Exclude<OutcomeMeasure, "no-action">[],
  scope: "countries",
  ground: true,
  until: true,
  declineCodes: Object.freeze({
    "content-not-found": "not_found",
    "already-removed": "already_deleted",
    "insufficient-information": "not_enough_details",
    "not-violating": "no_violation",
    duplicate: "duplicate",
    "private-or-end-to-end-encrypted": "private_chat",
    other: "other",
  }),
  unknownDeclineCode: "spam_filter",
  codeShape: /^[a-z][a-z0-9_]{0,39}$/,
  actionCode: (detail: MockOutcomeDetail) => TYPES[detail.measure as Exclude<OutcomeMeasure, "no-action">],
});

/**
 * The outcome fields of one report item as Telegram renders them.
 *
 * @example
 * ```ts
 * renderTelegramOutcome({ measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "geo_blocked" });
 * // { restriction: { type: "geo_blocked", countries: ["PK"], local_law: true } }
 * ```
 */
export function renderTelegramOutcome(detail: MockOutcomeDetail | undefined): Record<string, unknown> {
  if (!detail) return {};
  if (detail.measure === "no-action") return { reason_id: detail.platformCode };
  return {
    restriction: {
      type: detail.platformCode,
      ...(Array.isArray(detail.scope) ? { countries: detail.scope } : {}),
      ...(detail.ground ? { local_law: detail.ground === "local-law" } : {}),
      ...(detail.until ? { until_date: Math.floor(Date.parse(detail.until) / 1000) } : {}),
    },
  };
}

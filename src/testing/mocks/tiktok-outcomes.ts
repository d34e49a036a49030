/**
 * How the TikTok mock says what it did to each target (docs/wire/tiktok.md, "Per-target outcomes"):
 * numeric `action_code` with `region_codes`, `basis` and `expire_time` (Unix seconds) on an actioned
 * target, a numeric `reason_code` on one not actioned. The platform's side of the protocol, written apart
 * from the adapter's reading of it.
 */
import type { OutcomeMeasure } from "../../domain/schemas/outcome.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "../mock/outcome-detail.js";

const ACTIONS: Readonly<Record<Exclude<OutcomeMeasure, "no-action">, string>> = {
  "content-removed": "1",
  "content-disabled": "2",
  "visibility-restricted": "3",
  labelled: "4",
  "account-suspended": "5",
  "account-terminated": "6",
};

/**
 * What TikTok can say about each target: every measure, worldwide or in listed regions, on its
 * Community Guidelines or on local law, with an end for temporary measures, and its four-digit reason
 * codes.
 *
 * @example
 * ```ts
 * TIKTOK_OUTCOME_VOCABULARY.declineCodes["not-violating"]; // "2004"
 * ```
 */
export const TIKTOK_OUTCOME_VOCABULARY: MockOutcomeVocabulary = Object.freeze({
  measures: Object.keys(ACTIONS) as Exclude<OutcomeMeasure, "no-action">[],
  scope: "countries",
  ground: true,
  until: true,
  declineCodes: Object.freeze({
    "content-not-found": "2001",
    "already-removed": "2002",
    "insufficient-information": "2003",
    "not-violating": "2004",
    "legal-process-required": "2005",
    duplicate: "2006",
    "outside-jurisdiction": "2007",
    other: "2099",
  }),
  unknownDeclineCode: "2042",
  codeShape: /^\d{4}$/,
  actionCode: (detail: MockOutcomeDetail) => ACTIONS[detail.measure as Exclude<OutcomeMeasure, "no-action">],
});

/**
 * The outcome fields of one target decision as TikTok renders them (codes as numbers).
 *
 * @example
 * ```ts
 * renderTikTokOutcome({ measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "2" });
 * // { action_code: 2, region_codes: ["PK"], basis: "LOCAL_LAW" }
 * ```
 */
export function renderTikTokOutcome(detail: MockOutcomeDetail | undefined): Record<string, unknown> {
  if (!detail?.platformCode) return {};
  if (detail.measure === "no-action") return { reason_code: Number(detail.platformCode) };
  return {
    action_code: Number(detail.platformCode),
    ...(Array.isArray(detail.scope) ? { region_codes: detail.scope } : {}),
    ...(detail.ground ? { basis: detail.ground === "local-law" ? "LOCAL_LAW" : "COMMUNITY_GUIDELINES" } : {}),
    ...(detail.until ? { expire_time: Math.floor(Date.parse(detail.until) / 1000) } : {}),
  };
}

/**
 * How the WhatsApp mock says what it did to each target (docs/wire/whatsapp.md, "Per-target outcomes"):
 * an `enforcement_action` (with `ban_expires_at`, Unix seconds as a string) on an enforced target, a
 * `not_enforced_code` on one not enforced. No countries and no ground: WhatsApp acts worldwide and does
 * not say why. The platform's side of the protocol, written apart from the adapter's reading of it.
 */
import type { OutcomeMeasure } from "../../domain/schemas/outcome.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "../mock/outcome-detail.js";

const ACTIONS: Readonly<Partial<Record<Exclude<OutcomeMeasure, "no-action">, string>>> = {
  "content-removed": "CHANNEL_UPDATE_REMOVED",
  "account-suspended": "ACCOUNT_BANNED_TEMPORARILY",
  "account-terminated": "ACCOUNT_BANNED",
};

/**
 * What WhatsApp can say about each target: a removed channel update or a ban (temporary, with an end, or
 * permanent), always worldwide, and its `not_enforced_code` values.
 *
 * @example
 * ```ts
 * WHATSAPP_OUTCOME_VOCABULARY.declineCodes["private-or-end-to-end-encrypted"]; // "END_TO_END_ENCRYPTED"
 * ```
 */
export const WHATSAPP_OUTCOME_VOCABULARY: MockOutcomeVocabulary = Object.freeze({
  measures: Object.keys(ACTIONS) as Exclude<OutcomeMeasure, "no-action">[],
  scope: "global",
  ground: false,
  until: true,
  declineCodes: Object.freeze({
    "content-not-found": "NOT_ON_WHATSAPP",
    "already-removed": "ALREADY_BANNED",
    "insufficient-information": "INSUFFICIENT_DETAIL",
    "not-violating": "NO_POLICY_VIOLATION",
    "legal-process-required": "LEGAL_PROCESS_REQUIRED",
    duplicate: "DUPLICATE",
    "private-or-end-to-end-encrypted": "END_TO_END_ENCRYPTED",
    other: "OTHER",
  }),
  unknownDeclineCode: "BUSINESS_API_ONLY",
  codeShape: /^[A-Z][A-Z0-9_]{0,63}$/,
  actionCode: (detail: MockOutcomeDetail) =>
    ACTIONS[detail.measure as Exclude<OutcomeMeasure, "no-action">] ?? "UNKNOWN",
});

/**
 * The outcome fields of one target as WhatsApp renders them.
 *
 * @example
 * ```ts
 * renderWhatsAppOutcome({ measure: "account-terminated", scope: "global", platformCode: "ACCOUNT_BANNED" });
 * // { enforcement_action: "ACCOUNT_BANNED" }
 * ```
 */
export function renderWhatsAppOutcome(detail: MockOutcomeDetail | undefined): Record<string, unknown> {
  if (!detail) return {};
  if (detail.measure === "no-action") return { not_enforced_code: detail.platformCode };
  return {
    enforcement_action: detail.platformCode,
    ...(detail.until ? { ban_expires_at: String(Math.floor(Date.parse(detail.until) / 1000)) } : {}),
  };
}

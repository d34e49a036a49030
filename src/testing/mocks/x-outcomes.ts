/**
 * How the X mock says what it did to each target (docs/wire/x.md, "Per-target outcomes"): an
 * `enforcement` object on an actioned target, a `decline_code` on a declined one. The platform's side of
 * the protocol, written apart from the adapter's reading of it, so the conformance suite compares two
 * independent implementations.
 */
import type { OutcomeMeasure } from "../../domain/schemas/outcome.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "../mock/outcome-detail.js";

const ACTIONS: Readonly<Record<Exclude<OutcomeMeasure, "no-action">, string>> = {
  "content-removed": "removed",
  "content-disabled": "withheld",
  "visibility-restricted": "limited",
  labelled: "labelled",
  "account-suspended": "suspended",
  "account-terminated": "permanently_suspended",
};

/**
 * What X can say about each target: every measure, worldwide or in listed countries, on X's rules or on
 * local law, with an end for temporary measures, and its upper-case decline codes.
 *
 * @example
 * ```ts
 * X_OUTCOME_VOCABULARY.declineCodes["legal-process-required"]; // "LEGAL_PROCESS_REQUIRED"
 * ```
 */
export const X_OUTCOME_VOCABULARY: MockOutcomeVocabulary = Object.freeze({
  measures: Object.keys(ACTIONS) as Exclude<OutcomeMeasure, "no-action">[],
  scope: "countries",
  ground: true,
  until: true,
  declineCodes: {
    "content-not-found": "NOT_FOUND",
    "already-removed": "ALREADY_ACTIONED",
    "insufficient-information": "INSUFFICIENT_INFORMATION",
    "not-violating": "NO_VIOLATION",
    "legal-process-required": "LEGAL_PROCESS_REQUIRED",
    duplicate: "DUPLICATE",
    "outside-jurisdiction": "OUTSIDE_JURISDICTION",
    other: "OTHER",
  },
  unknownDeclineCode: "NEWSWORTHY_PUBLIC_INTEREST",
  codeShape: /^[A-Z][A-Z0-9_]{0,63}$/,
  actionCode: (detail: MockOutcomeDetail) => ACTIONS[detail.measure as Exclude<OutcomeMeasure, "no-action">],
});

/**
 * The outcome fields of one target as X renders them.
 *
 * @example
 * ```ts
 * renderXOutcome({ measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "withheld" });
 * // { enforcement: { action: "withheld", country_codes: ["PK"], basis: "local_law" } }
 * ```
 */
export function renderXOutcome(detail: MockOutcomeDetail | undefined): Record<string, unknown> {
  if (!detail) return {};
  if (detail.measure === "no-action") return { decline_code: detail.platformCode };
  return {
    enforcement: {
      action: detail.platformCode,
      ...(Array.isArray(detail.scope) ? { country_codes: detail.scope } : {}),
      ...(detail.ground ? { basis: detail.ground === "local-law" ? "local_law" : "x_rules" } : {}),
      ...(detail.until ? { ends_at: detail.until } : {}),
    },
  };
}

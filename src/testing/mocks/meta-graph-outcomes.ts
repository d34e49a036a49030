/**
 * How the Graph mocks (Facebook, Instagram) say what they did to each target (docs/wire/facebook.md,
 * "Per-target outcomes"): an `action` with its `territorial_scope`, `decision_ground` and `end_date`, as
 * the EU DSA statement of reasons puts them, or a `no_action_reason`. The platform's side of the protocol,
 * written apart from the adapters' reading of it.
 */
import type { OutcomeMeasure } from "../../domain/schemas/outcome.js";
import type { MockOutcomeDetail, MockOutcomeVocabulary } from "../mock/outcome-detail.js";

const ACTIONS: Readonly<Record<Exclude<OutcomeMeasure, "no-action">, string>> = {
  "content-removed": "CONTENT_REMOVED",
  "content-disabled": "RESTRICTED_IN_COUNTRY",
  "visibility-restricted": "REDUCED_DISTRIBUTION",
  labelled: "WARNING_SCREEN",
  "account-suspended": "ACCOUNT_UNPUBLISHED",
  "account-terminated": "ACCOUNT_DISABLED",
};

/** Graph writes times with a `+0000` offset and no milliseconds. */
const graphTime = (iso: string) => iso.replace(/\.\d{3}Z$/, "+0000").replace(/Z$/, "+0000");

/**
 * What a Graph platform can say about each target: every measure, worldwide or in listed countries, on
 * its Community Standards or on local law, with an end for temporary measures, and its
 * `no_action_reason` values. `actions` renames the action of a measure where the platform has its own
 * word (Instagram's `MEDIA_REMOVED`).
 *
 * @example
 * ```ts
 * graphOutcomeVocabulary({ "content-removed": "MEDIA_REMOVED" }).declineCodes["not-violating"]; // "DOES_NOT_VIOLATE"
 * ```
 */
export function graphOutcomeVocabulary(
  actions: Readonly<Partial<Record<Exclude<OutcomeMeasure, "no-action">, string>>> = {},
): MockOutcomeVocabulary {
  const words = { ...ACTIONS, ...actions };
  return Object.freeze({
    measures: Object.keys(words) as Exclude<OutcomeMeasure, "no-action">[],
    scope: "countries",
    ground: true,
    until: true,
    declineCodes: Object.freeze({
      "content-not-found": "CONTENT_NOT_FOUND",
      "already-removed": "ALREADY_ACTIONED",
      "insufficient-information": "INSUFFICIENT_INFORMATION",
      "not-violating": "DOES_NOT_VIOLATE",
      "legal-process-required": "LEGAL_PROCESS_REQUIRED",
      duplicate: "DUPLICATE_REQUEST",
      "outside-jurisdiction": "OUTSIDE_JURISDICTION",
      other: "OTHER",
    }),
    unknownDeclineCode: "NEWSWORTHINESS_ALLOWANCE",
    codeShape: /^[A-Z][A-Z0-9_]{0,63}$/,
    actionCode: (detail: MockOutcomeDetail) => words[detail.measure as Exclude<OutcomeMeasure, "no-action">],
  });
}

/**
 * The outcome fields of one Graph decision: from the detail when there is one, else the action the
 * request type stands for (`fallback`), as a Graph platform that says nothing more does (a restriction
 * in a country still lists its countries: Graph reads an action without `territorial_scope` as worldwide).
 *
 * @example
 * ```ts
 * renderGraphOutcome({ measure: "content-disabled", scope: ["PK"], ground: "local-law", platformCode: "RESTRICTED_IN_COUNTRY" }, "ACTION_TAKEN", {});
 * // { action: "RESTRICTED_IN_COUNTRY", territorial_scope: ["PK"], decision_ground: "ILLEGAL_CONTENT" }
 * ```
 */
export function renderGraphOutcome(
  detail: MockOutcomeDetail | undefined,
  decision: string,
  fallback: { readonly action?: string | undefined; readonly countries?: readonly string[] | undefined },
): Record<string, unknown> {
  if (decision === "NO_ACTION") return detail ? { no_action_reason: detail.platformCode } : {};
  if (decision !== "ACTION_TAKEN") return {};
  if (!detail) {
    if (!fallback.action) return {};
    const limited = fallback.action === ACTIONS["content-disabled"] && fallback.countries?.length;
    return { action: fallback.action, ...(limited ? { territorial_scope: fallback.countries } : {}) };
  }
  return {
    action: detail.platformCode,
    ...(Array.isArray(detail.scope) ? { territorial_scope: detail.scope } : {}),
    ...(detail.ground
      ? { decision_ground: detail.ground === "local-law" ? "ILLEGAL_CONTENT" : "INCOMPATIBLE_CONTENT" }
      : {}),
    ...(detail.until ? { end_date: graphTime(detail.until) } : {}),
  };
}

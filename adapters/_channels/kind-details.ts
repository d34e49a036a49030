/**
 * What a `disclose-data` or `preserve` request asks for, as labelled fields a person at the platform
 * reads: the instrument, the data, the accounts, the period, the reasons, confidentiality, the emergency
 * justification, the preservation rule and its period. The email and manual-portal channels render them,
 * because for platforms without a disclosure API (X, TikTok) these channels are the whole request.
 *
 * Only what the request itself says to this platform: its accounts are the request's own targets (the
 * `disclosure_account_unknown` safeguard refuses others); evidence stays referenced by hash elsewhere.
 */

import type { DataCategory, DisclosureInstrument, PreservationRule, RequestContent } from "referral-kit";
import { preservationRule } from "referral-kit";

/** The name of a kind-specific field, in the order a legal team reads them. */
export type KindDetailName =
  | "instrument"
  | "instrumentReference"
  | "dataCategories"
  | "accounts"
  | "period"
  | "statementOfReasons"
  | "confidentiality"
  | "emergency"
  | "preservationRule"
  | "preservationPeriod"
  | "intendedInstrument";

/** The fields of a disclosure, in order. */
export const DISCLOSURE_DETAIL_NAMES = [
  "instrument",
  "instrumentReference",
  "dataCategories",
  "accounts",
  "period",
  "statementOfReasons",
  "confidentiality",
  "emergency",
] as const satisfies readonly KindDetailName[];

/** The fields of a preservation, in order. */
export const PRESERVATION_DETAIL_NAMES = [
  "preservationRule",
  "preservationPeriod",
  "dataCategories",
  "intendedInstrument",
] as const satisfies readonly KindDetailName[];

/** One field: its name, the label a person reads, and its value (possibly several lines; empty when the request leaves it out). */
export interface KindDetail {
  readonly name: KindDetailName;
  readonly label: string;
  readonly value: string;
}

const LABELS: Record<KindDetailName, string> = {
  instrument: "Legal instrument",
  instrumentReference: "Instrument reference",
  dataCategories: "Data requested",
  accounts: "Accounts whose data is sought",
  period: "Date range of the data",
  statementOfReasons: "Statement of reasons",
  confidentiality: "Do not notify the user",
  emergency: "Emergency: threat to life or of serious physical injury",
  preservationRule: "Preservation under",
  preservationPeriod: "Preservation period",
  intendedInstrument: "Legal process to follow for production",
};

const INSTRUMENT_WORDS: Record<DisclosureInstrument, string> = {
  "domestic-order": "Order under the requesting country's law",
  mlat: "Mutual legal assistance request",
  "letter-rogatory": "Letter rogatory",
  "emergency-disclosure": "Emergency disclosure request",
  "european-production-order": "European Production Order (Regulation (EU) 2023/1543)",
};

const CATEGORY_WORDS: Record<DataCategory, string> = {
  subscriber: "subscriber information",
  "traffic-or-non-content": "traffic and other non-content data",
  content: "content",
};

const HARM_WORDS = { death: "risk of death", "serious-physical-injury": "risk of serious physical injury" };

/** An instrument in words, with the domain's code so a reply or a tool can cite it exactly. */
function instrumentText(instrument: DisclosureInstrument): string {
  return `${INSTRUMENT_WORDS[instrument]} [${instrument}]`;
}

function categoriesText(categories: readonly DataCategory[] | undefined): string {
  return (categories ?? []).map((category) => `${CATEGORY_WORDS[category]} [${category}]`).join("; ");
}

function durationText(duration: PreservationRule["period"]): string {
  const [count, unit] = "days" in duration ? [duration.days, "day"] : [duration.months, "month"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * The kind-specific fields of a request: the disclosure's for `disclose-data`, the preservation's for
 * `preserve`, none for the removal kinds. Every field of the kind is listed, empty when the request leaves
 * it out, so a form shows the same rows for every request of a kind.
 *
 * @example
 * ```ts
 * for (const field of kindDetails(request)) console.log(`${field.label}: ${field.value}`);
 * ```
 */
export function kindDetails(request: RequestContent): KindDetail[] {
  const field = (name: KindDetailName, value: string): KindDetail => ({ name, label: LABELS[name], value });
  const { disclosure, preservation } = request;
  if (request.kind === "disclose-data" && disclosure) {
    const { confidentiality, emergency, period } = disclosure;
    const values: Record<(typeof DISCLOSURE_DETAIL_NAMES)[number], string> = {
      instrument: instrumentText(disclosure.instrument),
      instrumentReference: disclosure.instrumentReference ?? "",
      dataCategories: categoriesText(disclosure.dataCategories),
      accounts: disclosure.accounts.join("\n"),
      period: period ? `${period.from} to ${period.to}` : "",
      statementOfReasons: disclosure.statementOfReasons,
      confidentiality: confidentiality.doNotNotify
        ? [
            `Yes: ${confidentiality.reason ?? ""}`,
            confidentiality.until
              ? `Until ${confidentiality.until}`
              : "Until the requesting agency says otherwise",
          ].join("\n")
        : "Not requested",
      emergency: emergency
        ? `${HARM_WORDS[emergency.harm]} [${emergency.harm}]\n${emergency.justification}`
        : "",
    };
    return DISCLOSURE_DETAIL_NAMES.map((name) => field(name, values[name]));
  }
  if (request.kind === "preserve" && preservation) {
    const rule = preservationRule(request);
    const values: Record<(typeof PRESERVATION_DETAIL_NAMES)[number], string> = {
      preservationRule: rule ? `${rule.name}\nSource: ${rule.source}\n${rule.url}` : "",
      preservationPeriod: rule
        ? [
            durationText(rule.period),
            rule.maximum
              ? `at most ${durationText(rule.maximum)} in all, extensions included`
              : "no fixed maximum",
            ...(rule.liftedByProductionRequest
              ? ["continues once a request for production is confirmed"]
              : []),
          ].join("; ")
        : "",
      dataCategories: categoriesText(preservation.dataCategories),
      intendedInstrument: preservation.intendedInstrument
        ? instrumentText(preservation.intendedInstrument)
        : "",
    };
    return PRESERVATION_DETAIL_NAMES.map((name) => field(name, values[name]));
  }
  return [];
}

/**
 * The same for a machine: the disclosure as the request states it (codes, not words), and the
 * preservation with its rule resolved (a platform does not know the preset ids). Absent for the removal
 * kinds.
 *
 * @example
 * ```ts
 * kindDetailsJson(request).preservation?.rule.period; // { days: 60 }
 * ```
 */
export function kindDetailsJson(request: RequestContent): KindDetailsJson {
  const { disclosure, preservation } = request;
  if (request.kind === "disclose-data" && disclosure) {
    return {
      disclosure: {
        instrument: disclosure.instrument,
        ...(disclosure.instrumentReference ? { instrumentReference: disclosure.instrumentReference } : {}),
        dataCategories: [...disclosure.dataCategories],
        accounts: [...disclosure.accounts],
        ...(disclosure.period ? { period: { ...disclosure.period } } : {}),
        statementOfReasons: disclosure.statementOfReasons,
        confidentiality: { ...disclosure.confidentiality },
        ...(disclosure.emergency ? { emergency: { ...disclosure.emergency } } : {}),
      },
    };
  }
  const rule = request.kind === "preserve" ? preservationRule(request) : undefined;
  if (preservation && rule) {
    return {
      preservation: {
        rule: { ...rule },
        ...(preservation.dataCategories ? { dataCategories: [...preservation.dataCategories] } : {}),
        ...(preservation.intendedInstrument ? { intendedInstrument: preservation.intendedInstrument } : {}),
      },
    };
  }
  return {};
}

/** The machine-readable kind details of `kindDetailsJson`. */
export interface KindDetailsJson {
  readonly disclosure?: {
    readonly instrument: DisclosureInstrument;
    readonly instrumentReference?: string;
    readonly dataCategories: readonly DataCategory[];
    readonly accounts: readonly string[];
    readonly period?: { readonly from: string; readonly to: string };
    readonly statementOfReasons: string;
    readonly confidentiality: {
      readonly doNotNotify: boolean;
      readonly reason?: string;
      readonly until?: string;
    };
    readonly emergency?: {
      readonly harm: "death" | "serious-physical-injury";
      readonly justification: string;
    };
  };
  readonly preservation?: {
    /** The rule resolved from its preset, or as the request wrote it. */
    readonly rule: PreservationRule;
    readonly dataCategories?: readonly DataCategory[];
    readonly intendedInstrument?: DisclosureInstrument;
  };
}

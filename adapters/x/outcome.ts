/**
 * What X says it did to each target (docs/wire/x.md, "Per-target outcomes"): an `enforcement` object on
 * an actioned target (its action word, the countries it is limited to, the basis, when it ends), and a
 * `decline_code` beside the words of a declined one. One job: X's words to the spec's outcome fields.
 */

import { CountryCode, type DeclineReason, type OutcomeMeasure } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { z } from "zod";

/**
 * X's action words, by the measure each one is. An action X sends that is not here fails the status
 * update (`ProtocolError`): the adapter never guesses what a platform did.
 *
 * @example
 * ```ts
 * X_ACTIONS.withheld; // "content-disabled"
 * ```
 */
export const X_ACTIONS = {
  removed: "content-removed",
  withheld: "content-disabled",
  limited: "visibility-restricted",
  labelled: "labelled",
  suspended: "account-suspended",
  permanently_suspended: "account-terminated",
} as const satisfies Record<string, Exclude<OutcomeMeasure, "no-action">>;

/**
 * X's decline codes, by the reason each one is. A code not here is kept as `other` with the code.
 *
 * @example
 * ```ts
 * X_DECLINE_CODES.LEGAL_PROCESS_REQUIRED; // "legal-process-required"
 * ```
 */
export const X_DECLINE_CODES: Readonly<Record<string, DeclineReason>> = {
  NOT_FOUND: "content-not-found",
  ALREADY_ACTIONED: "already-removed",
  INSUFFICIENT_INFORMATION: "insufficient-information",
  NO_VIOLATION: "not-violating",
  LEGAL_PROCESS_REQUIRED: "legal-process-required",
  DUPLICATE: "duplicate",
  OUTSIDE_JURISDICTION: "outside-jurisdiction",
  OTHER: "other",
};

/**
 * The outcome fields of one target in X's legal request: `enforcement` on an actioned target,
 * `decline_code` on a declined one. Country codes are ISO 3166-1 alpha-2 (anything else fails the update).
 *
 * @example
 * ```ts
 * XTargetOutcomeFieldsSchema.parse({ enforcement: { action: "withheld", country_codes: ["PK"], basis: "local_law" } });
 * ```
 */
export const XTargetOutcomeFieldsSchema = z.object({
  enforcement: z
    .object({
      action: z.enum(Object.keys(X_ACTIONS) as [keyof typeof X_ACTIONS, ...(keyof typeof X_ACTIONS)[]]),
      /** Absent: worldwide. */
      country_codes: z.array(CountryCode).min(1).optional(),
      basis: z.enum(["x_rules", "local_law"]).optional(),
      /** The end of a temporary measure. */
      ends_at: z.iso.datetime({ offset: true }).optional(),
    })
    .optional(),
  decline_code: z.string().min(1).max(200).optional(),
});

/**
 * The outcome fields of one X target.
 *
 * @example
 * ```ts
 * const fields: XTargetOutcomeFields = { decline_code: "NO_VIOLATION" };
 * ```
 */
export type XTargetOutcomeFields = z.infer<typeof XTargetOutcomeFieldsSchema>;

/**
 * The spec's detail fields for one X target: what X did (measure, scope, ground, until, X's action word
 * as `platformCode`) or why it declined (`reasonCode`, X's code); nothing when X did not say.
 *
 * @example
 * ```ts
 * xOutcomeDetail("declined", { decline_code: "POLICY_NEW" }); // { measure: "no-action", reasonCode: "other", platformCode: "POLICY_NEW" }
 * ```
 */
export function xOutcomeDetail(
  decision: "pending" | "actioned" | "declined",
  fields: XTargetOutcomeFields,
): Partial<TargetOutcome> {
  if (decision === "actioned" && fields.enforcement) {
    const { action, country_codes, basis, ends_at } = fields.enforcement;
    return {
      measure: X_ACTIONS[action],
      scope: country_codes ?? "global",
      ...(basis ? { ground: basis === "local_law" ? "local-law" : "terms-of-service" } : {}),
      ...(ends_at ? { until: ends_at } : {}),
      platformCode: action,
    };
  }
  if (decision === "declined" && fields.decline_code) {
    return {
      measure: "no-action",
      reasonCode: X_DECLINE_CODES[fields.decline_code] ?? "other",
      platformCode: fields.decline_code,
    };
  }
  return {};
}

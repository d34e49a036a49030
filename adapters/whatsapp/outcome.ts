/**
 * What WhatsApp says it did to each target (docs/wire/whatsapp.md, "Per-target outcomes"): an
 * `enforcement_action` on an enforced target (with `ban_expires_at` for a temporary ban), a
 * `not_enforced_code` beside the words of one not enforced. WhatsApp has no per-country measure and does
 * not say on what ground it acted, so every action is worldwide and its ground unspecified. One job:
 * those fields to the spec's outcome fields.
 */
import type { DeclineReason, OutcomeMeasure } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { z } from "zod";
import { WhatsAppTimestampSchema, whatsappTimeToIso } from "./time.js";

/**
 * WhatsApp's enforcement actions, by the measure each one is. An action not here fails the status update
 * (`ProtocolError`).
 *
 * @example
 * ```ts
 * WHATSAPP_ACTIONS.ACCOUNT_BANNED; // "account-terminated"
 * ```
 */
export const WHATSAPP_ACTIONS = {
  CHANNEL_UPDATE_REMOVED: "content-removed",
  ACCOUNT_BANNED_TEMPORARILY: "account-suspended",
  ACCOUNT_BANNED: "account-terminated",
} as const satisfies Record<string, Exclude<OutcomeMeasure, "no-action">>;

/**
 * WhatsApp's `not_enforced_code` values, by the reason each one is. A code not here is kept as `other`
 * with its code.
 *
 * @example
 * ```ts
 * WHATSAPP_NOT_ENFORCED_CODES.END_TO_END_ENCRYPTED; // "private-or-end-to-end-encrypted"
 * ```
 */
export const WHATSAPP_NOT_ENFORCED_CODES: Readonly<Record<string, DeclineReason>> = {
  NOT_ON_WHATSAPP: "content-not-found",
  ALREADY_BANNED: "already-removed",
  INSUFFICIENT_DETAIL: "insufficient-information",
  NO_POLICY_VIOLATION: "not-violating",
  LEGAL_PROCESS_REQUIRED: "legal-process-required",
  DUPLICATE: "duplicate",
  END_TO_END_ENCRYPTED: "private-or-end-to-end-encrypted",
  OTHER: "other",
};

/**
 * The outcome fields of one WhatsApp target.
 *
 * @example
 * ```ts
 * WhatsAppOutcomeFieldsSchema.parse({ enforcement_action: "ACCOUNT_BANNED_TEMPORARILY", ban_expires_at: "1768208400" });
 * ```
 */
export const WhatsAppOutcomeFieldsSchema = z.object({
  enforcement_action: z
    .enum(
      Object.keys(WHATSAPP_ACTIONS) as [keyof typeof WHATSAPP_ACTIONS, ...(keyof typeof WHATSAPP_ACTIONS)[]],
    )
    .optional(),
  /** Unix seconds as a string: the end of a temporary ban. */
  ban_expires_at: WhatsAppTimestampSchema.optional(),
  not_enforced_code: z.string().min(1).max(200).optional(),
});

/**
 * The outcome fields of one WhatsApp target.
 *
 * @example
 * ```ts
 * const fields: WhatsAppOutcomeFields = { not_enforced_code: "END_TO_END_ENCRYPTED" };
 * ```
 */
export type WhatsAppOutcomeFields = z.infer<typeof WhatsAppOutcomeFieldsSchema>;

/**
 * The spec's detail fields for one WhatsApp target: what it did (measure, worldwide, until, the action as
 * `platformCode`) or why it did not (`reasonCode`, the code); nothing when it did not say.
 *
 * @example
 * ```ts
 * whatsappOutcomeDetail("not_enforced", { not_enforced_code: "BUSINESS_API_ONLY" }); // { measure: "no-action", reasonCode: "other", platformCode: "BUSINESS_API_ONLY" }
 * ```
 */
export function whatsappOutcomeDetail(
  outcome: "pending" | "enforced" | "not_enforced",
  fields: WhatsAppOutcomeFields,
): Partial<TargetOutcome> {
  if (outcome === "enforced" && fields.enforcement_action) {
    return {
      measure: WHATSAPP_ACTIONS[fields.enforcement_action],
      scope: "global",
      ...(fields.ban_expires_at === undefined ? {} : { until: whatsappTimeToIso(fields.ban_expires_at) }),
      platformCode: fields.enforcement_action,
    };
  }
  if (outcome === "not_enforced" && fields.not_enforced_code) {
    return {
      measure: "no-action",
      reasonCode: WHATSAPP_NOT_ENFORCED_CODES[fields.not_enforced_code] ?? "other",
      platformCode: fields.not_enforced_code,
    };
  }
  return {};
}

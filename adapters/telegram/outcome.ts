/**
 * What Telegram says it did to each item (docs/wire/telegram.md, "Per-target outcomes"): a `restriction`
 * object on an actioned item, in the Bot API's own idiom (`type`, the `countries` it applies in, whether
 * it rests on `local_law`, an `until_date` in Unix seconds as `banChatMember` takes it), and a
 * lower-case `reason_id` beside the words of a declined one. One job: those fields to the spec's outcome
 * fields.
 */

import { CountryCode, type DeclineReason, type OutcomeMeasure } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { z } from "zod";
import { isoFromUnix } from "./time.js";

/**
 * Telegram's restriction types, by the measure each one is. A type not here fails the status update
 * (`ProtocolError`).
 *
 * @example
 * ```ts
 * TELEGRAM_RESTRICTIONS.geo_blocked; // "content-disabled"
 * ```
 */
export const TELEGRAM_RESTRICTIONS = {
  deleted: "content-removed",
  geo_blocked: "content-disabled",
  search_hidden: "visibility-restricted",
  labelled: "labelled",
  banned_temporarily: "account-suspended",
  banned: "account-terminated",
} as const satisfies Record<string, Exclude<OutcomeMeasure, "no-action">>;

/**
 * Telegram's `reason_id` values for a declined item, by the reason each one is. A value not here is kept
 * as `other` with its value.
 *
 * @example
 * ```ts
 * TELEGRAM_REASON_IDS.private_chat; // "private-or-end-to-end-encrypted"
 * ```
 */
export const TELEGRAM_REASON_IDS: Readonly<Record<string, DeclineReason>> = {
  not_found: "content-not-found",
  already_deleted: "already-removed",
  not_enough_details: "insufficient-information",
  no_violation: "not-violating",
  duplicate: "duplicate",
  private_chat: "private-or-end-to-end-encrypted",
  other: "other",
};

/**
 * The outcome fields of one Telegram report item.
 *
 * @example
 * ```ts
 * TelegramOutcomeFieldsSchema.parse({ restriction: { type: "geo_blocked", countries: ["PK"], local_law: true } });
 * ```
 */
export const TelegramOutcomeFieldsSchema = z.object({
  restriction: z
    .object({
      type: z.enum(
        Object.keys(TELEGRAM_RESTRICTIONS) as [
          keyof typeof TELEGRAM_RESTRICTIONS,
          ...(keyof typeof TELEGRAM_RESTRICTIONS)[],
        ],
      ),
      /** Absent: everywhere. */
      countries: z.array(CountryCode).min(1).optional(),
      /** True: under the law of those countries; false: under Telegram's Terms of Service. */
      local_law: z.boolean().optional(),
      /** Unix seconds: the end of a temporary ban. */
      until_date: z.number().int().nonnegative().optional(),
    })
    .optional(),
  reason_id: z.string().min(1).max(200).optional(),
});

/**
 * The outcome fields of one Telegram report item.
 *
 * @example
 * ```ts
 * const fields: TelegramOutcomeFields = { reason_id: "private_chat" };
 * ```
 */
export type TelegramOutcomeFields = z.infer<typeof TelegramOutcomeFieldsSchema>;

/**
 * The spec's detail fields for one Telegram item: what Telegram did (measure, scope, ground, until, the
 * restriction type as `platformCode`) or why it declined (`reasonCode`, its `reason_id`); nothing when it
 * did not say.
 *
 * @example
 * ```ts
 * telegramOutcomeDetail("declined", { reason_id: "spam_filter" }); // { measure: "no-action", reasonCode: "other", platformCode: "spam_filter" }
 * ```
 */
export function telegramOutcomeDetail(
  status: "pending" | "actioned" | "declined",
  fields: TelegramOutcomeFields,
): Partial<TargetOutcome> {
  if (status === "actioned" && fields.restriction) {
    const { type, countries, local_law, until_date } = fields.restriction;
    return {
      measure: TELEGRAM_RESTRICTIONS[type],
      scope: countries ?? "global",
      ...(local_law === undefined ? {} : { ground: local_law ? "local-law" : "terms-of-service" }),
      ...(until_date === undefined ? {} : { until: isoFromUnix(until_date) }),
      platformCode: type,
    };
  }
  if (status === "declined" && fields.reason_id) {
    return {
      measure: "no-action",
      reasonCode: TELEGRAM_REASON_IDS[fields.reason_id] ?? "other",
      platformCode: fields.reason_id,
    };
  }
  return {};
}

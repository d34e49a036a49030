/**
 * What TikTok says it did to each target (docs/wire/tiktok.md, "Per-target outcomes"), in numeric codes
 * as its enforcement reports count them: an `action_code` with the `region_codes` it is limited to, the
 * `basis` ("community guidelines" or "local law", TikTok's own split) and an `expire_time`; a
 * `reason_code` beside the words of a target not actioned. One job: those fields to the spec's outcome
 * fields.
 */

import { CountryCode, type DeclineReason, type OutcomeMeasure } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { z } from "zod";
import { isoFromUnix } from "./time.js";

/**
 * TikTok's action codes, by the measure each one is. A code not here fails the status update
 * (`ProtocolError`): the adapter never guesses what a platform did.
 *
 * @example
 * ```ts
 * TIKTOK_ACTION_CODES[2]; // "content-disabled" (restricted in the listed regions)
 * ```
 */
export const TIKTOK_ACTION_CODES: Readonly<Record<number, Exclude<OutcomeMeasure, "no-action">>> = {
  1: "content-removed",
  2: "content-disabled",
  3: "visibility-restricted",
  4: "labelled",
  5: "account-suspended",
  6: "account-terminated",
};

/**
 * TikTok's reason codes for a target not actioned, by the reason each one is. A code not here is kept as
 * `other` with its code.
 *
 * @example
 * ```ts
 * TIKTOK_REASON_CODES[2004]; // "not-violating"
 * ```
 */
export const TIKTOK_REASON_CODES: Readonly<Record<number, DeclineReason>> = {
  2001: "content-not-found",
  2002: "already-removed",
  2003: "insufficient-information",
  2004: "not-violating",
  2005: "legal-process-required",
  2006: "duplicate",
  2007: "outside-jurisdiction",
  2099: "other",
};

/**
 * The outcome fields of one TikTok target decision.
 *
 * @example
 * ```ts
 * TikTokOutcomeFieldsSchema.parse({ action_code: 2, region_codes: ["PK"], basis: "LOCAL_LAW" });
 * ```
 */
export const TikTokOutcomeFieldsSchema = z.object({
  action_code: z
    .number()
    .int()
    .refine((code) => code in TIKTOK_ACTION_CODES, "an action code TikTok defines (1 to 6)")
    .optional(),
  /** Absent: worldwide. */
  region_codes: z.array(CountryCode).min(1).optional(),
  basis: z.enum(["COMMUNITY_GUIDELINES", "LOCAL_LAW"]).optional(),
  /** Unix seconds: the end of a temporary measure. */
  expire_time: z.number().int().nonnegative().optional(),
  reason_code: z.number().int().nonnegative().optional(),
});

/**
 * The outcome fields of one TikTok target decision.
 *
 * @example
 * ```ts
 * const fields: TikTokOutcomeFields = { reason_code: 2004 };
 * ```
 */
export type TikTokOutcomeFields = z.infer<typeof TikTokOutcomeFieldsSchema>;

/**
 * The spec's detail fields for one TikTok target: what TikTok did (measure, scope, ground, until, the
 * action code as `platformCode`) or why it did not act (`reasonCode`, the code); nothing when it did not
 * say.
 *
 * @example
 * ```ts
 * tiktokOutcomeDetail("NOT_ACTIONED", { reason_code: 2042 }); // { measure: "no-action", reasonCode: "other", platformCode: "2042" }
 * ```
 */
export function tiktokOutcomeDetail(
  decision: "PENDING" | "ACTIONED" | "NOT_ACTIONED",
  fields: TikTokOutcomeFields,
): Partial<TargetOutcome> {
  const measure = fields.action_code === undefined ? undefined : TIKTOK_ACTION_CODES[fields.action_code];
  if (decision === "ACTIONED" && measure) {
    return {
      measure,
      scope: fields.region_codes ?? "global",
      ...(fields.basis ? { ground: fields.basis === "LOCAL_LAW" ? "local-law" : "terms-of-service" } : {}),
      ...(fields.expire_time === undefined ? {} : { until: isoFromUnix(fields.expire_time) }),
      platformCode: String(fields.action_code),
    };
  }
  if (decision === "NOT_ACTIONED" && fields.reason_code !== undefined) {
    return {
      measure: "no-action",
      reasonCode: TIKTOK_REASON_CODES[fields.reason_code] ?? "other",
      platformCode: String(fields.reason_code),
    };
  }
  return {};
}

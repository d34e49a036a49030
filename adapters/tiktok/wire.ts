/**
 * The modelled TikTok government-requests wire format (docs/wire/tiktok.md), as zod schemas. Every answer
 * is an envelope `{ code, message, request_id, data }` where `code: 0` is success; the adapter reads the
 * envelope first and validates `data` only on success, so an error on HTTP 200 is never mistaken for data.
 */
import { z } from "zod";
import { TikTokOutcomeFieldsSchema } from "./outcome.js";

/**
 * A target as TikTok names it: a user by `unique_id` (the @handle) or numeric `user_id`, or a video or
 * photo post by `item_id` (with its author's handle when known).
 *
 * @example
 * ```ts
 * const target: TikTokWireTarget = { target_type: "VIDEO", item_id: "7300000000000000001", unique_id: "somename" };
 * ```
 */
export const TikTokWireTargetSchema = z.union([
  z.object({ target_type: z.literal("USER"), unique_id: z.string().min(1) }),
  z.object({ target_type: z.literal("USER"), user_id: z.string().min(1) }),
  z.object({
    target_type: z.enum(["VIDEO", "PHOTO"]),
    item_id: z.string().min(1),
    unique_id: z.string().min(1).optional(),
  }),
]);
/**
 * A target as TikTok names it.
 *
 * @example
 * ```ts
 * const user: TikTokWireTarget = { target_type: "USER", unique_id: "somename" };
 * ```
 */
export type TikTokWireTarget = z.infer<typeof TikTokWireTargetSchema>;

/**
 * Every state of a TikTok legal request.
 *
 * @example
 * ```ts
 * TikTokRequestStatusSchema.parse("UNDER_REVIEW");
 * ```
 */
export const TikTokRequestStatusSchema = z.enum([
  "SUBMITTED",
  "UNDER_REVIEW",
  "PENDING_INFO",
  "COMPLETED",
  "PARTIALLY_COMPLETED",
  "REJECTED",
  "CANCELLED",
]);
/**
 * A state of a TikTok legal request.
 *
 * @example
 * ```ts
 * const done: TikTokRequestStatus = "COMPLETED";
 * ```
 */
export type TikTokRequestStatus = z.infer<typeof TikTokRequestStatusSchema>;

/**
 * The envelope every TikTok answer comes in, success or not. `data` is read separately: its shape
 * depends on the endpoint, and on an error it is `{}`.
 *
 * @example
 * ```ts
 * const envelope = TikTokEnvelopeSchema.parse({ code: 40400, message: "legal request not found", request_id: "2026...", data: {} });
 * ```
 */
export const TikTokEnvelopeSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  request_id: z.string().optional(),
  data: z.unknown(),
});
/**
 * The envelope every TikTok answer comes in.
 *
 * @example
 * ```ts
 * const ok = (envelope: TikTokEnvelope) => envelope.code === 0;
 * ```
 */
export type TikTokEnvelope = z.infer<typeof TikTokEnvelopeSchema>;

/** Unix seconds, as TikTok sends every time. */
const UnixSeconds = z.number().int().nonnegative();

/**
 * `data` of a successful `POST /legal/requests`: the new legal request and what TikTok said about each
 * target, by its index in the request.
 *
 * @example
 * ```ts
 * const data = TikTokSubmitDataSchema.parse(envelope.data);
 * data.targets.filter((t) => t.result === "INVALID");
 * ```
 */
export const TikTokSubmitDataSchema = z.object({
  legal_request_id: z.string().min(1),
  status: TikTokRequestStatusSchema,
  create_time: UnixSeconds,
  targets: z.array(
    z.object({
      target_index: z.number().int().nonnegative(),
      result: z.enum(["ACCEPTED", "DUPLICATE", "INVALID"]),
      existing_legal_request_id: z.string().min(1).optional(),
      reason: z.string().optional(),
    }),
  ),
});

/**
 * The legal request as each status page shows it.
 *
 * @example
 * ```ts
 * const summary: TikTokLegalRequest = page.legal_request;
 * ```
 */
export const TikTokLegalRequestSchema = z.object({
  legal_request_id: z.string().min(1),
  status: TikTokRequestStatusSchema,
  create_time: UnixSeconds,
  update_time: UnixSeconds,
  /** The rejection reason, the information asked for, or the cancellation reason. */
  status_reason: z.string().optional(),
  /** Until when TikTok keeps the data of a preservation it carried out (Unix seconds). */
  preserve_until: UnixSeconds.optional(),
});
/**
 * The legal request as each status page shows it.
 *
 * @example
 * ```ts
 * const when = new Date(summary.update_time * 1000).toISOString();
 * ```
 */
export type TikTokLegalRequest = z.infer<typeof TikTokLegalRequestSchema>;

/**
 * One target's decision on a status page.
 *
 * @example
 * ```ts
 * const decision: TikTokTargetDecision = { target_index: 0, target: { target_type: "USER", unique_id: "a" }, decision: "ACTIONED" };
 * ```
 */
export const TikTokTargetDecisionSchema = z
  .object({
    target_index: z.number().int().nonnegative(),
    target: TikTokWireTargetSchema,
    decision: z.enum(["PENDING", "ACTIONED", "NOT_ACTIONED"]),
    reason: z.string().optional(),
  })
  .extend(TikTokOutcomeFieldsSchema.shape);
/**
 * One target's decision on a status page.
 *
 * @example
 * ```ts
 * const actioned = (d: TikTokTargetDecision) => d.decision === "ACTIONED";
 * ```
 */
export type TikTokTargetDecision = z.infer<typeof TikTokTargetDecisionSchema>;

/**
 * `data` of `GET /legal/requests/{id}/targets`: the request, one page of targets, and the cursor to the
 * next page while `has_more` is true.
 *
 * @example
 * ```ts
 * const page = TikTokTargetsPageSchema.parse(envelope.data);
 * if (page.has_more) next = page.cursor;
 * ```
 */
export const TikTokTargetsPageSchema = z.object({
  legal_request: TikTokLegalRequestSchema,
  targets: z.array(TikTokTargetDecisionSchema),
  has_more: z.boolean(),
  cursor: z.string(),
});
/**
 * One page of `GET /legal/requests/{id}/targets`.
 *
 * @example
 * ```ts
 * const pages: TikTokTargetsPage[] = [];
 * ```
 */
export type TikTokTargetsPage = z.infer<typeof TikTokTargetsPageSchema>;

/**
 * `data` of a successful `POST /legal/requests/{id}/cancel`.
 *
 * @example
 * ```ts
 * const data = TikTokCancelDataSchema.parse(envelope.data);
 * new Date(data.cancel_time * 1000);
 * ```
 */
export const TikTokCancelDataSchema = z.object({
  legal_request_id: z.string().min(1),
  status: z.literal("CANCELLED"),
  cancel_time: UnixSeconds,
});

/**
 * The modelled X legal-requests wire format (docs/wire/x.md), as zod schemas. The adapter validates
 * every answer against these; anything else is a `ProtocolError`, never a crash further in.
 */
import { z } from "zod";
import { XTargetOutcomeFieldsSchema } from "./outcome.js";

/**
 * A target as X names it.
 *
 * @example
 * ```ts
 * XWireTargetSchema.parse({ type: "post", post_id: "1800000000000000001", author_username: "somename" });
 * ```
 */
export const XWireTargetSchema = z.union([
  z.object({ type: z.literal("user"), username: z.string().min(1) }),
  z.object({ type: z.literal("user"), user_id: z.string().min(1) }),
  z.object({
    type: z.literal("post"),
    post_id: z.string().min(1),
    author_username: z.string().min(1).optional(),
  }),
]);
/**
 * A target as X names it.
 *
 * @example
 * ```ts
 * const target: XWireTarget = { type: "user", username: "somename" };
 * ```
 */
export type XWireTarget = z.infer<typeof XWireTargetSchema>;

/**
 * Every state of an X legal request.
 *
 * @example
 * ```ts
 * XRequestStatusSchema.options; // ["received", "in_review", ...]
 * ```
 */
export const XRequestStatusSchema = z.enum([
  "received",
  "in_review",
  "info_requested",
  "actioned",
  "partially_actioned",
  "declined",
  "withdrawn",
]);
/**
 * A state of an X legal request.
 *
 * @example
 * ```ts
 * const status: XRequestStatus = "partially_actioned";
 * ```
 */
export type XRequestStatus = z.infer<typeof XRequestStatusSchema>;

/**
 * The 202 answer to `POST /legal-requests`.
 *
 * @example
 * ```ts
 * const { data } = XSubmitResponseSchema.parse(await response.json());
 * data.targets[0]?.result; // "accepted" | "duplicate" | "not_found"
 * ```
 */
export const XSubmitResponseSchema = z.object({
  data: z.object({
    id: z.string().min(1),
    status: XRequestStatusSchema,
    created_at: z.iso.datetime({ offset: true }),
    targets: z.array(
      z.intersection(
        XWireTargetSchema,
        z.object({
          result: z.enum(["accepted", "duplicate", "not_found"]),
          existing_request_id: z.string().min(1).optional(),
        }),
      ),
    ),
  }),
});

/**
 * A legal request as `GET /legal-requests/:id` and webhooks show it.
 *
 * @example
 * ```ts
 * const request = XLegalRequestSchema.parse(event.data);
 * ```
 */
export const XLegalRequestSchema = z.object({
  id: z.string().min(1),
  status: XRequestStatusSchema,
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  decline_reason: z.string().optional(),
  info_request: z.object({ message: z.string() }).optional(),
  withdrawal: z.object({ reason: z.string(), withdrawn_at: z.iso.datetime({ offset: true }) }).optional(),
  /** Until when X keeps the data of a preservation it carried out. */
  preserved_until: z.iso.datetime({ offset: true }).optional(),
  targets: z.array(
    z.intersection(
      XWireTargetSchema,
      z
        .object({
          decision: z.enum(["pending", "actioned", "declined"]),
          decline_reason: z.string().optional(),
        })
        .extend(XTargetOutcomeFieldsSchema.shape),
    ),
  ),
});
/**
 * A legal request as X shows it.
 *
 * @example
 * ```ts
 * const state: XLegalRequest["status"] = "declined";
 * ```
 */
export type XLegalRequest = z.infer<typeof XLegalRequestSchema>;

/**
 * The answer to `GET /legal-requests/:id`.
 *
 * @example
 * ```ts
 * const { data } = XStatusResponseSchema.parse(await response.json());
 * ```
 */
export const XStatusResponseSchema = z.object({ data: XLegalRequestSchema });

/**
 * The answer to `POST /legal-requests/:id/withdrawal`.
 *
 * @example
 * ```ts
 * XWithdrawResponseSchema.parse(await response.json()).data.withdrawn_at;
 * ```
 */
export const XWithdrawResponseSchema = z.object({
  data: z.object({
    id: z.string().min(1),
    status: z.literal("withdrawn"),
    withdrawn_at: z.iso.datetime({ offset: true }),
  }),
});

/**
 * A webhook call's body: one or more events.
 *
 * @example
 * ```ts
 * const { events } = XWebhookBodySchema.parse(JSON.parse(rawBody));
 * ```
 */
export const XWebhookBodySchema = z.object({
  events: z
    .array(
      z.object({
        id: z.string().min(1),
        type: z.literal("legal_request.updated"),
        created_at: z.iso.datetime({ offset: true }),
        data: XLegalRequestSchema,
      }),
    )
    .min(1),
});

/**
 * X's error body.
 *
 * @example
 * ```ts
 * XErrorBodySchema.safeParse(await response.json()).data?.errors[0]?.code; // e.g. 88
 * ```
 */
export const XErrorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        code: z.number().int(),
        title: z.string().optional(),
        message: z.string(),
        parameter: z.string().optional(),
      }),
    )
    .min(1),
});

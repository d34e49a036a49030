/**
 * The modelled WhatsApp enforcement-requests wire format (docs/wire/whatsapp.md), as zod schemas. Unlike
 * the Graph platforms, every answer is an envelope with `meta`, lists come back even for one item, and
 * times are Unix seconds as strings. The adapter validates every answer against these.
 */
import { z } from "zod";
import { WhatsAppOutcomeFieldsSchema } from "./outcome.js";
import { WhatsAppTimestampSchema } from "./time.js";

export { WhatsAppTimestampSchema };

/**
 * A target as WhatsApp names it: an account by phone number (E.164), a channel by id, or one channel
 * message. There is no private-message target: WhatsApp cannot read or remove end-to-end encrypted chats.
 *
 * @example
 * ```ts
 * WhatsAppWireTargetSchema.parse({ type: "phone", phone: "+447946000001" });
 * ```
 */
export const WhatsAppWireTargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("phone"), phone: z.string().regex(/^\+[1-9]\d{7,14}$/) }),
  z.object({ type: z.literal("channel"), channel_id: z.string().min(1) }),
  z.object({
    type: z.literal("channel_message"),
    channel_id: z.string().min(1),
    message_id: z.string().min(1),
  }),
]);

/**
 * A target as WhatsApp names it.
 *
 * @example
 * ```ts
 * const target: WhatsAppWireTarget = { type: "channel_message", channel_id: "0029VaAbCdEf12", message_id: "104" };
 * ```
 */
export type WhatsAppWireTarget = z.infer<typeof WhatsAppWireTargetSchema>;

/**
 * Every state of a WhatsApp enforcement request.
 *
 * @example
 * ```ts
 * WhatsAppRequestStatusSchema.parse("not_actionable");
 * ```
 */
export const WhatsAppRequestStatusSchema = z.enum([
  "received",
  "in_review",
  "info_required",
  "enforced",
  "partially_enforced",
  "declined",
  "not_actionable",
]);

/**
 * A state of a WhatsApp enforcement request.
 *
 * @example
 * ```ts
 * const state: WhatsAppRequestStatus = "enforced";
 * ```
 */
export type WhatsAppRequestStatus = z.infer<typeof WhatsAppRequestStatusSchema>;

const Meta = z.object({ api_status: z.string(), version: z.string() });

/**
 * The 201 answer to `POST /enforcement_requests`: the request, and WhatsApp's intake check of each
 * target in the order sent (`valid`, `invalid` for a number not on WhatsApp, `duplicate`).
 *
 * @example
 * ```ts
 * const body = WhatsAppSubmitResponseSchema.parse(json);
 * body.enforcement_requests[0]?.targets[0]?.status; // "valid"
 * ```
 */
export const WhatsAppSubmitResponseSchema = z.object({
  meta: Meta,
  enforcement_requests: z
    .array(
      z.object({
        id: z.string().min(1),
        status: WhatsAppRequestStatusSchema,
        created_at: WhatsAppTimestampSchema,
        targets: z.array(
          z.object({
            input: z.string().min(1),
            status: z.enum(["valid", "invalid", "duplicate"]),
            wa_id: z.string().optional(),
            existing_request_id: z.string().optional(),
            error: z.string().optional(),
          }),
        ),
      }),
    )
    .length(1),
});

/**
 * An enforcement request as `GET /enforcement_requests/{id}` shows it.
 *
 * @example
 * ```ts
 * const request: WhatsAppEnforcementRequest = body.enforcement_requests[0]!;
 * ```
 */
export const WhatsAppEnforcementRequestSchema = z.object({
  id: z.string().min(1),
  status: WhatsAppRequestStatusSchema,
  created_at: WhatsAppTimestampSchema,
  updated_at: WhatsAppTimestampSchema,
  status_detail: z.string().optional(),
  targets: z.array(
    z.intersection(
      WhatsAppWireTargetSchema,
      z
        .object({ outcome: z.enum(["pending", "enforced", "not_enforced"]), reason: z.string().optional() })
        .extend(WhatsAppOutcomeFieldsSchema.shape),
    ),
  ),
  /** A decided `data_disclosure`: `produced` (with `production`) or `no_records`. */
  data_result: z.enum(["produced", "no_records"]).optional(),
  production: z
    .object({
      id: z.string().min(1).max(200),
      files: z.array(
        z.object({
          name: z.string().min(1).max(1000),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          size: z.number().int().nonnegative(),
          media_type: z.string().min(1).max(200).optional(),
        }),
      ),
      withheld_categories: z.array(z.enum(["subscriber", "non_content", "content"])).optional(),
    })
    .optional(),
  /** An enforced `preservation`: until when (Unix seconds) the data is kept. */
  preserved_until: WhatsAppTimestampSchema.optional(),
});

/**
 * An enforcement request as WhatsApp shows it.
 *
 * @example
 * ```ts
 * request.status; // "in_review"
 * ```
 */
export type WhatsAppEnforcementRequest = z.infer<typeof WhatsAppEnforcementRequestSchema>;

/**
 * The answer to `GET /enforcement_requests/{id}`: a list of one.
 *
 * @example
 * ```ts
 * const [request] = WhatsAppStatusResponseSchema.parse(json).enforcement_requests;
 * ```
 */
export const WhatsAppStatusResponseSchema = z.object({
  meta: Meta,
  enforcement_requests: z.array(WhatsAppEnforcementRequestSchema).length(1),
});

/**
 * WhatsApp's error body: `{ meta, errors: [{ code, title, details }] }`.
 *
 * @example
 * ```ts
 * WhatsAppErrorBodySchema.parse({ meta: { api_status: "stable", version: "1.0.0" }, errors: [{ code: 1006, title: "Resource not found" }] });
 * ```
 */
export const WhatsAppErrorBodySchema = z.object({
  meta: Meta.optional(),
  errors: z
    .array(z.object({ code: z.number().int(), title: z.string(), details: z.string().optional() }))
    .min(1),
});

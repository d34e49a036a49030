/**
 * The wire format of ExampleVideo, a fictional video platform invented for this example (its host is an
 * `.example` domain; no such API exists). The adapter builds and reads these shapes; the mock validates
 * what it receives with the same request schema, as the platform would.
 */
import { z } from "zod";

/**
 * ExampleVideo's platform id: a custom id, beside the six built-in ones.
 *
 * @example
 * ```ts
 * conformanceRequest({ platform: EXAMPLEVIDEO, kind: "suspend", targets });
 * ```
 */
export const EXAMPLEVIDEO = "examplevideo";

/**
 * The platform's own state names, in the order it documents them.
 *
 * @example
 * ```ts
 * mock.force(ref, "kept" satisfies (typeof EXAMPLEVIDEO_STATES)[number], { reason: "no violation" });
 * ```
 */
export const EXAMPLEVIDEO_STATES = [
  "queued",
  "reviewing",
  "needs_info",
  "removed",
  "partly_removed",
  "kept",
] as const;

/**
 * One item of a takedown: a whole channel, or one video (with its channel when known).
 *
 * @example
 * ```ts
 * WireItemSchema.parse({ kind: "video", video_id: "42", channel: "some.channel" });
 * ```
 */
export const WireItemSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("channel"), handle: z.string().regex(/^[a-z0-9_.]{3,30}$/) }).strict(),
  z
    .object({
      kind: z.literal("video"),
      video_id: z.string().regex(/^\d{1,20}$/),
      channel: z
        .string()
        .regex(/^[a-z0-9_.]{3,30}$/)
        .optional(),
    })
    .strict(),
]);
/**
 * One item of a takedown, as sent.
 *
 * @example
 * ```ts
 * const item: WireItem = { kind: "channel", handle: "some.channel" };
 * ```
 */
export type WireItem = z.infer<typeof WireItemSchema>;

/**
 * The body of `POST /takedowns`.
 *
 * @example
 * ```ts
 * const parsed = TakedownBodySchema.safeParse(call.body);
 * ```
 */
export const TakedownBodySchema = z
  .object({
    action: z.enum(["suspend", "remove"]),
    reference: z.string().min(1),
    authority: z.object({ name: z.string().min(1), country: z.string().length(2).optional() }).strict(),
    legal_basis: z.object({ instrument: z.string().min(1), section: z.string().min(1) }).strict(),
    respond_by: z.iso.datetime({ offset: true }).optional(),
    items: z.array(WireItemSchema).min(1).max(20),
    evidence: z.array(
      z
        .object({
          item: z.number().int().nonnegative(),
          url: z.url(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          captured_at: z.iso.datetime({ offset: true }),
        })
        .strict(),
    ),
  })
  .strict();
/**
 * The body of `POST /takedowns`, typed.
 *
 * @example
 * ```ts
 * const action: TakedownBody["action"] = "remove";
 * ```
 */
export type TakedownBody = z.infer<typeof TakedownBodySchema>;

/**
 * The answer to `POST /takedowns` (201).
 *
 * @example
 * ```ts
 * const { takedown } = await client.postJson("/takedowns", body, TakedownCreatedSchema, { idempotencyKey });
 * ```
 */
export const TakedownCreatedSchema = z.object({
  takedown: z.object({
    id: z.string().min(1),
    state: z.enum(EXAMPLEVIDEO_STATES),
    created_at: z.iso.datetime({ offset: true }),
    items: z.array(
      z.object({
        index: z.number().int().nonnegative(),
        result: z.enum(["accepted", "duplicate", "unknown"]),
        existing_id: z.string().optional(),
      }),
    ),
  }),
});

/**
 * The answer to `GET /takedowns/{id}`.
 *
 * @example
 * ```ts
 * const { takedown } = await client.getJson(`/takedowns/${id}`, TakedownStatusSchema);
 * ```
 */
export const TakedownStatusSchema = z.object({
  takedown: z.object({
    id: z.string().min(1),
    state: z.enum(EXAMPLEVIDEO_STATES),
    updated_at: z.iso.datetime({ offset: true }),
    note: z.string().optional(),
    items: z.array(
      z.object({
        item: WireItemSchema,
        decision: z.enum(["removed", "kept", "pending"]),
        note: z.string().optional(),
      }),
    ),
  }),
});

/**
 * The error body: `{ "error": { "code", "message" } }`.
 *
 * @example
 * ```ts
 * ErrorBodySchema.parse({ error: { code: "rate-limit", message: "Too many requests." } });
 * ```
 */
export const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The `targetKey` of an item, computed the way referral-kit computes it for the domain target, so the
 * platform's per-item answers map back to the request's targets.
 *
 * @example
 * ```ts
 * wireKey({ kind: "video", video_id: "42", channel: "some.channel" }); // "examplevideo:some.channel/video/42"
 * ```
 */
export function wireKey(item: WireItem): string {
  if (item.kind === "channel") return `${EXAMPLEVIDEO}:${item.handle}`;
  return item.channel
    ? `${EXAMPLEVIDEO}:${item.channel}/video/${item.video_id}`
    : `${EXAMPLEVIDEO}:video/${item.video_id}`;
}

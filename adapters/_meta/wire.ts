/**
 * The Graph-style wire format Facebook and Instagram share (docs/wire/facebook.md): a legal request node,
 * its `decisions` edge, the `{ id }` answer to a create, `{ success }` to an update, the Graph error body
 * and the webhook envelope. Target shapes differ per platform and are passed in as schemas.
 */
import { z } from "zod";
import { type GraphOutcomeFields, GraphOutcomeFieldsSchema } from "./outcome.js";
import { GraphTimeSchema } from "./time.js";

/**
 * Every state of a Graph legal request.
 *
 * @example
 * ```ts
 * GraphRequestStatusSchema.parse("UNDER_REVIEW");
 * ```
 */
export const GraphRequestStatusSchema = z.enum([
  "SUBMITTED",
  "UNDER_REVIEW",
  "MORE_INFO_NEEDED",
  "ACTION_TAKEN",
  "PARTIAL_ACTION",
  "NO_ACTION",
  "WITHDRAWN",
]);

/**
 * A state of a Graph legal request.
 *
 * @example
 * ```ts
 * const state: GraphRequestStatus = "NO_ACTION";
 * ```
 */
export type GraphRequestStatus = z.infer<typeof GraphRequestStatusSchema>;

/**
 * The answer to `POST /{app-id}/legal_requests`: Graph answers a create with the new node's id only.
 *
 * @example
 * ```ts
 * GraphCreateResponseSchema.parse({ id: "771000000000001" });
 * ```
 */
export const GraphCreateResponseSchema = z.object({ id: z.string().min(1) });

/**
 * The answer to an update (`POST /{id}`): `{ success: true }`.
 *
 * @example
 * ```ts
 * GraphSuccessResponseSchema.parse({ success: true });
 * ```
 */
export const GraphSuccessResponseSchema = z.object({ success: z.literal(true) });

/**
 * One per-target decision on the `decisions` edge; `target` is the platform's own target shape.
 *
 * @example
 * ```ts
 * const Decision = graphDecisionSchema(FacebookWireTargetSchema);
 * ```
 */
export function graphDecisionSchema<T extends z.ZodType>(target: T) {
  return z
    .object({
      target,
      decision: z.enum(["PENDING", "ACTION_TAKEN", "NO_ACTION"]),
      reason: z.string().optional(),
    })
    .extend(GraphOutcomeFieldsSchema.shape);
}

/**
 * One file of a data production, as the node's `data_production` lists it: the platform's declared
 * SHA-256 and size, which the agency re-checks on receipt.
 *
 * @example
 * ```ts
 * GraphProducedFileSchema.parse({ name: "subscriber.json", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 4 });
 * ```
 */
export const GraphProducedFileSchema = z.object({
  name: z.string().min(1).max(1000),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 is 64 lower-case hex digits"),
  size: z.number().int().nonnegative(),
  media_type: z.string().min(1).max(200).optional(),
});

/**
 * What a `DATA_DISCLOSURE` request produced (docs/wire/facebook.md): the production's id, its files, and
 * the data categories withheld.
 *
 * @example
 * ```ts
 * GraphDataProductionSchema.parse({ id: "PRD-1", files: [] });
 * ```
 */
export const GraphDataProductionSchema = z.object({
  id: z.string().min(1).max(200),
  files: z.array(GraphProducedFileSchema),
  withheld_categories: z.array(z.enum(["BASIC_SUBSCRIBER", "NON_CONTENT", "CONTENT"])).optional(),
});

/**
 * A legal request node as `GET /{id}?fields=...` and webhooks show it. Graph returns only the fields
 * asked for (and `id`), so every field but `id` and `status` is optional here.
 *
 * @example
 * ```ts
 * const Node = graphLegalRequestSchema(FacebookWireTargetSchema);
 * ```
 */
export function graphLegalRequestSchema<T extends z.ZodType>(target: T) {
  return z.object({
    id: z.string().min(1),
    status: GraphRequestStatusSchema,
    status_reason: z.string().optional(),
    created_time: GraphTimeSchema.optional(),
    updated_time: GraphTimeSchema.optional(),
    decisions: z.object({ data: z.array(graphDecisionSchema(target)) }).optional(),
    data_result: z.enum(["PRODUCED", "NO_RECORDS"]).optional(),
    data_production: GraphDataProductionSchema.optional(),
    preserved_until: GraphTimeSchema.optional(),
  });
}

/**
 * A legal request node with a platform's target shape.
 *
 * @example
 * ```ts
 * const node: GraphLegalRequest<FacebookWireTarget> = await client.getJson(path, Node);
 * ```
 */
export interface GraphLegalRequest<T> {
  id: string;
  status: GraphRequestStatus;
  status_reason?: string | undefined;
  created_time?: string | undefined;
  updated_time?: string | undefined;
  decisions?:
    | {
        data: ({
          target: T;
          decision: "PENDING" | "ACTION_TAKEN" | "NO_ACTION";
          reason?: string | undefined;
        } & GraphOutcomeFields)[];
      }
    | undefined;
  /** `DATA_DISCLOSURE` once decided: whether records were produced or none exist. */
  data_result?: "PRODUCED" | "NO_RECORDS" | undefined;
  /** `DATA_DISCLOSURE` with `data_result: "PRODUCED"`: what was produced. */
  data_production?: z.infer<typeof GraphDataProductionSchema> | undefined;
  /** `PRESERVATION` once actioned: until when the platform keeps the data. */
  preserved_until?: string | undefined;
}

/**
 * A webhook call's body, the Graph way: `object`, then `entry[]` with `time` (epoch seconds, signed with
 * the rest of the body) and `changes[]` whose `value` is the node.
 *
 * @example
 * ```ts
 * const Body = graphWebhookBodySchema(FacebookWireTargetSchema);
 * ```
 */
export function graphWebhookBodySchema<T extends z.ZodType>(target: T) {
  return z.object({
    object: z.literal("legal_request"),
    entry: z
      .array(
        z.object({
          id: z.string().min(1),
          time: z.number().int().nonnegative(),
          changes: z.array(z.object({ field: z.literal("status"), value: graphLegalRequestSchema(target) })),
        }),
      )
      .min(1),
  });
}

/**
 * The Graph error body: `{ error: { message, type, code, error_subcode, fbtrace_id } }`.
 *
 * @example
 * ```ts
 * GraphErrorBodySchema.parse({ error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190, fbtrace_id: "Abc" } });
 * ```
 */
export const GraphErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/**
 * The Graph error body, parsed.
 *
 * @example
 * ```ts
 * const body: GraphErrorBody = GraphErrorBodySchema.parse(json);
 * ```
 */
export type GraphErrorBody = z.infer<typeof GraphErrorBodySchema>;

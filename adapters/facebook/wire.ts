/**
 * The Facebook targets of the modelled Graph legal-requests format (docs/wire/facebook.md). The rest of
 * the format (nodes, errors, webhooks) is the shared Graph format in `adapters/_meta/wire.ts`.
 */
import { z } from "zod";

const Owner = z.union([
  z.object({ username: z.string().min(1) }),
  z.object({ id: z.string().regex(/^\d{1,25}$/) }),
]);

/**
 * A target as Facebook names it: an account (profile or Page, one namespace) by vanity name or numeric
 * id, or one piece of content by its id, with its owner where known.
 *
 * @example
 * ```ts
 * FacebookWireTargetSchema.parse({ type: "POST", id: "1800000000000000001", owner: { username: "somepage" } });
 * ```
 */
export const FacebookWireTargetSchema = z.union([
  z.object({ type: z.literal("ACCOUNT"), username: z.string().min(1) }),
  z.object({ type: z.literal("ACCOUNT"), id: z.string().regex(/^\d{1,25}$/) }),
  z.object({
    type: z.enum(["POST", "VIDEO", "PHOTO", "REEL", "STORY"]),
    id: z.string().min(1),
    owner: Owner.optional(),
  }),
]);

/**
 * A target as Facebook names it.
 *
 * @example
 * ```ts
 * const target: FacebookWireTarget = { type: "ACCOUNT", id: "100012345678901" };
 * ```
 */
export type FacebookWireTarget = z.infer<typeof FacebookWireTargetSchema>;

/**
 * The Instagram targets of the modelled Graph legal-requests format (docs/wire/instagram.md). Instagram
 * names media by shortcode (not numeric id, as Facebook does) and stories by id with their owner; the
 * rest of the format is the shared Graph format in `adapters/_meta/wire.ts`.
 */
import { z } from "zod";

/**
 * A target as Instagram names it: an account by username, a post, reel or IGTV video by shortcode, a
 * story by id, or a story highlight by id.
 *
 * @example
 * ```ts
 * InstagramWireTargetSchema.parse({ type: "MEDIA", media_type: "REEL", shortcode: "CabcDEF123" });
 * ```
 */
export const InstagramWireTargetSchema = z.union([
  z.object({ type: z.literal("ACCOUNT"), username: z.string().min(1) }),
  z.object({
    type: z.literal("MEDIA"),
    media_type: z.enum(["POST", "REEL", "IGTV"]),
    shortcode: z.string().min(1),
    owner_username: z.string().min(1).optional(),
  }),
  z.object({
    type: z.literal("STORY"),
    story_id: z.string().min(1),
    owner_username: z.string().min(1).optional(),
  }),
  z.object({ type: z.literal("HIGHLIGHT"), highlight_id: z.string().min(1) }),
]);

/**
 * A target as Instagram names it.
 *
 * @example
 * ```ts
 * const target: InstagramWireTarget = { type: "STORY", story_id: "3141592653", owner_username: "some.name" };
 * ```
 */
export type InstagramWireTarget = z.infer<typeof InstagramWireTargetSchema>;

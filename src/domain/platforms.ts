import { z } from "zod";

/**
 * One of the six platforms referral-kit ships parsers, adapters and mocks for: the schema, and its type.
 * `KnownPlatformId.options` lists them in a stable order.
 *
 * @example
 * ```ts
 * import { KnownPlatformId } from "referral-kit";
 *
 * KnownPlatformId.options; // ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"]
 * KnownPlatformId.safeParse("vk").success; // false: a custom adapter may still bring it
 * ```
 */
export const KnownPlatformId = z.enum(["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"]);

/** One of the six built-in platform ids. */
export type KnownPlatformId = z.infer<typeof KnownPlatformId>;

/** The six built-in platform ids, in order (`KnownPlatformId.options`). @internal */
export const KNOWN_PLATFORM_IDS: readonly KnownPlatformId[] = KnownPlatformId.options;

/**
 * A platform id: one of the six built-in ids, or a custom id an adapter brings (lower-case letters, digits
 * and hyphens, starting with a letter). The `string & {}` keeps editor completion for the known ids.
 */
export type PlatformId = KnownPlatformId | (string & {});

/** Validates a platform id, built-in or custom. */
export const PlatformIdSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    "a platform id is lower-case letters, digits and hyphens, starting with a letter",
  );

/**
 * True when `id` is one of the six built-in platforms.
 *
 * @example
 * ```ts
 * isKnownPlatform("x"); // true
 * isKnownPlatform("vk"); // false: a custom adapter may still bring it
 * ```
 */
export function isKnownPlatform(id: string): id is KnownPlatformId {
  return (KNOWN_PLATFORM_IDS as readonly string[]).includes(id);
}

import { z } from "zod";

/** The six platforms referral-kit ships parsers, adapters and mocks for. */
export const KNOWN_PLATFORM_IDS = ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"] as const;

/** One of the six built-in platform ids. */
export type KnownPlatformId = (typeof KNOWN_PLATFORM_IDS)[number];

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

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

/** What referral-kit knows about a platform: display name and the hosts its links use. */
export interface PlatformInfo {
  readonly id: KnownPlatformId;
  readonly name: string;
  /** Hosts (without `www.`, `m.`, `mobile.`) whose links belong to this platform. */
  readonly hosts: readonly string[];
}

/**
 * The built-in platforms, keyed by id.
 *
 * @example
 * ```ts
 * platforms.x.name; // "X (formerly Twitter)"
 * platforms.telegram.hosts; // ["t.me", "telegram.me", "telegram.dog"]
 * ```
 */
export const platforms: Readonly<Record<KnownPlatformId, PlatformInfo>> = Object.freeze({
  facebook: { id: "facebook", name: "Facebook", hosts: ["facebook.com", "fb.com", "fb.me", "fb.watch"] },
  instagram: { id: "instagram", name: "Instagram", hosts: ["instagram.com", "instagr.am"] },
  whatsapp: {
    id: "whatsapp",
    name: "WhatsApp",
    hosts: ["wa.me", "whatsapp.com", "api.whatsapp.com", "chat.whatsapp.com"],
  },
  tiktok: { id: "tiktok", name: "TikTok", hosts: ["tiktok.com", "vm.tiktok.com", "vt.tiktok.com"] },
  x: { id: "x", name: "X (formerly Twitter)", hosts: ["x.com", "twitter.com"] },
  telegram: { id: "telegram", name: "Telegram", hosts: ["t.me", "telegram.me", "telegram.dog"] },
});

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

/**
 * The display name of a platform id; custom ids are returned as given.
 *
 * @example
 * ```ts
 * platformName("tiktok"); // "TikTok"
 * platformName("vk"); // "vk"
 * ```
 */
export function platformName(id: PlatformId): string {
  return isKnownPlatform(id) ? platforms[id].name : id;
}

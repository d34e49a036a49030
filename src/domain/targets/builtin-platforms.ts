import type { PlatformId } from "../platforms.js";
import type { PlatformDefinition } from "./platform-definition.js";
import { facebookPlatform } from "./platforms/facebook.js";
import { instagramPlatform } from "./platforms/instagram.js";
import { telegramPlatform } from "./platforms/telegram.js";
import { tiktokPlatform } from "./platforms/tiktok.js";
import { whatsappPlatform } from "./platforms/whatsapp.js";
import { xPlatform } from "./platforms/x.js";

/**
 * The definitions of the six built-in platforms, in the order of `KnownPlatformId.options`: definitions like the
 * ones a custom platform brings. A custom definition can wrap one of them (spread it and replace a member)
 * or replace it by giving the same id or hosts.
 *
 * @example
 * ```ts
 * BUILT_IN_PLATFORMS.map((platform) => platform.id); // ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"]
 * const strictX = { ...BUILT_IN_PLATFORMS[4]!, contentKinds: ["post"] };
 * ```
 */
export const BUILT_IN_PLATFORMS: readonly PlatformDefinition[] = Object.freeze([
  facebookPlatform,
  instagramPlatform,
  whatsappPlatform,
  tiktokPlatform,
  xPlatform,
  telegramPlatform,
]);

const hosts: readonly string[] = BUILT_IN_PLATFORMS.flatMap((platform) => platform.hosts);
const platformsOfHosts: readonly PlatformDefinition[] = BUILT_IN_PLATFORMS.flatMap((platform) =>
  platform.hosts.map(() => platform),
);

/**
 * The built-in platform of a normalised host. A scan of 14 hosts rather than a Map: the host is a fresh
 * string on every parse, and comparing it (most comparisons stop at the length) is cheaper than hashing it.
 * @internal
 *
 * @example
 * ```ts
 * builtInPlatformForHost("t.me")?.id; // "telegram"
 * ```
 */
export function builtInPlatformForHost(host: string): PlatformDefinition | undefined {
  for (let index = 0; index < hosts.length; index++) {
    if (hosts[index] === host) return platformsOfHosts[index];
  }
  return undefined;
}

/**
 * Built-in platforms by id.
 * @internal
 *
 * @example
 * ```ts
 * builtInPlatformsById.get("x")?.name; // "X (formerly Twitter)"
 * ```
 */
export const builtInPlatformsById: ReadonlyMap<string, PlatformDefinition> = new Map(
  BUILT_IN_PLATFORMS.map((platform) => [platform.id, platform] as const),
);

/**
 * The definition of a platform id: the first of `custom` with that id, else the built-in one.
 * @internal
 *
 * @example
 * ```ts
 * findPlatform("x", [])?.name; // "X (formerly Twitter)"
 * ```
 */
export function findPlatform(
  id: string,
  custom: readonly PlatformDefinition[] = [],
): PlatformDefinition | undefined {
  for (const platform of custom) if (platform.id === id) return platform;
  return builtInPlatformsById.get(id);
}

/**
 * The display name of a platform id; ids no definition names are returned as given.
 *
 * @example
 * ```ts
 * platformName("tiktok"); // "TikTok"
 * platformName("vk"); // "vk"
 * platformName("vk", [{ ...vk, name: "VK" }]); // "VK"
 * ```
 */
export function platformName(id: PlatformId, platforms: readonly PlatformDefinition[] = []): string {
  return findPlatform(id, platforms)?.name ?? id;
}

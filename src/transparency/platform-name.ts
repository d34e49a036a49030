import { platforms } from "../domain/platforms.js";

/**
 * The display name of a platform id (the id itself for a custom platform).
 *
 * @example
 * ```ts
 * platformName("x"); // "X (formerly Twitter)"
 * platformName("example-video"); // "example-video"
 * ```
 */
export function platformName(id: string): string {
  return (platforms as Readonly<Record<string, { name: string }>>)[id]?.name ?? id;
}

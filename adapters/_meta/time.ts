/**
 * Graph times: ISO 8601 with a `+0000`-style offset (no colon), as Graph sends them.
 */
import { z } from "zod";

/**
 * Graph time: ISO 8601 with a `+0000`-style offset (no colon), as Graph sends it. Read with
 * `graphTimeToIso`; zod's datetime check would refuse the offset form.
 *
 * @example
 * ```ts
 * GraphTimeSchema.parse("2026-01-05T09:00:00+0000");
 * ```
 */
export const GraphTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/, "a Graph time");

/**
 * Reads a Graph time (`+0000` offsets included) as ISO 8601 in UTC; `undefined` when unreadable.
 *
 * @example
 * ```ts
 * graphTimeToIso("2026-01-05T09:00:00+0000"); // "2026-01-05T09:00:00.000Z"
 * ```
 */
export function graphTimeToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  // Date.parse reads "+00:00" everywhere but "+0000" not on every engine: add the colon first.
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

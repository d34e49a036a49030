/** WhatsApp's times: Unix seconds written as strings. */
import { z } from "zod";

/**
 * A time as WhatsApp sends it: Unix seconds, as a string (`"1767603600"`).
 *
 * @example
 * ```ts
 * WhatsAppTimestampSchema.parse("1767603600");
 * ```
 */
export const WhatsAppTimestampSchema = z.string().regex(/^\d{1,12}$/, "Unix seconds as a string");

/**
 * Unix seconds as WhatsApp sends them, as ISO 8601 in UTC.
 *
 * @example
 * ```ts
 * whatsappTimeToIso("1767603600"); // "2026-01-05T09:00:00.000Z"
 * ```
 */
export function whatsappTimeToIso(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

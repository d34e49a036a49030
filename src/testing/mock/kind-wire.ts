/**
 * What the platform mocks that take preservation and disclosure requests share: the `preservation` body
 * schema (in the platform's own category and instrument words), the end of a preservation, and the wire
 * form of a production's files. Internal to the mocks.
 */
import { z } from "zod";
import { mockProductionFile } from "./production.js";

/** The `preservation` member of a create body, with the platform's own enums. */
export function preservationBodySchema<C extends z.ZodType, I extends z.ZodType>(category: C, instrument: I) {
  return z.strictObject({
    preserve_for: z.union([
      z.strictObject({ days: z.number().int().positive().max(366) }),
      z.strictObject({ months: z.number().int().positive().max(12) }),
    ]),
    basis: z.string().min(1).max(300),
    basis_url: z.url().optional(),
    data_categories: z.array(category).min(1).optional(),
    intended_instrument: instrument.optional(),
  });
}

/** When a preservation confirmed at `since` (ms) for `period` ends (ms). */
export function preservationEnd(since: number, period: { days: number } | { months: number }): number {
  const until = new Date(since);
  if ("days" in period) until.setUTCDate(until.getUTCDate() + period.days);
  else until.setUTCMonth(until.getUTCMonth() + period.months);
  return until.getTime();
}

/** The files of a mock production, one per data category, as the wire lists them. */
export function wireProductionFiles(
  ref: string,
  categories: readonly string[],
  accounts: readonly string[],
): { name: string; sha256: string; size: number; media_type: string }[] {
  return categories.map((category) => {
    const file = mockProductionFile(ref, category, accounts);
    return { name: file.name, sha256: file.sha256, size: file.size, media_type: file.mediaType };
  });
}

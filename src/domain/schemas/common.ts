import { z } from "zod";

/** An ISO 8601 date-time with an explicit zone (`Z` or an offset), e.g. `2025-03-01T09:30:00Z`. */
export const DateTime = z.iso.datetime({ offset: true });
/** An ISO 8601 date-time with an explicit zone, as a string. */
export type DateTime = z.infer<typeof DateTime>;

/** An ISO 8601 calendar date, e.g. `2025-03-01`. */
export const DateSchema = z.iso.date();

/** An absolute http(s) URL. */
export const HttpUrlSchema = z.url({ protocol: /^https?$/ });

/** A short identifier: letters, digits, `.`, `_`, `:` and `-`. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "an id is letters, digits, '.', '_', ':' and '-'");
/** A short identifier, as a string. */
export type Id = z.infer<typeof Id>;

/** A person or system that acted on a request: an id, and optionally a name and role for reports. */
export const Actor = z.object({
  id: Id,
  name: z.string().min(1).max(200).optional(),
  role: z.string().min(1).max(200).optional(),
});
/** A person or system that acted on a request. */
export type Actor = z.infer<typeof Actor>;

/** A content hash: `sha256:` and 64 lower-case hex digits. */
export const ContentHashSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, "a content hash is sha256: followed by 64 lower-case hex digits");

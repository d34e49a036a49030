/** Reads X's error body (`{ errors: [{ code, title, message, parameter }] }`) for the toolkit. */
import type { PlatformErrorDetails, PlatformErrorParser } from "referral-kit/adapter";
import { XErrorBodySchema } from "./wire.js";

/** X error codes whose meaning the status alone does not give. */
const RECLASSIFY: Readonly<Record<number, PlatformErrorDetails["errorCode"]>> = {
  32: "authentication_failed",
  89: "authentication_failed",
  88: "rate_limited",
  220: "permission_denied",
  34: "not_found",
};

/**
 * X's error body as the toolkit's details: every message (a validation error names each field), X's
 * code, and the class the code implies.
 *
 * @example
 * ```ts
 * parseXError({ status: 429, headers, text, json: { errors: [{ code: 88, message: "Too many requests." }] } });
 * // { message: "Too many requests.", code: "88", errorCode: "rate_limited" }
 * ```
 */
export const parseXError: PlatformErrorParser = ({ json }) => {
  const parsed = XErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const [first] = parsed.data.errors;
  if (!first) return undefined;
  const message = parsed.data.errors
    .map((e) => (e.parameter ? `${e.parameter}: ${e.message}` : e.message))
    .join("; ");
  const errorCode = RECLASSIFY[first.code];
  return { message, code: String(first.code), ...(errorCode ? { errorCode } : {}) };
};

/**
 * X's error envelope on a successful status: `{ errors: [...] }` without `data` is a failure whatever the
 * status, and keeps X's code and message. An answer with `data` is a success, even with `errors` beside
 * it (X's partial errors name items a lookup could not resolve).
 *
 * @example
 * ```ts
 * findXErrorEnvelope({ status: 200, headers, text, json: { errors: [{ code: 220, message: "Forbidden" }] } });
 * // { message: "Forbidden", code: "220", errorCode: "permission_denied" }
 * ```
 */
export const findXErrorEnvelope: PlatformErrorParser = (info) => {
  const body = info.json;
  if (typeof body !== "object" || body === null || "data" in body || !("errors" in body)) return undefined;
  return parseXError(info);
};

/** Reads WhatsApp's error body (`{ meta, errors: [{ code, title, details }] }`) for the toolkit. */
import type { PlatformErrorDetails, PlatformErrorParser } from "referral-kit/adapter";
import { WhatsAppErrorBodySchema } from "./wire.js";

/** WhatsApp error codes (modelled) whose meaning the status alone does not give. */
const RECLASSIFY: Readonly<Record<number, PlatformErrorDetails["errorCode"]>> = {
  1002: "authentication_failed",
  1003: "authentication_failed",
  1005: "permission_denied",
  1006: "not_found",
  1011: "platform_error",
  1014: "platform_error",
  1015: "rate_limited",
};

/**
 * WhatsApp's error body as the toolkit's details: `title: details` of every error, the first code, and
 * the class the code implies.
 *
 * @example
 * ```ts
 * parseWhatsAppError({ status: 429, headers, text, json: { errors: [{ code: 1015, title: "Too many requests" }] } });
 * // { message: "Too many requests", code: "1015", errorCode: "rate_limited" }
 * ```
 */
export const parseWhatsAppError: PlatformErrorParser = ({ json }) => {
  const parsed = WhatsAppErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const [first] = parsed.data.errors;
  if (!first) return undefined;
  const message = parsed.data.errors
    .map((e) => (e.details ? `${e.title}: ${e.details}` : e.title))
    .join("; ");
  const errorCode = RECLASSIFY[first.code];
  return { message, code: String(first.code), ...(errorCode ? { errorCode } : {}) };
};

/**
 * WhatsApp's error envelope on a successful status: `{ meta, errors: [...] }` without
 * `enforcement_requests` is a failure whatever the status, and keeps WhatsApp's code and message.
 *
 * @example
 * ```ts
 * findWhatsAppErrorEnvelope({ status: 200, headers, text, json: { errors: [{ code: 1006, title: "Resource not found" }] } });
 * // { message: "Resource not found", code: "1006", errorCode: "not_found" }
 * ```
 */
export const findWhatsAppErrorEnvelope: PlatformErrorParser = (info) => {
  const body = info.json;
  if (typeof body !== "object" || body === null || "enforcement_requests" in body || !("errors" in body)) {
    return undefined;
  }
  return parseWhatsAppError(info);
};

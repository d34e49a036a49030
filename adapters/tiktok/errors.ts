/**
 * TikTok's error envelope `{ code, message, request_id, data: {} }` as the toolkit's error classes. The
 * code decides the class, not the HTTP status: TikTok answers business errors with HTTP 200.
 */
import type { PlatformErrorDetails, PlatformErrorParser } from "referral-kit/adapter";
import { TikTokEnvelopeSchema } from "./wire.js";

type ErrorClass = NonNullable<PlatformErrorDetails["errorCode"]>;

/**
 * TikTok's error codes (modelled) and the error class each means. Unknown codes fall back by range:
 * 401xx authentication, 403xx permission, 404xx not found, 5xxxx platform failure, else rejected.
 *
 * @example
 * ```ts
 * TIKTOK_ERROR_CODES[40100]; // "rate_limited"
 * ```
 */
export const TIKTOK_ERROR_CODES: Readonly<Record<number, ErrorClass>> = Object.freeze({
  40001: "rejected_by_platform",
  40002: "rejected_by_platform",
  40004: "rejected_by_platform",
  40009: "rejected_by_platform",
  40100: "rate_limited",
  40101: "authentication_failed",
  40102: "authentication_failed",
  40103: "authentication_failed",
  40300: "permission_denied",
  40400: "not_found",
  50000: "platform_error",
  50002: "platform_error",
});

/** The class of a TikTok code, by the table, then by range. */
function classOf(code: number): ErrorClass {
  const known = TIKTOK_ERROR_CODES[code];
  if (known) return known;
  if (code >= 40100 && code < 40200) return "authentication_failed";
  if (code >= 40300 && code < 40400) return "permission_denied";
  if (code >= 40400 && code < 40500) return "not_found";
  if (code >= 50000) return "platform_error";
  return "rejected_by_platform";
}

/**
 * Reads TikTok's error envelope for the toolkit: message, code, `request_id`, and the class the code
 * implies (so a 40100 is a rate limit whatever the status).
 *
 * @example
 * ```ts
 * parseTikTokError({ status: 200, headers, text, json: { code: 40400, message: "legal request not found", request_id: "r1", data: {} } });
 * // { message: "legal request not found", code: "40400", requestId: "r1", errorCode: "not_found" }
 * ```
 */
export const parseTikTokError: PlatformErrorParser = ({ json }) => {
  const parsed = TikTokEnvelopeSchema.safeParse(json);
  if (!parsed.success || parsed.data.code === 0) return undefined;
  const { code, message, request_id } = parsed.data;
  return {
    message,
    code: String(code),
    ...(request_id ? { requestId: request_id } : {}),
    errorCode: classOf(code),
  };
};

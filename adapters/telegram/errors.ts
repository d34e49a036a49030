/**
 * Telegram's error envelope `{ ok: false, error_code, description, parameters?: { retry_after } }` as the
 * toolkit's error classes. `error_code` mirrors the HTTP status; the description refines it (Telegram
 * says "Bad Request: report not found" with 400, which is a not-found).
 */
import type { PlatformErrorDetails, PlatformErrorParser } from "referral-kit/adapter";
import { TelegramEnvelopeSchema } from "./wire.js";

/** The class a description implies when the code alone misleads. */
function reclassify(code: number, description: string): PlatformErrorDetails["errorCode"] {
  if (code === 429) return "rate_limited";
  if (code === 401) return "authentication_failed";
  if (code === 403) return "permission_denied";
  if (code === 404 || (code === 400 && /\bnot found\b/i.test(description))) return "not_found";
  if (code >= 500) return "platform_error";
  return undefined;
}

/**
 * Reads Telegram's error envelope for the toolkit: the description, `error_code`, the wait in
 * `parameters.retry_after` (seconds, as milliseconds), and the class it implies.
 *
 * @example
 * ```ts
 * parseTelegramError({ status: 429, headers, text, json: { ok: false, error_code: 429, description: "Too Many Requests: retry after 5", parameters: { retry_after: 5 } } });
 * // { message: "Too Many Requests: retry after 5", code: "429", retryAfterMs: 5000, errorCode: "rate_limited" }
 * ```
 */
export const parseTelegramError: PlatformErrorParser = ({ json }) => {
  const parsed = TelegramEnvelopeSchema.safeParse(json);
  if (!parsed.success || parsed.data.ok) return undefined;
  const { error_code, description, parameters } = parsed.data;
  const errorCode = reclassify(error_code, description);
  const wait = parameters?.retry_after;
  return {
    message: description,
    code: String(error_code),
    ...(wait === undefined ? {} : { retryAfterMs: Math.round(wait * 1000) }),
    ...(errorCode ? { errorCode } : {}),
  };
};

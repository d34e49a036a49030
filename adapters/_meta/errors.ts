/**
 * Reads Graph's error body for the toolkit. Graph's HTTP status often misleads (a rate limit arrives as
 * HTTP 400 with code 4, an unknown node as 400 with code 100 and subcode 33), so the code decides.
 */
import type { PlatformErrorDetails, PlatformErrorParser } from "referral-kit/adapter";
import { GraphErrorBodySchema } from "./wire.js";

/** Graph throttling codes: app (4), user (17), page (32), custom (613), business use case (80001-80014). */
function isThrottle(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80_001 && code <= 80_014);
}

/** The error class a Graph code implies, when the status alone does not say. */
function classify(code: number, subcode: number | undefined): PlatformErrorDetails["errorCode"] {
  if (code === 190 || code === 102) return "authentication_failed";
  if (code === 10 || (code >= 200 && code <= 299)) return "permission_denied";
  if (isThrottle(code)) return "rate_limited";
  if (code === 100 && subcode === 33) return "not_found";
  if (code === 1 || code === 2) return "platform_error";
  return undefined;
}

/**
 * The wait Graph states in `X-Business-Use-Case-Usage` (`estimated_time_to_regain_access`, minutes), the
 * largest over every business and type. Graph's own way to say "come back later" when it sends no
 * `Retry-After`.
 *
 * @example
 * ```ts
 * businessUseCaseWaitMs(new Headers({ "x-business-use-case-usage": '{"1":[{"type":"legal_requests","estimated_time_to_regain_access":5}]}' })); // 300000
 * ```
 */
export function businessUseCaseWaitMs(headers: Headers): number | undefined {
  const raw = headers.get("x-business-use-case-usage");
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  let minutes: number | undefined;
  for (const entries of Object.values(parsed)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const value = (entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access;
      if (typeof value === "number" && value > 0) minutes = Math.max(minutes ?? 0, value);
    }
  }
  return minutes === undefined ? undefined : minutes * 60_000;
}

/**
 * Graph's error body as the toolkit's details: the message, `code` (with the subcode after a dot, as
 * Graph's docs write it: `100.33`), `fbtrace_id` as the request id, and the class the code implies.
 * A throttle without `Retry-After` takes its wait from `X-Business-Use-Case-Usage`.
 *
 * @example
 * ```ts
 * parseGraphError({ status: 400, headers, text, json: { error: { message: "Application request limit reached", code: 4, fbtrace_id: "A1" } } });
 * // { message: "Application request limit reached", code: "4", requestId: "A1", errorCode: "rate_limited" }
 * ```
 */
export const parseGraphError: PlatformErrorParser = ({ json, headers }) => {
  const parsed = GraphErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const {
    message,
    code,
    error_subcode: subcode,
    fbtrace_id: trace,
    error_user_msg: userMessage,
  } = parsed.data.error;
  const errorCode = classify(code, subcode);
  const wait =
    errorCode === "rate_limited" && !headers.has("retry-after") ? businessUseCaseWaitMs(headers) : undefined;
  return {
    message: userMessage ? `${message} (${userMessage})` : message,
    code: subcode === undefined ? String(code) : `${code}.${subcode}`,
    ...(trace ? { requestId: trace } : {}),
    ...(errorCode ? { errorCode } : {}),
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  };
};

/**
 * Graph's error envelope on a successful status: `{ error: { message, code, ... } }` is a failure
 * whatever the status (Graph's answers are either a node or an error, never both), and keeps Graph's
 * code, message and `fbtrace_id`.
 *
 * @example
 * ```ts
 * findGraphErrorEnvelope({ status: 200, headers, text, json: { error: { message: "Invalid parameter", code: 100 } } });
 * // { message: "Invalid parameter", code: "100" }
 * ```
 */
export const findGraphErrorEnvelope: PlatformErrorParser = (info) => {
  const body = info.json;
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  return parseGraphError(info);
};

/**
 * Telegram's error envelope `{ ok: false, error_code, description, parameters?: { retry_after } }` as the
 * toolkit's error classes. `error_code` mirrors the HTTP status; the description refines it (Telegram
 * says "Bad Request: report not found" with 400, which is a not-found).
 */
import type { AdapterError } from "../../src/adapter/errors.js";
import {
  errorFromResponse,
  type PlatformErrorDetails,
  type PlatformErrorParser,
} from "../../src/adapter/http/errors-from-response.js";
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

/**
 * The error for an `ok: false` envelope that came with a successful HTTP status (Telegram keeps the two
 * in step, but the envelope is what it means).
 *
 * @example
 * ```ts
 * if (!envelope.ok) throw okFalseError({ envelope, status: 200, headers, method: "POST", url, secrets });
 * ```
 *
 * @deprecated The adapter no longer needs this: `createHttpClient`'s `errorInBody` maps an error in a
 * 2xx body (and retries it where it may pass). Kept so existing imports keep working.
 */
export function okFalseError(input: {
  envelope: unknown;
  status: number;
  headers: Headers;
  method: string;
  url: string;
  requestId: string | undefined;
  secrets: readonly string[];
}): AdapterError {
  return errorFromResponse({
    platform: "telegram",
    method: input.method,
    url: input.url,
    status: input.status,
    headers: input.headers,
    text: JSON.stringify(input.envelope),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    parseErrorBody: parseTelegramError,
    secrets: input.secrets,
  });
}

/**
 * @deprecated Not needed any more: the toolkit's client now waits as long as `parameters.retry_after`
 * says (it carries the body's wait from {@link parseTelegramError} into its retry decision), so this is
 * kept only so existing imports compile, and returns the `fetch` unchanged.
 *
 * @example
 * ```ts
 * // Before: createHttpClient({ ..., fetch: withRetryAfterFromBody(() => globalThis.fetch) });
 * createHttpClient({ platform: "telegram", baseUrl, parseErrorBody: parseTelegramError });
 * ```
 */
export function withRetryAfterFromBody(current: () => typeof globalThis.fetch): typeof globalThis.fetch {
  return (input, init) => current()(input, init);
}

import {
  type AdapterError,
  type AdapterErrorCode,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  PlatformServerError,
  RateLimitedError,
  RejectedByPlatformError,
  TimeoutError,
} from "../errors.js";

/**
 * What an adapter reads from a platform's own error body. Every field is optional: return only what the
 * body says. `errorCode` reclassifies the failure when the status misleads (Meta answers a rate limit with
 * HTTP 400 and error code 4, 17 or 613).
 *
 * @example
 * ```ts
 * const details: PlatformErrorDetails = { message: "Invalid OAuth access token", code: "190", errorCode: "authentication_failed" };
 * ```
 */
export interface PlatformErrorDetails {
  /** The platform's message, for people. Redacted and shortened before it reaches an error. */
  message?: string;
  /** The platform's own error code (kept as a string). */
  code?: string;
  /** The platform's request or trace id, when the body carries it. */
  requestId?: string;
  /** A wait the body asks for (Telegram's `parameters.retry_after`), in milliseconds. */
  retryAfterMs?: number;
  /** The error class to use instead of the one the status implies. */
  errorCode?: Extract<
    AdapterErrorCode,
    | "authentication_failed"
    | "permission_denied"
    | "rate_limited"
    | "rejected_by_platform"
    | "not_found"
    | "platform_error"
  >;
}

/**
 * An adapter's reader for its platform's error bodies: it sees the status, headers, raw text and, when
 * the text is JSON, its value. Return `undefined` to fall back to the generic
 * reader (`readCommonErrorBody`).
 *
 * @example
 * ```ts
 * const parseTelegramError: PlatformErrorParser = ({ json }) => {
 *   const body = json as { description?: string; error_code?: number; parameters?: { retry_after?: number } };
 *   return { message: body.description, code: String(body.error_code), retryAfterMs: (body.parameters?.retry_after ?? 0) * 1000 || undefined };
 * };
 * ```
 */
export type PlatformErrorParser = (info: {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or `undefined` when the text is not JSON. */
  json: unknown;
}) => PlatformErrorDetails | undefined;

/** What an error-body parser sees: the status, headers, raw text and, when the text is JSON, its value. */
type ErrorBodyInfo = Parameters<PlatformErrorParser>[0];

const MAX_MESSAGE = 500;

/**
 * Reads the error shapes most APIs use: `{ error: { message, code } }` (Meta, Google), `{ message, code }`,
 * `{ error, error_description }` (OAuth 2), `{ description, error_code }` (Telegram), `{ errors: [{ message,
 * code }] }` (X), `{ detail, title }` (RFC 9457 problem details).
 *
 * @example
 * ```ts
 * readCommonErrorBody({ error: { message: "Unsupported post request", code: 100 } });
 * // { message: "Unsupported post request", code: "100" }
 * ```
 */
export function readCommonErrorBody(json: unknown): PlatformErrorDetails {
  if (typeof json !== "object" || json === null) return {};
  const body = json as Record<string, unknown>;
  const nested =
    typeof body.error === "object" && body.error !== null ? (body.error as Record<string, unknown>) : {};
  const first =
    Array.isArray(body.errors) && typeof body.errors[0] === "object" && body.errors[0] !== null
      ? (body.errors[0] as Record<string, unknown>)
      : {};
  const message =
    text(nested.message) ??
    text(body.error_description) ??
    text(body.message) ??
    text(body.description) ??
    text(first.message) ??
    text(body.detail) ??
    text(body.title) ??
    text(body.error);
  const code =
    text(nested.code) ?? text(body.code) ?? text(body.error_code) ?? text(first.code) ?? text(nested.type);
  const requestId = text(nested.fbtrace_id) ?? text(body.request_id) ?? text(body.requestId);
  return {
    ...(message ? { message } : {}),
    ...(code ? { code } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * Everything {@link errorFromResponse} needs about a failed response.
 *
 * @example
 * ```ts
 * const error = errorFromResponse({ platform: "x", method: "GET", url, status: response.status, headers: response.headers, text: await response.text() });
 * ```
 */
export interface ErrorResponseInput {
  platform: string;
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The response body as text (may be empty). */
  text: string;
  /** The request id from the response headers, if any. */
  requestId?: string;
  /** The wait the platform asked for in its headers (`Retry-After`), if any. */
  retryAfterMs?: number;
  /**
   * The wait the rate-limit reset headers imply, if any. Used only when the error is a rate limit (after
   * any reclassification by the body): a window reset says nothing about when an outage ends.
   */
  rateLimitResetMs?: number;
  /** The adapter's own error-body reader. */
  parseErrorBody?: PlatformErrorParser;
  /**
   * Details already read from the body (an error found in a 2xx answer by `errorInBody`). Used instead
   * of `parseErrorBody`, over what the generic reader finds.
   */
  details?: PlatformErrorDetails;
  /** Known secret values, scrubbed from every field. */
  secrets?: readonly string[];
}

/**
 * Maps a failed response to its error class: 401 authentication, 403 permission, 404 and 410 not found,
 * 408 timeout, 429 rate limited, 5xx platform error, any other 4xx rejected by the platform (with the
 * platform's message and code). The adapter's `parseErrorBody` reads the platform's own body and may
 * reclassify (a rate limit sent as 400).
 *
 * @example
 * ```ts
 * const error = errorFromResponse({ platform: "x", method: "POST", url, status: 429, headers, text: "", retryAfterMs: 2000 });
 * error.code; // "rate_limited"
 * ```
 */
export function errorFromResponse(input: ErrorResponseInput): AdapterError {
  const json = parseJson(input.text);
  const info: ErrorBodyInfo = { status: input.status, headers: input.headers, text: input.text, json };
  const own = input.details ?? input.parseErrorBody?.(info) ?? {};
  const details = { ...readCommonErrorBody(json), ...definedOnly(own) };
  const platformMessage = details.message ? shorten(details.message) : undefined;
  const errorCode = details.errorCode ?? codeForStatus(input.status);
  const common = {
    platform: input.platform,
    method: input.method,
    url: input.url,
    status: input.status,
    requestId: details.requestId ?? input.requestId,
    retryAfterMs:
      details.retryAfterMs ??
      input.retryAfterMs ??
      (errorCode === "rate_limited" ? input.rateLimitResetMs : undefined),
    secrets: input.secrets,
    ...(platformMessage ? { platformMessage } : {}),
    ...(details.code ? { platformCode: details.code } : {}),
  };
  switch (errorCode) {
    case "authentication_failed":
      return new AuthenticationError(common);
    case "permission_denied":
      return new PermissionDeniedError(common);
    case "not_found":
      return new NotFoundError(common);
    case "rate_limited":
      return new RateLimitedError(common);
    case "timeout":
      return new TimeoutError({ ...common, kind: "server" });
    case "platform_error":
      return new PlatformServerError(common);
    default:
      return new RejectedByPlatformError(common);
  }
}

function codeForStatus(status: number): AdapterErrorCode {
  if (status === 401) return "authentication_failed";
  if (status === 403) return "permission_denied";
  if (status === 404 || status === 410) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "platform_error";
  return "rejected_by_platform";
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function shorten(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

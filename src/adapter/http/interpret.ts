/**
 * Reading an answer that arrived whole: a success becomes the schema's output; anything else (an error
 * status, an error in a 2xx body, a body that is not JSON or not of the expected shape) becomes the
 * `AdapterError` the call fails with, and, for the retry policy, what kind of failure it was. One job.
 */
import type { z } from "zod";
import { type AdapterError, type AdapterErrorOptions, ProtocolError } from "../errors.js";
import { errorFromResponse, type PlatformErrorDetails } from "./errors-from-response.js";
import type { AttemptFailure } from "./retry.js";
import { parseRetryAfter, rateLimitResetDelay } from "./retry.js";
import type { ClientSettings } from "./settings.js";

/** What the interpretation knows of the call. */
export interface AnswerContext {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly requestId: string | undefined;
}

/** The outcome: the validated body, or the failure with the error to report. */
export type Interpretation<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: AdapterError; readonly failure: AttemptFailure };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

/**
 * Interprets an answer's status, headers and body text.
 *
 * @example
 * ```ts
 * const outcome = interpretAnswer(settings, { method, url, status, headers, requestId }, text, ReceiptSchema);
 * if (outcome.ok) return outcome.data;
 * ```
 */
export function interpretAnswer<S extends z.ZodType>(
  settings: ClientSettings,
  answer: AnswerContext,
  text: string,
  schema: S,
): Interpretation<z.output<S>> {
  const context = () => ({
    platform: settings.platform,
    method: answer.method,
    url: answer.url,
    status: answer.status,
    requestId: answer.requestId,
    secrets: settings.secrets(),
  });
  let details: PlatformErrorDetails | undefined;
  if (answer.status >= 200 && answer.status < 300) {
    const value = readJson(text, answer.headers, context);
    details = findErrorInBody(settings, answer, text, value, context);
    if (!details) {
      const result = schema.safeParse(value);
      if (!result.success) throw ProtocolError.fromZod(result.error, context());
      return { ok: true, data: result.data };
    }
  }
  const now = settings.now();
  const retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), now);
  const rateLimitResetMs = rateLimitResetDelay(answer.headers, now);
  const error = errorFromResponse({
    platform: settings.platform,
    method: answer.method,
    url: answer.url,
    status: answer.status,
    headers: answer.headers,
    text,
    requestId: answer.requestId,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(rateLimitResetMs === undefined ? {} : { rateLimitResetMs }),
    parseErrorBody: settings.parseErrorBody,
    ...(details ? { details } : {}),
    secrets: settings.secrets(),
  });
  // A body may reclassify the status (a rate limit sent as 400, an error in a 200): retry as the class
  // says. The error's wait (from the body when the headers gave none) goes into the decision.
  return {
    ok: false,
    error,
    failure: {
      kind: "status",
      status: retryStatus(error, answer.status),
      headers: answer.headers,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    },
  };
}

/** The status the retry decision sees: the error's class where the body changed it. */
function retryStatus(error: AdapterError, status: number): number {
  if (error.code === "rate_limited") return 429;
  if (status >= 200 && status < 300) {
    if (error.code === "platform_error") return 503;
    if (error.code === "timeout") return 408;
  }
  return status;
}

function findErrorInBody(
  settings: ClientSettings,
  answer: AnswerContext,
  text: string,
  json: unknown,
  context: () => AdapterErrorOptions,
): PlatformErrorDetails | undefined {
  if (!settings.errorInBody) return undefined;
  try {
    return settings.errorInBody({ status: answer.status, headers: answer.headers, text, json });
  } catch (error) {
    throw new ProtocolError({ ...context(), reason: "errorInBody could not read the body", cause: error });
  }
}

function readJson(text: string, headers: Headers, context: () => AdapterErrorOptions): unknown {
  if (text.trim() === "") return undefined;
  const type = headers.get("content-type");
  // A missing type is tolerated (some APIs omit it); a different one is not JSON whatever it looks like.
  if (type && !JSON_TYPE.test(type)) {
    throw new ProtocolError({
      ...context(),
      reason: `expected a JSON body, got content type ${JSON.stringify(type)}`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProtocolError({ ...context(), reason: "the body is not valid JSON", cause: error });
  }
}

import ky from "ky";
import type { z } from "zod";
import type { AuthStrategy } from "./auth/types.js";
import { createCallBuilder } from "./build.js";
import { runCall } from "./call.js";
import type { PlatformErrorParser } from "./errors-from-response.js";
import type { HttpHooks } from "./hooks.js";
import type { RetryPolicy } from "./retry.js";
import { resolveSettings } from "./settings.js";

/**
 * The HTTP methods the client sends.
 *
 * @example
 * ```ts
 * await client.request("PATCH", "/reports/1", { body: { json: { note } }, schema: ReportSchema, idempotencyKey });
 * ```
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How an adapter's HTTP client talks to its platform. Only `platform` and `baseUrl` are required.
 *
 * @example
 * ```ts
 * const config: HttpClientConfig = {
 *   platform: "x",
 *   baseUrl: "https://api.x.com/2",
 *   auth: bearerToken(token),
 *   timeoutMs: 10_000,
 *   retry: { maxRetries: 2 },
 * };
 * ```
 */
export interface HttpClientConfig {
  /** The platform id, for errors, logs and the user agent. */
  platform: string;
  /** Every path is resolved against this (`https://graph.facebook.com/v21.0`). */
  baseUrl: string;
  /** How to authenticate; none when omitted. */
  auth?: AuthStrategy;
  /** The `fetch` to use. Read on every call, as is `globalThis.fetch` when this is omitted. */
  fetch?: typeof globalThis.fetch;
  /** A product token appended to the user agent, e.g. `"ministry-referrals/2.1"`. */
  userAgent?: string;
  /** Headers sent on every call. */
  headers?: Record<string, string>;
  /** The header that carries the idempotency key (default `Idempotency-Key`); `false` to not send one. */
  idempotencyHeader?: string | false;
  /** The longest one attempt may take, body included (default 30 s). */
  timeoutMs?: number;
  /** The longest a whole call may take, retries and waits included (default 120 s). */
  deadlineMs?: number;
  /**
   * The largest answer read, in bytes (default 10 MiB): a larger one
   * fails with `ResponseTooLargeError`, caught from its `Content-Length` or counted while streaming.
   */
  maxResponseBytes?: number;
  /**
   * Which redirects to follow. The default follows a redirect only within the origin of the call (scheme,
   * host and port), and there only for GET and HEAD, or for any method on 307 and 308 (which repeat the
   * method and the body, sent again intact). A redirect to another origin fails with
   * `RedirectRefusedError` naming both origins, unless its origin is allowed here, and even then carries
   * no credential, signature or idempotency key.
   *
   * @example
   * ```ts
   * // A platform that serves status reads from a regional host:
   * createHttpClient({ platform: "acme", baseUrl, redirects: { allowOrigins: ["https://eu.api.acme.example"] } });
   * ```
   */
  redirects?: {
    /** The most redirects followed per attempt (default 5); 0 follows none. */
    readonly max?: number;
    /**
     * Origins other than the call's own that a redirect may lead to (`https://host[:port]`). Only GET and
     * HEAD are followed there, and without credentials, signatures, the idempotency key or the client's
     * own headers: the auth strategy is not applied to that hop. Default none.
     */
    readonly allowOrigins?: readonly string[];
  };
  /**
   * Retry settings; unset fields keep their defaults (see {@link RetryPolicy}): 3 retries, 500 ms doubling
   * to at most 8 s (full jitter), `Retry-After` honoured up to 60 s, retry on 408, 425, 429, 500, 502, 503
   * and 504.
   */
  retry?: Partial<RetryPolicy>;
  /** Response headers that carry the platform's request id, first match wins. */
  requestIdHeaders?: readonly string[];
  /** The adapter's reader for its platform's error bodies. */
  parseErrorBody?: PlatformErrorParser;
  /**
   * Finds an error in a successful (2xx) answer, for platforms that report errors in the body (TikTok's
   * `{ code != 0 }` and Telegram's `ok: false` on HTTP 200). Called, like `parseErrorBody`, with the
   * status, headers, text and parsed JSON (`undefined` for an empty body), before schema validation:
   * return the error's details to fail the attempt, or `undefined` when the body is a success. The
   * details go through the same mapping as an error status (`errorCode` picks the class; without one it
   * is a rejection) and the same retry rules: a rate limit is retried as a 429, a platform error as a
   * 503, a timeout as a 408, each only when the call is safe to repeat.
   *
   * @example
   * ```ts
   * errorInBody: ({ json }) => {
   *   const { code, message } = json as { code: number; message: string };
   *   return code === 0 ? undefined : { code: String(code), message, errorCode: code === 40100 ? "rate_limited" : undefined };
   * }
   * ```
   */
  errorInBody?: PlatformErrorParser;
  /** Observers for logging and metrics; they see redacted data only. */
  hooks?: HttpHooks;
  /** Pass request and response bodies (redacted) to the hooks. Off by default: bodies carry case data. */
  logBodies?: boolean;
  /** Further secret values to scrub from errors and hook payloads (a bot token in `baseUrl`). */
  secrets?: readonly string[];
  /** The clock, in epoch milliseconds (tests inject one). */
  now?: () => number;
  /** The random source for jitter, in [0, 1) (tests inject one). */
  random?: () => number;
  /** The wait between attempts, instead of ky's (tests inject one that records instead of waiting). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Options for one call.
 *
 * @example
 * ```ts
 * await client.postJson("/reports", body, ReceiptSchema, { signal, idempotencyKey: "req-1:0", timeoutMs: 5_000 });
 * ```
 */
export interface HttpRequestOptions {
  /** Cancels the call at any point: before sending, while waiting, between retries, while reading. */
  signal?: AbortSignal;
  /** Sent in the idempotency header; makes a POST or PATCH safe to retry. */
  idempotencyKey?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** Query parameters; `undefined` values are left out. */
  searchParams?: Record<string, string | number | boolean | undefined>;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's total deadline. */
  deadlineMs?: number;
  /** Overrides the client's largest answer, in bytes. */
  maxResponseBytes?: number;
  /**
   * Overrides whether the call is safe to repeat. By default GET, PUT and DELETE are, and POST and PATCH
   * are only with an idempotency key. Set `true` for a read done by POST.
   */
  idempotent?: boolean;
}

/** What a call returns with `HttpClient.request`, for a body of type `T`. */
export type HttpResult<T> = Omit<Awaited<ReturnType<HttpClient["request"]>>, "data"> & { data: T };

/**
 * A typed JSON client for one platform, built by {@link createHttpClient}. Every method validates the
 * answer with a zod schema and returns the schema's output; every failure is an `AdapterError` (or the
 * signal's reason when the caller aborted).
 *
 * @example
 * ```ts
 * function makeAdapter(client: HttpClient) {
 *   return { getReport: (id: string) => client.getJson(`/reports/${id}`, ReportSchema) };
 * }
 * ```
 */
export interface HttpClient {
  /** The platform this client talks to. */
  readonly platform: string;
  /**
   * Any method, with the full result: `data` (the response body, validated by `options.schema`: its
   * output), `status`, `headers`, `requestId` (the platform's, from the response headers) and `attempts`
   * (how many the call took). `options.body` is JSON (serialised by the client) or an HTML form
   * (`application/x-www-form-urlencoded`).
   *
   * @example
   * ```ts
   * await client.request("POST", "/token", { body: { form: { grant_type: "client_credentials" } }, schema: TokenSchema });
   * const { data, requestId } = await client.request("GET", "/reports/1", { schema: ReportSchema });
   * ```
   */
  request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    options: HttpRequestOptions & {
      body?: { json: unknown } | { form: Record<string, string> | URLSearchParams };
      schema: S;
    },
  ): Promise<{
    data: z.output<S>;
    status: number;
    headers: Headers;
    requestId: string | undefined;
    attempts: number;
  }>;
  /** GET a JSON resource. */
  getJson<S extends z.ZodType>(path: string, schema: S, options?: HttpRequestOptions): Promise<z.output<S>>;
  /** POST a JSON body. Retried only with an idempotency key (or `idempotent: true`). */
  postJson<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options?: HttpRequestOptions,
  ): Promise<z.output<S>>;
  /** POST a form body (`application/x-www-form-urlencoded`). */
  postForm<S extends z.ZodType>(
    path: string,
    form: Record<string, string> | URLSearchParams,
    schema: S,
    options?: HttpRequestOptions,
  ): Promise<z.output<S>>;
  /** PUT a JSON body. */
  putJson<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options?: HttpRequestOptions,
  ): Promise<z.output<S>>;
  /** PATCH a JSON body. Retried only with an idempotency key (or `idempotent: true`). */
  patchJson<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options?: HttpRequestOptions,
  ): Promise<z.output<S>>;
  /** DELETE a resource. */
  deleteJson<S extends z.ZodType>(
    path: string,
    schema: S,
    options?: HttpRequestOptions,
  ): Promise<z.output<S>>;
}

export { DEFAULT_REQUEST_ID_HEADERS } from "./settings.js";

/**
 * Builds the HTTP client an adapter uses, on ky. Each call:
 * - resolves `path` against `baseUrl`, adds the user agent, the idempotency header and the auth strategy's
 *   credentials (signed again on every attempt);
 * - reads `fetch` at call time (`config.fetch ?? globalThis.fetch`), so msw and custom fetches work;
 * - limits each attempt (`timeoutMs`, body read included) and the whole call (`deadlineMs`);
 * - follows redirects by hand, within the call's origin only unless `redirects.allowOrigins` says
 *   otherwise, so credentials, signatures and idempotency keys never reach another origin, also through
 *   a custom `fetch` (every request goes out with `redirect: "manual"`); a refused redirect is a
 *   `RedirectRefusedError` naming both origins;
 * - reads at most `maxResponseBytes` of an answer (10 MiB by default), checked against `Content-Length`
 *   first and counted while streaming, else `ResponseTooLargeError`;
 * - retries 408, 425, 429, 5xx, network errors and attempt timeouts with exponential backoff and full
 *   jitter, honouring `Retry-After` (seconds or HTTP-date), rate-limit reset headers (on 429 only) and
 *   a wait the error body gives (`parseErrorBody`'s `retryAfterMs`, when the headers give none) up to
 *   `retry.maxRetryAfterMs`, but only when the call is safe to repeat (an idempotent method, or an
 *   idempotency key); ky runs the attempts and the waits, the policy decides;
 * - on 401, lets the auth strategy refresh and retries once;
 * - checks the content type, parses JSON and validates it with the schema (else `ProtocolError`);
 * - maps failures to `AdapterError` subclasses, with credentials redacted everywhere;
 * - honours the caller's `AbortSignal` at every step, rejecting with its reason.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { bearerToken, createHttpClient } from "referral-kit/adapter";
 *
 * const client = createHttpClient({ platform: "x", baseUrl: "https://api.x.com/2", auth: bearerToken(token) });
 * const Receipt = z.object({ id: z.string(), created_at: z.string() });
 * const receipt = await client.postJson("/reports", { ids: ["123"] }, Receipt, { idempotencyKey: "req-1:0", signal });
 * receipt.id; // string
 * ```
 */
export function createHttpClient(config: HttpClientConfig): HttpClient {
  const settings = resolveSettings(config);
  const builder = createCallBuilder(settings);
  // ky sends the attempts; what never changes between calls lives on the instance, so a call passes
  // only what changes per call. Errors are the client's own (see attempt.ts), so ky throws none.
  const api = ky.create({ throwHttpErrors: false });

  async function request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    options: Parameters<HttpClient["request"]>[2] & { schema: S },
  ): Promise<HttpResult<z.output<S>>> {
    options.signal?.throwIfAborted();
    return runCall(settings, api, builder.prepare(method, path, options), options.schema, options.signal);
  }

  return {
    platform: config.platform,
    request,
    getJson: (path, schema, options) => request("GET", path, { ...options, schema }).then((r) => r.data),
    postJson: (path, body, schema, options) =>
      request("POST", path, { ...options, body: { json: body }, schema }).then((r) => r.data),
    postForm: (path, form, schema, options) =>
      request("POST", path, { ...options, body: { form }, schema }).then((r) => r.data),
    putJson: (path, body, schema, options) =>
      request("PUT", path, { ...options, body: { json: body }, schema }).then((r) => r.data),
    patchJson: (path, body, schema, options) =>
      request("PATCH", path, { ...options, body: { json: body }, schema }).then((r) => r.data),
    deleteJson: (path, schema, options) =>
      request("DELETE", path, { ...options, schema }).then((r) => r.data),
  };
}

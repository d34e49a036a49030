import ky from "ky";
import type { z } from "zod";
import { AdapterError, AuthenticationError, NetworkError, ProtocolError, TimeoutError } from "../errors.js";
import { abortableSleep, raceAbort, type Sleep } from "./abort.js";
import { watchAbort } from "./abort-watch.js";
import type { AuthObserver, AuthStrategy } from "./auth/types.js";
import {
  type ErrorResponseInput,
  errorFromResponse,
  type PlatformErrorDetails,
  type PlatformErrorParser,
} from "./errors-from-response.js";
import type { HttpHooks, HttpResponseEvent } from "./hooks.js";
import { redactHeaders, redactText, redactUrl } from "./redact.js";
import {
  type AttemptFailure,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isRetrySafe,
  parseRetryAfter,
  type RetryPolicy,
  rateLimitResetDelay,
} from "./retry.js";
import { userAgent } from "./user-agent.js";

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
 * Query parameters; `undefined` values are left out.
 *
 * @example
 * ```ts
 * await client.getJson("/reports", ListSchema, { searchParams: { page: 2, since: cursor } });
 * ```
 */
export type SearchParams = Record<string, string | number | boolean | undefined>;

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
  /** Retry settings; unset fields keep their defaults ({@link DEFAULT_RETRY_POLICY}). */
  retry?: Partial<RetryPolicy>;
  /** Response headers that carry the platform's request id, first match wins. */
  requestIdHeaders?: readonly string[];
  /** The adapter's reader for its platform's error bodies. */
  parseErrorBody?: PlatformErrorParser;
  /**
   * Finds an error in a successful (2xx) answer, for platforms that report errors in the body (TikTok's
   * `{ code != 0 }` and Telegram's `ok: false` on HTTP 200). Called with the parsed JSON before schema
   * validation; return the error's details to fail the attempt, or `undefined` when the body is a
   * success. The details go through the same mapping as an error status (`errorCode` picks the class;
   * without one it is a rejection) and the same retry rules: a rate limit is retried as a 429, a
   * platform error as a 503, a timeout as a 408, each only when the call is safe to repeat.
   *
   * @example
   * ```ts
   * errorInBody: ({ body }) => {
   *   const { code, message } = body as { code: number; message: string };
   *   return code === 0 ? undefined : { code: String(code), message, errorCode: code === 40100 ? "rate_limited" : undefined };
   * }
   * ```
   */
  errorInBody?(info: ErrorInBodyInfo): PlatformErrorDetails | undefined;
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
  /** The sleep between attempts (tests inject one that records instead of waiting). */
  sleep?: Sleep;
}

/**
 * What {@link HttpClientConfig.errorInBody} sees of a successful answer: its status, headers and the
 * parsed JSON body (`undefined` for an empty body).
 *
 * @example
 * ```ts
 * const errorInBody = ({ status, body }: ErrorInBodyInfo) => (status === 200 && (body as { ok?: boolean }).ok === false ? { message: "refused" } : undefined);
 * ```
 */
export interface ErrorInBodyInfo {
  status: number;
  headers: Headers;
  body: unknown;
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
  /** Query parameters. */
  searchParams?: SearchParams;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's total deadline. */
  deadlineMs?: number;
  /**
   * Overrides whether the call is safe to repeat. By default GET, PUT and DELETE are, and POST and PATCH
   * are only with an idempotency key. Set `true` for a read done by POST.
   */
  idempotent?: boolean;
}

/**
 * A request body: JSON (serialised by the client) or an HTML form (`application/x-www-form-urlencoded`).
 *
 * @example
 * ```ts
 * await client.request("POST", "/token", { body: { form: { grant_type: "client_credentials" } }, schema: TokenSchema });
 * ```
 */
export type HttpBody = { json: unknown } | { form: Record<string, string> | URLSearchParams };

/**
 * Options for {@link HttpClient.request}: the call options, the body and the schema of the answer.
 *
 * @example
 * ```ts
 * await client.request("POST", "/reports", { body: { json: payload }, schema: ReceiptSchema, idempotencyKey, signal });
 * ```
 */
export interface HttpCallOptions<S extends z.ZodType> extends HttpRequestOptions {
  /** The body, if any. */
  body?: HttpBody;
  /** Validates the response body; its output is the call's result. */
  schema: S;
}

/**
 * What a call returns with {@link HttpClient.request}: the validated body and what else the response said.
 *
 * @example
 * ```ts
 * const { data, requestId } = await client.request("GET", "/reports/1", { schema: ReportSchema });
 * ```
 */
export interface HttpResult<T> {
  /** The validated body. */
  data: T;
  status: number;
  headers: Headers;
  /** The platform's request id, from the response headers. */
  requestId: string | undefined;
  /** How many attempts the call took. */
  attempts: number;
}

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
  /** Any method, with the full result (status, headers, request id). */
  request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    options: HttpCallOptions<S>,
  ): Promise<HttpResult<z.output<S>>>;
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

/**
 * Headers that commonly carry a platform's request or trace id.
 *
 * @example
 * ```ts
 * createHttpClient({ platform: "x", baseUrl, requestIdHeaders: [...DEFAULT_REQUEST_ID_HEADERS, "x-platform-trace"] });
 * ```
 */
export const DEFAULT_REQUEST_ID_HEADERS: readonly string[] = Object.freeze([
  "x-request-id",
  "request-id",
  "x-fb-request-id",
  "x-fb-trace-id",
  "x-tt-logid",
  "x-transaction-id",
  "x-amzn-requestid",
]);

/** How many resolved paths a client keeps (see `resolvePath` in {@link createHttpClient}). */
const RESOLVED_PATHS_LIMIT = 256;

/** Why an attempt's own signal fired. */
class AttemptTimeout extends Error {}
class DeadlineExceeded extends Error {}

/** The attempt timer's callback: one function for every call, no closure per attempt. */
function abortAttempt(controller: AbortController): void {
  controller.abort(new AttemptTimeout());
}

/**
 * Builds the HTTP client an adapter uses, on ky. Each call:
 * - resolves `path` against `baseUrl`, adds the user agent, the idempotency header and the auth strategy's
 *   credentials (signed again on every attempt);
 * - reads `fetch` at call time (`config.fetch ?? globalThis.fetch`), so msw and custom fetches work;
 * - limits each attempt (`timeoutMs`, body read included) and the whole call (`deadlineMs`);
 * - retries 408, 425, 429, 5xx, network errors and attempt timeouts with exponential backoff and full
 *   jitter, honouring `Retry-After` (seconds or HTTP-date), rate-limit reset headers (on 429 only) and
 *   a wait the error body gives (`parseErrorBody`'s `retryAfterMs`, when the headers give none) up to
 *   `retry.maxRetryAfterMs`, but only when the call is safe to repeat (an idempotent method, or an
 *   idempotency key); ky's own retry is off because it cannot express that rule, the deadline or the cap;
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
  if (!URL.canParse(config.baseUrl)) {
    throw new TypeError(
      `baseUrl must be an absolute URL, got ${JSON.stringify(redactUrl(config.baseUrl, config.secrets))}`,
    );
  }
  const baseHref = new URL(config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`).href;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const now = config.now ?? Date.now;
  const random = config.random ?? Math.random;
  const sleep = config.sleep ?? abortableSleep;
  const configuredIdempotencyHeader = config.idempotencyHeader ?? "Idempotency-Key";
  // Lower-case, as every other name in the plain header object ky merges.
  const idempotencyHeader = configuredIdempotencyHeader
    ? configuredIdempotencyHeader.toLowerCase()
    : undefined;
  const requestIdHeaders = config.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const secrets = (): string[] => [...(config.secrets ?? []), ...(config.auth?.secrets() ?? [])];
  // Read at call time, never captured: msw patches globalThis.fetch after modules load.
  const currentFetch = (): typeof globalThis.fetch => config.fetch ?? globalThis.fetch;

  // ky sends each attempt (headers, body, the fetch below); the URL is resolved here, so errors and logs
  // name the exact URL sent. ky's retry and timeout are off: the loop below owns both (see the TSDoc
  // above). The fixed options live on this instance, so a call passes only what changes per call.
  const api = ky.create({ retry: 0, timeout: false, throwHttpErrors: false });
  // The headers every call sends, read once (as ky's defaults were): lower-case names, values as a
  // Headers object combines them. Each call copies them into one plain object that ky merges once,
  // instead of ky merging default and per-call Headers objects on every call.
  const baseHeaders: Record<string, string> = Object.fromEntries(
    new Headers({ "user-agent": userAgent(config.platform, config.userAgent), ...config.headers }),
  );

  // Resolved paths without query parameters, by path: an adapter calls a handful of paths (its submit
  // endpoint, status paths with an id), and parsing a URL was a visible part of a call's own work.
  const resolvedPaths = new Map<string, string>();
  const resolvePath = (path: string, searchParams: SearchParams | undefined): string => {
    const known = searchParams ? undefined : resolvedPaths.get(path);
    if (known !== undefined) return known;
    const fullUrl = new URL(path.replace(/^\/+/, ""), baseHref);
    // Credentials go to the platform only: a path that is an absolute URL, or climbs out of the base
    // path (`../`), is a bug or an injection through a platform reference.
    if (!fullUrl.href.startsWith(baseHref)) {
      throw new TypeError(`path ${JSON.stringify(redactText(path, secrets()))} leaves the base URL`);
    }
    if (searchParams) {
      for (const [name, value] of Object.entries(searchParams)) {
        if (value !== undefined) fullUrl.searchParams.set(name, String(value));
      }
      return fullUrl.href;
    }
    // Bounded: status paths carry ids, and a long sync must not grow the map without end.
    if (resolvedPaths.size >= RESOLVED_PATHS_LIMIT) resolvedPaths.clear();
    resolvedPaths.set(path, fullUrl.href);
    return fullUrl.href;
  };

  // Observers run synchronously and are never awaited: a logger that throws, or hangs, must not fail or
  // stall a call the platform may already have acted on. Callers look the hook up first and build the
  // (redacted) payload only when there is one: redaction is for what leaves the client, not the happy path.
  const hook = <K extends keyof HttpHooks>(name: K) => config.hooks?.[name];
  const fire = <E>(observer: ((event: E) => unknown) | undefined, event: E): void => {
    if (!observer) return;
    try {
      const result = observer(event);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // ignored on purpose
    }
  };

  // What an auth strategy's own calls (token requests) show the hooks: redacted like every call.
  const authObserver = (attempt: number): AuthObserver => ({
    request(event) {
      const observer = hook("onRequest");
      if (!observer) return;
      fire(observer, {
        platform: config.platform,
        method: event.method,
        url: redactUrl(event.url, secrets()),
        headers: redactHeaders(event.headers, secrets()),
        attempt,
        purpose: "token",
        ...(config.logBodies && event.body !== undefined ? { body: redactText(event.body, secrets()) } : {}),
      });
    },
    response(event) {
      const observer = hook("onResponse");
      if (!observer) return;
      fire(observer, {
        platform: config.platform,
        method: event.method,
        url: redactUrl(event.url, secrets()),
        status: event.status,
        headers: redactHeaders(event.headers, secrets()),
        attempt,
        durationMs: event.durationMs,
        purpose: "token",
        ...(config.logBodies && event.body !== undefined ? { body: redactText(event.body, secrets()) } : {}),
      });
    },
  });

  async function request<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    options: HttpCallOptions<S>,
  ): Promise<HttpResult<z.output<S>>> {
    const callerSignal = options.signal;
    callerSignal?.throwIfAborted();
    const started = now();
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? 30_000;
    const deadlineMs = options.deadlineMs ?? config.deadlineMs ?? 120_000;
    const retrySafe = isRetrySafe(method, options.idempotencyKey, options.idempotent);
    const { bodyText, contentType } = serialiseBody(options.body);
    const url = resolvePath(path, options.searchParams);
    // Errors redact `url` themselves; the secrets are read only when an error is built.
    const describe = () => ({ platform: config.platform, method, url, secrets: secrets() });

    // One controller per attempt (and per wait between attempts) carries every reason to stop: the
    // caller's signal, the deadline and the attempt's own timeout. The caller's signal is watched through
    // one shared listener and the deadline through one timer per call, instead of chaining signals with
    // `AbortSignal.any` (costly per call, and on Node 20 it grows a long-lived caller signal forever).
    let deadlineHit = false;
    let current: AbortController | undefined;
    const arm = (): AbortController => {
      const controller = new AbortController();
      if (callerSignal?.aborted) controller.abort(callerSignal.reason);
      else if (deadlineHit) controller.abort(new DeadlineExceeded());
      current = controller;
      return controller;
    };
    const deadlineTimer = setTimeout(() => {
      deadlineHit = true;
      current?.abort(new DeadlineExceeded());
    }, deadlineMs);
    const unwatch = callerSignal
      ? watchAbort(callerSignal, () => current?.abort(callerSignal.reason))
      : undefined;

    // Stops at every await: a caller abort wins, then the deadline.
    const checkpoint = () => {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (deadlineHit) throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs });
    };

    let retries = 0;
    let refreshedAuth = false;
    let attempt = 0;
    try {
      for (;;) {
        attempt += 1;
        checkpoint();
        const remaining = deadlineMs - (now() - started);
        // The clock can pass the deadline before its timer fires (a busy event loop).
        if (remaining <= 0)
          throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs });
        const attemptController = arm();
        const signal = attemptController.signal;
        const attemptTimer = setTimeout(
          abortAttempt,
          Math.max(0, Math.min(timeoutMs, remaining)),
          attemptController,
        );
        const attemptStarted = now();
        let failure: AttemptFailure;
        let error: AdapterError;
        try {
          // Per-call headers over the client's, in one plain object that ky merges once.
          const headers: Record<string, string> = { ...baseHeaders };
          if (options.headers) {
            for (const [name, value] of new Headers(options.headers)) headers[name] = value;
          }
          if (contentType) headers["content-type"] = contentType;
          headers.accept = "application/json";
          if (options.idempotencyKey && idempotencyHeader)
            headers[idempotencyHeader] = options.idempotencyKey;
          const currentAttempt = attempt;
          // Credentials and the onRequest hook are applied in the fetch ky calls, not in a ky hook: the
          // request is the one ky sends (its clone for retries is already taken, and ky's retry is off),
          // and a call then skips ky's hook merging and hook loop.
          const send = async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
            // ky hands over the Request it built; anything else is wrapped the same way.
            const kyRequest = input instanceof Request ? input : new Request(input, init);
            let outgoing = kyRequest;
            if (config.auth) {
              try {
                outgoing =
                  (await config.auth.apply(kyRequest, {
                    platform: config.platform,
                    body: bodyText,
                    signal,
                    fetch: currentFetch(),
                    now,
                    observe: authObserver(currentAttempt),
                  })) ?? kyRequest;
              } catch (thrown) {
                if (AdapterError.isInstance(thrown) || signal.aborted) throw thrown;
                // A token provider that throws is a credentials problem, not a network one.
                throw new AuthenticationError({
                  ...describe(),
                  platformMessage: `the ${config.auth?.name ?? "auth"} strategy could not provide credentials`,
                  cause: thrown,
                });
              }
            }
            checkpoint();
            const onRequest = hook("onRequest");
            if (onRequest) {
              fire(onRequest, {
                platform: config.platform,
                method,
                url: redactUrl(outgoing.url, secrets()),
                headers: redactHeaders(outgoing.headers, secrets()),
                attempt: currentAttempt,
                ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
                ...(config.logBodies && bodyText !== undefined
                  ? { body: redactText(bodyText, secrets()) }
                  : {}),
              });
            }
            // The body joins the request only here, as it leaves, with the attempt's signal. ky copies
            // the request it builds for retries of its own (a tee of the body stream, cancelled after the
            // call) and the standard fetch pipes a Request's body through a new stream; text in fetch's
            // init costs neither. The standard fetch takes both in its init, which overrides the
            // request's own (the signal given to ky would be chained to ky's with `AbortSignal.any`). A
            // custom fetch may read only the request (a wrapper that builds a new Request from it), so
            // it gets a request that carries both.
            const body = bodyText === undefined ? { signal } : { body: bodyText, signal };
            return config.fetch
              ? currentFetch()(new Request(outgoing, body), init)
              : currentFetch()(outgoing, { ...init, ...body });
          };
          const response = await api(url, { method, headers, fetch: send });
          checkpoint();
          const requestId = findRequestId(response.headers, requestIdHeaders);
          const responseEvent = (durationMs: number, text?: string): HttpResponseEvent => ({
            platform: config.platform,
            method,
            url: redactUrl(url, secrets()),
            status: response.status,
            headers: redactHeaders(response.headers, secrets()),
            attempt,
            ...(requestId ? { requestId } : {}),
            durationMs,
            ...(config.logBodies && text !== undefined ? { body: redactText(text, secrets()) } : {}),
          });

          if (response.status === 401 && config.auth?.onUnauthorized && !refreshedAuth) {
            // The platform did not process the call, so one retry with fresh credentials is always safe.
            // Not awaited: cancelling a body that another reader teed can stay pending forever.
            void response.body?.cancel().catch(() => undefined);
            const onResponse = hook("onResponse");
            if (onResponse) fire(onResponse, responseEvent(now() - attemptStarted));
            refreshedAuth = true;
            await raceAbort(Promise.resolve(config.auth.onUnauthorized()), arm().signal);
            continue;
          }

          const text = await raceAbort(response.text(), signal);
          checkpoint();
          const onResponse = hook("onResponse");
          if (onResponse) fire(onResponse, responseEvent(now() - attemptStarted, text));

          const context = (): BodyContext => ({ ...describe(), status: response.status, requestId });
          if (response.ok) {
            const value = readJson(text, response, context);
            const inBody = findErrorInBody(config, response, value, context);
            if (!inBody) {
              const data = validate(value, options.schema, context);
              return {
                data,
                status: response.status,
                headers: response.headers,
                requestId,
                attempts: attempt,
              };
            }
            error = errorFromResponse({
              ...errorInput(describe(), response, text, requestId, now(), config.parseErrorBody),
              details: inBody,
            });
          } else {
            error = errorFromResponse(
              errorInput(describe(), response, text, requestId, now(), config.parseErrorBody),
            );
          }
          // A body may reclassify the status (a rate limit sent as 400, an error in a 200): retry as the
          // class says. The error's wait (from the body when the headers gave none) goes into the decision.
          const status = retryStatus(error, response.status);
          failure = {
            kind: "status",
            status,
            headers: response.headers,
            ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          };
        } catch (thrown) {
          if (callerSignal?.aborted) throw callerSignal.reason;
          if (deadlineHit) {
            throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs });
          }
          if (signal.reason instanceof AttemptTimeout) {
            error = new TimeoutError({ ...describe(), kind: "attempt", timeoutMs });
            failure = { kind: "timeout" };
          } else if (AdapterError.isInstance(thrown)) {
            throw thrown;
          } else {
            error = new NetworkError({ ...describe(), cause: thrown });
            failure = { kind: "network" };
          }
        } finally {
          clearTimeout(attemptTimer);
        }

        const remainingMs = deadlineMs - (now() - started);
        const decision = decideRetry(failure, policy, {
          retriesSoFar: retries,
          retrySafe,
          remainingMs,
          now: now(),
          random,
        });
        if (!decision.retry) {
          // Past the deadline, the deadline is the story (the last failure is its cause); before it, a
          // wait that would not fit ends the call with the failure itself, which says when to come back.
          if (decision.reason === "deadline" && remainingMs <= 0) {
            throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs, cause: error });
          }
          throw error;
        }
        retries += 1;
        const onRetry = hook("onRetry");
        if (onRetry) {
          fire(onRetry, {
            platform: config.platform,
            method,
            url: redactUrl(url, secrets()),
            attempt,
            delayMs: decision.delayMs,
            error,
          });
        }
        checkpoint();
        await sleep(decision.delayMs, arm().signal);
      }
    } catch (thrown) {
      // A sleep or race that ended on the deadline rejects with our private marker: make it a TimeoutError.
      if (thrown instanceof DeadlineExceeded) {
        throw new TimeoutError({ ...describe(), kind: "deadline", timeoutMs: deadlineMs });
      }
      throw thrown;
    } finally {
      clearTimeout(deadlineTimer);
      unwatch?.();
      current = undefined;
    }
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

function serialiseBody(body: HttpBody | undefined): {
  bodyText: string | undefined;
  contentType: string | undefined;
} {
  if (!body) return { bodyText: undefined, contentType: undefined };
  if ("form" in body) {
    const params = body.form instanceof URLSearchParams ? body.form : new URLSearchParams(body.form);
    return { bodyText: params.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  return { bodyText: JSON.stringify(body.json), contentType: "application/json" };
}

/** What errorFromResponse needs of a response, built only once the answer is an error. */
function errorInput(
  call: { platform: string; method: string; url: string; secrets: string[] },
  response: Response,
  text: string,
  requestId: string | undefined,
  now: number,
  parseErrorBody: PlatformErrorParser | undefined,
): ErrorResponseInput {
  return {
    ...call,
    status: response.status,
    headers: response.headers,
    text,
    requestId,
    ...headerWaits(response.headers, now),
    parseErrorBody,
  };
}

/** `Retry-After` and the rate-limit reset headers, kept apart: the reset counts only for a rate limit. */
function headerWaits(headers: Headers, now: number): { retryAfterMs?: number; rateLimitResetMs?: number } {
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
  const rateLimitResetMs = rateLimitResetDelay(headers, now);
  return {
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(rateLimitResetMs === undefined ? {} : { rateLimitResetMs }),
  };
}

function findRequestId(headers: Headers, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

interface BodyContext {
  platform: string;
  method: string;
  url: string;
  status: number;
  requestId: string | undefined;
  secrets: string[];
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
  config: HttpClientConfig,
  response: Response,
  body: unknown,
  context: () => BodyContext,
): PlatformErrorDetails | undefined {
  if (!config.errorInBody) return undefined;
  try {
    return config.errorInBody({ status: response.status, headers: response.headers, body });
  } catch (error) {
    throw new ProtocolError({ ...context(), reason: "errorInBody could not read the body", cause: error });
  }
}

function readJson(text: string, response: Response, context: () => BodyContext): unknown {
  let value: unknown;
  if (text.trim() === "") {
    value = undefined;
  } else {
    const type = response.headers.get("content-type");
    // A missing type is tolerated (some APIs omit it); a different one is not JSON whatever it looks like.
    if (type && !JSON_TYPE.test(type)) {
      throw new ProtocolError({
        ...context(),
        reason: `expected a JSON body, got content type ${JSON.stringify(type)}`,
      });
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ProtocolError({ ...context(), reason: "the body is not valid JSON", cause: error });
    }
  }
  return value;
}

function validate<S extends z.ZodType>(value: unknown, schema: S, context: () => BodyContext): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ProtocolError.fromZod(result.error, context());
  return result.data;
}

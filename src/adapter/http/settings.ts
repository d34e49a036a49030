/**
 * A client's configuration resolved once, at creation: defaults filled in, the base URL checked, the
 * observers wired. Every other module of the client reads these settings. One job.
 */
import type { Sleep } from "../../internal/abort.js";
import type { AuthStrategy } from "./auth/types.js";
import type { HttpClientConfig } from "./client.js";
import type { PlatformErrorParser } from "./errors-from-response.js";
import { type ClientEvents, createEvents } from "./events.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./read.js";
import { redactUrl } from "./redact.js";
import type { RedirectOptions } from "./redirect.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";

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

/** The per-attempt timeout and the whole call's deadline when the configuration sets none. */
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 120_000;

/** The settings every module of one client reads. */
export interface ClientSettings {
  readonly platform: string;
  /** The base URL with a trailing slash, as paths resolve against it. */
  readonly baseHref: string;
  /** The base URL's origin: credentials, signatures and idempotency keys go there only. */
  readonly origin: string;
  /** Read at call time, as `fetch` and the hooks are. */
  readonly auth: AuthStrategy | undefined;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly maxResponseBytes: number;
  readonly redirects: RedirectOptions | undefined;
  /** The idempotency header's name in lower case, or `undefined` to send none. */
  readonly idempotencyHeader: string | undefined;
  readonly requestIdHeaders: readonly string[];
  readonly parseErrorBody: PlatformErrorParser | undefined;
  readonly errorInBody: PlatformErrorParser | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly userAgent: string | undefined;
  readonly now: () => number;
  readonly random: () => number;
  /** The injected sleep between attempts, when one is; otherwise ky waits. */
  readonly sleep: Sleep | undefined;
  readonly events: ClientEvents;
  /** The secrets to scrub right now: the configured ones and the auth strategy's. */
  secrets(): string[];
  /** `config.fetch`, else `globalThis.fetch`, read at call time (msw patches it after modules load). */
  fetch(): typeof globalThis.fetch;
  /** Whether the caller gave its own `fetch` (read at call time, like `fetch()`). */
  customFetch(): boolean;
}

/**
 * Resolves a client's configuration.
 *
 * @throws {TypeError} `baseUrl` is not an absolute URL, or an allowed redirect origin is not one.
 *
 * @example
 * ```ts
 * const settings = resolveSettings({ platform: "x", baseUrl: "https://api.x.example/2" });
 * settings.origin; // "https://api.x.example"
 * ```
 */
export function resolveSettings(config: HttpClientConfig): ClientSettings {
  if (!URL.canParse(config.baseUrl)) {
    throw new TypeError(
      `baseUrl must be an absolute URL, got ${JSON.stringify(redactUrl(config.baseUrl, config.secrets))}`,
    );
  }
  for (const origin of config.redirects?.allowOrigins ?? []) {
    if (!URL.canParse(origin)) {
      throw new TypeError(`redirects.allowOrigins takes absolute URLs, got ${JSON.stringify(origin)}`);
    }
  }
  const base = new URL(config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`);
  const idempotencyHeader = config.idempotencyHeader ?? "Idempotency-Key";
  const secrets = (): string[] => [...(config.secrets ?? []), ...(config.auth?.secrets() ?? [])];
  return {
    platform: config.platform,
    baseHref: base.href,
    origin: base.origin,
    get auth() {
      return config.auth;
    },
    policy: { ...DEFAULT_RETRY_POLICY, ...config.retry },
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: config.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    redirects: config.redirects,
    // Lower-case, as every other name in the plain header object ky merges.
    idempotencyHeader: idempotencyHeader ? idempotencyHeader.toLowerCase() : undefined,
    requestIdHeaders: config.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS,
    parseErrorBody: config.parseErrorBody,
    errorInBody: config.errorInBody?.bind(config),
    headers: config.headers,
    userAgent: config.userAgent,
    now: config.now ?? Date.now,
    random: config.random ?? Math.random,
    sleep: config.sleep,
    events: createEvents({
      platform: config.platform,
      hooks: () => config.hooks,
      logBodies: () => config.logBodies ?? false,
      secrets,
    }),
    secrets,
    fetch: () => config.fetch ?? globalThis.fetch,
    customFetch: () => config.fetch !== undefined,
  };
}

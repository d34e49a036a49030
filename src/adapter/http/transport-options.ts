/** The transport settings an adapter's config passes through to its HTTP client unchanged. One job. */
import type { HttpClientConfig } from "./client.js";

/**
 * The settings every reference adapter's config takes for its HTTP client, with the meaning they have
 * on {@link HttpClientConfig}: `fetch`, `timeoutMs`, `deadlineMs`, `maxResponseBytes`, `redirects`,
 * `retry`, `hooks`, `userAgent`, `now` and `sleep`. An adapter config may declare any subset.
 *
 * @example
 * ```ts
 * interface AcmeAdapterConfig extends HttpTransportConfig {
 *   apiKey?: string;
 * }
 * ```
 */
export type HttpTransportConfig = Pick<
  HttpClientConfig,
  | "fetch"
  | "timeoutMs"
  | "deadlineMs"
  | "maxResponseBytes"
  | "redirects"
  | "retry"
  | "hooks"
  | "userAgent"
  | "now"
  | "sleep"
>;

/**
 * The transport settings of an adapter config, ready to spread into `createHttpClient`: only those set
 * (a timeout or deadline of 0 counts as set; an empty user agent does not), so the client keeps its
 * defaults for the rest. Platform-specific settings (auth, idempotency header, request-id headers, error
 * parser) stay beside it.
 *
 * @example
 * ```ts
 * const client = createHttpClient({
 *   platform: "acme",
 *   baseUrl: config.baseUrl ?? ACME_BASE_URL,
 *   auth: bearerToken(config.apiKey),
 *   ...httpTransportOptions(config),
 *   parseErrorBody: parseAcmeError,
 * });
 * ```
 */
export function httpTransportOptions(config: HttpTransportConfig): HttpTransportConfig {
  return {
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.deadlineMs === undefined ? {} : { deadlineMs: config.deadlineMs }),
    ...(config.maxResponseBytes === undefined ? {} : { maxResponseBytes: config.maxResponseBytes }),
    ...(config.redirects ? { redirects: config.redirects } : {}),
    ...(config.retry ? { retry: config.retry } : {}),
    ...(config.hooks ? { hooks: config.hooks } : {}),
    ...(config.userAgent ? { userAgent: config.userAgent } : {}),
    ...(config.now ? { now: config.now } : {}),
    ...(config.sleep ? { sleep: config.sleep } : {}),
  };
}

/** What an auth strategy gets for each attempt besides the request (the second parameter of `apply`). */
export type AuthContext = Parameters<AuthStrategy["apply"]>[1];

/**
 * How a client authenticates: a small object that adds credentials to each attempt (headers, a
 * signature), may be told the platform answered 401 (to drop a cached token; the client then retries
 * once), and lists the secret values it holds, so the client can scrub them from errors and logs.
 *
 * @example
 * ```ts
 * const custom: AuthStrategy = {
 *   name: "session-header",
 *   apply(request) {
 *     request.headers.set("X-Session", session);
 *   },
 *   secrets: () => [session],
 * };
 * ```
 */
export interface AuthStrategy {
  /** A short name for logs, e.g. `"bearer"`. */
  readonly name: string;
  /**
   * Adds credentials to one attempt. Mutate `request.headers`, or return a new `Request` (to change the
   * URL). Runs again on every retry, so signatures and timestamps are fresh. The request carries no body
   * yet: the client attaches `context.body` (the exact text, for signing) as the attempt leaves, also to
   * a request returned here.
   *
   * @example
   * ```ts
   * const auth: AuthStrategy = {
   *   name: "signed-date",
   *   apply: (request, { now }) => void request.headers.set("X-Date", new Date(now()).toISOString()),
   *   secrets: () => [],
   * };
   * ```
   */
  apply(
    request: Request,
    /** What the strategy gets for each attempt besides the request. */
    context: {
      /** The platform id, for error messages. */
      platform: string;
      /** The exact request body as sent (for signing), or `undefined` without a body. The request itself carries none yet. */
      body: string | undefined;
      /** The call's signal: aborts with the call (caller abort, timeout, deadline). */
      signal: AbortSignal;
      /** The client's `fetch`, resolved at call time (for token endpoints). */
      fetch: typeof globalThis.fetch;
      /** The client's clock, in epoch milliseconds. */
      now: () => number;
      /**
       * Reports a request the strategy sends itself (a token request) to the client's hooks, which redact it
       * like any other call (credentials, and with `logBodies` the body). The strategy reports the raw request
       * and response. Absent on older clients.
       *
       * @example
       * ```ts
       * context.observe?.request({ method: "POST", url: tokenUrl, headers, body: form.toString() });
       * ```
       */
      observe?: {
        request(event: { method: string; url: string; headers: Headers; body?: string }): void;
        response(event: {
          method: string;
          url: string;
          status: number;
          headers: Headers;
          durationMs: number;
          body?: string;
        }): void;
      };
    },
    // biome-ignore lint/suspicious/noConfusingVoidType: strategies are usually `async apply() {}`, which returns Promise<void>.
  ): void | Request | Promise<void | Request>;
  /** Called once per call on HTTP 401, before the one retry it earns (drop a cached token here). */
  onUnauthorized?(): void | Promise<void>;
  /** The secret values this strategy holds right now, to redact wherever they might show up. */
  secrets(): readonly string[];
}

/**
 * Fault injection: the failures a real platform produces (rate limits, outages, hangs, resets, broken
 * bodies, expired tokens) on demand, for the next N calls of an operation.
 */

/**
 * The operations a platform mock routes. The standard four, or any name a platform needs (an upload).
 *
 * @example
 * ```ts
 * const operation: MockOperation = "submit";
 * ```
 */
export type MockOperation = "submit" | "status" | "withdraw" | "token" | (string & {});

/**
 * One fault to inject. Every kind applies to the next `times` calls (default 1; `Infinity` for all) of
 * `operation` (default `"any"`).
 *
 * - `rate-limit`: 429 in the platform's shape, with `Retry-After` (delay seconds, or an HTTP-date with
 *   `format: "http-date"`) and the platform's own rate-limit headers;
 * - `server-error`: 500 (or 503 with `status: 503`, which may carry `retryAfterSeconds`);
 * - `timeout`: never answers until the request is aborted (or the mock is reset);
 * - `reset`: a network error (`fetch` rejects, as on a connection reset);
 * - `malformed-json`: 200 with a JSON content type and a truncated body;
 * - `wrong-shape`: 200 with valid JSON of a shape no endpoint answers with (`{"unexpected":true}`);
 * - `wrong-content-type`: 200 with an HTML page;
 * - `expired-token`: 401 in the platform's shape, echoing the presented credential (as careless platforms do);
 * - `forbidden`: 403 in the platform's shape.
 *
 * `when` (for `timeout`, `reset` and `server-error`) says when the fault strikes: `"before"` the platform
 * processes the call (default), or `"after"`: the platform does the work first and then the answer is
 * lost, the case where only an idempotency key prevents a second submission.
 *
 * @example
 * ```ts
 * mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 2 });
 * mock.inject({ kind: "reset", operation: "submit", when: "after" });
 * mock.inject({ kind: "server-error", status: 503, times: Infinity });
 * ```
 */
export type FaultInjection = {
  /** Which calls the fault applies to (default `"any"`). */
  readonly operation?: MockOperation | "any";
  /** How many calls (default 1; `Infinity` for all). */
  readonly times?: number;
} & (
  | {
      readonly kind: "rate-limit";
      /** Default 1. */
      readonly retryAfterSeconds?: number;
      /** `Retry-After` as delay seconds (default) or as an HTTP-date. */
      readonly format?: "seconds" | "http-date";
    }
  | {
      readonly kind: "server-error";
      /** Default 500. */
      readonly status?: 500 | 502 | 503 | 504;
      readonly retryAfterSeconds?: number;
      readonly when?: "before" | "after";
    }
  | { readonly kind: "timeout"; readonly when?: "before" | "after" }
  | { readonly kind: "reset"; readonly when?: "before" | "after" }
  | { readonly kind: "malformed-json" }
  | { readonly kind: "wrong-shape" }
  | { readonly kind: "wrong-content-type" }
  | { readonly kind: "expired-token" }
  | { readonly kind: "forbidden" }
);

/**
 * The kinds of fault a mock can inject.
 *
 * @example
 * ```ts
 * const kind: FaultKind = "malformed-json";
 * ```
 */
export type FaultKind = FaultInjection["kind"];

/**
 * The fault kinds, in a stable order.
 *
 * @example
 * ```ts
 * for (const kind of FAULT_KINDS) console.log(kind);
 * ```
 */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze([
  "rate-limit",
  "server-error",
  "timeout",
  "reset",
  "malformed-json",
  "wrong-shape",
  "wrong-content-type",
  "expired-token",
  "forbidden",
]);

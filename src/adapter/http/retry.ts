/**
 * The retry policy as pure functions: which failures are worth another attempt, how long to wait (full
 * jitter, `Retry-After`, rate-limit reset headers), and when to give up. No timers and no globals: the
 * clock and the random source are parameters, so every decision is unit-testable.
 */
import { backoffDelay as backoff } from "../../internal/backoff.js";

/**
 * How a client retries. Every field has a default: 3 retries, 500 ms doubling to at most 8 s (full jitter),
 * `Retry-After` honoured up to 60 s, retry on 408, 425, 429, 500, 502, 503 and 504.
 *
 * @example
 * ```ts
 * // Unset fields keep their defaults.
 * createHttpClient({ ..., retry: { maxRetries: 5, maxRetryAfterMs: 120_000 } });
 * ```
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** The backoff before the first retry, before jitter. Doubles on each retry. */
  baseDelayMs: number;
  /** The largest backoff, before jitter. */
  maxDelayMs: number;
  /**
   * The longest wait a platform may ask for with `Retry-After` (or a rate-limit reset header) that the
   * client honours by sleeping. A longer wait ends the call with the error, whose `retryAfterMs` tells the
   * caller (a dispatcher) when to come back, instead of holding a connection open for minutes.
   */
  maxRetryAfterMs: number;
  /** The statuses worth another attempt. */
  retryStatuses: readonly number[];
}

/**
 * The default retry policy: 3 retries, 500 ms doubling to at most 8 s (full jitter), `Retry-After` honoured
 * up to 60 s, retry on 408, 425, 429, 500, 502, 503 and 504.
 *
 * @example
 * ```ts
 * createHttpClient({ ..., retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 5 } });
 * ```
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: Object.freeze([408, 425, 429, 500, 502, 503, 504]),
});

/**
 * The backoff before retry number `retry` (0 for the first retry), with full jitter: a uniform random
 * wait between 0 and `min(maxDelayMs, baseDelayMs * 2^retry)`. Full jitter spreads clients that failed
 * together, so they do not come back together. The policy's view of the one backoff rule the dispatcher
 * shares.
 *
 * @example
 * ```ts
 * backoffDelay(2, { baseDelayMs: 100, maxDelayMs: 1_000 }, () => 0.5); // 200 (half of 400)
 * ```
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  return backoff(Math.max(0, retry) + 1, {
    baseMs: policy.baseDelayMs,
    maxMs: policy.maxDelayMs,
    jitter: "full",
    random,
  });
}

/**
 * Reads a `Retry-After` value: delay seconds (`"120"`, `"1.5"`) or an HTTP-date
 * (`"Wed, 21 Oct 2026 07:28:00 GMT"`). Returns milliseconds from `now` (never negative), or `undefined` when
 * the value is missing or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter("3", Date.now()); // 3000
 * parseRetryAfter(new Date(Date.now() + 5_000).toUTCString(), Date.now()); // about 5000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only real dates: Date.parse also reads bare numbers and other forms that are not HTTP-dates.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Epoch seconds after this are read as a point in time, not a delay (2001-09-09). */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;
/** Epoch milliseconds after this are read as such. */
const EPOCH_MS_THRESHOLD = 1_000_000_000_000;

/**
 * Reads the rate-limit reset headers platforms use instead of `Retry-After`, in milliseconds from `now`:
 * `RateLimit-Reset` (IETF draft: delay seconds), `X-RateLimit-Reset-After` (delay seconds),
 * `X-RateLimit-Reset` and `X-Rate-Limit-Reset` (epoch seconds on X and GitHub, delay seconds elsewhere:
 * a value above 10^9 is read as a time, a smaller one as a delay). `undefined` when none is readable.
 *
 * @example
 * ```ts
 * const now = Date.now();
 * rateLimitResetDelay(new Headers({ "x-rate-limit-reset": String(Math.floor(now / 1000) + 30) }), now); // about 30000
 * ```
 */
export function rateLimitResetDelay(headers: Headers, now: number): number | undefined {
  for (const name of [
    "ratelimit-reset",
    "x-ratelimit-reset-after",
    "x-ratelimit-reset",
    "x-rate-limit-reset",
  ]) {
    const value = headers.get(name)?.trim();
    if (!value || !/^\d+(\.\d+)?$/.test(value)) continue;
    const number = Number(value);
    if (number >= EPOCH_MS_THRESHOLD) return Math.max(0, Math.round(number - now));
    if (number >= EPOCH_SECONDS_THRESHOLD) return Math.max(0, Math.round(number * 1000 - now));
    return Math.round(number * 1000);
  }
  return undefined;
}

/**
 * How long the platform asked us to wait, from its response headers: `Retry-After` first, then the
 * rate-limit reset headers. `undefined` when it did not say.
 *
 * @example
 * ```ts
 * serverRetryDelay(response.headers, Date.now()); // e.g. 2000
 * ```
 */
export function serverRetryDelay(headers: Headers, now: number): number | undefined {
  return parseRetryAfter(headers.get("retry-after"), now) ?? rateLimitResetDelay(headers, now);
}

/**
 * The wait a failed response's headers ask for, as the retry decision reads them for that status:
 * `Retry-After` on any status, and the rate-limit reset headers only on a 429. A reset header says when
 * the rate-limit window ends (on X, up to 15 minutes away), which says nothing about when a 503 ends.
 *
 * @example
 * ```ts
 * headerRetryDelay(429, new Headers({ "x-rate-limit-reset": "30" }), Date.now()); // 30000
 * headerRetryDelay(503, new Headers({ "x-rate-limit-reset": "30" }), Date.now()); // undefined
 * ```
 */
export function headerRetryDelay(status: number, headers: Headers, now: number): number | undefined {
  return status === 429 ? serverRetryDelay(headers, now) : parseRetryAfter(headers.get("retry-after"), now);
}

/** HTTP methods that are idempotent by definition: repeating them cannot create a second effect. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/**
 * True when a call may be sent again without risk of a second effect: an idempotent method, or any
 * method carrying an idempotency key, or a call its adapter marks idempotent (a search done by POST).
 *
 * @example
 * ```ts
 * isRetrySafe("POST", undefined); // false
 * isRetrySafe("POST", "req-1:batch-0"); // true
 * isRetrySafe("GET", undefined); // true
 * ```
 */
export function isRetrySafe(
  method: string,
  idempotencyKey: string | undefined,
  idempotent?: boolean,
): boolean {
  if (idempotent !== undefined) return idempotent;
  return (
    IDEMPOTENT_METHODS.has(method.toUpperCase()) || (idempotencyKey !== undefined && idempotencyKey !== "")
  );
}

/**
 * What went wrong with one attempt, as the retry decision sees it.
 *
 * @example
 * ```ts
 * const failure: AttemptFailure = { kind: "status", status: 503, headers: response.headers };
 * ```
 */
export type AttemptFailure =
  | {
      kind: "status";
      status: number;
      headers: Headers;
      /**
       * A wait the platform gave outside its headers (a body's `retry_after`, read by the adapter's
       * `parseErrorBody`), in milliseconds. Used when the headers give none; the same cap applies.
       */
      retryAfterMs?: number;
    }
  | { kind: "network" }
  | { kind: "timeout" };

/**
 * The state the retry decision needs.
 *
 * @example
 * ```ts
 * const context: RetryContext = { retriesSoFar: 0, retrySafe: true, remainingMs: 60_000, now: Date.now(), random: Math.random };
 * ```
 */
export interface RetryContext {
  /** Retries already made (0 after the first attempt failed). */
  retriesSoFar: number;
  /** Whether the call may be repeated (see {@link isRetrySafe}). */
  retrySafe: boolean;
  /** Milliseconds left before the call's total deadline (`Infinity` without one). */
  remainingMs: number;
  /** The current time, for HTTP-dates and reset times. */
  now: number;
  /** The random source for jitter, in [0, 1). */
  random: () => number;
}

/**
 * The retry decision: wait and try again, or stop (with the server's requested wait when it gave one).
 *
 * @example
 * ```ts
 * const decision: RetryDecision = decideRetry(failure, policy, context);
 * if (decision.retry) await abortableSleep(decision.delayMs, signal);
 * ```
 */
export type RetryDecision =
  | { retry: true; delayMs: number; serverDelay: boolean }
  | {
      retry: false;
      reason: "not-retryable" | "not-retry-safe" | "retries-exhausted" | "retry-after-too-long" | "deadline";
      /** The wait the platform asked for, when it asked. */
      retryAfterMs?: number;
    };

/**
 * Decides whether to try a failed attempt again, and after how long. Retries only failures that may pass
 * (408, 429, 5xx, network errors, attempt timeouts) and only calls that are safe to repeat. The platform's
 * requested wait (`Retry-After`; rate-limit reset headers on a 429 only; else the body's wait carried in
 * `failure.retryAfterMs`) is used as is (no jitter: it said when) when it is within `maxRetryAfterMs`; beyond it,
 * or beyond the deadline, the call stops.
 *
 * @example
 * ```ts
 * const decision = decideRetry({ kind: "status", status: 429, headers: new Headers({ "retry-after": "2" }) }, DEFAULT_RETRY_POLICY, {
 *   retriesSoFar: 0, retrySafe: true, remainingMs: Infinity, now: Date.now(), random: Math.random,
 * });
 * // { retry: true, delayMs: 2000, serverDelay: true }
 * ```
 */
export function decideRetry(
  failure: AttemptFailure,
  policy: RetryPolicy,
  context: RetryContext,
): RetryDecision {
  // Headers first; then a wait the body gave (`failure.retryAfterMs`). Rate-limit reset headers count
  // only for a 429 (see headerRetryDelay).
  const serverDelay =
    failure.kind === "status"
      ? (headerRetryDelay(failure.status, failure.headers, context.now) ?? failure.retryAfterMs)
      : undefined;
  const withWait = serverDelay === undefined ? {} : { retryAfterMs: serverDelay };
  if (failure.kind === "status" && !policy.retryStatuses.includes(failure.status)) {
    return { retry: false, reason: "not-retryable", ...withWait };
  }
  if (!context.retrySafe) return { retry: false, reason: "not-retry-safe", ...withWait };
  if (context.retriesSoFar >= policy.maxRetries)
    return { retry: false, reason: "retries-exhausted", ...withWait };
  if (serverDelay !== undefined && serverDelay > policy.maxRetryAfterMs) {
    return { retry: false, reason: "retry-after-too-long", ...withWait };
  }
  const delayMs = serverDelay ?? backoffDelay(context.retriesSoFar, policy, context.random);
  if (delayMs >= context.remainingMs) return { retry: false, reason: "deadline", ...withWait };
  return { retry: true, delayMs, serverDelay: serverDelay !== undefined };
}

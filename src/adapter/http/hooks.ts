import type { AdapterError } from "../errors.js";

/**
 * What the client's hooks see, one member per hook, told apart by `type`. URL, headers and body are
 * redacted (credentials show as `[REDACTED]`).
 * - `request`: sent before each attempt leaves, after credentials are added;
 * - `response`: sent when an attempt's response has arrived (and its body was read);
 * - `retry`: sent before the client waits and tries again.
 *
 * @example
 * ```ts
 * const events: HttpEvent[] = [];
 * const record = (e: HttpEvent) => void events.push(e);
 * createHttpClient({ platform: "x", baseUrl, hooks: { onRequest: record, onResponse: record, onRetry: record } });
 * const retries = events.filter((e) => e.type === "retry").map((e) => `${e.error.code} after ${e.delayMs} ms`);
 * ```
 */
export type HttpEvent =
  | {
      readonly type: "request";
      platform: string;
      method: string;
      /** The redacted URL. */
      url: string;
      /** The redacted headers (credentials show as `[REDACTED]`). */
      headers: Record<string, string>;
      /** 1 for the first attempt. */
      attempt: number;
      idempotencyKey?: string;
      /** The redacted body, only with `logBodies: true`. */
      body?: string;
      /** `"token"` for a request the auth strategy sent itself (an OAuth token request); absent otherwise. */
      purpose?: "token";
    }
  | {
      readonly type: "response";
      platform: string;
      method: string;
      url: string;
      status: number;
      headers: Record<string, string>;
      attempt: number;
      /** Time from sending to the end of the body. */
      durationMs: number;
      requestId?: string;
      /** The redacted body, only with `logBodies: true`. */
      body?: string;
      /** `"token"` for the answer to an auth strategy's own request (an OAuth token request). */
      purpose?: "token";
    }
  | {
      readonly type: "retry";
      platform: string;
      method: string;
      url: string;
      /** The attempt that failed (1 for the first). */
      attempt: number;
      /** How long the client will wait. */
      delayMs: number;
      /** Why the attempt failed (redacted, like every adapter error). */
      error: AdapterError;
    };

/**
 * Observers of the client's traffic, for logs and metrics. They only ever see redacted data. Hooks are
 * called synchronously and never awaited; one that throws or rejects is ignored: a broken or slow logger
 * must not fail or stall a call the platform may already have acted on.
 *
 * @example
 * ```ts
 * const hooks: HttpHooks = {
 *   onRequest: (e) => logger.debug({ ...e }, "http request"),
 *   onResponse: (e) => metrics.timing(`${e.platform}.http`, e.durationMs, { status: e.status }),
 *   onRetry: (e) => logger.warn({ code: e.error.code, delayMs: e.delayMs }, "retrying"),
 * };
 * ```
 */
export interface HttpHooks {
  onRequest?(event: Extract<HttpEvent, { type: "request" }>): void | Promise<void>;
  onResponse?(event: Extract<HttpEvent, { type: "response" }>): void | Promise<void>;
  onRetry?(event: Extract<HttpEvent, { type: "retry" }>): void | Promise<void>;
}

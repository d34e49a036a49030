/**
 * The client's observers (`hooks`): each event built with URL, headers and body redacted, only when a
 * hook listens, and fired without awaiting. A logger that throws, or hangs, must not fail or stall a call
 * the platform may already have acted on. One job.
 *
 * They are fired by the client, not through ky's hooks, because ky's do not see what the events report:
 * `beforeRequest` runs once per attempt, before the credentials and before the redirect hops the client
 * follows itself; `afterResponse` gets a copy of the response (a tee of its body), whose reading would
 * escape the size limit; `beforeRetry` runs after the wait, and does not know how long it was.
 */
import type { AdapterError } from "../errors.js";
import type { AuthContext } from "./auth/types.js";
import type { HttpHooks } from "./hooks.js";
import { redactHeaders, redactText, redactUrl } from "./redact.js";

/** What the events need to know about the client. */
export interface EventSource {
  readonly platform: string;
  /** Read at every event: hooks set on the configuration after the client was built are called too. */
  hooks(): HttpHooks | undefined;
  logBodies(): boolean;
  secrets(): string[];
}

/** The client's events, each a no-op when no hook listens. */
export interface ClientEvents {
  request(event: {
    method: string;
    url: string;
    headers: Headers;
    attempt: number;
    idempotencyKey?: string | undefined;
    body?: string | undefined;
  }): void;
  response(event: {
    method: string;
    url: string;
    status: number;
    headers: Headers;
    attempt: number;
    durationMs: number;
    requestId?: string | undefined;
    body?: string | undefined;
  }): void;
  retry(event: { method: string; url: string; attempt: number; delayMs: number; error: AdapterError }): void;
  /** What an auth strategy's own calls (token requests) show the hooks, redacted like every call. */
  authObserver(attempt: number): NonNullable<AuthContext["observe"]>;
}

function fire<E>(observer: (event: E) => unknown, event: E): void {
  try {
    const result = observer(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // ignored on purpose (see the module comment)
  }
}

/**
 * The events of one client.
 *
 * @example
 * ```ts
 * const events = createEvents({ platform: "x", hooks: () => config.hooks, logBodies: () => false, secrets: () => [] });
 * events.retry({ method: "GET", url, attempt: 1, delayMs: 500, error });
 * ```
 */
export function createEvents(source: EventSource): ClientEvents {
  const { platform } = source;
  const body = (text: string | undefined) =>
    source.logBodies() && text !== undefined ? { body: redactText(text, source.secrets()) } : {};
  const hook = <K extends keyof HttpHooks>(name: K) => source.hooks()?.[name];
  return {
    request(e) {
      const observer = hook("onRequest");
      if (!observer) return;
      fire(observer, {
        type: "request",
        platform,
        method: e.method,
        url: redactUrl(e.url, source.secrets()),
        headers: redactHeaders(e.headers, source.secrets()),
        attempt: e.attempt,
        ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
        ...body(e.body),
      });
    },
    response(e) {
      const observer = hook("onResponse");
      if (!observer) return;
      fire(observer, {
        type: "response",
        platform,
        method: e.method,
        url: redactUrl(e.url, source.secrets()),
        status: e.status,
        headers: redactHeaders(e.headers, source.secrets()),
        attempt: e.attempt,
        ...(e.requestId ? { requestId: e.requestId } : {}),
        durationMs: e.durationMs,
        ...body(e.body),
      });
    },
    retry(e) {
      const observer = hook("onRetry");
      if (!observer) return;
      fire(observer, {
        type: "retry",
        platform,
        method: e.method,
        url: redactUrl(e.url, source.secrets()),
        attempt: e.attempt,
        delayMs: e.delayMs,
        error: e.error,
      });
    },
    authObserver(attempt) {
      return {
        request(e) {
          const observer = hook("onRequest");
          if (!observer) return;
          fire(observer, {
            type: "request",
            platform,
            method: e.method,
            url: redactUrl(e.url, source.secrets()),
            headers: redactHeaders(e.headers, source.secrets()),
            attempt,
            purpose: "token" as const,
            ...body(e.body),
          });
        },
        response(e) {
          const observer = hook("onResponse");
          if (!observer) return;
          fire(observer, {
            type: "response",
            platform,
            method: e.method,
            url: redactUrl(e.url, source.secrets()),
            status: e.status,
            headers: redactHeaders(e.headers, source.secrets()),
            attempt,
            durationMs: e.durationMs,
            purpose: "token" as const,
            ...body(e.body),
          });
        },
      };
    },
  };
}

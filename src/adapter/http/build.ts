/**
 * Building a call: the URL (resolved against the base URL, never leaving it), the headers (the client's,
 * the call's, content type, accept, the idempotency key), the body as the exact text sent, and the
 * call's limits. Nothing is sent here. One job.
 */

import type { HttpClient, HttpMethod, HttpRequestOptions } from "./client.js";
import { redactText } from "./redact.js";
import { isRetrySafe } from "./retry.js";
import type { ClientSettings } from "./settings.js";
import { userAgent } from "./user-agent.js";

/** The options of `HttpClient.request` but the schema. */
type CallOptions = Omit<Parameters<HttpClient["request"]>[2], "schema">;

/** One call, ready to send. */
export interface PreparedCall {
  readonly method: HttpMethod;
  /** The absolute URL, query included. */
  readonly url: string;
  /** Lower-case names; the credentials are added per attempt by the auth strategy. */
  readonly headers: Record<string, string>;
  /** The body exactly as sent (and signed), or `undefined` without one. */
  readonly bodyText: string | undefined;
  readonly idempotencyKey: string | undefined;
  /** Whether the call may be sent again (see `isRetrySafe`). */
  readonly retrySafe: boolean;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly maxResponseBytes: number;
}

/** Builds the calls of one client. */
export interface CallBuilder {
  prepare(method: HttpMethod, path: string, options: CallOptions): PreparedCall;
}

/** How many resolved paths a client keeps. */
const RESOLVED_PATHS_LIMIT = 256;

/**
 * The call builder of one client.
 *
 * @example
 * ```ts
 * const call = createCallBuilder(settings).prepare("POST", "/reports", { body: { json: payload }, idempotencyKey });
 * call.url; // "https://api.x.example/2/reports"
 * ```
 */
export function createCallBuilder(settings: ClientSettings): CallBuilder {
  // The headers every call sends, read once: lower-case names, values as a Headers object combines them.
  // Each call copies them into one plain object that ky merges once.
  const baseHeaders: Record<string, string> = Object.fromEntries(
    new Headers({ "user-agent": userAgent(settings.platform, settings.userAgent), ...settings.headers }),
  );
  // Resolved paths without query parameters, by path: an adapter calls a handful of paths (its submit
  // endpoint, status paths with an id), and parsing a URL was a visible part of a call's own work.
  const resolvedPaths = new Map<string, string>();
  const resolvePath = (path: string, searchParams: HttpRequestOptions["searchParams"]): string => {
    const known = searchParams ? undefined : resolvedPaths.get(path);
    if (known !== undefined) return known;
    const fullUrl = new URL(path.replace(/^\/+/, ""), settings.baseHref);
    // Credentials go to the platform only: a path that is an absolute URL, or climbs out of the base
    // path (`../`), is a bug or an injection through a platform reference.
    if (!fullUrl.href.startsWith(settings.baseHref)) {
      throw new TypeError(`path ${JSON.stringify(redactText(path, settings.secrets()))} leaves the base URL`);
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

  return {
    prepare(method, path, options) {
      const { bodyText, contentType } = serialiseBody(options.body);
      // Per-call headers over the client's, in one plain object that ky merges once.
      const headers: Record<string, string> = { ...baseHeaders };
      if (options.headers) {
        for (const [name, value] of new Headers(options.headers)) headers[name] = value;
      }
      if (contentType) headers["content-type"] = contentType;
      headers.accept = "application/json";
      if (options.idempotencyKey && settings.idempotencyHeader)
        headers[settings.idempotencyHeader] = options.idempotencyKey;
      return {
        method,
        url: resolvePath(path, options.searchParams),
        headers,
        bodyText,
        idempotencyKey: options.idempotencyKey,
        retrySafe: isRetrySafe(method, options.idempotencyKey, options.idempotent),
        timeoutMs: options.timeoutMs ?? settings.timeoutMs,
        deadlineMs: options.deadlineMs ?? settings.deadlineMs,
        maxResponseBytes: options.maxResponseBytes ?? settings.maxResponseBytes,
      };
    },
  };
}

function serialiseBody(body: CallOptions["body"]): {
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

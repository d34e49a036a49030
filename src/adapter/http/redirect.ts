/**
 * The redirect policy: which redirects the HTTP client follows, by hand, hop by hop (every attempt goes
 * out with `redirect: "manual"`, also through a caller's own `fetch`), so credentials, signatures and
 * idempotency keys are only ever sent to the call's own origin. One job: given a redirect answer, say
 * where to go next or why not.
 */
import { type AdapterErrorOptions, ProtocolError, RedirectRefusedError } from "../errors.js";
import type { HttpClientConfig } from "./client.js";

/** Which redirects a client follows (see `HttpClientConfig.redirects`). */
export type RedirectOptions = NonNullable<HttpClientConfig["redirects"]>;

/** The statuses that redirect (300 and 304 do not: they are answers). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Methods a redirect may repeat whatever its status: they carry no body and change nothing. */
const SAFE_METHODS = new Set(["GET", "HEAD"]);
/** The default `max`. */
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * True for a status the client treats as a redirect (301, 302, 303, 307, 308).
 *
 * @example
 * ```ts
 * isRedirect(307); // true
 * isRedirect(304); // false
 * ```
 */
export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** The next hop of a redirect the policy follows. */
export interface RedirectHop {
  /** The absolute URL to send to. */
  readonly url: string;
  /** True when it is not the call's origin: no credentials, signatures, idempotency key or own headers. */
  readonly foreign: boolean;
}

/**
 * Where a redirect answer leads, if the policy follows it; otherwise the error that ends the attempt.
 * `hops` is the number of redirects already followed in this attempt.
 *
 * @example
 * ```ts
 * const hop = followRedirect({ response, url, method: "GET", origin: "https://api.x.example", hops: 0, options: {}, context });
 * ```
 */
export function followRedirect(input: {
  response: Response;
  url: string;
  method: string;
  /** The origin of the call (its base URL's). */
  origin: string;
  hops: number;
  options: RedirectOptions | undefined;
  context: AdapterErrorOptions;
}): RedirectHop {
  const { response, method, origin } = input;
  const from = new URL(input.url).origin;
  const errorContext = { ...input.context, status: response.status, method };
  const location = response.headers.get("location");
  const target = location === null ? undefined : safeUrl(location, input.url);
  if (!target) {
    throw new ProtocolError({ ...errorContext, reason: "a redirect without a usable Location header" });
  }
  const refuse = (reason: RedirectRefusedError["reason"]) =>
    new RedirectRefusedError({ ...errorContext, from, to: target.origin, reason });
  const max = input.options?.max ?? DEFAULT_MAX_REDIRECTS;
  if (max <= 0) throw refuse("not-followed");
  if (input.hops >= max) throw refuse("too-many");
  const safe = SAFE_METHODS.has(method.toUpperCase());
  if (target.origin === origin) {
    if (!safe && response.status !== 307 && response.status !== 308) throw refuse("method");
    return { url: target.href, foreign: false };
  }
  if (safe && (input.options?.allowOrigins ?? []).some((allowed) => sameOrigin(allowed, target.origin))) {
    return { url: target.href, foreign: true };
  }
  throw refuse("cross-origin");
}

/**
 * The error for an answer a caller's own `fetch` reached by following redirects itself (it ignored
 * `redirect: "manual"`), when it ended on another origin than the one asked: that answer is not the
 * platform's, whatever it says. `undefined` when the answer came from the origin asked.
 *
 * @example
 * ```ts
 * const refused = followedElsewhere(response, request.url, context);
 * if (refused) throw refused;
 * ```
 */
export function followedElsewhere(
  response: Response,
  requested: string,
  context: AdapterErrorOptions,
): RedirectRefusedError | undefined {
  if (!response.redirected || !response.url) return undefined;
  const from = new URL(requested).origin;
  const to = safeUrl(response.url, requested)?.origin ?? "(unknown)";
  if (to === from) return undefined;
  return new RedirectRefusedError({ ...context, status: response.status, from, to, reason: "cross-origin" });
}

function safeUrl(value: string, base: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** An allowed origin is an absolute URL (checked when the client is built); nothing relative matches. */
function sameOrigin(allowed: string, origin: string): boolean {
  return URL.canParse(allowed) && new URL(allowed).origin === origin;
}

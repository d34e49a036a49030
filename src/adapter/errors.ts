import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";
import { redactError, redactText, redactUrl } from "./http/redact.js";

/**
 * Every stable code an adapter error can carry. Scripts switch on these; messages may change.
 *
 * @example
 * ```ts
 * if (AdapterError.isInstance(error)) {
 *   const code: AdapterErrorCode = error.code;
 *   if (code === "rate_limited") console.log(error.retryAfterMs);
 * }
 * ```
 */
export type AdapterErrorCode =
  | "authentication_failed"
  | "permission_denied"
  | "rate_limited"
  | "rejected_by_platform"
  | "not_found"
  | "timeout"
  | "network_error"
  | "protocol_error"
  | "platform_error"
  | "unsupported_capability"
  | "unsupported_spec_version"
  | "missing_credentials"
  | "redirect_refused"
  | "response_too_large";

/**
 * What every adapter error may know about the failed call. All optional: an error raised before any HTTP
 * (an unsupported capability) has no status or request id.
 *
 * @example
 * ```ts
 * throw new NotFoundError({ platform: "x", status: 404, requestId: "abc", method: "GET", url });
 * ```
 */
export interface AdapterErrorOptions {
  /** The platform id of the adapter that failed. */
  platform?: string;
  /** The HTTP status of the platform's response, when there was one. */
  status?: number;
  /** The platform's own request id (from a response header or body), for support tickets. */
  requestId?: string;
  /** How long the platform asked us to wait before trying again. */
  retryAfterMs?: number;
  /** The HTTP method of the failed call. */
  method?: string;
  /** The URL of the failed call. Redacted on the way in: query tokens and bot tokens never survive. */
  url?: string;
  /** The underlying error. Replaced by a redacted copy, so request objects and headers never survive. */
  cause?: unknown;
  /** Known secret values to scrub from the message and cause (the HTTP client passes its credentials). */
  secrets?: readonly string[];
  /** The platform's own error message, from its error body. Redacted like the message. */
  platformMessage?: string;
  /** The platform's own error code, from its error body. Redacted like the message. */
  platformCode?: string;
}

const adapterMarker = Symbol.for("referral-kit.error.adapter");

/**
 * The base of every error an adapter throws, from this or any other installed copy of referral-kit.
 * Carries a stable `code`, whether trying again may help (`retryable`), the platform, the HTTP status and
 * the platform's request id where known, and `retryAfterMs` when the platform said how long to wait.
 * Message, `cause`, `url` and `toJSON()` are redacted: credentials never appear in them.
 *
 * @example
 * ```ts
 * import { AdapterError } from "referral-kit/adapter";
 *
 * try {
 *   await adapter.submit(input, { idempotencyKey });
 * } catch (error) {
 *   if (AdapterError.isInstance(error) && error.retryable) scheduleRetry(error.retryAfterMs);
 *   else throw error;
 * }
 * ```
 */
export class AdapterError extends ReferralKitError {
  declare readonly code: AdapterErrorCode;
  /** True when the same call may succeed later (rate limits, timeouts, network and server failures). */
  readonly retryable: boolean;
  /** The platform id of the adapter that failed. */
  readonly platform: string | undefined;
  /** The HTTP status, when the platform answered. */
  readonly status: number | undefined;
  /** The platform's request id, when it gave one. */
  readonly requestId: string | undefined;
  /** How long the platform asked us to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The HTTP method of the failed call. */
  readonly method: string | undefined;
  /** The redacted URL of the failed call. */
  readonly url: string | undefined;
  /** The platform's own error message (redacted), whatever the class, when its body gave one. */
  readonly platformMessage: string | undefined;
  /** The platform's own error code (redacted), whatever the class, when its body gave one. */
  readonly platformCode: string | undefined;

  constructor(
    code: AdapterErrorCode,
    message: string,
    options: AdapterErrorOptions & { retryable: boolean },
  ) {
    const secrets = options.secrets ?? [];
    super(code, redactText(message, secrets), {
      cause: options.cause === undefined ? undefined : redactError(options.cause, secrets),
    });
    this.name = "AdapterError";
    markError(this, adapterMarker);
    this.retryable = options.retryable;
    this.platform = options.platform;
    this.status = options.status;
    this.requestId = scrub(options.requestId, options);
    this.retryAfterMs = options.retryAfterMs;
    this.method = options.method;
    this.url = options.url === undefined ? undefined : redactUrl(options.url, secrets);
    this.platformMessage = scrub(options.platformMessage, options);
    this.platformCode = scrub(options.platformCode, options);
  }

  /** True for any adapter error, from this or another installed copy of the package. */
  static override isInstance(value: unknown): value is AdapterError {
    return hasMarker(value, adapterMarker);
  }
}

/** Scrubs platform-supplied text (it may echo a credential) before a subclass stores it. */
function scrub(text: string | undefined, options: AdapterErrorOptions): string | undefined {
  return text === undefined ? undefined : redactText(text, options.secrets ?? []);
}

/** Prefix for messages: `x: ` (or nothing when the platform is unknown). */
function on(options: AdapterErrorOptions): string {
  return options.platform ? `${options.platform}: ` : "";
}

/** ` (HTTP 401, request id abc)` for messages. */
function detail(options: AdapterErrorOptions): string {
  const parts: string[] = [];
  if (options.status !== undefined) parts.push(`HTTP ${options.status}`);
  if (options.requestId) parts.push(`request id ${options.requestId}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function withPlatformMessage(base: string, options: AdapterErrorOptions): string {
  return options.platformMessage ? `${base}: ${options.platformMessage}` : base;
}

const authenticationMarker = Symbol.for("referral-kit.error.adapter.authentication_failed");

/**
 * The platform did not accept the credentials (HTTP 401, or an OAuth token endpoint refused them).
 * Not retryable: fix the credentials.
 *
 * @example
 * ```ts
 * import { AuthenticationError } from "referral-kit/adapter";
 *
 * if (AuthenticationError.isInstance(error)) alert(`Check the ${error.platform} credentials`);
 * ```
 */
export class AuthenticationError extends AdapterError {
  declare readonly code: "authentication_failed";

  constructor(options: AdapterErrorOptions = {}) {
    super(
      "authentication_failed",
      withPlatformMessage(`${on(options)}authentication failed${detail(options)}`, options),
      { ...options, retryable: false },
    );
    this.name = "AuthenticationError";
    markError(this, authenticationMarker);
  }

  static override isInstance(value: unknown): value is AuthenticationError {
    return hasMarker(value, authenticationMarker);
  }
}

const permissionMarker = Symbol.for("referral-kit.error.adapter.permission_denied");

/**
 * The credentials are valid but not allowed to do this (HTTP 403): the agency is not enrolled for this
 * request kind, or the token lacks a scope. Not retryable.
 *
 * @example
 * ```ts
 * import { PermissionDeniedError } from "referral-kit/adapter";
 *
 * if (PermissionDeniedError.isInstance(error)) console.error(error.platformMessage);
 * ```
 */
export class PermissionDeniedError extends AdapterError {
  declare readonly code: "permission_denied";

  constructor(options: AdapterErrorOptions = {}) {
    super(
      "permission_denied",
      withPlatformMessage(`${on(options)}permission denied${detail(options)}`, options),
      { ...options, retryable: false },
    );
    this.name = "PermissionDeniedError";
    markError(this, permissionMarker);
  }

  static override isInstance(value: unknown): value is PermissionDeniedError {
    return hasMarker(value, permissionMarker);
  }
}

const rateLimitedMarker = Symbol.for("referral-kit.error.adapter.rate_limited");

/**
 * The platform is rate limiting us (HTTP 429, or a rate-limit body on another status). Retryable;
 * `retryAfterMs` says how long the platform asked us to wait, when it said.
 *
 * @example
 * ```ts
 * import { RateLimitedError } from "referral-kit/adapter";
 *
 * if (RateLimitedError.isInstance(error)) await sleep(error.retryAfterMs ?? 60_000);
 * ```
 */
export class RateLimitedError extends AdapterError {
  declare readonly code: "rate_limited";

  constructor(options: AdapterErrorOptions = {}) {
    const wait = options.retryAfterMs === undefined ? "" : `; retry after ${options.retryAfterMs} ms`;
    super("rate_limited", `${on(options)}rate limited${detail(options)}${wait}`, {
      ...options,
      retryable: true,
    });
    this.name = "RateLimitedError";
    markError(this, rateLimitedMarker);
  }

  static override isInstance(value: unknown): value is RateLimitedError {
    return hasMarker(value, rateLimitedMarker);
  }
}

const rejectedMarker = Symbol.for("referral-kit.error.adapter.rejected_by_platform");

/**
 * The platform refused the call as it stands (HTTP 400, 409, 422 and other 4xx without a class of their
 * own), with its own message and code. Not retryable: the request must change.
 *
 * @example
 * ```ts
 * import { RejectedByPlatformError } from "referral-kit/adapter";
 *
 * if (RejectedByPlatformError.isInstance(error)) console.error(error.platformCode, error.platformMessage);
 * ```
 */
export class RejectedByPlatformError extends AdapterError {
  declare readonly code: "rejected_by_platform";

  constructor(options: AdapterErrorOptions = {}) {
    super(
      "rejected_by_platform",
      withPlatformMessage(`${on(options)}rejected by the platform${detail(options)}`, options),
      { ...options, retryable: false },
    );
    this.name = "RejectedByPlatformError";
    markError(this, rejectedMarker);
  }

  static override isInstance(value: unknown): value is RejectedByPlatformError {
    return hasMarker(value, rejectedMarker);
  }
}

const notFoundMarker = Symbol.for("referral-kit.error.adapter.not_found");

/**
 * The platform does not know the thing asked for (HTTP 404): an unknown platform reference in
 * `getStatus`, or an endpoint that moved. Not retryable.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "referral-kit/adapter";
 *
 * if (NotFoundError.isInstance(error)) console.error(`No report ${ref} on ${error.platform}`);
 * ```
 */
export class NotFoundError extends AdapterError {
  declare readonly code: "not_found";

  constructor(options: AdapterErrorOptions = {}) {
    super("not_found", withPlatformMessage(`${on(options)}not found${detail(options)}`, options), {
      ...options,
      retryable: false,
    });
    this.name = "NotFoundError";
    markError(this, notFoundMarker);
  }

  static override isInstance(value: unknown): value is NotFoundError {
    return hasMarker(value, notFoundMarker);
  }
}

const timeoutMarker = Symbol.for("referral-kit.error.adapter.timeout");

/**
 * A call took too long: one attempt passed its timeout, the whole call (retries included) passed its
 * deadline, or the platform answered HTTP 408. Retryable, but whether a timed-out POST took effect is
 * unknown: only retry with the same idempotency key.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "referral-kit/adapter";
 *
 * if (TimeoutError.isInstance(error)) console.warn(`${error.kind} timeout after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends AdapterError {
  declare readonly code: "timeout";
  /**
   * Which limit was hit: one `attempt`'s timeout, the whole call's `deadline` (retries included), or the
   * `server` answered HTTP 408.
   */
  readonly kind: "attempt" | "deadline" | "server";
  /** The limit, in milliseconds (undefined for a server-side 408). */
  readonly timeoutMs: number | undefined;

  constructor(
    options: AdapterErrorOptions & { kind: "attempt" | "deadline" | "server"; timeoutMs?: number },
  ) {
    const what =
      options.kind === "attempt"
        ? `attempt timed out after ${options.timeoutMs} ms`
        : options.kind === "deadline"
          ? `deadline of ${options.timeoutMs} ms exceeded`
          : "the platform timed out";
    super("timeout", `${on(options)}${what}${detail(options)}`, { ...options, retryable: true });
    this.name = "TimeoutError";
    markError(this, timeoutMarker);
    this.kind = options.kind;
    this.timeoutMs = options.timeoutMs;
  }

  static override isInstance(value: unknown): value is TimeoutError {
    return hasMarker(value, timeoutMarker);
  }
}

const networkMarker = Symbol.for("referral-kit.error.adapter.network_error");

/**
 * The platform could not be reached or the connection broke (DNS, refused, reset, TLS). Retryable; the
 * redacted underlying error is the `cause`.
 *
 * @example
 * ```ts
 * import { NetworkError } from "referral-kit/adapter";
 *
 * if (NetworkError.isInstance(error)) console.warn(error.message, error.cause);
 * ```
 */
export class NetworkError extends AdapterError {
  declare readonly code: "network_error";

  constructor(options: AdapterErrorOptions = {}) {
    const reason =
      options.cause instanceof Error ? `: ${options.cause.message}${causeCode(options.cause)}` : "";
    super("network_error", `${on(options)}network error${reason}`, { ...options, retryable: true });
    this.name = "NetworkError";
    markError(this, networkMarker);
  }

  static override isInstance(value: unknown): value is NetworkError {
    return hasMarker(value, networkMarker);
  }
}

/** ` (ECONNREFUSED)`: the first system error code down the cause chain, which says more than "fetch failed". */
function causeCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return ` (${code})`;
    current = (current as { cause?: unknown }).cause;
  }
  return "";
}

const protocolMarker = Symbol.for("referral-kit.error.adapter.protocol_error");

/**
 * The platform answered, but not as its API says: malformed JSON, a body that does not match the schema,
 * a wrong content type, or a state the adapter does not know. Not retryable; usually the adapter needs
 * updating. `issues` lists schema problems with their paths.
 *
 * @example
 * ```ts
 * import { ProtocolError } from "referral-kit/adapter";
 *
 * if (ProtocolError.isInstance(error)) for (const issue of error.issues) console.error(issue.path, issue.message);
 * ```
 */
export class ProtocolError extends AdapterError {
  declare readonly code: "protocol_error";
  /** Schema problems, with the path of each, when a body did not match. */
  readonly issues: { path: (string | number)[]; message: string }[];

  constructor(
    options: AdapterErrorOptions & {
      reason: string;
      issues?: { path: (string | number)[]; message: string }[];
    },
  ) {
    super("protocol_error", `${on(options)}unexpected response${detail(options)}: ${options.reason}`, {
      ...options,
      retryable: false,
    });
    this.name = "ProtocolError";
    markError(this, protocolMarker);
    this.issues = (options.issues ?? []).map((issue) => ({
      path: issue.path,
      message: scrub(issue.message, options) ?? "",
    }));
  }

  static override isInstance(value: unknown): value is ProtocolError {
    return hasMarker(value, protocolMarker);
  }

  /**
   * The `ProtocolError` for a failed zod parse: every issue with its path (symbols as strings, after
   * `pathPrefix`), and a reason naming the first one: `<what> does not match the expected shape at
   * <path>: <message>` (or the `reason` given).
   *
   * @example
   * ```ts
   * const parsed = ReportSchema.safeParse(envelope.result);
   * if (!parsed.success) throw ProtocolError.fromZod(parsed.error, { platform: "telegram", what: "result", pathPrefix: ["result"] });
   * ```
   */
  static fromZod(
    /** A zod error, read structurally (its `issues`), so any zod 3 or 4 copy works. */
    error: {
      readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
    },
    options: AdapterErrorOptions & {
      /** What did not match, for the reason (default `"the body"`). */
      what?: string;
      /** Segments put before every issue's path (`["data"]` for an envelope's `data`). */
      pathPrefix?: readonly (string | number)[];
      /** The whole reason, instead of the generated one. */
      reason?: string;
    } = {},
  ): ProtocolError {
    const { what, pathPrefix, reason, ...rest } = options;
    const issues = error.issues.map((issue) => ({
      path: [
        ...(pathPrefix ?? []),
        ...issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment)),
      ],
      message: issue.message,
    }));
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
    return new ProtocolError({
      ...rest,
      reason:
        reason ??
        `${what ?? "the body"} does not match the expected shape${where}: ${first?.message ?? "invalid"}`,
      issues,
    });
  }
}

const platformErrorMarker = Symbol.for("referral-kit.error.adapter.platform_error");

/**
 * The platform failed on its side (HTTP 5xx) and retries, if any, did not help. Retryable later.
 * Not in the issue's list, but a 5xx is neither a network failure nor a malformed answer, and callers
 * need to tell "their outage" from "our bug".
 *
 * @example
 * ```ts
 * import { PlatformServerError } from "referral-kit/adapter";
 *
 * if (PlatformServerError.isInstance(error)) console.warn(`${error.platform} is failing: HTTP ${error.status}`);
 * ```
 */
export class PlatformServerError extends AdapterError {
  declare readonly code: "platform_error";

  constructor(options: AdapterErrorOptions = {}) {
    super(
      "platform_error",
      withPlatformMessage(`${on(options)}the platform failed${detail(options)}`, options),
      { ...options, retryable: true },
    );
    this.name = "PlatformServerError";
    markError(this, platformErrorMarker);
  }

  static override isInstance(value: unknown): value is PlatformServerError {
    return hasMarker(value, platformErrorMarker);
  }
}

const unsupportedCapabilityMarker = Symbol.for("referral-kit.error.adapter.unsupported_capability");

/**
 * The adapter does not declare what the call asks for (a request kind, a target type, more targets than
 * one call takes, withdrawal, webhooks, status polling). Raised by `defineAdapter` before any HTTP, so
 * asking never reaches the platform. Not retryable.
 *
 * @example
 * ```ts
 * import { UnsupportedCapabilityError } from "referral-kit/adapter";
 *
 * if (UnsupportedCapabilityError.isInstance(error)) {
 *   console.error(`${error.platform} does not support ${error.capability} ${error.requested}; it supports ${error.supported.join(", ")}`);
 * }
 * ```
 */
export class UnsupportedCapabilityError extends AdapterError {
  declare readonly code: "unsupported_capability";
  /** Which capability was missing. */
  readonly capability:
    | "platform"
    | "requestKind"
    | "targetType"
    | "maxTargetsPerCall"
    | "statusPolling"
    | "withdrawal"
    | "webhooks";
  /** What the call asked for, e.g. `"disclose-data"` or `"120 targets"`. */
  readonly requested: string;
  /** What the adapter supports instead (empty when the capability is a plain yes/no). */
  readonly supported: readonly string[];

  constructor(
    options: AdapterErrorOptions & {
      capability: UnsupportedCapabilityError["capability"];
      requested: string;
      supported?: readonly string[];
      message?: string;
    },
  ) {
    const supported = options.supported ?? [];
    const also = supported.length > 0 ? `; supported: ${supported.join(", ")}` : "";
    super(
      "unsupported_capability",
      options.message ??
        `${on(options)}the adapter does not support ${options.capability} ${JSON.stringify(options.requested)}${also}`,
      { ...options, retryable: false },
    );
    this.name = "UnsupportedCapabilityError";
    markError(this, unsupportedCapabilityMarker);
    this.capability = options.capability;
    this.requested = options.requested;
    this.supported = supported;
  }

  static override isInstance(value: unknown): value is UnsupportedCapabilityError {
    return hasMarker(value, unsupportedCapabilityMarker);
  }
}

const unsupportedSpecMarker = Symbol.for("referral-kit.error.adapter.unsupported_spec_version");

/**
 * An adapter implements a specification version this copy of referral-kit does not know (an adapter
 * built for a newer release, or not an adapter at all). The message lists the accepted versions.
 *
 * @example
 * ```ts
 * import { UnsupportedSpecVersionError } from "referral-kit/adapter";
 *
 * try {
 *   resolveAdapter(candidate);
 * } catch (error) {
 *   if (UnsupportedSpecVersionError.isInstance(error)) console.error(error.received, error.accepted);
 * }
 * ```
 */
export class UnsupportedSpecVersionError extends AdapterError {
  declare readonly code: "unsupported_spec_version";
  /** The version the adapter declared (`"(none)"` when it declared none). */
  readonly received: string;
  /** The versions this copy of referral-kit accepts. */
  readonly accepted: readonly string[];

  constructor(options: AdapterErrorOptions & { received: string; accepted: readonly string[] }) {
    super(
      "unsupported_spec_version",
      `${on(options)}adapter specification version ${JSON.stringify(options.received)} is not supported; ` +
        `this version of referral-kit accepts ${options.accepted.map((v) => JSON.stringify(v)).join(", ")}. ` +
        "Upgrade referral-kit or use an adapter built for one of these versions.",
      { ...options, retryable: false },
    );
    this.name = "UnsupportedSpecVersionError";
    markError(this, unsupportedSpecMarker);
    this.received = options.received;
    this.accepted = options.accepted;
  }

  static override isInstance(value: unknown): value is UnsupportedSpecVersionError {
    return hasMarker(value, unsupportedSpecMarker);
  }
}

const missingCredentialsMarker = Symbol.for("referral-kit.error.adapter.missing_credentials");

/**
 * A credential was neither passed to the adapter nor set in its environment variable (raised by
 * {@link loadSecret} before any HTTP). Names both places it looked, never a value. Not retryable: configure
 * the credential.
 *
 * @example
 * ```ts
 * import { MissingCredentialsError } from "referral-kit/adapter";
 *
 * if (MissingCredentialsError.isInstance(error)) console.error(`set ${error.environmentVariable} or pass ${error.parameter}`);
 * ```
 */
export class MissingCredentialsError extends AdapterError {
  declare readonly code: "missing_credentials";
  /** The configuration parameter that was not given, e.g. `"bearerToken"`. */
  readonly parameter: string;
  /** The environment variable that was not set either, e.g. `"REFERRAL_KIT_X_TOKEN"`. */
  readonly environmentVariable: string;

  constructor(
    options: AdapterErrorOptions & { parameter: string; environmentVariable: string; description?: string },
  ) {
    const what = options.description ?? options.parameter;
    super(
      "missing_credentials",
      `${on(options)}missing credentials: no ${what}; pass \`${options.parameter}\` or set the ${options.environmentVariable} environment variable`,
      { ...options, retryable: false },
    );
    this.name = "MissingCredentialsError";
    markError(this, missingCredentialsMarker);
    this.parameter = options.parameter;
    this.environmentVariable = options.environmentVariable;
  }

  static override isInstance(value: unknown): value is MissingCredentialsError {
    return hasMarker(value, missingCredentialsMarker);
  }
}

const redirectRefusedMarker = Symbol.for("referral-kit.error.adapter.redirect_refused");

/**
 * The platform answered with a redirect the client will not follow : by
 * default, a redirect to another origin is never followed, so a compromised or misconfigured endpoint
 * cannot collect the credentials, the referral or its idempotency key, nor forge the answer. Names both
 * origins. Not retryable: the same call meets the same redirect.
 *
 * @example
 * ```ts
 * import { RedirectRefusedError } from "referral-kit/adapter";
 *
 * if (RedirectRefusedError.isInstance(error)) console.error(`${error.platform}: ${error.from} -> ${error.to} (${error.reason})`);
 * ```
 */
export class RedirectRefusedError extends AdapterError {
  declare readonly code: "redirect_refused";
  /** The origin that answered with the redirect, e.g. `https://api.x.example`. */
  readonly from: string;
  /** The origin the redirect leads to (`"(none)"` when the answer gave no usable `Location`). */
  readonly to: string;
  /**
   * Why it was not followed:
   * - `cross-origin`: the redirect leads to another origin (scheme, host or port) than the one the call
   *   went to, and that origin is not allowed (credentials, signatures and idempotency keys never go there);
   * - `method`: a same-origin 301, 302 or 303 answered a method that is not safe (POST, PATCH, PUT,
   *   DELETE): following it would drop the body or turn the call into a read;
   * - `too-many`: more hops than the client follows (`redirects.max`);
   * - `not-followed`: the call follows no redirect at all (the OAuth token request, or `redirects.max: 0`).
   */
  readonly reason: "cross-origin" | "method" | "too-many" | "not-followed";

  constructor(
    options: AdapterErrorOptions & { from: string; to: string; reason: RedirectRefusedError["reason"] },
  ) {
    const why = {
      "cross-origin": "another origin",
      method: `a ${options.method ?? "non-GET"} is only followed on 307 and 308`,
      "too-many": "too many redirects",
      "not-followed": "this call follows no redirect",
    }[options.reason];
    super(
      "redirect_refused",
      `${on(options)}refused a redirect${detail(options)} from ${options.from} to ${options.to}: ${why}`,
      { ...options, retryable: false },
    );
    this.name = "RedirectRefusedError";
    markError(this, redirectRefusedMarker);
    this.from = options.from;
    this.to = options.to;
    this.reason = options.reason;
  }

  static override isInstance(value: unknown): value is RedirectRefusedError {
    return hasMarker(value, redirectRefusedMarker);
  }
}

const responseTooLargeMarker = Symbol.for("referral-kit.error.adapter.response_too_large");

/**
 * The platform's answer was larger than the client reads (`maxResponseBytes`): declared so in its
 * `Content-Length`, or counted while streaming. The client stops reading there, so a hostile or broken
 * endpoint cannot exhaust memory. Not retryable: the same call gets the same answer.
 *
 * @example
 * ```ts
 * import { ResponseTooLargeError } from "referral-kit/adapter";
 *
 * if (ResponseTooLargeError.isInstance(error)) console.error(`answer over ${error.limitBytes} bytes`);
 * ```
 */
export class ResponseTooLargeError extends AdapterError {
  declare readonly code: "response_too_large";
  /** The limit the answer passed, in bytes. */
  readonly limitBytes: number;
  /** The size the answer declared in `Content-Length`, when that is how it was caught. */
  readonly declaredBytes: number | undefined;

  constructor(options: AdapterErrorOptions & { limitBytes: number; declaredBytes?: number }) {
    const size =
      options.declaredBytes === undefined ? "more" : `${options.declaredBytes} bytes (Content-Length)`;
    super(
      "response_too_large",
      `${on(options)}the answer${detail(options)} is larger than the ${options.limitBytes}-byte limit: ${size}`,
      { ...options, retryable: false },
    );
    this.name = "ResponseTooLargeError";
    markError(this, responseTooLargeMarker);
    this.limitBytes = options.limitBytes;
    this.declaredBytes = options.declaredBytes;
  }

  static override isInstance(value: unknown): value is ResponseTooLargeError {
    return hasMarker(value, responseTooLargeMarker);
  }
}

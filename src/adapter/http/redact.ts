/**
 * Redaction of credentials from anything that leaves the toolkit: error messages, `cause`, hook payloads,
 * serialised errors. Two layers, because neither is enough alone: patterns catch secrets by shape
 * (authorization headers, `access_token=` query params, Telegram's `/bot<token>/` path), and the exact
 * values an auth strategy holds catch secrets of any shape (an API key that appears in an echoed body).
 */

/**
 * What a redacted value is replaced with.
 *
 * @example
 * ```ts
 * redactHeaders({ authorization: "Bearer abc" }).authorization === REDACTED; // true
 * ```
 */
export const REDACTED = "[REDACTED]";

/** Header names whose value is always a credential. */
const SENSITIVE_HEADER_NAMES = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
]);

/** Header names that look like credentials by their words (`x-hub-signature-256`, `x-client-secret`). */
const SENSITIVE_HEADER_PATTERN = /(signature|secret|token|password|api[-_]?key|session)/i;

/** Query parameter names whose value is a credential. */
const SENSITIVE_QUERY_PATTERN =
  /^(token|access_token|refresh_token|id_token|client_secret|api_key|apikey|key|secret|signature|sig|password|code|hub\.verify_token)$/i;

/**
 * True when a header's value must never be shown.
 *
 * @example
 * ```ts
 * isSensitiveHeader("Authorization"); // true
 * isSensitiveHeader("X-Hub-Signature-256"); // true
 * isSensitiveHeader("Content-Type"); // false
 * ```
 */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADER_NAMES.has(lower) || SENSITIVE_HEADER_PATTERN.test(lower);
}

/**
 * A copy of the headers as a plain object, with every credential replaced by `[REDACTED]` and every other
 * value passed through {@link redactText} (a secret can hide in any header).
 *
 * @example
 * ```ts
 * redactHeaders(new Headers({ authorization: "Bearer abc", accept: "application/json" }));
 * // { accept: "application/json", authorization: "[REDACTED]" }
 * ```
 */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  secrets: readonly string[] = [],
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    result[name] = isSensitiveHeader(name) ? REDACTED : redactText(value, secrets);
  }
  return result;
}

/**
 * A URL with credentials removed: user info, sensitive query parameters and Telegram-style bot tokens in
 * the path (`/bot123:abc/sendMessage` -> `/bot[REDACTED]/sendMessage`). Text that is not a URL is redacted
 * as text.
 *
 * @example
 * ```ts
 * redactUrl("https://api.example.com/v1/reports?access_token=s3cret&page=2");
 * // "https://api.example.com/v1/reports?access_token=[REDACTED]&page=2"
 * ```
 */
export function redactUrl(url: string | URL, secrets: readonly string[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return redactText(String(url), secrets);
  }
  // Rebuilt by hand, not with URLSearchParams.set, so the marker stays readable (not percent-encoded).
  const query = parsed.search
    .slice(1)
    .split("&")
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const [name = "", ...rest] = pair.split("=");
      return SENSITIVE_QUERY_PATTERN.test(decodeURIComponentSafe(name)) && rest.length > 0
        ? `${name}=${REDACTED}`
        : pair;
    });
  const path = parsed.pathname.replace(BOT_TOKEN_PATH, `/bot${REDACTED}`);
  const origin = parsed.username || parsed.password ? authorityWithUserInfo(parsed) : parsed.origin;
  const text = `${origin}${path}${query.length > 0 ? `?${query.join("&")}` : ""}${parsed.hash}`;
  return redactText(text.replaceAll(encodeURIComponent(REDACTED), REDACTED), secrets);
}

/** Telegram puts the bot token in the path: `/bot<digits>:<secret>`. */
const BOT_TOKEN_PATH = /\/bot\d+:[A-Za-z0-9_-]+/g;
/** A bot token anywhere in text. */
const BOT_TOKEN_TEXT = /\bbot\d{3,}:[A-Za-z0-9_-]{10,}/g;
/** `Bearer <token>`, `Basic <credentials>` and friends in text. */
const AUTH_SCHEME_TEXT = /\b(Bearer|Basic|Token|Digest|HMAC-SHA256|OAuth)\s+[A-Za-z0-9._~+/=:,-]{4,}/gi;
/** `access_token=...`, `"client_secret":"..."` and similar in text (query strings, form and JSON bodies). */
const SECRET_PAIR_TEXT =
  /(["']?)\b(token|access_token|refresh_token|id_token|client_secret|api_key|apikey|secret|signature|password)\1(\s*[:=]\s*)(["']?)([^"'&\s,}]+)/gi;

/**
 * Text with credentials removed: every known secret value, authorization schemes (`Bearer ...`), bot
 * tokens, and `name=value` / `"name": "value"` pairs whose name is a credential.
 *
 * @example
 * ```ts
 * redactText('token rejected: {"access_token":"abc123"}', ["abc123"]);
 * // 'token rejected: {"access_token":"[REDACTED]"}'
 * ```
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) result = result.replaceAll(secret, REDACTED);
  }
  return result
    .replace(BOT_TOKEN_TEXT, `bot${REDACTED}`)
    .replace(AUTH_SCHEME_TEXT, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(
      SECRET_PAIR_TEXT,
      (_match, quote: string, name: string, separator: string, valueQuote: string) =>
        `${quote}${name}${quote}${separator}${valueQuote}${REDACTED}`,
    );
}

/**
 * A copy of an error (or any thrown value) that is safe to keep as `cause`: same name, message and code,
 * redacted, and a redacted cause chain. Request and response objects on the original (which carry
 * headers) are dropped on purpose.
 *
 * @example
 * ```ts
 * const safe = redactError(new Error("GET https://api.telegram.org/bot1:abc.../getMe failed"));
 * safe.message; // "GET https://api.telegram.org/bot[REDACTED]/getMe failed"
 * ```
 */
export function redactError(error: unknown, secrets: readonly string[] = [], depth = 0): Error {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) {
    return new Error(redactText(String(error), secrets));
  }
  const source = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const copy = new Error(redactText(String(source.message ?? ""), secrets));
  copy.name = typeof source.name === "string" ? source.name : "Error";
  // The stack repeats the original message; rebuild it from the redacted one.
  copy.stack = `${copy.name}: ${copy.message}`;
  if (typeof source.code === "string" || typeof source.code === "number") {
    Object.defineProperty(copy, "code", { value: source.code, enumerable: true });
  }
  if (source.cause !== undefined && depth < 4) {
    Object.defineProperty(copy, "cause", {
      value: redactError(source.cause, secrets, depth + 1),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
  return copy;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function authorityWithUserInfo(url: URL): string {
  return `${url.protocol}//${url.username ? REDACTED : ""}${url.password ? `:${REDACTED}` : ""}@${url.host}`;
}

import type { SecretSource } from "./bearer.js";
import type { AuthStrategy } from "./types.js";

/**
 * An API key in a header (`X-Api-Key` unless told otherwise).
 *
 * @example
 * ```ts
 * import { apiKeyHeader } from "referral-kit/adapter";
 *
 * const auth = apiKeyHeader({ key: process.env.TIKTOK_KEY!, header: "X-Tt-Api-Key" });
 * ```
 */
export function apiKeyHeader(options: {
  /** The key, or a function read on every attempt. */
  key: SecretSource;
  /** The header to send it in (default `X-Api-Key`). */
  header?: string;
  /** Text before the key in the header value, e.g. `"Token "`. */
  prefix?: string;
}): AuthStrategy {
  const header = options.header ?? "X-Api-Key";
  let last = typeof options.key === "string" ? options.key : undefined;
  return {
    name: "api-key",
    async apply(request) {
      last = typeof options.key === "string" ? options.key : await options.key();
      request.headers.set(header, `${options.prefix ?? ""}${last}`);
    },
    secrets: () => (last ? [last] : []),
  };
}

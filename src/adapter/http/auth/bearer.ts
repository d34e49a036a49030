import type { AuthStrategy } from "./types.js";

/**
 * A secret given as a value, or as a function read on every attempt (for rotated tokens).
 *
 * @example
 * ```ts
 * const fixed: SecretSource = "token";
 * const rotated: SecretSource = async () => vault.read("x-token");
 * ```
 */
export type SecretSource = string | (() => string | Promise<string>);

/**
 * `Authorization: Bearer <token>`. The token may be a function, read on every attempt, so a rotated token
 * is picked up without rebuilding the client.
 *
 * @example
 * ```ts
 * import { bearerToken, createHttpClient } from "referral-kit/adapter";
 *
 * const client = createHttpClient({ platform: "x", baseUrl: "https://api.x.com/2", auth: bearerToken(process.env.X_TOKEN!) });
 * ```
 */
export function bearerToken(token: SecretSource): AuthStrategy {
  let last = typeof token === "string" ? token : undefined;
  return {
    name: "bearer",
    async apply(request) {
      last = typeof token === "string" ? token : await token();
      request.headers.set("authorization", `Bearer ${last}`);
    },
    secrets: () => (last ? [last] : []),
  };
}

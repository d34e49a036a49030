import { MissingCredentialsError } from "./errors.js";

/**
 * Loads a credential the way the Vercel AI SDK's `loadApiKey` does: the parameter first, then the
 * environment variable (read at call time, so it may be set after the adapter was created). When neither
 * is set, throws {@link MissingCredentialsError} naming both places, never a value. In runtimes without
 * `process` only the parameter counts.
 *
 * @throws {MissingCredentialsError} neither the parameter nor the environment variable is set.
 *
 * @example
 * ```ts
 * import { loadSecret } from "referral-kit/adapter";
 *
 * const token = loadSecret({ value: config.bearerToken, env: "REFERRAL_KIT_X_TOKEN", name: "bearerToken", platform: "x" });
 * ```
 */
export function loadSecret(options: {
  /** The value passed in configuration, if any (an empty or blank string counts as none). */
  value: string | undefined;
  /** The environment variable to read when no value was passed. */
  env: string;
  /** The configuration parameter's name, for the error (`"bearerToken"`). */
  name: string;
  /** The platform id, for the error. */
  platform?: string;
  /** What the credential is, for people (`"X bearer token"`); default: `name`. */
  description?: string;
}): string {
  if (typeof options.value === "string" && options.value.trim() !== "") return options.value;
  const fromEnv =
    typeof process === "undefined" || typeof process.env !== "object" ? undefined : process.env[options.env];
  if (typeof fromEnv === "string" && fromEnv.trim() !== "") return fromEnv;
  throw new MissingCredentialsError({
    ...(options.platform ? { platform: options.platform } : {}),
    parameter: options.name,
    environmentVariable: options.env,
    ...(options.description ? { description: options.description } : {}),
  });
}

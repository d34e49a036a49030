/**
 * App credentials for Graph-style adapters: read from the configuration, else from the environment,
 * when a call first needs them (the environment may be set after the adapter is created), and the
 * OAuth 2 client-credentials strategy built from them once.
 */
import { AuthenticationError } from "../../src/adapter/errors.js";
import { oauth2ClientCredentials } from "../../src/adapter/http/auth/oauth2.js";
import type { AuthStrategy } from "../../src/adapter/http/auth/types.js";

/**
 * An app id and its secret (Graph's client id and client secret).
 *
 * @example
 * ```ts
 * const { appId, appSecret }: GraphAppCredentials = resolveCredentials(source);
 * ```
 */
export interface GraphAppCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

/**
 * Where credentials come from: configuration first, then these environment variables.
 *
 * @example
 * ```ts
 * const source: GraphCredentialSource = { platform: "facebook", factory: "createFacebookAdapter", appId: undefined, appSecret: undefined, env: FACEBOOK_ENV };
 * ```
 */
export interface GraphCredentialSource {
  readonly platform: string;
  /** The adapter's factory name, for the error message. */
  readonly factory: string;
  readonly appId: string | undefined;
  readonly appSecret: string | undefined;
  readonly env: { readonly appId: string; readonly appSecret: string };
}

function fromEnv(name: string): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[name];
  return value?.trim() ? value : undefined;
}

/**
 * Resolves the credentials, or fails with an `AuthenticationError` naming both places it looked (and
 * never the values).
 *
 * @example
 * ```ts
 * const { appId } = resolveCredentials(source); // throws AuthenticationError when neither is set
 * ```
 */
export function resolveCredentials(source: GraphCredentialSource): GraphAppCredentials {
  const appId = source.appId ?? fromEnv(source.env.appId);
  const appSecret = source.appSecret ?? fromEnv(source.env.appSecret);
  if (appId && appSecret) return { appId, appSecret };
  const missing = [
    ...(appId ? [] : [`\`appId\` (or ${source.env.appId})`]),
    ...(appSecret ? [] : [`\`appSecret\` (or ${source.env.appSecret})`]),
  ];
  throw new AuthenticationError({
    platform: source.platform,
    platformMessage: `no app credentials: pass ${missing.join(" and ")} to ${source.factory}`,
  });
}

/**
 * OAuth 2 client credentials against the Graph token endpoint (client id and secret in the form body, as
 * Graph takes them), built on the first call so the environment is read late. Token caching, sharing and
 * the refresh on 401 are the toolkit's.
 *
 * @example
 * ```ts
 * createHttpClient({ platform: "facebook", baseUrl, auth: graphAppAuth(source, `${baseUrl}/oauth/access_token`) });
 * ```
 */
export function graphAppAuth(source: GraphCredentialSource, tokenUrl: string): AuthStrategy {
  let inner: AuthStrategy | undefined;
  const strategy = (): AuthStrategy => {
    if (inner) return inner;
    const { appId, appSecret } = resolveCredentials(source);
    inner = oauth2ClientCredentials({
      tokenUrl,
      clientId: appId,
      clientSecret: appSecret,
      clientAuthentication: "body",
    });
    return inner;
  };
  return {
    name: "oauth2-client-credentials",
    apply: (request, context) => strategy().apply(request, context),
    onUnauthorized: () => inner?.onUnauthorized?.(),
    secrets: () => [...(source.appSecret ? [source.appSecret] : []), ...(inner?.secrets() ?? [])],
  };
}

/**
 * App credentials for Graph-style adapters: read from the configuration, else from the environment,
 * when a call first needs them (the environment may be set after the adapter is created), and the
 * OAuth 2 client-credentials strategy built from them once.
 */

import type { AuthStrategy } from "referral-kit/adapter";
import { loadSecret, oauth2ClientCredentials } from "referral-kit/adapter";

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

/**
 * Resolves the credentials with `loadSecret` (parameter, then environment variable), or fails with a
 * `MissingCredentialsError` naming both places it looked for the missing one (and never a value).
 *
 * @example
 * ```ts
 * const { appId } = resolveCredentials(source); // throws MissingCredentialsError when neither is set
 * ```
 */
export function resolveCredentials(source: GraphCredentialSource): GraphAppCredentials {
  const platform = source.platform;
  return {
    appId: loadSecret({ value: source.appId, env: source.env.appId, name: "appId", platform }),
    appSecret: loadSecret({
      value: source.appSecret,
      env: source.env.appSecret,
      name: "appSecret",
      platform,
    }),
  };
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

import { z } from "zod";
import { raceAbort } from "../../../internal/abort.js";
import {
  AdapterError,
  AuthenticationError,
  NetworkError,
  PlatformServerError,
  ProtocolError,
  RedirectRefusedError,
} from "../../errors.js";
import { readCommonErrorBody } from "../errors-from-response.js";
import { readBodyWithin } from "../read.js";
import { followedElsewhere, isRedirect } from "../redirect.js";
import type { AuthContext, AuthStrategy } from "./types.js";

/** A token answer is a few hundred bytes; anything near this is not one. */
const TOKEN_RESPONSE_LIMIT = 64 * 1024;

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * OAuth 2 client credentials (RFC 6749 §4.4): fetches an access token from `tokenUrl`, caches it until
 * shortly before it expires, shares one token request between concurrent calls, and drops the cached
 * token when the platform answers 401 (the client then retries the call once with a fresh token). The
 * token request uses the client's `fetch`, read at call time, so tests intercept it like any other call.
 * It follows no redirect (the client secret goes to `tokenUrl` and nowhere else): a redirect answer is a
 * `RedirectRefusedError`. A refused token request is an `AuthenticationError`; the client secret and
 * tokens never appear in it.
 *
 * @example
 * ```ts
 * import { createHttpClient, oauth2ClientCredentials } from "referral-kit/adapter";
 *
 * const client = createHttpClient({
 *   platform: "tiktok",
 *   baseUrl: "https://open.tiktokapis.com/v2",
 *   auth: oauth2ClientCredentials({ tokenUrl: "https://open.tiktokapis.com/v2/oauth/token/", clientId, clientSecret }),
 * });
 * ```
 */
export function oauth2ClientCredentials(options: {
  /** The token endpoint (absolute URL). */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes, if the platform wants them. */
  scope?: string;
  /** The audience or resource, if the platform wants one. */
  audience?: string;
  /** Send the client credentials as HTTP Basic (default, RFC 6749 §2.3.1) or in the form body. */
  clientAuthentication?: "basic" | "body";
  /** Refresh this long before the token expires (default 60 s), so no call goes out with a dying token. */
  refreshMarginMs?: number;
  /** The lifetime to assume when the endpoint gives no `expires_in` (default 1 hour). */
  defaultLifetimeMs?: number;
  /** The longest a token request may take (default 30 s). */
  timeoutMs?: number;
  /** The largest token answer read, in bytes (default 64 KiB). */
  maxResponseBytes?: number;
}): AuthStrategy {
  const margin = options.refreshMarginMs ?? 60_000;
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;
  // Bumped on 401, so a token request that started before the 401 cannot repopulate the cache with the
  // token that was just refused.
  let generation = 0;
  // Tokens handed out recently, kept for redaction: an error about a refused token may quote it.
  const recent: string[] = [];
  const remember = (value: string) => {
    if (recent.includes(value)) return;
    recent.unshift(value);
    recent.length = Math.min(recent.length, 5);
  };

  const fetchToken = async (context: AuthContext): Promise<CachedToken> => {
    const started = generation;
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    if (options.scope) body.set("scope", options.scope);
    if (options.audience) body.set("audience", options.audience);
    const headers = new Headers({
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    });
    if ((options.clientAuthentication ?? "basic") === "basic") {
      const basic = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`;
      headers.set("authorization", `Basic ${btoa(basic)}`);
    } else {
      body.set("client_id", options.clientId);
      body.set("client_secret", options.clientSecret);
    }
    const secrets = [options.clientSecret];
    const failure = { platform: context.platform, method: "POST", url: options.tokenUrl, secrets };
    const sentAt = context.now();
    context.observe?.request({ method: "POST", url: options.tokenUrl, headers, body: body.toString() });
    let response: Response;
    let text: string;
    try {
      // Its own timeout, not the caller's signal: the request is shared, and one caller giving up must not
      // fail the others. Each caller still stops waiting on its own abort (raceAbort below).
      response = await context.fetch(options.tokenUrl, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const moved = refusedRedirect(response, options.tokenUrl, failure);
      if (moved) throw moved;
      text = await readBodyWithin(response, options.maxResponseBytes ?? TOKEN_RESPONSE_LIMIT, failure);
    } catch (error) {
      if (AdapterError.isInstance(error)) throw error;
      throw new NetworkError({ ...failure, cause: error });
    }
    const parsed = safeJson(text);
    // Known before the hooks see the answer, so the token is redacted from it.
    const issued = TokenResponseSchema.safeParse(parsed);
    if (issued.success) remember(issued.data.access_token);
    context.observe?.response({
      method: "POST",
      url: options.tokenUrl,
      status: response.status,
      headers: response.headers,
      durationMs: context.now() - sentAt,
      body: text,
    });
    if (!response.ok) {
      const details = readCommonErrorBody(parsed);
      const withStatus = { ...failure, status: response.status, platformMessage: details.message };
      if (response.status >= 500) throw new PlatformServerError(withStatus);
      throw new AuthenticationError(withStatus);
    }
    const result = TokenResponseSchema.safeParse(parsed);
    if (!result.success) {
      throw ProtocolError.fromZod(result.error, {
        ...failure,
        status: response.status,
        reason: "the token endpoint did not return an access token",
      });
    }
    const lifetime = result.data.expires_in
      ? result.data.expires_in * 1000
      : (options.defaultLifetimeMs ?? 3_600_000);
    const token = { value: result.data.access_token, expiresAt: context.now() + lifetime };
    if (started === generation) cached = token;
    return token;
  };

  const getToken = async (context: AuthContext): Promise<string> => {
    if (cached && context.now() < cached.expiresAt - margin) return cached.value;
    if (!inFlight) {
      inFlight = fetchToken(context).finally(() => {
        inFlight = undefined;
      });
    }
    return (await raceAbort(inFlight, context.signal)).value;
  };

  return {
    name: "oauth2-client-credentials",
    async apply(request, context) {
      request.headers.set("authorization", `Bearer ${await getToken(context)}`);
    },
    onUnauthorized() {
      generation += 1;
      cached = undefined;
    },
    secrets: () => [options.clientSecret, ...recent],
  };
}

/** A redirect answer (never followed), or an answer a caller's fetch reached on another origin by itself. */
function refusedRedirect(
  response: Response,
  tokenUrl: string,
  failure: { platform: string; method: string; url: string; secrets: string[] },
): RedirectRefusedError | undefined {
  if (isRedirect(response.status)) {
    void response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    const to =
      location !== null && URL.canParse(location, tokenUrl) ? new URL(location, tokenUrl).origin : "(none)";
    return new RedirectRefusedError({
      ...failure,
      status: response.status,
      from: new URL(tokenUrl).origin,
      to,
      reason: "not-followed",
    });
  }
  return followedElsewhere(response, tokenUrl, failure);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

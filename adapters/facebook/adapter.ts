import type { AdapterCapabilities, DefinedAdapter } from "referral-kit/adapter";
import { createGraphAdapter, type GraphAdapterConfig } from "../_meta/adapter.js";
import { facebookWireTargetKey, toFacebookWireTarget } from "./map.js";
import { FacebookWireTargetSchema } from "./wire.js";

/**
 * The modelled Facebook Graph base URL, versioned. An `.example` host: Meta publishes no public API for
 * government requests; this is a modelled protocol (docs/wire/facebook.md).
 *
 * @example
 * ```ts
 * createFacebookAdapter({ baseUrl: FACEBOOK_DEFAULT_BASE_URL });
 * ```
 */
export const FACEBOOK_DEFAULT_BASE_URL = "https://graph.gov-requests.facebook.example/v21.0";

/**
 * The environment variables the app credentials are read from when the configuration has none.
 *
 * @example
 * ```ts
 * process.env[FACEBOOK_ENV.appId] = "1234567890";
 * ```
 */
export const FACEBOOK_ENV = Object.freeze({
  appId: "REFERRAL_KIT_FACEBOOK_APP_ID",
  appSecret: "REFERRAL_KIT_FACEBOOK_APP_SECRET",
});

/**
 * What the Facebook adapter can do: every request kind (the modelled channel takes data disclosure and
 * preservation too, as Meta's law-enforcement channel does), accounts and content, polling, signed
 * webhooks, withdrawal, 50 targets per legal request, and the modelled hourly app limits.
 *
 * @example
 * ```ts
 * FACEBOOK_CAPABILITIES.requestKinds.includes("restrict-locally"); // true
 * ```
 */
export const FACEBOOK_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve", "disclose-data"],
  targetTypes: ["account", "content"],
  statusPolling: true,
  webhooks: true,
  withdrawal: true,
  maxTargetsPerCall: 50,
  rateLimits: [
    { operation: "submit", limit: 100, windowMs: 3_600_000 },
    { operation: "all", limit: 1_000, windowMs: 3_600_000 },
  ],
});

/**
 * Creates the Facebook reference adapter, speaking the modelled Graph legal-requests protocol
 * (docs/wire/facebook.md): an OAuth 2 app token (cached, refreshed once on 401),
 * `POST /{app-id}/legal_requests` answered with `{ id }`, `GET /{id}?fields=...` for status and
 * decisions, `POST /{id}` to withdraw, Graph error codes (4/17/32 throttling, 190 tokens, 100.33 unknown
 * ids), and `X-Hub-Signature-256` webhooks with the `hub.challenge` handshake.
 *
 * @example
 * ```ts
 * import { createFacebookAdapter } from "referral-kit/adapters/facebook";
 *
 * const facebook = createFacebookAdapter({ appId: process.env.FB_APP_ID, appSecret: process.env.FB_APP_SECRET });
 * const receipt = await facebook.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const update = await facebook.getStatus({ platformRef: receipt.platformRef });
 * ```
 */
export function createFacebookAdapter(config: GraphAdapterConfig = {}): DefinedAdapter<"facebook"> {
  return createGraphAdapter(
    {
      platform: "facebook",
      factory: "createFacebookAdapter",
      capabilities: FACEBOOK_CAPABILITIES,
      defaultBaseUrl: FACEBOOK_DEFAULT_BASE_URL,
      env: FACEBOOK_ENV,
      targetSchema: FacebookWireTargetSchema,
      toWireTarget: (target) => toFacebookWireTarget(target),
      wireTargetKey: facebookWireTargetKey,
    },
    config,
  );
}

import type { AdapterCapabilities, DefinedAdapter } from "referral-kit/adapter";
import { createGraphAdapter, type GraphAdapterConfig } from "../_meta/adapter.js";
import { instagramWireTargetKey, toInstagramWireTarget } from "./map.js";
import { InstagramWireTargetSchema } from "./wire.js";

/**
 * The modelled Instagram Graph base URL, versioned. An `.example` host: Meta publishes no public API for
 * government requests; this is a modelled protocol (docs/wire/instagram.md).
 *
 * @example
 * ```ts
 * createInstagramAdapter({ baseUrl: INSTAGRAM_DEFAULT_BASE_URL });
 * ```
 */
export const INSTAGRAM_DEFAULT_BASE_URL = "https://graph.gov-requests.instagram.example/v21.0";

/**
 * The environment variables the app credentials are read from when the configuration has none.
 *
 * @example
 * ```ts
 * process.env[INSTAGRAM_ENV.appId] = "1234567890";
 * ```
 */
export const INSTAGRAM_ENV = Object.freeze({
  appId: "REFERRAL_KIT_INSTAGRAM_APP_ID",
  appSecret: "REFERRAL_KIT_INSTAGRAM_APP_SECRET",
});

/**
 * What the Instagram adapter can do: every request kind, accounts and content (posts, reels, IGTV,
 * stories and highlights), polling, signed webhooks, withdrawal, 25 targets per legal request (half of
 * Facebook's), and the modelled hourly limits of Instagram's business use case. One exception the flags
 * cannot express: `restrict-locally` of a story is refused before any HTTP (stories expire within a day
 * and are not restricted by country).
 *
 * @example
 * ```ts
 * INSTAGRAM_CAPABILITIES.maxTargetsPerCall; // 25
 * ```
 */
export const INSTAGRAM_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve", "disclose-data"],
  targetTypes: ["account", "content"],
  statusPolling: true,
  webhooks: true,
  withdrawal: true,
  maxTargetsPerCall: 25,
  rateLimits: [
    { operation: "submit", limit: 50, windowMs: 3_600_000 },
    { operation: "all", limit: 500, windowMs: 3_600_000 },
  ],
});

/**
 * Creates the Instagram reference adapter, speaking the modelled Graph legal-requests protocol on
 * Instagram's host (docs/wire/instagram.md): the Facebook protocol's OAuth app token, `legal_requests`,
 * `fields` and webhooks, with Instagram's targets (shortcodes, stories, highlights), a smaller batch,
 * and throttling reported as business-use-case code 80002.
 *
 * @example
 * ```ts
 * import { createInstagramAdapter } from "referral-kit/adapters/instagram";
 *
 * const instagram = createInstagramAdapter({ appId: process.env.FB_APP_ID, appSecret: process.env.FB_APP_SECRET });
 * const receipt = await instagram.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const update = await instagram.getStatus({ platformRef: receipt.platformRef });
 * ```
 */
export function createInstagramAdapter(config: GraphAdapterConfig = {}): DefinedAdapter<"instagram"> {
  return createGraphAdapter(
    {
      platform: "instagram",
      factory: "createInstagramAdapter",
      capabilities: INSTAGRAM_CAPABILITIES,
      defaultBaseUrl: INSTAGRAM_DEFAULT_BASE_URL,
      env: INSTAGRAM_ENV,
      targetSchema: InstagramWireTargetSchema,
      toWireTarget: (target, kind) => toInstagramWireTarget(target, kind),
      wireTargetKey: instagramWireTargetKey,
    },
    config,
  );
}

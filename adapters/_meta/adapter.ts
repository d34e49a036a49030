/**
 * The Graph-style adapter Facebook and Instagram share: OAuth 2 app tokens, `POST /{app-id}/legal_requests`
 * (the key in the body), `GET /{id}?fields=...`, `POST /{id}` to withdraw, Graph errors and webhooks.
 * A platform brings its capabilities, names, target mapping and schemas; this file wires the toolkit.
 */

import type { RequestKind, Target } from "referral-kit";
import type { AdapterCapabilities } from "referral-kit/adapter";
import {
  createHttpClient,
  type DefinedAdapter,
  defineAdapter,
  type HttpTransportConfig,
  httpTransportOptions,
} from "referral-kit/adapter";
import type { z } from "zod";
import { graphAppAuth, resolveCredentials } from "./credentials.js";
import { findGraphErrorEnvelope, parseGraphError } from "./errors.js";
import {
  GRAPH_STATUS_FIELDS,
  responseTime,
  toGraphReceipt,
  toGraphStatusUpdate,
  toGraphSubmitBody,
} from "./map.js";
import { parseGraphWebhook } from "./webhook.js";
import {
  GraphCreateResponseSchema,
  type GraphLegalRequest,
  GraphSuccessResponseSchema,
  graphLegalRequestSchema,
  graphWebhookBodySchema,
} from "./wire.js";

/**
 * Configuration of the Graph-style adapters (`FacebookAdapterConfig`, `InstagramAdapterConfig`): the app
 * credentials (or their environment variables), the webhook verify token, and the usual client settings.
 *
 * @example
 * ```ts
 * const config: GraphAdapterConfig = { appId: process.env.FB_APP_ID, appSecret: process.env.FB_APP_SECRET, webhookVerifyToken: "my-verify-token" };
 * ```
 */
export interface GraphAdapterConfig extends HttpTransportConfig {
  /** The versioned Graph base URL (default: the platform's modelled host, `/v21.0`). */
  baseUrl?: string;
  /** The app id (Graph's OAuth client id). Default: the platform's `..._APP_ID` environment variable. */
  appId?: string;
  /** The app secret: OAuth client secret and webhook signing key. Default: `..._APP_SECRET`. */
  appSecret?: string;
  /** The verify token set when subscribing to webhooks; the GET handshake is refused without it. */
  webhookVerifyToken?: string;
  /** How far a webhook entry's `time` may be from now (default 300 s). */
  webhookToleranceSeconds?: number;
  /** The clock (epoch ms), for webhook times, token expiry and retry dates. */
  now?: () => number;
}

/**
 * What a Graph platform brings to {@link createGraphAdapter}.
 *
 * @example
 * ```ts
 * const spec: GraphPlatform<"facebook", FacebookWireTarget> = { platform: "facebook", factory: "createFacebookAdapter", capabilities, defaultBaseUrl, env, targetSchema, toWireTarget, wireTargetKey };
 * ```
 */
export interface GraphPlatform<P extends "facebook" | "instagram", T> {
  readonly platform: P;
  /** `createFacebookAdapter`, for messages. */
  readonly factory: string;
  readonly capabilities: AdapterCapabilities;
  readonly defaultBaseUrl: string;
  readonly env: { readonly appId: string; readonly appSecret: string };
  /** The platform's wire target schema. */
  readonly targetSchema: z.ZodType<T>;
  /** A domain target as the platform names it; throws `UnsupportedCapabilityError` for what it cannot take. */
  toWireTarget(target: Target, kind: RequestKind): T;
  /** The `targetKey` of a wire target, to map decisions back. */
  wireTargetKey(target: T): string;
}

/**
 * Builds a Graph-style adapter for one platform. Private to the Facebook and Instagram adapters.
 *
 * @example
 * ```ts
 * export const createFacebookAdapter = (config: GraphAdapterConfig = {}) => createGraphAdapter(facebookSpec, config);
 * ```
 */
export function createGraphAdapter<P extends "facebook" | "instagram", T>(
  spec: GraphPlatform<P, T>,
  config: GraphAdapterConfig,
): DefinedAdapter<P> {
  const { platform } = spec;
  const now = config.now ?? Date.now;
  const baseUrl = (config.baseUrl ?? spec.defaultBaseUrl).replace(/\/+$/, "");
  const source = {
    platform,
    factory: spec.factory,
    appId: config.appId,
    appSecret: config.appSecret,
    env: spec.env,
  };
  const client = createHttpClient({
    platform,
    baseUrl,
    auth: graphAppAuth(source, `${baseUrl}/oauth/access_token`),
    ...httpTransportOptions(config),
    ...(config.webhookVerifyToken ? { secrets: [config.webhookVerifyToken] } : {}),
    now,
    // Graph takes the key in the body; the client still needs it to know a POST is safe to retry.
    idempotencyHeader: false,
    requestIdHeaders: ["x-fb-trace-id", "x-fb-request-id"],
    parseErrorBody: parseGraphError,
    errorInBody: findGraphErrorEnvelope,
  });
  const NodeSchema = graphLegalRequestSchema(spec.targetSchema);
  const WebhookSchema = graphWebhookBodySchema(spec.targetSchema);
  const toUpdate = (node: GraphLegalRequest<T>, raw: unknown) =>
    toGraphStatusUpdate(platform, node, raw, (t) => spec.wireTargetKey(t), now);

  return defineAdapter({
    platform,
    capabilities: spec.capabilities,
    async submit(input, { signal, idempotencyKey }) {
      // Mapped before credentials are read: a target the platform cannot take fails without any HTTP.
      const body = toGraphSubmitBody(input, idempotencyKey, (t, kind) => spec.toWireTarget(t, kind));
      const { appId } = resolveCredentials(source);
      const { data, headers } = await client.request("POST", `/${encodeURIComponent(appId)}/legal_requests`, {
        body: { json: body },
        schema: GraphCreateResponseSchema,
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      return toGraphReceipt(input, data.id, responseTime(headers, now), data);
    },
    async getStatus({ platformRef }, { signal }) {
      const node = await client.getJson(`/${encodeURIComponent(platformRef)}`, NodeSchema, {
        searchParams: { fields: GRAPH_STATUS_FIELDS },
        ...(signal ? { signal } : {}),
      });
      return toUpdate(node as GraphLegalRequest<T>, node);
    },
    async withdraw({ platformRef, reason }, { signal, idempotencyKey }) {
      // Graph updates a node by POSTing the fields to change to it.
      const { data, headers } = await client.request("POST", `/${encodeURIComponent(platformRef)}`, {
        body: { json: { status: "WITHDRAWN", withdrawal_reason: reason, idempotency_key: idempotencyKey } },
        schema: GraphSuccessResponseSchema,
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      return { platformRef, withdrawnAt: responseTime(headers, now), raw: data };
    },
    parseWebhook: (request, options) =>
      parseGraphWebhook(
        request,
        {
          platform,
          appSecret: () => resolveCredentials(source).appSecret,
          verifyToken: config.webhookVerifyToken,
          toleranceSeconds: config.webhookToleranceSeconds ?? 300,
          now,
          schema: WebhookSchema,
          toUpdate,
        },
        options,
      ),
  });
}

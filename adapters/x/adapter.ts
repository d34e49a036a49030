import type { AdapterCapabilities } from "referral-kit/adapter";
import {
  bearerToken,
  createHttpClient,
  type DefinedAdapter,
  defineAdapter,
  type HttpTransportConfig,
  httpTransportOptions,
  loadSecret,
  ProtocolError,
  type SecretSource,
} from "referral-kit/adapter";
import { findXErrorEnvelope, parseXError } from "./errors.js";
import { toReceipt, toStatusUpdate, toSubmitBody } from "./map.js";
import { parseXWebhook } from "./webhook.js";
import { XStatusResponseSchema, XSubmitResponseSchema, XWithdrawResponseSchema } from "./wire.js";

/**
 * The modelled X base URL. An `.example` host: no public X API for government requests exists.
 *
 * @example
 * ```ts
 * createXAdapter({ baseUrl: X_DEFAULT_BASE_URL }); // the default
 * ```
 */
export const X_DEFAULT_BASE_URL = "https://gov-requests.x.example/2";

/**
 * The environment variable the bearer token is read from when no `bearerToken` is given.
 *
 * @example
 * ```ts
 * process.env[X_TOKEN_ENV] = token; // read when a call needs the token
 * ```
 */
export const X_TOKEN_ENV = "REFERRAL_KIT_X_TOKEN";

/**
 * What the X adapter can do, honestly: four request kinds (`disclose-data` goes through X's separate
 * legal process, not this channel), accounts and posts, polling, signed webhooks, withdrawal, 10 targets
 * per legal request, and X's documented (modelled) 15-minute windows.
 *
 * @example
 * ```ts
 * X_CAPABILITIES.requestKinds.includes("disclose-data"); // false
 * ```
 */
export const X_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve"],
  targetTypes: ["account", "content"],
  statusPolling: true,
  webhooks: true,
  withdrawal: true,
  maxTargetsPerCall: 10,
  rateLimits: [
    { operation: "submit", limit: 50, windowMs: 900_000 },
    { operation: "getStatus", limit: 300, windowMs: 900_000 },
    { operation: "withdraw", limit: 50, windowMs: 900_000 },
  ],
});

/**
 * Configuration of {@link createXAdapter}. Only credentials are needed, and they may come from the
 * environment.
 *
 * @example
 * ```ts
 * const config: XAdapterConfig = { bearerToken: process.env.X_TOKEN, webhookSecret: process.env.X_WEBHOOK_SECRET };
 * ```
 */
export interface XAdapterConfig extends Omit<HttpTransportConfig, "sleep"> {
  /** Default `https://gov-requests.x.example/2`. */
  baseUrl?: string;
  /** The bearer token, or a function read on every attempt (rotation). Default: `REFERRAL_KIT_X_TOKEN`. */
  bearerToken?: SecretSource;
  /** The secret X signs webhooks with; `parseWebhook` refuses every call without it. */
  webhookSecret?: string;
  /** How far a webhook's timestamp may be from now (default 300 s). */
  webhookToleranceSeconds?: number;
  /** The clock (epoch ms), for webhook timestamps and retry dates. */
  now?: () => number;
}

/**
 * Reads the token when a call needs it, not at creation (the environment may be set later), and fails
 * with an error naming both places it looked.
 */
function tokenSource(token: SecretSource | undefined): SecretSource {
  if (token !== undefined) return token;
  return () =>
    loadSecret({
      value: undefined,
      env: X_TOKEN_ENV,
      name: "bearerToken",
      platform: "x",
      description: "X bearer token",
    });
}

/**
 * Creates the X reference adapter, speaking the modelled X legal-requests protocol (docs/wire/x.md):
 * `POST /legal-requests` (202, `Idempotency-Key`), `GET /legal-requests/:id`, `POST
 * /legal-requests/:id/withdrawal`, X's error codes with `x-request-id`, and signed webhooks.
 *
 * @example
 * ```ts
 * import { createXAdapter } from "referral-kit/adapters/x";
 *
 * const x = createXAdapter({ bearerToken: process.env.X_TOKEN, webhookSecret: process.env.X_WEBHOOK_SECRET });
 * const receipt = await x.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const update = await x.getStatus({ platformRef: receipt.platformRef });
 * ```
 */
export function createXAdapter(config: XAdapterConfig = {}): DefinedAdapter<"x"> {
  const now = config.now ?? Date.now;
  const webhookSecret = config.webhookSecret;
  const client = createHttpClient({
    platform: "x",
    baseUrl: config.baseUrl ?? X_DEFAULT_BASE_URL,
    auth: bearerToken(tokenSource(config.bearerToken)),
    ...httpTransportOptions(config),
    ...(webhookSecret ? { secrets: [webhookSecret] } : {}),
    now,
    idempotencyHeader: "Idempotency-Key",
    requestIdHeaders: ["x-request-id"],
    parseErrorBody: parseXError,
    errorInBody: findXErrorEnvelope,
  });

  return defineAdapter({
    platform: "x",
    capabilities: X_CAPABILITIES,
    async submit(input, { signal, idempotencyKey }) {
      const body = toSubmitBody(input);
      const { data, requestId } = await client.request("POST", "/legal-requests", {
        body: { json: body },
        schema: XSubmitResponseSchema,
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      const receipt = toReceipt(input, data);
      if (typeof receipt === "string") {
        throw new ProtocolError({
          platform: "x",
          status: 202,
          ...(requestId ? { requestId } : {}),
          reason: receipt,
        });
      }
      return receipt;
    },
    async getStatus({ platformRef }, { signal }) {
      const body = await client.getJson(
        `/legal-requests/${encodeURIComponent(platformRef)}`,
        XStatusResponseSchema,
        {
          ...(signal ? { signal } : {}),
        },
      );
      return toStatusUpdate(body.data, body);
    },
    async withdraw({ platformRef, reason }, { signal, idempotencyKey }) {
      const body = await client.postJson(
        `/legal-requests/${encodeURIComponent(platformRef)}/withdrawal`,
        { reason },
        XWithdrawResponseSchema,
        { idempotencyKey, ...(signal ? { signal } : {}) },
      );
      return { platformRef: body.data.id, withdrawnAt: body.data.withdrawn_at, raw: body };
    },
    parseWebhook: (request, options) =>
      parseXWebhook(
        request,
        { secret: webhookSecret, toleranceSeconds: config.webhookToleranceSeconds ?? 300, now },
        options,
      ),
  });
}

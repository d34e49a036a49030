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
import { findWhatsAppErrorEnvelope, parseWhatsAppError } from "./errors.js";
import { toWhatsAppReceipt, toWhatsAppStatusUpdate, toWhatsAppSubmitBody } from "./map.js";
import { WhatsAppStatusResponseSchema, WhatsAppSubmitResponseSchema } from "./wire.js";

/**
 * The modelled WhatsApp base URL. An `.example` host: WhatsApp publishes no public API for government
 * requests; this is a modelled protocol (docs/wire/whatsapp.md).
 *
 * @example
 * ```ts
 * createWhatsAppAdapter({ baseUrl: WHATSAPP_DEFAULT_BASE_URL });
 * ```
 */
export const WHATSAPP_DEFAULT_BASE_URL = "https://gov-requests.whatsapp.example/v1";

/**
 * The environment variable the system-user access token is read from when no `accessToken` is given.
 *
 * @example
 * ```ts
 * process.env[WHATSAPP_TOKEN_ENV] = token;
 * ```
 */
export const WHATSAPP_TOKEN_ENV = "REFERRAL_KIT_WHATSAPP_TOKEN";

/**
 * What the WhatsApp adapter can do, honestly. WhatsApp cannot see or remove private messages (end-to-end
 * encryption), so:
 * - `remove-content` takes channel messages only (`targetTypesByKind`: content, never a whole account);
 *   private-message content is refused before any HTTP;
 * - `suspend` bans an account by phone number (E.164) or a channel;
 * - `preserve` and `disclose-data` keep and hand over account metadata, never message content;
 * - no `restrict-locally` (no per-country withholding), no webhooks and no withdrawal (polling only);
 * - 20 targets per request and the modelled per-minute limits.
 *
 * @example
 * ```ts
 * WHATSAPP_CAPABILITIES.requestKinds.includes("restrict-locally"); // false
 * WHATSAPP_CAPABILITIES.targetTypesByKind?.["remove-content"]; // ["content"]
 * ```
 */
export const WHATSAPP_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "preserve", "disclose-data"],
  targetTypes: ["account", "content"],
  targetTypesByKind: { "remove-content": ["content"] },
  statusPolling: true,
  webhooks: false,
  withdrawal: false,
  maxTargetsPerCall: 20,
  rateLimits: [
    { operation: "submit", limit: 20, windowMs: 60_000 },
    { operation: "getStatus", limit: 120, windowMs: 60_000 },
  ],
});

/**
 * Configuration of {@link createWhatsAppAdapter}. Only the access token is needed, and it may come from
 * the environment.
 *
 * @example
 * ```ts
 * const config: WhatsAppAdapterConfig = { accessToken: () => vault.read("whatsapp-system-user") };
 * ```
 */
export interface WhatsAppAdapterConfig extends HttpTransportConfig {
  /** Default `https://gov-requests.whatsapp.example/v1`. */
  baseUrl?: string;
  /**
   * The system-user access token (a long-lived bearer token issued to the agency's system user), or a
   * function read on every attempt (rotation). Default: `REFERRAL_KIT_WHATSAPP_TOKEN`.
   */
  accessToken?: SecretSource;
  /** The clock (epoch ms), for retry dates. */
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
      env: WHATSAPP_TOKEN_ENV,
      name: "accessToken",
      platform: "whatsapp",
      description: "WhatsApp access token",
    });
}

/**
 * Creates the WhatsApp reference adapter, speaking the modelled WhatsApp enforcement-requests protocol
 * (docs/wire/whatsapp.md): a system-user bearer token, `POST /enforcement_requests` (201, with an intake
 * check per target, `X-Idempotency-Key`), `GET /enforcement_requests/{id}`, `{ meta, errors }` bodies
 * with WhatsApp's codes, Unix-second times. Polling only: no webhooks, no withdrawal.
 *
 * @example
 * ```ts
 * import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
 *
 * const whatsapp = createWhatsAppAdapter({ accessToken: process.env.WA_SYSTEM_USER_TOKEN });
 * const receipt = await whatsapp.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const update = await whatsapp.getStatus({ platformRef: receipt.platformRef });
 * ```
 */
export function createWhatsAppAdapter(config: WhatsAppAdapterConfig = {}): DefinedAdapter<"whatsapp"> {
  const client = createHttpClient({
    platform: "whatsapp",
    baseUrl: config.baseUrl ?? WHATSAPP_DEFAULT_BASE_URL,
    auth: bearerToken(tokenSource(config.accessToken)),
    ...httpTransportOptions(config),
    idempotencyHeader: "X-Idempotency-Key",
    requestIdHeaders: ["x-wa-request-id"],
    parseErrorBody: parseWhatsAppError,
    errorInBody: findWhatsAppErrorEnvelope,
  });

  return defineAdapter({
    platform: "whatsapp",
    capabilities: WHATSAPP_CAPABILITIES,
    async submit(input, { signal, idempotencyKey }) {
      // Mapped first: private-message content and other refusals fail here, without any HTTP.
      const body = toWhatsAppSubmitBody(input);
      const { data, status, requestId } = await client.request("POST", "/enforcement_requests", {
        body: { json: body },
        schema: WhatsAppSubmitResponseSchema,
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      const receipt = toWhatsAppReceipt(input, data);
      if (typeof receipt === "string") {
        throw new ProtocolError({
          platform: "whatsapp",
          status,
          ...(requestId ? { requestId } : {}),
          reason: receipt,
        });
      }
      return receipt;
    },
    async getStatus({ platformRef }, { signal }) {
      const body = await client.getJson(
        `/enforcement_requests/${encodeURIComponent(platformRef)}`,
        WhatsAppStatusResponseSchema,
        { ...(signal ? { signal } : {}) },
      );
      return toWhatsAppStatusUpdate(body.enforcement_requests[0]!, body);
    },
  });
}

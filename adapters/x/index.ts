/**
 * referral-kit/adapters/x: the X reference adapter, speaking the modelled X legal-requests protocol
 * described in docs/wire/x.md. A modelled protocol, not a real X API.
 *
 * @packageDocumentation
 */
export {
  createXAdapter,
  X_CAPABILITIES,
  X_DEFAULT_BASE_URL,
  X_TOKEN_ENV,
  type XAdapterConfig,
} from "./adapter.js";
export { parseXError } from "./errors.js";
export { parseXWebhook, type XWebhookVerifier } from "./webhook.js";
export * from "./wire.js";

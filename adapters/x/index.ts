/**
 * referral-kit/adapters/x: the X reference adapter, speaking the modelled X legal-requests protocol
 * described in docs/wire/x.md. A modelled protocol, not a real X API.
 *
 * @packageDocumentation
 */
export {
  createXAdapter,
  X_CAPABILITIES,
  type XAdapterConfig,
} from "./adapter.js";
export { parseXWebhook, type XWebhookVerifier } from "./webhook.js";

/**
 * referral-kit/adapters/whatsapp: the WhatsApp reference adapter, speaking the modelled WhatsApp
 * enforcement-requests protocol described in docs/wire/whatsapp.md. A modelled protocol, not a real
 * WhatsApp API.
 *
 * @packageDocumentation
 */
export {
  createWhatsAppAdapter,
  WHATSAPP_CAPABILITIES,
  WHATSAPP_DEFAULT_BASE_URL,
  WHATSAPP_TOKEN_ENV,
  type WhatsAppAdapterConfig,
} from "./adapter.js";
export { parseWhatsAppError } from "./errors.js";
export {
  toWhatsAppWireTarget,
  WHATSAPP_REQUEST_TYPES,
  whatsappTimeToIso,
  whatsappWireTargetKey,
} from "./map.js";
export * from "./wire.js";

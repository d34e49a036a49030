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
  type WhatsAppAdapterConfig,
} from "./adapter.js";

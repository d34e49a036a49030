/**
 * referral-kit/adapters/telegram: the Telegram reference adapter, speaking the modelled Telegram
 * government-reports protocol described in docs/wire/telegram.md. A modelled protocol, not a real
 * Telegram API.
 *
 * @packageDocumentation
 */
export {
  createTelegramAdapter,
  TELEGRAM_CAPABILITIES,
  type TelegramAdapter,
  type TelegramAdapterConfig,
} from "./adapter.js";

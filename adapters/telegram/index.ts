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
  TELEGRAM_DEFAULT_BASE_URL,
  type TelegramAdapter,
  type TelegramAdapterConfig,
  type TelegramPollOptions,
  type TelegramUpdateBatch,
} from "./adapter.js";
export { botTokenInPath, TELEGRAM_TOKEN_ENV } from "./auth.js";
export { okFalseError, parseTelegramError, withRetryAfterFromBody } from "./errors.js";
export { TELEGRAM_ACTIONS, toWireItem, wireItemKey } from "./map.js";
export * from "./wire.js";

/**
 * referral-kit/adapters/tiktok: the TikTok reference adapter, speaking the modelled TikTok
 * government-requests protocol described in docs/wire/tiktok.md. A modelled protocol, not a real TikTok
 * API.
 *
 * @packageDocumentation
 */
export {
  createTikTokAdapter,
  TIKTOK_CAPABILITIES,
  TIKTOK_DEFAULT_BASE_URL,
  type TikTokAdapterConfig,
} from "./adapter.js";
export { TIKTOK_APP_KEY_ENV, TIKTOK_APP_SECRET_ENV, TIKTOK_HEADERS, tiktokSigning } from "./auth.js";
export { envelopeError, parseTikTokError, TIKTOK_ERROR_CODES } from "./errors.js";
export { TIKTOK_REQUEST_TYPES } from "./map.js";
export * from "./wire.js";

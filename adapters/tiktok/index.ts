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
  type TikTokAdapterConfig,
} from "./adapter.js";

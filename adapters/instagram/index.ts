/**
 * referral-kit/adapters/instagram: the Instagram reference adapter, speaking the modelled Graph
 * legal-requests protocol described in docs/wire/instagram.md. A modelled protocol, not a real Meta API.
 *
 * @packageDocumentation
 */

export type { GraphAdapterConfig as InstagramAdapterConfig } from "../_meta/adapter.js";
export {
  createInstagramAdapter,
  INSTAGRAM_CAPABILITIES,
} from "./adapter.js";

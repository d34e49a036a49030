/**
 * referral-kit/adapters/facebook: the Facebook reference adapter, speaking the modelled Graph
 * legal-requests protocol described in docs/wire/facebook.md. A modelled protocol, not a real Meta API.
 *
 * @packageDocumentation
 */

export type { GraphAdapterConfig as FacebookAdapterConfig } from "../_meta/adapter.js";
export {
  createFacebookAdapter,
  FACEBOOK_CAPABILITIES,
} from "./adapter.js";

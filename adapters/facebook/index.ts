/**
 * referral-kit/adapters/facebook: the Facebook reference adapter, speaking the modelled Graph
 * legal-requests protocol described in docs/wire/facebook.md. A modelled protocol, not a real Meta API.
 *
 * @packageDocumentation
 */

export { businessUseCaseWaitMs, parseGraphError } from "../_meta/errors.js";
export {
  createFacebookAdapter,
  FACEBOOK_CAPABILITIES,
  FACEBOOK_DEFAULT_BASE_URL,
  FACEBOOK_ENV,
  type FacebookAdapterConfig,
} from "./adapter.js";
export { facebookWireTargetKey, fromFacebookWireTarget, toFacebookWireTarget } from "./map.js";
export * from "./wire.js";

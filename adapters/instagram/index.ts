/**
 * referral-kit/adapters/instagram: the Instagram reference adapter, speaking the modelled Graph
 * legal-requests protocol described in docs/wire/instagram.md. A modelled protocol, not a real Meta API.
 *
 * @packageDocumentation
 */

export { businessUseCaseWaitMs, parseGraphError } from "../_meta/errors.js";
export {
  createInstagramAdapter,
  INSTAGRAM_CAPABILITIES,
  INSTAGRAM_DEFAULT_BASE_URL,
  INSTAGRAM_ENV,
  type InstagramAdapterConfig,
} from "./adapter.js";
export { fromInstagramWireTarget, instagramWireTargetKey, toInstagramWireTarget } from "./map.js";
export * from "./wire.js";

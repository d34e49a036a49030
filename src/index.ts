/**
 * referral-kit: the core domain (schemas, targets, lifecycle, safeguards, deadlines) and the
 * proscribed-group registry. No I/O happens behind this import.
 *
 * @packageDocumentation
 */

export * from "./domain/accountability-errors.js";
export * from "./domain/append-events.js";
export { type ContentHash, canonicalJson, contentHash } from "./domain/canonical-json.js";
export { type ChainLink, type ReferralChain, referralChains } from "./domain/chains.js";
export { COUNTRY_CODES, isCountryCode } from "./domain/countries.js";
export { appendCustody, checkCustodyAppend } from "./domain/custody.js";
export * from "./domain/deadline.js";
export * from "./domain/designation-check.js";
export {
  type DisclosureOutcome,
  type DisclosureState,
  disclosureState,
  type Production,
} from "./domain/disclosure.js";
export * from "./domain/disclosure-errors.js";
export {
  confirmPreservation,
  extendPreservation,
  recordProduction,
  requestProduction,
} from "./domain/disclosure-events.js";
export { checkKindDetails } from "./domain/disclosure-safeguards.js";
export * from "./domain/errors.js";
export { expiryEvent } from "./domain/expiry.js";
export {
  DISCLOSURE_TRANSITIONS,
  genericDecision,
  PRESERVATION_TRANSITIONS,
  type TransitionTable,
} from "./domain/kind-lifecycles.js";
export * from "./domain/lifecycle.js";
export * from "./domain/platforms.js";
export {
  type ExpiringPreservation,
  expiringPreservations,
  type PreservationState,
  preservationRule,
  preservationState,
} from "./domain/preservation.js";
export {
  addPreservationDuration,
  PRESERVATION_PRESET_IDS,
  PRESERVATION_PRESETS,
  type PreservationDuration,
  type PreservationPresetId,
  type PreservationRule,
} from "./domain/preservation-presets.js";
export type { ResolvedOutcome } from "./domain/resolve-outcomes.js";
export * from "./domain/safeguards.js";
export * from "./domain/schemas/index.js";
export * from "./domain/targets/parse-target.js";
export * from "./domain/targets/target.js";
export * from "./domain/targets/target-key.js";
export * from "./domain/validate.js";
export * from "./registry/index.js";

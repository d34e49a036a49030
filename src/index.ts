/**
 * referral-kit: the core domain. Zod schemas and types of accounts, designations and requests; targets
 * (parsing what a person pastes into one canonical form); the request lifecycle; safeguards; deadlines;
 * the error classes. No I/O happens behind this import. The proscribed-group registry and the list
 * importers are behind `referral-kit/registry`.
 *
 * @packageDocumentation
 */

export {
  CampaignJoinError,
  DesignationListMissingError,
  RoleRefusedError,
} from "./domain/accountability-errors.js";
export {
  appendEvents,
  approveRequest,
  type RequestEventInput,
} from "./domain/append-events.js";
export {
  Campaign,
  type CampaignInput,
  joinCampaign,
} from "./domain/campaigns.js";
export { type ContentHash, contentHash } from "./domain/canonical-json.js";
export { referralChains } from "./domain/chains.js";
export { appendCustody } from "./domain/custody.js";
export {
  computeDeadline,
  createDeadlinePolicy,
  DEADLINE_POLICIES,
  type DeadlinePolicy,
  type DeadlineRule,
} from "./domain/deadline.js";
export type { DesignationSource } from "./domain/designation-check.js";
export { type DisclosureState, disclosureState } from "./domain/disclosure.js";
export {
  CustodyError,
  PreservationLimitError,
  ProductionMismatchError,
} from "./domain/disclosure-errors.js";
export {
  confirmPreservation,
  extendPreservation,
  recordProduction,
  requestProduction,
} from "./domain/disclosure-events.js";
export {
  IllegalTransitionError,
  InvalidOutcomeError,
  InvalidTargetError,
  MissingDependencyError,
  ReferralChainError,
  ReferralKitError,
  SafeguardError,
  type SafeguardViolation,
  ValidationError,
} from "./domain/errors.js";
export { expiryEvent } from "./domain/expiry.js";
export {
  canTransition,
  type RequestOutcome,
  type RequestState,
  type RequestStatus,
  requestState,
} from "./domain/lifecycle.js";
export { KnownPlatformId, type PlatformId } from "./domain/platforms.js";
export { expiringPreservations, preservationRule } from "./domain/preservation.js";
export { PRESERVATION_PRESETS, type PreservationRule } from "./domain/preservation-presets.js";
export {
  checkPermissions,
  createRolePolicy,
  Role,
  type RolePolicy,
  type RolePolicyInput,
} from "./domain/roles.js";
export { checkSafeguards } from "./domain/safeguards.js";
export { Account } from "./domain/schemas/account.js";
export { Actor, DateTime, Id } from "./domain/schemas/common.js";
export {
  Authority,
  Designation,
  DesignationRef,
  ProscribedGroup,
  type ProscribedGroupInput,
  Source,
} from "./domain/schemas/designation.js";
export {
  DataCategory,
  DisclosureInstrument,
  ProducedFile,
  ProductionReceipt,
} from "./domain/schemas/disclosure.js";
export { CustodyEntry, Evidence } from "./domain/schemas/evidence.js";
export { EscalationLevel } from "./domain/schemas/follow-up.js";
export {
  ActionGround,
  CountryCode,
  DeclineReason,
  declineReason,
  OutcomeMeasure,
  OutcomeScope,
  PlatformOutcome,
} from "./domain/schemas/outcome.js";
export {
  Priority,
  ReferralRequest,
  type ReferralRequestInput,
  RequestContent,
  RequestEvent,
  RequestKind,
  RequestTarget,
} from "./domain/schemas/request.js";
export { BUILT_IN_PLATFORMS, platformName } from "./domain/targets/builtin-platforms.js";
export { canonicalUrl } from "./domain/targets/canonical-url.js";
export {
  type ParseTargetOptions,
  parseTarget,
  safeParseTarget,
} from "./domain/targets/parse-target.js";
export {
  type PageRules,
  type PlatformDefinition,
  rejectTarget,
} from "./domain/targets/platform-definition.js";
export {
  AccountRef,
  ContentKind,
  Target,
  targetPlatform,
} from "./domain/targets/target.js";
export { targetKey } from "./domain/targets/target-key.js";
export type { TargetUrl } from "./domain/targets/target-url.js";
export { CONTENT_TIERS, ContentTier } from "./domain/tiers.js";
export { parseRequest, validate } from "./domain/validate.js";

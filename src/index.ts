/**
 * referral-kit: the core domain. Zod schemas and types of accounts, designations and requests; targets
 * (parsing what a person pastes into one canonical form); the request lifecycle; safeguards; deadlines;
 * the error classes. No I/O happens behind this import. The proscribed-group registry and the list
 * importers are behind `referral-kit/registry`.
 *
 * @packageDocumentation
 */

export {
  ActorWithoutRoleError,
  CampaignJoinError,
  DesignationListMissingError,
  PermissionDeniedError,
  type PermissionDeniedReason,
} from "./domain/accountability-errors.js";
export {
  type AppendRules,
  appendEvents,
  approveRequest,
  type RequestEventInput,
} from "./domain/append-events.js";
export {
  type Campaign,
  type CampaignInput,
  type CampaignKind,
  CampaignKindSchema,
  CampaignSchema,
  joinCampaign,
} from "./domain/campaigns.js";
export { type ContentHash, canonicalJson, contentHash } from "./domain/canonical-json.js";
export { type ChainLink, type ReferralChain, referralChains } from "./domain/chains.js";
export { appendCustody } from "./domain/custody.js";
export {
  computeDeadline,
  createDeadlinePolicy,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type DeadlineRule,
  type DeadlineSubject,
  PAKISTAN_2021_DEADLINE_POLICY,
} from "./domain/deadline.js";
export type { DesignationSource } from "./domain/designation-check.js";
export {
  CustodyError,
  type HashMismatch,
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
  type ReferralKitErrorOptions,
  SafeguardError,
  type SafeguardRule,
  type SafeguardViolation,
  ValidationError,
  type ValidationIssue,
} from "./domain/errors.js";
export { expiryEvent } from "./domain/expiry.js";
export {
  type EventLink,
  eventHash,
  historyLinks,
  linkEvents,
  nextStoreHead,
  requestContentHash,
  STORE_CHAIN_GENESIS,
} from "./domain/history-chain.js";
export type { TransitionTable } from "./domain/kind-lifecycles.js";
export {
  type AgencyWait,
  canTransition,
  type Escalation,
  type RequestOutcome,
  type RequestState,
  type RequestStatus,
  requestState,
  TRANSITIONS,
} from "./domain/lifecycle.js";
export { KNOWN_PLATFORM_IDS, type KnownPlatformId, type PlatformId } from "./domain/platforms.js";
export { type ExpiringPreservation, expiringPreservations, preservationRule } from "./domain/preservation.js";
export {
  PRESERVATION_PRESETS,
  type PreservationDuration,
  type PreservationRule,
} from "./domain/preservation-presets.js";
export type { ResolvedOutcome } from "./domain/resolve-outcomes.js";
export {
  checkPermissions,
  createRolePolicy,
  DEFAULT_PERMISSIONS,
  ROLES,
  type Role,
  type RolePolicy,
  type RolePolicyInput,
  RolePolicySchema,
  RoleSchema,
} from "./domain/roles.js";
export { checkSafeguards, type SafeguardOptions, type SafeguardStage } from "./domain/safeguards.js";
export { type Account, type AccountInput, AccountSchema } from "./domain/schemas/account.js";
export { type Actor, ActorSchema, DateTimeSchema, IdSchema } from "./domain/schemas/common.js";
export {
  type Authority,
  AuthoritySchema,
  type Designation,
  type DesignationInput,
  type DesignationRef,
  DesignationRefSchema,
  DesignationSchema,
  type ProscribedGroup,
  type ProscribedGroupInput,
  ProscribedGroupSchema,
  type Source,
  SourceSchema,
} from "./domain/schemas/designation.js";
export {
  type DataCategory,
  DataCategorySchema,
  type DisclosureDetails,
  DisclosureDetailsSchema,
  type DisclosureInstrument,
  DisclosureInstrumentSchema,
  type PreservationDetails,
  PreservationDetailsSchema,
  type ProducedFile,
  ProducedFileSchema,
  type ProductionReceipt,
  type ProductionReceiptInput,
  ProductionReceiptSchema,
} from "./domain/schemas/disclosure.js";
export {
  type CustodyEntry,
  type CustodyEntryInput,
  CustodyEntrySchema,
  type Evidence,
  type EvidenceInput,
  EvidenceSchema,
} from "./domain/schemas/evidence.js";
export { type EscalationLevel, EscalationLevelSchema } from "./domain/schemas/follow-up.js";
export {
  type ActionGround,
  ActionGroundSchema,
  CountryCodeSchema,
  type DeclineReason,
  DeclineReasonSchema,
  declineReason,
  type OutcomeMeasure,
  OutcomeMeasureSchema,
  type OutcomeScope,
  OutcomeScopeSchema,
  type PlatformOutcome,
  PlatformOutcomeSchema,
} from "./domain/schemas/outcome.js";
export {
  type Priority,
  PrioritySchema,
  REQUEST_KINDS,
  type ReferralRequest,
  type ReferralRequestInput,
  type RequestContent,
  RequestContentSchema,
  type RequestEvent,
  type RequestEventOf,
  RequestEventSchema,
  type RequestEventType,
  type RequestKind,
  RequestKindSchema,
  RequestSchema,
  type RequestTarget,
  RequestTargetSchema,
} from "./domain/schemas/request.js";
export { BUILT_IN_PLATFORMS, platformName } from "./domain/targets/builtin-platforms.js";
export { canonicalUrl } from "./domain/targets/canonical-url.js";
export {
  type ParseTargetOptions,
  parseTarget,
  type SafeParseTargetResult,
  safeParseTarget,
} from "./domain/targets/parse-target.js";
export {
  type PageRules,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  type TargetRejection,
} from "./domain/targets/platform-definition.js";
export {
  type AccountRef,
  AccountRefSchema,
  type ContentKind,
  ContentKindSchema,
  type Target,
  TargetSchema,
  targetPlatform,
} from "./domain/targets/target.js";
export { accountKey, targetKey } from "./domain/targets/target-key.js";
export type { TargetUrl } from "./domain/targets/target-url.js";
export {
  CONTENT_TIERS,
  type ContentTier,
  type ContentTierDefinition,
  ContentTierSchema,
  checkTierRules,
  requestTier,
  TCAP_INCLUSION_POLICY_URL,
} from "./domain/tiers.js";
export { parseRequest, validate } from "./domain/validate.js";

/**
 * referral-kit: the core domain. Zod schemas and types of accounts, designations and requests; targets
 * (parsing what a person pastes into one canonical form); the request lifecycle; safeguards; deadlines;
 * the error classes. No I/O happens behind this import. The proscribed-group registry and the list
 * importers are behind `referral-kit/registry`.
 *
 * @packageDocumentation
 */

export { DesignationListMissingError } from "./domain/accountability-errors.js";
export {
  type AppendRules,
  appendEvents,
  approveRequest,
  type RequestEventInput,
} from "./domain/append-events.js";
export { type ContentHash, canonicalJson, contentHash } from "./domain/canonical-json.js";
export { type ChainLink, type ReferralChain, referralChains } from "./domain/chains.js";
export { COUNTRY_CODES, isCountryCode } from "./domain/countries.js";
export { appendCustody, checkCustodyAppend } from "./domain/custody.js";
export {
  computeDeadline,
  createDeadlinePolicy,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type DeadlineRule,
  type DeadlineSubject,
  DISCLOSURE_DEADLINE_RULES,
  deadlineRule,
  PAKISTAN_2021_DEADLINE_POLICY,
} from "./domain/deadline.js";
export { checkDesignations, type DesignationSource } from "./domain/designation-check.js";
export {
  type DisclosureOutcome,
  type DisclosureState,
  disclosureState,
  type Production,
} from "./domain/disclosure.js";
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
export { checkKindDetails } from "./domain/disclosure-safeguards.js";
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
  DISCLOSURE_TRANSITIONS,
  genericDecision,
  PRESERVATION_TRANSITIONS,
  type TransitionTable,
} from "./domain/kind-lifecycles.js";
export {
  type AgencyWait,
  canTransition,
  type Escalation,
  type RequestOutcome,
  type RequestState,
  type RequestStatus,
  requestState,
  TRANSITIONS,
  transitionTable,
} from "./domain/lifecycle.js";
export {
  isKnownPlatform,
  KNOWN_PLATFORM_IDS,
  type KnownPlatformId,
  type PlatformId,
  type PlatformInfo,
  platformName,
  platforms,
} from "./domain/platforms.js";
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
export { checkSafeguards, type SafeguardOptions, type SafeguardStage } from "./domain/safeguards.js";
export {
  type Account,
  type AccountInput,
  AccountSchema,
  type GroupLink,
  GroupLinkSchema,
  type SensitiveCategory,
  SensitiveCategorySchema,
} from "./domain/schemas/account.js";
export {
  type Actor,
  ActorSchema,
  ContentHashSchema,
  DateTimeSchema,
  IdSchema,
} from "./domain/schemas/common.js";
export {
  type Authority,
  AuthoritySchema,
  type Designation,
  type DesignationInput,
  type DesignationRef,
  DesignationRefSchema,
  DesignationSchema,
  KNOWN_AUTHORITIES,
  type ProscribedGroup,
  type ProscribedGroupInput,
  ProscribedGroupSchema,
  type Source,
  SourceSchema,
} from "./domain/schemas/designation.js";
export {
  type Confidentiality,
  ConfidentialitySchema,
  DATA_CATEGORIES,
  type DataCategory,
  DataCategorySchema,
  DISCLOSURE_INSTRUMENTS,
  type DisclosureDetails,
  type DisclosureDetailsInput,
  DisclosureDetailsSchema,
  type DisclosureInstrument,
  DisclosureInstrumentSchema,
  type EmergencyJustification,
  EmergencyJustificationSchema,
  type PreservationDetails,
  PreservationDetailsSchema,
  type PreservationRuleInput,
  PreservationRuleSchema,
  type ProducedFile,
  ProducedFileSchema,
  type ProductionReceipt,
  type ProductionReceiptInput,
  ProductionReceiptSchema,
} from "./domain/schemas/disclosure.js";
export {
  type Archive,
  type ArchiveFormat,
  ArchiveFormatSchema,
  ArchiveSchema,
  type CaptureMethod,
  CaptureMethodSchema,
  type CaptureTool,
  CaptureToolSchema,
  type CustodyAction,
  CustodyActionSchema,
  type CustodyEntry,
  type CustodyEntryInput,
  CustodyEntrySchema,
  type Evidence,
  type EvidenceCopy,
  EvidenceCopySchema,
  type EvidenceInput,
  EvidenceSchema,
  type HashCheck,
  HashCheckSchema,
  Sha256Schema,
} from "./domain/schemas/evidence.js";
export {
  ESCALATION_LEVELS,
  type EscalationLevel,
  EscalationLevelSchema,
} from "./domain/schemas/follow-up.js";
export {
  ACTION_GROUNDS,
  type ActionGround,
  ActionGroundSchema,
  CountryCodeSchema,
  DECLINE_REASONS,
  type DeclineReason,
  DeclineReasonSchema,
  declineReason,
  OUTCOME_MEASURES,
  type OutcomeMeasure,
  OutcomeMeasureSchema,
  type OutcomeScope,
  OutcomeScopeSchema,
  type PlatformOutcome,
  PlatformOutcomeSchema,
} from "./domain/schemas/outcome.js";
export {
  type IssuingAuthority,
  IssuingAuthoritySchema,
  type LegalBasis,
  LegalBasisSchema,
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
export { builtInPlatformParsers } from "./domain/targets/builtin-parsers.js";
export { canonicalUrl } from "./domain/targets/canonical-url.js";
export {
  type ParseTargetOptions,
  parseTarget,
  type SafeParseTargetResult,
  safeParseTarget,
} from "./domain/targets/parse-target.js";
export {
  type ParseOutcome,
  type PlatformParser,
  rejectTarget,
  type TargetRejection,
} from "./domain/targets/platform-parser.js";
export {
  type AccountRef,
  AccountRefSchema,
  type AccountTarget,
  AccountTargetSchema,
  type ContentKind,
  ContentKindSchema,
  type ContentTarget,
  ContentTargetSchema,
  type Target,
  TargetSchema,
  targetPlatform,
} from "./domain/targets/target.js";
export { accountKey, targetKey } from "./domain/targets/target-key.js";
export type { TargetUrl } from "./domain/targets/target-url.js";
export { validate } from "./domain/validate.js";

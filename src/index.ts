/**
 * referral-kit: the core domain. Zod schemas and types of accounts, designations and requests; targets
 * (parsing what a person pastes into one canonical form); the request lifecycle; safeguards; deadlines;
 * the error classes. No I/O happens behind this import. The proscribed-group registry and the list
 * importers are behind `referral-kit/registry`.
 *
 * @packageDocumentation
 */
export {
  computeDeadline,
  createDeadlinePolicy,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type DeadlineRule,
  deadlineRule,
} from "./domain/deadline.js";
export {
  IllegalTransitionError,
  InvalidTargetError,
  MissingDependencyError,
  ReferralKitError,
  type ReferralKitErrorOptions,
  SafeguardError,
  type SafeguardRule,
  type SafeguardViolation,
  ValidationError,
  type ValidationIssue,
} from "./domain/errors.js";
export {
  canTransition,
  type RequestOutcome,
  type RequestState,
  type RequestStatus,
  requestState,
  TRANSITIONS,
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
export { checkSafeguards, type SafeguardStage } from "./domain/safeguards.js";
export {
  type Account,
  type AccountInput,
  AccountSchema,
  type Evidence,
  EvidenceSchema,
  type GroupLink,
  GroupLinkSchema,
  type SensitiveCategory,
  SensitiveCategorySchema,
} from "./domain/schemas/account.js";
export { type Actor, ActorSchema, DateTimeSchema, IdSchema } from "./domain/schemas/common.js";
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

/**
 * referral-kit/transparency: public accounts of what was asked of platforms and what became of it.
 * A transparency report per platform and request kind (JSON, CSV, Markdown), one Lumen-style
 * `GovernmentRequest` notice per request, EU TCO removal orders (Markdown and HTML), and the redress
 * workflow (challenges and their outcomes). Pure functions; personal data minimised: no account-holder
 * data, evidence only by hash, handles and phone numbers redacted in public notices by default.
 *
 * @packageDocumentation
 */
export { TRANSPARENCY_DEFINITIONS, type TransparencyDefinitionName } from "./definitions.js";
export {
  ConfidentialRequestError,
  InvalidPeriodError,
  NotSubmittedError,
  RedressError,
  RemovalOrderError,
} from "./errors.js";

export { formatTransparencyCsv } from "./format/csv.js";
export { formatTransparencyJson } from "./format/json.js";
export { formatTransparencyMarkdown, type TransparencyMarkdownOptions } from "./format/markdown.js";
export { renderRemovalOrderHtml, renderRemovalOrderMarkdown } from "./format/removal-order.js";
export type { Appellant, Challenge } from "./history.js";
export {
  type LumenEntity,
  type LumenEntityNoticeRole,
  type LumenNotice,
  type LumenNoticeOptions,
  type LumenNoticeSubmission,
  type LumenWork,
  toLumenNotice,
} from "./lumen.js";
export type { ReportingPeriod } from "./period.js";
export { type PublicTarget, publicTarget, type RedactionOptions } from "./public-target.js";
export {
  type ChallengeInput,
  type ChallengeOutcomeInput,
  challengesOf,
  recordChallenge,
  recordChallengeOutcome,
} from "./redress.js";
export {
  buildRemovalOrder,
  type RemovalOrder,
  type RemovalOrderEntry,
  type RemovalOrderOptions,
  type RemovalOrderSection,
  TCO_GROUNDS,
  type TcoGround,
} from "./removal-order.js";
export {
  computeTransparencyReport,
  type GroupCount,
  type InstrumentCount,
  type LegalBasisCount,
  type PreservationRuleCount,
  type SkippedRequest,
  TRANSPARENCY_COUNT_COLUMNS,
  type TransparencyFigures,
  type TransparencyOptions,
  type TransparencyReport,
  type TransparencyRow,
} from "./report.js";

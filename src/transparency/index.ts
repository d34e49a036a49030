/**
 * referral-kit/transparency: public accounts of what was asked of platforms and what became of it.
 * A transparency report per platform and request kind (JSON, CSV, Markdown), one Lumen-style
 * `GovernmentRequest` notice per request, EU TCO removal orders (Markdown and HTML), and the redress
 * workflow (challenges and their outcomes). Pure functions; personal data minimised: no account-holder
 * data, evidence only by hash, handles and phone numbers redacted in public notices by default.
 *
 * @packageDocumentation
 */
export { TRANSPARENCY_DEFINITIONS } from "./definitions.js";
export {
  ConfidentialRequestError,
  InvalidPeriodError,
  NotSubmittedError,
  RedressError,
  RemovalOrderError,
} from "./errors.js";

export { formatTransparencyCsv } from "./format/csv.js";
export { formatTransparencyMarkdown } from "./format/markdown.js";
export { renderRemovalOrderHtml, renderRemovalOrderMarkdown } from "./format/removal-order.js";
export type { Challenge } from "./history.js";
export {
  type LumenNotice,
  type LumenNoticeOptions,
  toLumenNotice,
} from "./lumen.js";
export type { RedactionOptions } from "./public-target.js";
export { type PublicTarget, publicTarget } from "./public-target.js";
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
  type RemovalOrderOptions,
  TCO_GROUNDS,
  type TcoGround,
} from "./removal-order.js";
export {
  computeTransparencyReport,
  type TransparencyFigures,
  type TransparencyOptions,
  type TransparencyReport,
  type TransparencyRow,
} from "./report.js";

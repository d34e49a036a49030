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
  InvalidPeriodError,
  NotPublishableError,
  RedressError,
  RemovalOrderError,
} from "./errors.js";

export { formatTransparencyCsv } from "./format/csv.js";
export { formatTransparencyMarkdown } from "./format/markdown.js";
export { renderRemovalOrderHtml, renderRemovalOrderMarkdown } from "./format/removal-order.js";
export type { Challenge } from "./history.js";
export {
  type LumenNotice,
  toLumenNotice,
} from "./lumen.js";
export { publicTarget, type RedactionOptions } from "./public-target.js";
export {
  challengesOf,
  recordChallenge,
  recordChallengeOutcome,
} from "./redress.js";
export {
  buildRemovalOrder,
  type RemovalOrder,
  TCO_GROUNDS,
} from "./removal-order.js";
export {
  computeTransparencyReport,
  type TransparencyFigures,
  type TransparencyOptions,
  type TransparencyReport,
} from "./report.js";

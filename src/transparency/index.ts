/**
 * referral-kit/transparency: public accounts of what was asked of platforms and what became of it.
 * A transparency report per platform and request kind (JSON, CSV, Markdown), one Lumen-style
 * `GovernmentRequest` notice per request, EU TCO removal orders (Markdown and HTML), and the redress
 * workflow (challenges and their outcomes). Pure functions; personal data minimised: no account-holder
 * data, evidence only by hash, handles and phone numbers redacted in public notices by default.
 *
 * @packageDocumentation
 */
export * from "./definitions.js";
export * from "./errors.js";
export * from "./evidence.js";
export { formatTransparencyCsv } from "./format/csv.js";
export { formatTransparencyJson } from "./format/json.js";
export { formatTransparencyMarkdown, type TransparencyMarkdownOptions } from "./format/markdown.js";
export { renderRemovalOrderHtml, renderRemovalOrderMarkdown } from "./format/removal-order.js";
export type { Appellant, Challenge } from "./history.js";
export * from "./lumen.js";
export * from "./period.js";
export { platformName } from "./platform-name.js";
export * from "./public-target.js";
export * from "./redress.js";
export * from "./removal-order.js";
export * from "./report.js";

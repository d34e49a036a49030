/**
 * referral-kit/verify: independent verification. A `VerificationProbe` port, `verifyTargets` to check
 * the targets of actioned (or pending) requests, the reference HTTP probe with per-platform page rules,
 * re-check scheduling and reinstatement detection. Results are `VerificationRecord`s: a stream of
 * observations kept apart from the request lifecycle, so "the platform said so" and "we checked" are
 * never mixed up.
 *
 * Evidence verification, too: `hashFile` and `verifyCaptures` re-hash stored captures as streams,
 * `readWarcRecords` lists what a WARC file captured and re-checks its record digests (with the optional
 * `warcio` package), and `receiveProduction` checks a platform's production against its receipt before
 * recording it.
 *
 * @packageDocumentation
 */
export { WarcError } from "../custody/errors.js";
export { hashFile } from "../custody/hash.js";
export { hashProductionFiles, receiveProduction } from "../custody/production.js";
export { type CaptureVerification, verifyCaptures } from "../custody/verify-captures.js";
export { readWarcRecords, type WarcRecordInfo } from "../custody/warc.js";
export { globalRemovalsFoundWithheld } from "./global-withheld.js";
export { classifyPage, createHttpProbe } from "./http-probe.js";
export { reinstatementsAsKnownAccounts } from "./known-accounts.js";
export { DEFAULT_PAGE_RULES } from "./page-rules.js";
export type { ProbeObservation, ProbeTarget, VerificationProbe } from "./probe.js";
export { parseVerificationRecords, readVerificationRecords } from "./read.js";
export { dueForRecheck, findReinstatements, type Reinstatement } from "./recheck.js";
export {
  isVerifiedGone,
  VerificationRecord,
  VerificationResult,
} from "./record.js";
export { latestObservations, verifiedAt } from "./status.js";
export { verifyTargets } from "./verify-targets.js";

/**
 * referral-kit/mirrors: mirror-account candidates for human review. Ranks new accounts that may be
 * mirrors of accounts already actioned (same group, a slightly changed name), with the reasons for each
 * score. Decision support only: a candidate becomes a request only through the normal draft, evidence
 * and approval path.
 *
 * @packageDocumentation
 */
export type { KnownAccount, MirrorAccount } from "./account.js";
export { MirrorInputError, type MirrorInputIssue, MirrorOptionsError } from "./errors.js";
export { evaluateMirrorCandidates, type MirrorEvaluation } from "./evaluate.js";
export {
  type CandidateOptions,
  createMirrorIndex,
  type MirrorCandidate,
  type MirrorIndex,
  type MirrorIndexOptions,
} from "./mirror-index.js";
export { type ReadMirrorCsvOptions, readMirrorCsv } from "./read-csv.js";
export type { MirrorCaution, MirrorReason } from "./reasons.js";
export {
  generateMirrorDataset,
  type LabelledAccount,
  type SyntheticDataset,
  type SyntheticOptions,
} from "./synthetic.js";

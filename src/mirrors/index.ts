/**
 * `referral-kit/mirrors`: mirror-account candidates for human review. Ranks new accounts that may be
 * mirrors of accounts already actioned (same group, a slightly changed name), with the reasons for each
 * score. Decision support only: a candidate becomes a request only through the normal draft, evidence
 * and approval path.
 */
export type { KnownAccount, MirrorAccount } from "./account.js";
export { mirrorAccountKey } from "./account.js";
export type { BlockingCaps } from "./blocking.js";
export type { MirrorInputIssue } from "./errors.js";
export { MirrorInputError, MirrorOptionsError } from "./errors.js";
export type { MirrorEvaluation } from "./evaluate.js";
export { evaluateMirrorCandidates } from "./evaluate.js";
export type { CandidateOptions, MirrorCandidate, MirrorIndex, MirrorIndexOptions } from "./mirror-index.js";
export { bruteForceCandidates, createMirrorIndex, DEFAULT_CANDIDATE_OPTIONS } from "./mirror-index.js";
export type { HandleForms, NameForms } from "./normalise.js";
export {
  hammingDistance,
  MIRROR_AFFIXES,
  normaliseAvatarHash,
  normaliseDisplayName,
  normaliseHandle,
  normaliseLink,
  normalisePhone,
} from "./normalise.js";
export type { ReadMirrorCsvOptions } from "./read-csv.js";
export { MIRROR_CSV_COLUMNS, readMirrorCsv } from "./read-csv.js";
export type { MirrorCaution, MirrorReason, MirrorReasonKind } from "./reasons.js";
export { combineWeights, MIRROR_WEIGHTS } from "./reasons.js";
export { levenshteinSimilarity } from "./similarity.js";
export { confusableSkeleton } from "./skeleton.js";
export type {
  LabelledAccount,
  SyntheticDataset,
  SyntheticDecoyKind,
  SyntheticEvasion,
  SyntheticOptions,
} from "./synthetic.js";
export { generateMirrorDataset } from "./synthetic.js";
export { consonantSkeleton } from "./transliterate.js";

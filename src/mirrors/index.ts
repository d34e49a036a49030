/**
 * referral-kit/mirrors: mirror-account candidates for human review. Ranks new accounts that may be
 * mirrors of accounts already actioned (same group, a slightly changed name), with the reasons for each
 * score. Decision support only: a candidate becomes a request only through the normal draft, evidence
 * and approval path.
 *
 * @packageDocumentation
 */
export type { KnownAccount, MirrorAccount } from "./account.js";
export { MirrorInputError, MirrorOptionsError } from "./errors.js";
export { evaluateMirrorCandidates } from "./evaluate.js";
export {
  createMirrorIndex,
  type MirrorCandidate,
  type MirrorIndex,
} from "./mirror-index.js";
export { readMirrorCsv } from "./read-csv.js";
export {
  generateMirrorDataset,
  type LabelledAccount,
} from "./synthetic.js";

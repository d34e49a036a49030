import { type KnownAccount, type MirrorAccount, type PreparedAccount, prepareAccount } from "./account.js";
import { BlockingIndex, requiredCoreSimilarity } from "./blocking.js";
import { MirrorOptionsError } from "./errors.js";
import { scorePair } from "./score.js";

/**
 * One candidate for review: a new account that may be a mirror of a known, actioned account, with the
 * score and the reasons behind it. A candidate is a lead, not a finding: it becomes a request only
 * through the normal draft, evidence and approval path.
 *
 * @example
 * ```ts
 * const candidate: MirrorCandidate = index.candidates([newAccount])[0]!;
 * console.log(candidate.new, "may mirror", candidate.known, candidate.score);
 * for (const reason of candidate.reasons) console.log(`- ${reason.detail} (+${reason.weight})`);
 * ```
 */
export interface MirrorCandidate {
  /** Key of the new account (`<platform>:<handle>`, as `mirrorAccountKey` builds it). */
  new: string;
  /** Key of the known account it may mirror. */
  known: string;
  /** In [0, 1]: the reasons' weights combined, times any caution factor. */
  score: number;
  /**
   * The evidence for the candidate, best first, each with what it contributed: `weight` is in (0, 1];
   * the score combines the weights of all reasons.
   */
  reasons: {
    /** The kind of evidence that made the new account a candidate. */
    kind:
      | "similar-handle"
      | "same-display-name"
      | "shared-link"
      | "shared-phone"
      | "same-avatar"
      | "created-soon-after";
    /** What matched, in words a reviewer can check against both profiles. */
    detail: string;
    weight: number;
  }[];
  /**
   * What lowered the score; empty for most candidates. Today one kind: the new account uses reporting
   * terms (news, watch, monitor, ...) that the known account does not.
   */
  cautions: {
    kind: "reporting-terms";
    detail: string;
    /** The score is multiplied by this factor. */
    factor: number;
  }[];
  /** The known account's group, where given. */
  group: string | undefined;
  newAccount: MirrorAccount;
  knownAccount: KnownAccount;
}

/** Options of `candidates`. @internal */
export type CandidateOptions = NonNullable<Parameters<MirrorIndex["candidates"]>[1]>;

/**
 * An index over known, actioned accounts that ranks new accounts as possible mirrors.
 *
 * @example
 * ```ts
 * const index: MirrorIndex = createMirrorIndex(known);
 * index.size; // number of known accounts
 * ```
 */
export interface MirrorIndex {
  /** Number of known accounts indexed. */
  readonly size: number;
  /**
   * Candidates for every new account: up to `limit` per new account, best first, each at least
   * `minScore`. New accounts are ordered by their best candidate's score (then input order), so the
   * list reads top-down for review. A new account with the same key as a known one is not its own mirror.
   */
  candidates(
    newAccounts: Iterable<MirrorAccount>,
    options?: {
      /** Candidates per new account, best first (default 5). */
      limit?: number;
      /** Lowest score reported, in [0, 1] (default 0.5: no weak reason alone reaches it). */
      minScore?: number;
    },
  ): MirrorCandidate[];
}

/**
 * Default options of `candidates`, exported so tools (the CLI, the evaluation) show what they use.
 *
 * @example
 * ```ts
 * DEFAULT_CANDIDATE_OPTIONS.minScore; // 0.5
 * ```
 */
export const DEFAULT_CANDIDATE_OPTIONS = { limit: 5, minScore: 0.5 } as const;

function resolve(options: CandidateOptions): { limit: number; minScore: number } {
  const limit = options.limit ?? DEFAULT_CANDIDATE_OPTIONS.limit;
  const minScore = options.minScore ?? DEFAULT_CANDIDATE_OPTIONS.minScore;
  if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 1) {
    throw new MirrorOptionsError("limit", `expected a whole number of at least 1, got ${limit}`);
  }
  if (!(minScore >= 0 && minScore <= 1)) {
    throw new MirrorOptionsError("minScore", `expected a number in [0, 1], got ${minScore}`);
  }
  return { limit, minScore };
}

interface Scored {
  id: number;
  score: ReturnType<typeof scorePair>;
}

function rank(groups: { order: number; items: MirrorCandidate[] }[], limit: number): MirrorCandidate[] {
  for (const group of groups) {
    group.items.sort((a, b) => b.score - a.score || (a.known < b.known ? -1 : a.known > b.known ? 1 : 0));
    group.items.length = Math.min(group.items.length, limit);
  }
  groups.sort((a, b) => (b.items[0]?.score ?? 0) - (a.items[0]?.score ?? 0) || a.order - b.order);
  return groups.flatMap((group) => group.items);
}

function collect(
  knownAccounts: readonly KnownAccount[],
  prepared: readonly PreparedAccount[],
  newAccounts: Iterable<MirrorAccount>,
  options: CandidateOptions,
  candidateIds: (query: PreparedAccount, minScore: number) => Iterable<number>,
): MirrorCandidate[] {
  const { limit, minScore } = resolve(options);
  const groups: { order: number; items: MirrorCandidate[] }[] = [];
  let order = 0;
  for (const account of newAccounts) {
    const query = prepareAccount(account);
    const found: Scored[] = [];
    for (const id of candidateIds(query, minScore)) {
      const known = prepared[id]!;
      if (known.key === query.key) continue;
      const score = scorePair(query, known);
      if (score.score > 0 && score.score >= minScore) found.push({ id, score });
    }
    if (found.length > 0) {
      groups.push({
        order,
        items: found.map(({ id, score }) => ({
          new: query.key,
          known: prepared[id]!.key,
          score: score.score,
          reasons: score.reasons,
          cautions: score.cautions,
          group: knownAccounts[id]!.group,
          newAccount: account,
          knownAccount: knownAccounts[id]!,
        })),
      });
    }
    order += 1;
  }
  return rank(groups, limit);
}

/**
 * Builds an index over accounts already actioned, for ranking new accounts as possible mirrors
 * (accounts that reappear after a takedown under a slightly changed name). Pure: no I/O, no network.
 * Candidate generation goes through exact buckets and a trigram index, never all pairs; pairs are then
 * scored with documented weights (see docs/mirrors.md).
 *
 * This is decision support: it ranks leads with reasons, it never drafts or sends a request.
 *
 * @example
 * ```ts
 * import { createMirrorIndex } from "referral-kit/mirrors";
 *
 * const index = createMirrorIndex([
 *   { platform: "x", handle: "ttp_official", displayName: "TTP", group: "ttp", actionedAt: "2025-03-01" },
 * ]);
 * const [best] = index.candidates([{ platform: "x", handle: "7tp.officiall2", createdAt: "2025-03-03" }]);
 * best?.known; // "x:ttp_official"
 * best?.reasons.map((reason) => reason.kind); // ["similar-handle", "created-soon-after"]
 * ```
 */
export function createMirrorIndex(
  knownAccounts: Iterable<KnownAccount>,
  options: {
    /**
     * Bucket-size caps of the blocking index, the price of speed: a bucket over its cap is not used for
     * candidates. `exact`: largest exact bucket used (default 500); `gram`: largest trigram posting list
     * used (default 2,000).
     */
    caps?: { exact?: number; gram?: number };
  } = {},
): MirrorIndex {
  const known = [...knownAccounts];
  const prepared = known.map(prepareAccount);
  const blocking = new BlockingIndex(prepared.length, {
    exact: options.caps?.exact ?? 500,
    gram: options.caps?.gram ?? 2000,
  });
  prepared.forEach((account, id) => {
    blocking.add(id, account);
  });
  return {
    size: known.length,
    candidates(newAccounts, candidateOptions = {}) {
      return collect(known, prepared, newAccounts, candidateOptions, (query, minScore) =>
        blocking.candidates(query, requiredCoreSimilarity(minScore)),
      );
    },
  };
}

/**
 * The baseline: scores every (new, known) pair with the same scoring as {@link createMirrorIndex} and
 * returns candidates in the same shape and order. Quadratic; for evaluating the index's recall on small
 * sets and in the benchmark, not for production use.
 *
 * @example
 * ```ts
 * import { createMirrorIndex } from "referral-kit/mirrors";
 *
 * const exact = bruteForceCandidates(known, fresh, { limit: Infinity });
 * const fast = createMirrorIndex(known).candidates(fresh, { limit: Infinity });
 * ```
 */
export function bruteForceCandidates(
  knownAccounts: Iterable<KnownAccount>,
  newAccounts: Iterable<MirrorAccount>,
  options: CandidateOptions = {},
): MirrorCandidate[] {
  const known = [...knownAccounts];
  const prepared = known.map(prepareAccount);
  const all = prepared.map((_, id) => id);
  return collect(known, prepared, newAccounts, options, () => all);
}

/**
 * One piece of evidence for a candidate, with what it contributed. `weight` is in (0, 1]; the score
 * combines the weights of all reasons (see `combineWeights`).
 *
 * @example
 * ```ts
 * const reason: MirrorReason = {
 *   kind: "similar-handle",
 *   detail: 'same name once affixes, digits and separators are removed ("ttp")',
 *   weight: 0.75,
 * };
 * ```
 */
export interface MirrorReason {
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
}

/**
 * Something that lowers a candidate's score, shown to the reviewer with the reasons. Today one kind:
 * the new account uses reporting terms (news, watch, monitor, ...) that the known account does not.
 *
 * @example
 * ```ts
 * const caution: MirrorCaution = { kind: "reporting-terms", detail: 'new account uses "news"', factor: 0.5 };
 * ```
 */
export interface MirrorCaution {
  kind: "reporting-terms";
  detail: string;
  /** The score is multiplied by this factor. */
  factor: number;
}

/**
 * The weights of the reasons, documented in docs/mirrors.md. Each is what a reason alone contributes;
 * several reasons combine as independent evidence (see `combineWeights`). Chosen so that no
 * weak reason alone reaches the default `minScore` (0.5): a display name alone, a shared link alone,
 * or a handle that is merely similar are never enough.
 *
 * @example
 * ```ts
 * MIRROR_WEIGHTS.sharedPhone; // 0.6
 * ```
 */
export const MIRROR_WEIGHTS = {
  /** Handles equal once look-alike characters, case and separators are undone. */
  sameSkeleton: 0.85,
  /** Handles whose cores (affixes, numbering, leetspeak removed) are equal. */
  sameCore: 0.75,
  /** Cores equal once doubled letters are collapsed (`ttp.officiall`). */
  sameCollapsedCore: 0.6,
  /**
   * Cores that are merely similar (one letter changed): up to this weight, reached at similarity 0.9 and
   * falling linearly to 0 at `handleFloor`. Below minScore on purpose: a near name alone is how
   * unrelated accounts look too, so it needs another reason.
   */
  similarCore: 0.45,
  /** Core similarity at which a similar core reaches its full weight. */
  similarCoreFull: 0.9,
  /** Core similarity below which a handle is not a reason at all. */
  handleFloor: 0.6,
  /** Display names equal after folding (informative names: two words or six letters). */
  sameDisplayName: 0.45,
  /** Display names equal after folding, but short (one short word: generic). */
  sameShortDisplayName: 0.25,
  /** Display names equal only as consonants across scripts (Latin vs Urdu/Arabic). */
  sameDisplayNameAcrossScripts: 0.35,
  /** Each link both accounts show. */
  sharedLink: 0.45,
  /** Each phone number both accounts show. */
  sharedPhone: 0.6,
  /** Avatar hashes equal. */
  sameAvatar: 0.6,
  /** Avatar hashes within `avatarMaxDistance` bits. */
  nearAvatar: 0.5,
  avatarMaxDistance: 4,
  /** Created within 7 days after the known account was actioned. */
  createdWithinWeek: 0.2,
  /** Created within 30 days after the known account was actioned. */
  createdWithinMonth: 0.1,
  /** Score factor when the new account uses reporting terms the known account does not. */
  reportingTermsFactor: 0.5,
} as const;

/**
 * Combines reason weights as independent evidence: `1 - (1 - w1)(1 - w2)...`. Always in [0, 1], grows
 * with every reason, and never reaches 1 from weights below 1.
 *
 * @example
 * ```ts
 * combineWeights([0.75, 0.45]); // 0.8625
 * ```
 */
export function combineWeights(weights: readonly number[]): number {
  let remaining = 1;
  for (const weight of weights) remaining *= 1 - Math.min(Math.max(weight, 0), 1);
  return 1 - remaining;
}

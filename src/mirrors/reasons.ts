import type { MirrorCandidate } from "./mirror-index.js";

/** One reason of a candidate (`MirrorCandidate["reasons"][number]`). @internal */
export type MirrorReason = MirrorCandidate["reasons"][number];

/** One caution of a candidate (`MirrorCandidate["cautions"][number]`). @internal */
export type MirrorCaution = MirrorCandidate["cautions"][number];

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

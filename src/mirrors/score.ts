import { normalizeGroupName } from "../registry/normalize.js";
import type { PreparedAccount } from "./account.js";
import { foldText, hammingDistance } from "./normalise.js";
import { combineWeights, type MirrorCaution, type MirrorReason, MIRROR_WEIGHTS as W } from "./reasons.js";
import { levenshteinSimilarity } from "./similarity.js";

const DAY = 86_400_000;

/** Reporting terms, folded like handles; a news outlet or critic uses them, a mirror rarely does. */
const REPORTING_TERMS = [
  "news",
  "watch",
  "report",
  "monitor",
  "tracker",
  "journalist",
  "osint",
  "research",
  "analysis",
  "analyst",
  "exposed",
  "factcheck",
  "critic",
  "against",
  "victims",
].map((term) => ({
  term,
  // Handles are folded directly; display names pass through normalizeGroupName first (u as o, ...).
  forms: [...new Set([foldText(term), foldText(normalizeGroupName(term))])],
}));
const ANTI = /(^|\s)anti/;

/**
 * The score of one pair with the reasons and cautions that produced it. Internal shape.
 *
 * @example
 * ```ts
 * const result: PairScore = scorePair(prepareAccount(fresh), prepareAccount(known));
 * ```
 */
export interface PairScore {
  score: number;
  reasons: MirrorReason[];
  cautions: MirrorCaution[];
}

/** Similarity of two handles' cores in [0, 1]: the best of the plain, sorted and collapsed forms. */
function coreSimilarity(a: PreparedAccount, b: PreparedAccount): number {
  const x = a.handle;
  const y = b.handle;
  if (x.core === y.core || x.sortedCore === y.sortedCore) return 1;
  return Math.max(
    levenshteinSimilarity(x.core, y.core, W.handleFloor),
    x.sortedCore === x.core && y.sortedCore === y.core
      ? 0
      : levenshteinSimilarity(x.sortedCore, y.sortedCore, W.handleFloor),
  );
}

/**
 * The weight of a merely similar core (`MIRROR_WEIGHTS.similarCore`). Internal.
 *
 * @example
 * ```ts
 * similarCoreWeight(0.9); // 0.45
 * similarCoreWeight(0.75); // 0.225
 * ```
 */
export function similarCoreWeight(similarity: number): number {
  if (similarity < W.handleFloor) return 0;
  const share = (similarity - W.handleFloor) / (W.similarCoreFull - W.handleFloor);
  return round(W.similarCore * Math.min(1, share));
}

function handleReason(a: PreparedAccount, b: PreparedAccount): MirrorReason | undefined {
  if (a.handle.skeleton !== "" && a.handle.skeleton === b.handle.skeleton) {
    return {
      kind: "similar-handle",
      detail: `same handle once look-alike characters, case and separators are undone ("${a.handle.skeleton}")`,
      weight: W.sameSkeleton,
    };
  }
  const similarity = coreSimilarity(a, b);
  if (similarity === 1) {
    return {
      kind: "similar-handle",
      detail: `same name once affixes, numbering, leetspeak and separators are removed ("${a.handle.core}")`,
      weight: W.sameCore,
    };
  }
  if (a.handle.collapsedCore.length >= 3 && a.handle.collapsedCore === b.handle.collapsedCore) {
    return {
      kind: "similar-handle",
      detail: `same name once doubled letters are collapsed ("${a.handle.collapsedCore}")`,
      weight: W.sameCollapsedCore,
    };
  }
  const weight = similarCoreWeight(similarity);
  if (weight <= 0) return undefined;
  return {
    kind: "similar-handle",
    detail: `similar names after normalisation ("${a.handle.core}" / "${b.handle.core}", similarity ${similarity.toFixed(2)})`,
    weight,
  };
}

function nameReason(a: PreparedAccount, b: PreparedAccount): MirrorReason | undefined {
  if (!a.name || !b.name) return undefined;
  if (a.name.key !== "" && a.name.key === b.name.key) {
    const informative = a.name.key.includes(" ") || a.name.key.length >= 6;
    return {
      kind: "same-display-name",
      detail: `same display name after normalisation ("${a.displayName}" / "${b.displayName}")`,
      weight: informative ? W.sameDisplayName : W.sameShortDisplayName,
    };
  }
  // Consonant skeletons are lossy: only names with enough consonants count.
  // Only across scripts: within one script the full key is the better test, and Latin names that share
  // their consonants ("Rinostan", "Ronostan") are different names.
  const consonants = a.name.consonants;
  if (
    a.name.arabicScript !== b.name.arabicScript &&
    consonants.replace(/ /g, "").length >= 5 &&
    consonants === b.name.consonants
  ) {
    return {
      kind: "same-display-name",
      detail: `same display name across scripts ("${a.displayName}" / "${b.displayName}")`,
      weight: W.sameDisplayNameAcrossScripts,
    };
  }
  return undefined;
}

function shared(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  return a.filter((value) => b.includes(value));
}

function avatarReason(a: PreparedAccount, b: PreparedAccount): MirrorReason | undefined {
  if (!a.avatar || !b.avatar) return undefined;
  if (a.avatar === b.avatar) return { kind: "same-avatar", detail: "same avatar hash", weight: W.sameAvatar };
  const distance = hammingDistance(a.avatar, b.avatar);
  if (distance === undefined || distance > W.avatarMaxDistance) return undefined;
  return {
    kind: "same-avatar",
    detail: `avatar hashes ${distance} bit${distance === 1 ? "" : "s"} apart`,
    weight: W.nearAvatar,
  };
}

function createdReason(newAccount: PreparedAccount, known: PreparedAccount): MirrorReason | undefined {
  if (newAccount.createdAt === undefined || known.actionedAt === undefined) return undefined;
  const days = (newAccount.createdAt - known.actionedAt) / DAY;
  if (days < 0 || days > 30) return undefined;
  const rounded = Math.round(days * 10) / 10;
  return {
    kind: "created-soon-after",
    detail: `created ${rounded} day${rounded === 1 ? "" : "s"} after the known account was actioned`,
    weight: days <= 7 ? W.createdWithinWeek : W.createdWithinMonth,
  };
}

function reportingCaution(newAccount: PreparedAccount, known: PreparedAccount): MirrorCaution | undefined {
  const uses = (text: string, forms: readonly string[]) => forms.some((form) => text.includes(form));
  const used = REPORTING_TERMS.filter(
    ({ forms }) => uses(newAccount.text, forms) && !uses(known.text, forms),
  ).map(({ term }) => term);
  if (ANTI.test(newAccount.text) && !ANTI.test(known.text)) used.push("anti");
  if (used.length === 0) return undefined;
  return {
    kind: "reporting-terms",
    detail: `the new account uses reporting terms the known account does not (${used.map((term) => `"${term}"`).join(", ")}): may be a news outlet or critic`,
    factor: W.reportingTermsFactor,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Scores one (new, known) pair: every reason that applies, their combined weight, and the cautions that
 * lower it. The index and the brute-force baseline both call this, so they agree on every pair they
 * both look at. Internal.
 *
 * @example
 * ```ts
 * scorePair(prepareAccount({ platform: "x", handle: "ttp2" }), prepareAccount({ platform: "x", handle: "ttp" })).score; // 0.75
 * ```
 */
export function scorePair(newAccount: PreparedAccount, known: PreparedAccount): PairScore {
  const reasons: MirrorReason[] = [];
  const push = (reason: MirrorReason | undefined) => {
    if (reason) reasons.push(reason);
  };
  push(handleReason(newAccount, known));
  push(nameReason(newAccount, known));
  for (const link of shared(newAccount.links, known.links)) {
    reasons.push({ kind: "shared-link", detail: `both link to ${link}`, weight: W.sharedLink });
  }
  for (const phone of shared(newAccount.phones, known.phones)) {
    reasons.push({
      kind: "shared-phone",
      detail: `both show the phone number ending ${phone.slice(-4)}`,
      weight: W.sharedPhone,
    });
  }
  push(avatarReason(newAccount, known));
  if (reasons.length === 0) return { score: 0, reasons, cautions: [] };
  push(createdReason(newAccount, known));
  const cautions: MirrorCaution[] = [];
  const caution = reportingCaution(newAccount, known);
  if (caution) cautions.push(caution);
  let score = combineWeights(reasons.map((reason) => reason.weight));
  for (const item of cautions) score *= item.factor;
  reasons.sort((x, y) => y.weight - x.weight);
  return { score: round(score), reasons, cautions };
}

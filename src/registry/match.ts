import type { ProscribedGroup } from "../domain/schemas/designation.js";
import { compactGroupKey, normalizeGroupName } from "./normalize.js";

type MatchKind = GroupMatch["kind"];

/**
 * One ranked answer from `registry.search`: the group, which of its names matched, how, and how well.
 *
 * @example
 * ```ts
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * for (const match of createRegistry(knownGroups).search("Balochistan Lib")) {
 *   console.log(`Did you mean ${match.group.name}? (matched "${match.matched}", ${match.score})`);
 * }
 * ```
 */
export interface GroupMatch {
  /** The matching group. */
  group: ProscribedGroup;
  /** The group's name or alias that matched, as written in the registry. */
  matched: string;
  /** Whether `matched` is the group's `name` or one of its `aliases`. */
  field: "name" | "alias";
  /**
   * How the query met `matched`: `exact` (same normalised key), `compact` (same key once spaces are
   * removed, e.g. "ISIS K" and "ISISK"), `partial` (every query word is in the name, the last one possibly
   * as a prefix, e.g. "Balochistan Lib"), `fuzzy` (a close spelling, for "did you mean"). Only `exact` and
   * `compact` count as the same name for `find` and `resolve`.
   */
  kind: "exact" | "compact" | "partial" | "fuzzy";
  /** 0 to 1: 1 for an exact normalised match, 0.95 for compact, lower for partial and fuzzy matches. */
  score: number;
}

/** Scores at or above this are treated as "the same name" by `find` and `resolve`. */
export const SAME_NAME_SCORE = 0.95;

interface IndexEntry {
  group: ProscribedGroup;
  text: string;
  field: "name" | "alias";
  normalized: string;
  compact: string;
  words: string[];
}

/** A precomputed list of every name and alias with its keys, so queries do not re-normalise the data. */
export interface NameIndex {
  readonly entries: readonly IndexEntry[];
}

/** Builds the name index for a list of groups. */
export function buildNameIndex(groups: readonly ProscribedGroup[]): NameIndex {
  const entries: IndexEntry[] = [];
  for (const group of groups) {
    const texts: [string, "name" | "alias"][] = [
      [group.name, "name"],
      ...group.aliases.map((alias): [string, "alias"] => [alias, "alias"]),
    ];
    for (const [text, field] of texts) {
      const normalized = normalizeGroupName(text);
      if (normalized === "") continue;
      entries.push({
        group,
        text,
        field,
        normalized,
        compact: compactGroupKey(normalized),
        words: normalized.split(" "),
      });
    }
  }
  return { entries };
}

/** Options of `search`. @internal */
export type SearchOptions = { limit?: number; minScore?: number };

/** Ranks groups for a query: the best-scoring name or alias of each group, best group first. */
export function searchIndex(index: NameIndex, query: string, options: SearchOptions = {}): GroupMatch[] {
  const limit = options.limit ?? 10;
  const minScore = options.minScore ?? 0.5;
  const normalized = normalizeGroupName(query);
  if (normalized === "" || limit <= 0) return [];
  const compact = compactGroupKey(normalized);
  const words = normalized.split(" ");

  const bestByGroup = new Map<string, GroupMatch>();
  for (const entry of index.entries) {
    const scored = scoreEntry(entry, normalized, compact, words);
    if (scored === undefined || scored.score < minScore) continue;
    const match: GroupMatch = { group: entry.group, matched: entry.text, field: entry.field, ...scored };
    const previous = bestByGroup.get(entry.group.id);
    if (previous === undefined || isBetter(match, previous)) bestByGroup.set(entry.group.id, match);
  }
  return [...bestByGroup.values()].sort(compareMatches).slice(0, limit);
}

function scoreEntry(
  entry: IndexEntry,
  normalized: string,
  compact: string,
  words: string[],
): { kind: MatchKind; score: number } | undefined {
  if (entry.normalized === normalized) return { kind: "exact", score: 1 };
  if (entry.compact === compact) return { kind: "compact", score: SAME_NAME_SCORE };
  const partial = partialScore(entry.words, words);
  const fuzzy = fuzzyScore(entry.compact, compact);
  if (partial === undefined && fuzzy === undefined) return undefined;
  if ((partial ?? 0) >= (fuzzy ?? 0)) return { kind: "partial", score: partial ?? 0 };
  return { kind: "fuzzy", score: fuzzy ?? 0 };
}

/**
 * Every query word appears in the name (the last one may be a prefix of at least 3 letters, for
 * type-ahead). Scores 0.6 to 0.9, higher when the query covers more of the name; never reaches
 * SAME_NAME_SCORE, so a partial match is never taken as the group itself.
 */
function partialScore(entryWords: string[], queryWords: string[]): number | undefined {
  const last = queryWords.length - 1;
  const all = queryWords.every((word, position) =>
    entryWords.some(
      (entryWord) =>
        entryWord === word || (position === last && word.length >= 3 && entryWord.startsWith(word)),
    ),
  );
  if (!all) return undefined;
  return round(0.6 + 0.3 * Math.min(1, queryWords.length / entryWords.length) - 0.01);
}

/** A close spelling: similarity of the compact keys by edit distance, scaled to at most 0.85. */
function fuzzyScore(entryCompact: string, queryCompact: string): number | undefined {
  const longest = Math.max(entryCompact.length, queryCompact.length);
  // Very short keys (acronyms) are one typo away from a different group: never fuzzy-match them.
  if (Math.min(entryCompact.length, queryCompact.length) < 5) return undefined;
  const similarity = 1 - levenshtein(entryCompact, queryCompact) / longest;
  if (similarity < 0.75) return undefined;
  return round(0.85 * similarity);
}

function levenshtein(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let previous = Array.from({ length: right.length + 1 }, (_, column) => column);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

function isBetter(candidate: GroupMatch, incumbent: GroupMatch): boolean {
  if (candidate.score !== incumbent.score) return candidate.score > incumbent.score;
  return candidate.field === "name" && incumbent.field === "alias";
}

// Score first; on ties, a match on the primary name before an alias, then by name for a stable order.
function compareMatches(a: GroupMatch, b: GroupMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.field !== b.field) return a.field === "name" ? -1 : 1;
  return a.group.name.localeCompare(b.group.name, "en") || a.group.id.localeCompare(b.group.id, "en");
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

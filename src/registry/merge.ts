import type { Designation, ProscribedGroup, Source } from "../domain/schemas/designation.js";
import { normalizeGroupName } from "./normalize.js";

type MergeMatchKind = MergeMatch["by"];

/** One merge (`MergeResult["matches"][number]`). @internal */
export type MergeMatch = MergeResult["matches"][number];

/** One conflict (`MergeResult["conflicts"][number]`). @internal */
export type MergeConflict = MergeResult["conflicts"][number];

/**
 * What {@link mergeGroups} returns.
 *
 * @example
 * ```ts
 * import { type MergeResult, mergeGroups } from "referral-kit/registry";
 *
 * const { groups, matches, conflicts }: MergeResult = mergeGroups([registryGroups, imported.groups]);
 * ```
 */
export interface MergeResult {
  groups: ProscribedGroup[];
  /** Every merge, so a person can check it. */
  matches: {
    /** The id of the group it was merged into. */
    into: string;
    /** The id the group had in its list. */
    from: string;
    /** Index of the list it came from. */
    list: number;
    /** How it matched: by `id`, by a designation's authority and `reference`, or by `name` (worth a look). */
    by: "id" | "reference" | "name";
  }[];
  /** Every near-match that was not merged. */
  conflicts: {
    /** The id the group had in its list. */
    from: string;
    /** Its id in the result (suffixed when the original was taken). */
    keptAs: string;
    list: number;
    /** The groups it resembled. */
    candidates: string[];
    reason: string;
  }[];
}

/**
 * Options of {@link mergeGroups}.
 *
 * @example
 * ```ts
 * import { mergeGroups } from "referral-kit/registry";
 *
 * mergeGroups([un, ofac], { matchNames: false }); // ids and references only
 * ```
 */
export interface MergeOptions {
  /**
   * Also match groups whose primary name equals the other's name or an alias (compared with
   * `normalizeGroupName`). Default `true`; with `false`, only ids and references match.
   */
  matchNames?: boolean;
}

/**
 * Merges lists of groups (say the registry, the UN import and the OFAC import) without losing a source.
 * Groups are matched by id, then by a designation with the same authority and reference, then (unless
 * `matchNames: false`) by primary name against names and aliases. Within a matched group, designations of
 * different authorities always stay separate; designations of the same authority and reference are
 * joined, keeping every source and note, and a disagreement (two listing dates) becomes a note instead of
 * a silent choice. Two groups are never merged when one authority lists them under different references,
 * or when a name matches several groups: those are reported in `conflicts`.
 *
 * @example
 * ```ts
 * import { collectImport, importOfacCsv, importUnList, mergeGroups } from "referral-kit/registry";
 *
 * const un = await collectImport(importUnList(unStream));
 * const ofac = await collectImport(importOfacCsv({ sdn, alt }));
 * const { groups, matches } = mergeGroups([un.groups, ofac.groups]);
 * // TTP now carries un-1267 QDe.132, us-fto 12206 and us-sdgt 12206, each with its own source.
 * ```
 */
export function mergeGroups(
  lists: readonly (readonly ProscribedGroup[])[],
  options: MergeOptions = {},
): MergeResult {
  const matchNames = options.matchNames ?? true;
  const groups: ProscribedGroup[] = [];
  const matches: MergeMatch[] = [];
  const conflicts: MergeConflict[] = [];
  const byId = new Map<string, number>();
  const byReference = new Map<string, Set<number>>();
  // The list each kept group first came from: matching by reference or name looks only at earlier lists,
  // so two groups of one list that share a reference (the Majeed Brigade listed under the BLA's OFAC
  // entry) are never folded into each other.
  const origin: number[] = [];
  const byName = new Map<string, Set<number>>();
  const byPrimaryName = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, key: string, position: number): void => {
    if (!key) return;
    const set = map.get(key) ?? new Set<number>();
    set.add(position);
    map.set(key, set);
  };

  const index = (position: number): void => {
    const group = groups[position];
    if (!group) return;
    byId.set(group.id, position);
    for (const designation of group.designations) {
      if (designation.reference) add(byReference, referenceKey(designation), position);
    }
    for (const name of [group.name, ...group.aliases]) add(byName, normalizeGroupName(name), position);
    add(byPrimaryName, normalizeGroupName(group.name), position);
  };

  lists.forEach((list, listIndex) => {
    for (const group of list) {
      const found = findMatch(group, listIndex);
      if (found.position !== undefined) {
        const target = groups[found.position];
        if (target) {
          const clash = conflictingReference(target, group);
          if (!clash) {
            groups[found.position] = mergeInto(target, group);
            index(found.position);
            matches.push({ into: target.id, from: group.id, list: listIndex, by: found.by });
            continue;
          }
          found.candidates = [target.id];
          found.reason = clash;
        }
      }
      const keptAs = freeId(group.id);
      if (found.candidates.length > 0) {
        conflicts.push({
          from: group.id,
          keptAs,
          list: listIndex,
          candidates: found.candidates,
          reason: found.reason,
        });
      }
      groups.push(keptAs === group.id ? group : { ...group, id: keptAs });
      origin.push(listIndex);
      index(groups.length - 1);
    }
  });
  return { groups, matches, conflicts };

  function findMatch(
    group: ProscribedGroup,
    listIndex: number,
  ): {
    position?: number;
    by: MergeMatchKind;
    candidates: string[];
    reason: string;
  } {
    const viaId = byId.get(group.id);
    if (viaId !== undefined) return { position: viaId, by: "id", candidates: [], reason: "" };
    const earlier = (positions: Iterable<number>): number[] =>
      [...positions].filter((position) => (origin[position] ?? listIndex) < listIndex);
    const idsOf = (positions: number[]): string[] => positions.map((position) => groups[position]?.id ?? "");

    // The primary name of one side must meet a name of the other: alias-to-alias overlaps ("ISLAMIC
    // JIHAD" is an alias of several groups) are too weak to merge on.
    const named = new Set<number>(earlier(byName.get(normalizeGroupName(group.name)) ?? []));
    for (const alias of group.aliases) {
      for (const position of earlier(byPrimaryName.get(normalizeGroupName(alias)) ?? [])) named.add(position);
    }

    const referenced = new Set<number>();
    for (const designation of group.designations) {
      if (!designation.reference) continue;
      for (const position of earlier(byReference.get(referenceKey(designation)) ?? []))
        referenced.add(position);
    }
    if (referenced.size > 0) {
      const positions = [...referenced];
      // One reference can cover several groups (an alias entry); the name decides which one is meant.
      const narrowed =
        positions.length === 1 ? positions : positions.filter((position) => named.has(position));
      if (narrowed.length === 1)
        return { position: narrowed[0], by: "reference", candidates: [], reason: "" };
      return {
        by: "reference",
        candidates: idsOf(positions),
        reason: "one authority reference covers several groups and the names do not decide between them",
      };
    }

    if (!matchNames) return { by: "name", candidates: [], reason: "" };
    const positions = [...named];
    if (positions.length === 1) return { position: positions[0], by: "name", candidates: [], reason: "" };
    const candidates = idsOf(positions);
    return { by: "name", candidates, reason: candidates.length > 1 ? "its names match several groups" : "" };
  }

  function freeId(id: string): string {
    let candidate = id;
    for (let n = 2; byId.has(candidate); n += 1) candidate = `${id}-${n}`;
    return candidate;
  }
}

function referenceKey(designation: Designation): string {
  return `${designation.authority}\u0000${designation.reference ?? ""}`;
}

/** Why two groups must stay apart: one authority lists them under different references. */
function conflictingReference(a: ProscribedGroup, b: ProscribedGroup): string | null {
  for (const left of a.designations) {
    for (const right of b.designations) {
      if (
        left.authority === right.authority &&
        left.reference &&
        right.reference &&
        left.reference !== right.reference
      ) {
        return `${left.authority} lists them separately (${left.reference} and ${right.reference})`;
      }
    }
  }
  return null;
}

function mergeInto(target: ProscribedGroup, incoming: ProscribedGroup): ProscribedGroup {
  const designations = [...target.designations];
  for (const designation of incoming.designations) {
    const same = designations.findIndex(
      (existing) =>
        existing.authority === designation.authority && existing.reference === designation.reference,
    );
    if (same === -1) designations.push(designation);
    else designations[same] = mergeDesignation(designations[same] as Designation, designation);
  }
  const merged: ProscribedGroup = {
    ...target,
    aliases: uniqueStrings([...target.aliases, incoming.name, ...incoming.aliases], target.name),
    designations,
  };
  if (!merged.parentId && incoming.parentId) merged.parentId = incoming.parentId;
  if (!merged.description && incoming.description) merged.description = incoming.description;
  return merged;
}

/** One authority's designation read from two sources: keep both sources, note disagreements. */
function mergeDesignation(a: Designation, b: Designation): Designation {
  const notes = [...a.notes];
  const disagree = (field: string, left: unknown, right: unknown): void => {
    notes.push(
      `sources disagree on ${field}: ${String(left)} (${sourceLabel(a.sources)}) and ${String(right)} (${sourceLabel(b.sources)})`,
    );
  };
  let listedOn = a.listedOn ?? b.listedOn;
  if (a.listedOn && b.listedOn && a.listedOn !== b.listedOn) {
    disagree("the listing date", a.listedOn, b.listedOn);
    listedOn = a.listedOn;
  }
  if (a.status !== b.status) disagree("the status", a.status, b.status);
  const merged: Designation = {
    ...a,
    listedOn,
    sources: uniqueSources([...a.sources, ...b.sources]),
    notes: uniqueStrings([...notes, ...b.notes]),
  };
  if (!merged.listedName && b.listedName) merged.listedName = b.listedName;
  if (merged.delistedOn === undefined && b.delistedOn !== undefined) merged.delistedOn = b.delistedOn;
  return merged;
}

function sourceLabel(sources: readonly Source[]): string {
  return sources.map((source) => source.title ?? source.url).join(", ");
}

function uniqueSources(sources: readonly Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = `${source.url}\u0000${source.title ?? ""}\u0000${source.retrievedOn ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueStrings(values: readonly string[], exclude?: string): string[] {
  const seen = new Set<string>(exclude === undefined ? [] : [exclude.toLowerCase()]);
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

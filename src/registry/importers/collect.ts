import type { ProscribedGroup } from "../../domain/schemas/designation.js";
import { normalizeGroupName } from "../normalize.js";
import type { DesignatedIndividual, LinkedGroup } from "./individual.js";
import { slugify } from "./text.js";
import type { ImportItem, UnmappedEntry } from "./types.js";

/**
 * Everything one import read, as {@link collectImport} returns it.
 *
 * @example
 * ```ts
 * import { type ImportResult, collectImport, importUnList } from "referral-kit/registry";
 *
 * const result: ImportResult = await collectImport(importUnList(xml));
 * result.importKeys["tehrik-e-taliban-pakistan-ttp"]; // "un:dataid:2971894"
 * ```
 */
export interface ImportResult {
  /** Groups, in file order, each valid under `ProscribedGroup`. */
  groups: ProscribedGroup[];
  /** Listed individuals, in file order, with linked groups resolved where the group is in the same import. */
  individuals: DesignatedIndividual[];
  /** Every entry or field that was not mapped, with the reason. */
  unmapped: UnmappedEntry[];
  /** The list record each group and individual came from, by id. */
  importKeys: Record<string, string>;
}

/**
 * Drains an importer's stream into arrays. Ids stay unique (a second record whose name gives the same
 * slug gets its reference appended), and an individual's linked groups get their `groupId` when the
 * group was imported alongside (by reference, or by name for OFAC's "Linked To:").
 *
 * @example
 * ```ts
 * import { collectImport, importOfacXml } from "referral-kit/registry";
 *
 * const result = await collectImport(importOfacXml(createReadStream("sdn.xml")));
 * console.log(result.groups.length, result.individuals.length, result.unmapped.length);
 * ```
 */
export async function collectImport(
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
): Promise<ImportResult> {
  const groups: ProscribedGroup[] = [];
  const individuals: DesignatedIndividual[] = [];
  const unmapped: UnmappedEntry[] = [];
  const importKeys: Record<string, string> = {};
  const groupIds = new Set<string>();
  const individualIds = new Set<string>();

  for await (const item of items) {
    if (item.kind === "unmapped") {
      unmapped.push(item.unmapped);
    } else if (item.kind === "group") {
      const id = uniqueId(item.group.id, item.group.designations[0]?.reference ?? item.importKey, groupIds);
      groups.push(id === item.group.id ? item.group : { ...item.group, id });
      importKeys[id] = item.importKey;
    } else {
      const reference = item.individual.designations[0]?.reference ?? item.importKey;
      const id = uniqueId(item.individual.id, reference, individualIds);
      individuals.push(id === item.individual.id ? item.individual : { ...item.individual, id });
      importKeys[id] = item.importKey;
    }
  }
  return { groups, individuals: resolveLinkedGroups(individuals, groups), unmapped, importKeys };
}

function uniqueId(id: string, reference: string, taken: Set<string>): string {
  let candidate = id;
  if (taken.has(candidate)) candidate = `${id}-${slugify(reference) || "record"}`.slice(0, 128);
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Fills `groupId` in individuals' linked groups from a set of groups: by designation reference first,
 * then by name against group names and aliases (compared with `normalizeGroupName`). A name that matches
 * several groups is left unresolved rather than guessed.
 *
 * @example
 * ```ts
 * import { resolveLinkedGroups } from "referral-kit/registry";
 *
 * const linked = resolveLinkedGroups(result.individuals, registry.groups);
 * ```
 */
export function resolveLinkedGroups(
  individuals: readonly DesignatedIndividual[],
  groups: readonly ProscribedGroup[],
): DesignatedIndividual[] {
  const byReference = new Map<string, string>();
  const byName = new Map<string, Set<string>>();
  for (const group of groups) {
    for (const designation of group.designations) {
      if (designation.reference) byReference.set(designation.reference, group.id);
    }
    for (const name of [group.name, ...group.aliases]) {
      const key = normalizeGroupName(name);
      if (!key) continue;
      const ids = byName.get(key) ?? new Set<string>();
      ids.add(group.id);
      byName.set(key, ids);
    }
  }
  const resolve = (link: LinkedGroup): LinkedGroup => {
    if (link.groupId) return link;
    const viaReference = link.reference ? byReference.get(link.reference) : undefined;
    if (viaReference) return { ...link, groupId: viaReference };
    const ids = link.name ? byName.get(normalizeGroupName(link.name)) : undefined;
    const [only, ...others] = ids ? [...ids] : [];
    return only && others.length === 0 ? { ...link, groupId: only } : link;
  };
  return individuals.map((individual) =>
    individual.linkedGroups.length === 0
      ? individual
      : { ...individual, linkedGroups: individual.linkedGroups.map(resolve) },
  );
}

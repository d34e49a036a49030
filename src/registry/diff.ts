import type { Authority, Designation, ProscribedGroup } from "../domain/schemas/designation.js";

/** One designation, as `diffGroups` reports it (`GroupDiff["added"][number]`). @internal */
export type ListingRef = GroupDiff["added"][number];

/** A delisting (`GroupDiff["removed"][number]`). @internal */
export type Delisting = GroupDiff["removed"][number];

/** A changed listing (`GroupDiff["changed"][number]`). @internal */
export type ChangedListing = GroupDiff["changed"][number];

type DesignationFieldChange = ChangedListing["changes"][number];

/** A name change (`GroupDiff["names"][number]`). @internal */
export type NameChange = GroupDiff["names"][number];

/**
 * What changed between two versions of a list, as {@link diffGroups} returns it.
 *
 * @example
 * ```ts
 * import { type GroupDiff, diffGroups } from "referral-kit/registry";
 *
 * const diff: GroupDiff = diffGroups(before, after);
 * const quiet = diff.added.length + diff.removed.length + diff.changed.length + diff.names.length === 0;
 * ```
 */
export interface GroupDiff {
  /**
   * New listings: designations in the newer version only. Each of `removed` and `changed` names its
   * designation with the same fields.
   */
  added: {
    groupId: string;
    name: string;
    authority: Authority;
    reference: string | null;
    listedOn: string | null;
  }[];
  /** Delistings. */
  removed: (GroupDiff["added"][number] & {
    reason: "absent" | "delisted";
    /** The delisting date, when the newer list gives one. */
    delistedOn?: string | null;
  })[];
  /** Designations in both, whose reference, date, listed name or status changed. */
  changed: (GroupDiff["added"][number] & {
    /** Each field of the designation that changed, with its value before and after. */
    changes: {
      field: "reference" | "listedOn" | "listedName" | "status" | "delistedOn";
      before: string | null;
      after: string | null;
    }[];
  })[];
  /** Groups in both whose primary name or aliases changed. */
  names: {
    groupId: string;
    /** The primary name before and after, when it changed. */
    renamed?: { before: string; after: string };
    aliasesAdded: string[];
    aliasesRemoved: string[];
  }[];
}

interface Entry {
  group: ProscribedGroup;
  designation: Designation;
}

/**
 * Compares two versions of a list (or of the registry) designation by designation: new listings,
 * delistings, changed references, dates and statuses, and alias additions and removals. Designations are
 * paired by authority and reference first (references survive renames, and ids are derived from names),
 * then by authority and group id (which catches a changed reference). Aliases are compared exactly, so a
 * respelling shows as one alias removed and one added.
 *
 * @example
 * ```ts
 * import { collectImport, diffGroups, importUnList } from "referral-kit/registry";
 *
 * const before = await collectImport(importUnList(lastMonth));
 * const after = await collectImport(importUnList(today));
 * const { added, removed, names } = diffGroups(before.groups, after.groups);
 * for (const listing of added) console.log("new:", listing.authority, listing.reference, listing.name);
 * ```
 */
export function diffGroups(before: readonly ProscribedGroup[], after: readonly ProscribedGroup[]): GroupDiff {
  const left = entries(before);
  const right = entries(after);
  const pairs: [Entry, Entry][] = [];
  const pairUp = (key: (entry: Entry) => string | null): void => {
    const waiting = new Map<string, number>();
    left.forEach((entry, position) => {
      const value = entry && key(entry);
      if (value && !waiting.has(value)) waiting.set(value, position);
    });
    right.forEach((entry, position) => {
      const value = entry && key(entry);
      const match = value === null || value === undefined ? undefined : waiting.get(value);
      const partner = match === undefined ? undefined : left[match];
      if (!entry || match === undefined || !partner) return;
      pairs.push([partner, entry]);
      left[match] = undefined;
      right[position] = undefined;
      waiting.delete(value as string);
    });
  };
  pairUp(({ designation }) =>
    designation.reference ? `${designation.authority}\u0000${designation.reference}` : null,
  );
  pairUp(({ group, designation }) => `${designation.authority}\u0000${group.id}`);

  const added = right.filter((entry): entry is Entry => entry !== undefined).map(listing);
  const removed: Delisting[] = left
    .filter((entry): entry is Entry => entry !== undefined)
    .map((entry) => ({ ...listing(entry), reason: "absent" as const }));
  const changed: ChangedListing[] = [];
  const groupPairs = new Map<string, [ProscribedGroup, ProscribedGroup]>();
  for (const [old, now] of pairs) {
    groupPairs.set(`${old.group.id}\u0000${now.group.id}`, [old.group, now.group]);
    if (old.designation.status === "listed" && now.designation.status === "delisted") {
      removed.push({ ...listing(now), reason: "delisted", delistedOn: now.designation.delistedOn ?? null });
    }
    const changes = fieldChanges(old.designation, now.designation);
    if (changes.length > 0) changed.push({ ...listing(now), changes });
  }
  const names: NameChange[] = [];
  for (const [old, now] of groupPairs.values()) {
    const change = nameChange(old, now);
    if (change) names.push(change);
  }
  return { added, removed, changed, names };
}

function entries(groups: readonly ProscribedGroup[]): (Entry | undefined)[] {
  return groups.flatMap((group) => group.designations.map((designation) => ({ group, designation })));
}

function listing({ group, designation }: Entry): ListingRef {
  return {
    groupId: group.id,
    name: group.name,
    authority: designation.authority,
    reference: designation.reference,
    listedOn: designation.listedOn,
  };
}

function fieldChanges(old: Designation, now: Designation): DesignationFieldChange[] {
  const changes: DesignationFieldChange[] = [];
  const compare = (
    field: DesignationFieldChange["field"],
    before: string | null,
    after: string | null,
  ): void => {
    if (before !== after) changes.push({ field, before, after });
  };
  compare("reference", old.reference, now.reference);
  compare("listedOn", old.listedOn, now.listedOn);
  compare("listedName", old.listedName ?? null, now.listedName ?? null);
  compare("status", old.status, now.status);
  compare("delistedOn", old.delistedOn ?? null, now.delistedOn ?? null);
  return changes;
}

function nameChange(old: ProscribedGroup, now: ProscribedGroup): NameChange | null {
  const before = new Set(old.aliases.map((alias) => alias.toLowerCase()));
  const after = new Set(now.aliases.map((alias) => alias.toLowerCase()));
  const aliasesAdded = now.aliases.filter((alias) => !before.has(alias.toLowerCase()));
  const aliasesRemoved = old.aliases.filter((alias) => !after.has(alias.toLowerCase()));
  const renamed = old.name === now.name ? undefined : { before: old.name, after: now.name };
  if (!renamed && aliasesAdded.length === 0 && aliasesRemoved.length === 0) return null;
  return { groupId: now.id, ...(renamed ? { renamed } : {}), aliasesAdded, aliasesRemoved };
}

import { type ContentHash, canonicalJson, contentHash } from "../domain/canonical-json.js";
import type { ProscribedGroup } from "../domain/schemas/designation.js";

/**
 * The version of a set of groups: the content hash of their designations, so two registries that hold
 * the same designations have the same version whatever the order of groups and designations, and any
 * change to a designation (a delisting, a new reference, a corrected date, another source) gives a new
 * one. Names, aliases and descriptions are left out: they do not change what a request may rely on.
 *
 * The hashed value is the list of `{ groupId, designations }` for every group with designations, sorted
 * by group id, each group's designations sorted by their canonical JSON; see `canonicalJson` for the form.
 *
 * Read it as `registry.version` (see `GroupRegistry.version`).
 */
export function registryVersion(groups: readonly ProscribedGroup[]): ContentHash {
  const entries = groups
    .filter((group) => group.designations.length > 0)
    .map((group) => ({
      groupId: group.id,
      designations: group.designations
        .map((designation) => ({ json: canonicalJson(designation), designation }))
        .sort((a, b) => (a.json < b.json ? -1 : a.json > b.json ? 1 : 0))
        .map((entry) => entry.designation),
    }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  return contentHash(entries);
}

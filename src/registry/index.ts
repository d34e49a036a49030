/**
 * The proscribed-group registry: name matching across spellings and scripts, designations per authority,
 * and the parent/child hierarchy, with a built-in dataset. No I/O.
 */

export { type AffectedRequest, affectedRequests } from "./affected-requests.js";
export {
  type ChangedListing,
  type Delisting,
  type DesignationFieldChange,
  diffGroups,
  type GroupDiff,
  type ListingRef,
  type NameChange,
} from "./diff.js";
export {
  RegistryIntegrityError,
  type RegistryIssue,
  type RegistryIssueKind,
  UnknownGroupError,
} from "./errors.js";
export * from "./importers/index.js";
export { knownGroups } from "./known-groups.js";
export type { GroupMatch, MatchKind, SearchOptions } from "./match.js";
export {
  type MergeConflict,
  type MergeMatch,
  type MergeMatchKind,
  type MergeOptions,
  type MergeResult,
  mergeGroups,
} from "./merge.js";
export { normalizeGroupName } from "./normalize.js";
export {
  createRegistry,
  type DesignationQuery,
  type GroupRegistry,
  type GroupResolution,
  type RegistryDesignation,
  type RegistryDiff,
  type RegistryDiffOptions,
  type RegistryMerge,
} from "./registry.js";
export { registryVersion } from "./version.js";

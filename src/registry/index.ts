/**
 * The proscribed-group registry: name matching across spellings and scripts, designations per authority,
 * and the parent/child hierarchy, with a built-in dataset. No I/O.
 */
export {
  RegistryIntegrityError,
  type RegistryIssue,
  type RegistryIssueKind,
  UnknownGroupError,
} from "./errors.js";
export { knownGroups } from "./known-groups.js";
export type { GroupMatch, MatchKind, SearchOptions } from "./match.js";
export { normalizeGroupName } from "./normalize.js";
export {
  createRegistry,
  type DesignationQuery,
  type GroupRegistry,
  type GroupResolution,
  type RegistryDesignation,
} from "./registry.js";

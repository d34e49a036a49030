/**
 * referral-kit/registry: the proscribed-group registry. Name matching across spellings and scripts,
 * designations per authority, the parent/child hierarchy, a built-in dataset; importers for the official
 * lists (the UN consolidated list, OFAC's SDN list as XML or CSV, the UK sanctions list, plain national
 * schedules), and merge and diff of group lists. Importers read streams you open; nothing else does I/O.
 *
 * @packageDocumentation
 */

export { diffGroups, type GroupDiff } from "./diff.js";
export { RegistryIntegrityError, UnknownGroupError } from "./errors.js";
export { collectImport, type ImportResult, resolveLinkedGroups } from "./importers/collect.js";
export { type ListFormat, ListFormatError } from "./importers/errors.js";
export {
  DesignatedIndividual,
  LinkedGroup,
} from "./importers/individual.js";
export { importNationalCsv } from "./importers/national-csv.js";
export type { OfacImportOptions } from "./importers/ofac-common.js";
export { importOfacCsv } from "./importers/ofac-csv.js";
export { importOfacXml } from "./importers/ofac-xml.js";
export type {
  ImportItem,
  ImportOptions,
  ListInput,
  UnmappedEntry,
} from "./importers/types.js";
export { importUkList } from "./importers/uk.js";
export { importUnList } from "./importers/un.js";
export { knownGroups } from "./known-groups.js";
export type { GroupMatch } from "./match.js";
export {
  type MergeOptions,
  type MergeResult,
  mergeGroups,
} from "./merge.js";
export {
  createRegistry,
  type GroupRegistry,
  type RegistryDiff,
  type RegistryMerge,
} from "./registry.js";

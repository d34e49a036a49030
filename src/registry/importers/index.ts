/**
 * Importers for official lists: the UN consolidated list, OFAC's SDN list (XML and CSV), the UK sanctions
 * list, and plain national schedules. Each is an async generator over a stream, so large lists import
 * with flat memory; {@link collectImport} gathers a stream into arrays.
 */
export { type ImportResult, collectImport, resolveLinkedGroups } from "./collect.js";
export { LIST_FORMAT_NAMES, type ListFormat, ListFormatError } from "./errors.js";
export {
  type DesignatedIndividual,
  type DesignatedIndividualInput,
  DesignatedIndividualSchema,
  type LinkedGroup,
  LinkedGroupSchema,
} from "./individual.js";
export type {
  ImportedGroupItem,
  ImportedIndividualItem,
  ImportItem,
  ImportOptions,
  ListInput,
  UnmappedEntry,
  UnmappedItem,
} from "./types.js";
export { importUnList, UN_LIST_SOURCE, type UnImportOptions } from "./un.js";

/**
 * Importers for official lists: the UN consolidated list, OFAC's SDN list (XML and CSV), the UK sanctions
 * list, and plain national schedules. Each is an async generator over a stream, so large lists import
 * with flat memory; {@link collectImport} gathers a stream into arrays.
 */
export { collectImport, type ImportResult, resolveLinkedGroups } from "./collect.js";
export { LIST_FORMAT_NAMES, type ListFormat, ListFormatError } from "./errors.js";
export {
  type DesignatedIndividual,
  type DesignatedIndividualInput,
  DesignatedIndividualSchema,
  type LinkedGroup,
  LinkedGroupSchema,
} from "./individual.js";
export { importNationalCsv, NATIONAL_CSV_COLUMNS, type NationalCsvImportOptions } from "./national-csv.js";
export { OFAC_TERRORISM_PROGRAMS, type OfacProgramOptions } from "./ofac-common.js";
export { importOfacCsv, OFAC_CSV_SOURCE, type OfacCsvFiles, type OfacCsvImportOptions } from "./ofac-csv.js";
export { importOfacXml, OFAC_XML_SOURCE, type OfacXmlImportOptions } from "./ofac-xml.js";
export type {
  ImportedGroupItem,
  ImportedIndividualItem,
  ImportItem,
  ImportOptions,
  ListInput,
  UnmappedEntry,
  UnmappedItem,
} from "./types.js";
export {
  importUkList,
  UK_OFSI_CONLIST_SOURCE,
  UK_SANCTIONS_LIST_SOURCE,
  UK_TERRORISM_REGIMES,
  type UkImportOptions,
  ukRegimeKey,
} from "./uk.js";
export { importUnList, UN_LIST_SOURCE, type UnImportOptions } from "./un.js";

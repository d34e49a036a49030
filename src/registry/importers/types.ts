import type { ProscribedGroup, Source } from "../../domain/schemas/designation.js";
import type { ListFormat } from "./errors.js";
import type { DesignatedIndividual } from "./individual.js";

/**
 * What an importer reads: a string, bytes, or any (async) iterable of chunks, such as a Node `Readable`
 * from `fs.createReadStream`. Bytes are decoded as UTF-8.
 *
 * @example
 * ```ts
 * import type { ListInput } from "referral-kit/registry";
 *
 * const fromFile: ListInput = createReadStream("sdn.csv");
 * const fromFetch: ListInput = (await fetch(url)).body as unknown as AsyncIterable<Uint8Array>;
 * ```
 */
export type ListInput =
  | string
  | Uint8Array
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

/**
 * An entry, or a field of an entry, that an importer read but could not map. Nothing is dropped silently:
 * every record that does not become a group or an individual, and every field whose value was not used,
 * is reported here with the reason.
 *
 * @example
 * ```ts
 * import type { UnmappedEntry } from "referral-kit/registry";
 *
 * const line = (entry: UnmappedEntry) => `${entry.file ?? ""} line ${entry.line}: ${entry.reference ?? ""} ${entry.reason}`;
 * ```
 */
export interface UnmappedEntry {
  /** The list format the entry came from. */
  format: ListFormat;
  /** `entry`: the whole record was not imported. `field`: the record was imported without this value. */
  scope: "entry" | "field";
  /** The record's key in its list (`un:dataid:6908499`, `ofac:12206`), `null` when it has none. */
  importKey: string | null;
  /** The record's primary name, when known. */
  name?: string;
  /** The record's reference number, when known. */
  reference?: string;
  /** The field that could not be mapped (`UN_LIST_TYPE`, `program`, `LISTED_ON`...). */
  field?: string;
  /** The field's value as read. */
  value?: string;
  /** Why it was not mapped. */
  reason: string;
  /** 1-based line where the record starts (or ends, for CSV records spread over several lines). */
  line: number;
  /** The file, when a format reads several (`alt.csv`). */
  file?: string;
}

/**
 * One item of an importer's stream: a group, an individual, or an unmapped entry. Importers yield items
 * in file order as they read, so a large list never has to be held in memory. Narrow one kind with
 * `Extract<ImportItem, { kind: "group" }>`.
 *
 * @example
 * ```ts
 * import { importUnList } from "referral-kit/registry";
 *
 * for await (const item of importUnList(createReadStream("consolidated.xml"))) {
 *   if (item.kind === "group") console.log(item.group.id, item.group.designations[0]?.reference);
 *   if (item.kind === "unmapped") console.warn(`line ${item.unmapped.line}: ${item.unmapped.reason}`);
 * }
 * ```
 */
export type ImportItem =
  | {
      /** A group read from the list. */
      kind: "group";
      group: ProscribedGroup;
      /** The record's key in its list, e.g. `un:dataid:2971894` or `ofac:12206`. */
      importKey: string;
      line: number;
    }
  | {
      /** A designated individual read from the list. */
      kind: "individual";
      individual: DesignatedIndividual;
      importKey: string;
      line: number;
    }
  | {
      /** A record, or a field of one, that could not be mapped. */
      kind: "unmapped";
      unmapped: UnmappedEntry;
    };

/**
 * Options every importer takes: where the list was published and when it was read. The importers know
 * each official list's usual address; pass `source.url` when you read it from elsewhere (a mirror, an
 * archive copy), so every designation cites what you actually read.
 *
 * @example
 * ```ts
 * import { importUnList } from "referral-kit/registry";
 *
 * importUnList(stream, { source: { retrievedOn: "2025-11-21" } });
 * ```
 */
export interface ImportOptions {
  /** Overrides parts of the source cited by every designation. */
  source?: Partial<Source>;
}

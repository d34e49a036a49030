import type { Authority, Source } from "../../domain/schemas/designation.js";
import { groupItem, individualItem, type RecordContext, unmapped } from "./build.js";
import type { ListFormat } from "./errors.js";
import { cleanText, recordId, uniqueNames } from "./text.js";
import type { ImportItem, ImportOptions } from "./types.js";

/**
 * OFAC programmes referral-kit maps, and the authority each becomes: SDGT (Executive Order 13224) and FTO
 * (State Department, INA section 219). Every other programme is reported as unmapped.
 *
 * @example
 * ```ts
 * OFAC_TERRORISM_PROGRAMS.FTO; // "us-fto"
 * ```
 */
export const OFAC_TERRORISM_PROGRAMS: Readonly<Record<string, Authority>> = {
  SDGT: "us-sdgt",
  FTO: "us-fto",
};

/**
 * Options of the OFAC importers (`importOfacXml`, `importOfacCsv`).
 *
 * @example
 * ```ts
 * import { importOfacXml } from "referral-kit/registry";
 *
 * importOfacXml(stream, { programs: { ...OFAC_TERRORISM_PROGRAMS, SDT: "national:us:sdt" } });
 * ```
 */
export interface OfacImportOptions extends ImportOptions {
  /** Programme to authority, replacing the default (`SDGT` to `us-sdgt`, `FTO` to `us-fto`). */
  programs?: Readonly<Record<string, Authority>>;
}

/** One OFAC record, from either published form, before mapping. @internal */
export interface OfacRecord {
  uid: string;
  /** As OFAC writes it: `LAST, First` for people, the whole name for others. */
  name: string;
  /** `individual`, `entity`, `vessel`, `aircraft` (lower case). */
  type: string;
  programs: string[];
  /** Aliases with their type as published (`aka`/`a.k.a.`, `fka`, `nka`). */
  aliases: { type: string; name: string }[];
  remarks: string;
  countries: string[];
  line: number;
  file?: string;
}

const ALIAS_TYPES = new Set(["aka", "fka", "nka"]);
// Weak aliases appear only in the remarks: "a.k.a. 'BLA'."; quotes end before ";", "." or the end.
const REMARK_ALIAS = /(?:^|[\s;(])([afn])\.k\.a\. '(.+?)'(?=\s*(?:[;.)]|$))/gu;
const LINKED_TO = /Linked To: ([^;]+?)\s*(?:;|\)?\.?\s*$)/gu;

/** OFAC's `"FTO] [SDGT"` (CSV) into programme codes. @internal */
export function splitPrograms(field: string): string[] {
  return field
    .split("] [")
    .map((program) => program.replace(/[[\]]/g, "").trim())
    .filter((program) => program !== "");
}

/**
 * Maps one OFAC record, read from either the XML or the CSV form, so both forms give the same groups and
 * individuals (internal): a record under a mapped programme becomes one designation per programme (TTP is FTO and
 * SDGT: two designations, never merged), everything else is reported.
 */
export function* mapOfacRecord(
  record: OfacRecord,
  format: ListFormat,
  source: Source,
  programs: Readonly<Record<string, Authority>>,
): Generator<ImportItem> {
  const name = cleanText(record.name);
  const context: RecordContext = {
    format,
    importKey: `ofac:${record.uid}`,
    line: record.line,
    reference: record.uid,
    ...(name ? { name } : {}),
    ...(record.file ? { file: record.file } : {}),
  };
  const authorities: Authority[] = [];
  const others: string[] = [];
  for (const program of record.programs) {
    const authority = programs[program];
    if (authority && !authorities.includes(authority)) authorities.push(authority);
    else if (!authority) others.push(program);
  }
  if (authorities.length === 0) {
    yield unmapped(
      context,
      "entry",
      `OFAC programme(s) ${others.join(", ") || "(none)"} not mapped: only ${Object.keys(programs).join(", ")} are`,
      {
        field: "program",
        value: record.programs.join(" "),
      },
    );
    return;
  }
  if (!name) {
    yield unmapped(context, "entry", "the record has no name", { field: "name" });
    return;
  }
  const kind = record.type === "individual" ? "individual" : record.type === "entity" ? "group" : null;
  if (!kind) {
    yield unmapped(
      context,
      "entry",
      `OFAC record type "${record.type}" is neither a group nor an individual`,
      {
        field: "sdnType",
        value: record.type,
      },
    );
    return;
  }
  for (const program of others) {
    yield unmapped(
      context,
      "field",
      `OFAC programme ${program} is not mapped; the record's other programmes are`,
      {
        field: "program",
        value: program,
      },
    );
  }
  const aliases: string[] = [];
  for (const alias of record.aliases) {
    const type = alias.type.replace(/\./g, "").toLowerCase();
    if (ALIAS_TYPES.has(type)) aliases.push(alias.name);
    else
      yield unmapped(context, "field", `alias type "${alias.type}" is not known`, {
        field: "alias type",
        value: alias.type,
      });
  }
  for (const match of record.remarks.matchAll(REMARK_ALIAS)) aliases.push(match[2] ?? "");
  const notes = [`source record: OFAC uid ${record.uid}`, "OFAC's SDN files publish no listing date"];
  const countries = uniqueNames(record.countries);
  if (countries.length > 0) notes.push(`address countries (OFAC): ${countries.join("; ")}`);
  const designations = authorities.map((authority) => ({
    authority,
    listedName: name,
    reference: record.uid,
    listedOn: null,
    status: "listed" as const,
    sources: [source],
    notes,
  }));
  const id = recordId(name, context.importKey);
  if (kind === "group") {
    yield groupItem(context, { id, name, aliases: uniqueNames(aliases, [name]), designations });
    return;
  }
  const linked = uniqueNames([...record.remarks.matchAll(LINKED_TO)].map((match) => match[1] ?? ""));
  yield individualItem(context, {
    id,
    name,
    aliases: uniqueNames(aliases, [name]),
    designations,
    linkedGroups: linked.map((group) => ({ name: group, statedIn: "Remarks" })),
  });
}

import type { Authority, Source } from "../../domain/schemas/designation.js";
import { groupItem, individualItem, type RecordContext, resolveSource, unmapped } from "./build.js";
import { csvRows } from "./csv-rows.js";
import { ListFormatError } from "./errors.js";
import { cleanText, parseDayMonthYear, recordId, uniqueNames } from "./text.js";
import type { ImportItem, ImportOptions, ListInput } from "./types.js";

/**
 * Where the FCDO publishes the UK Sanctions List.
 *
 * @example
 * ```ts
 * UK_SANCTIONS_LIST_SOURCE.publisher; // "UK Foreign, Commonwealth & Development Office"
 * ```
 */
export const UK_SANCTIONS_LIST_SOURCE: Source = {
  url: "https://www.gov.uk/government/publications/the-uk-sanctions-list",
  title: "UK Sanctions List",
  publisher: "UK Foreign, Commonwealth & Development Office",
};

/**
 * Where OFSI publishes its Consolidated List (ConList.csv).
 *
 * @example
 * ```ts
 * UK_OFSI_CONLIST_SOURCE.publisher; // "HM Treasury, Office of Financial Sanctions Implementation"
 * ```
 */
export const UK_OFSI_CONLIST_SOURCE: Source = {
  url: "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
  title: "Consolidated List of Financial Sanctions Targets in the UK",
  publisher: "HM Treasury, Office of Financial Sanctions Implementation",
};

/**
 * UK sanctions regimes referral-kit maps, keyed by the regime name with everything but letters and digits
 * removed, and the authority each becomes. These are asset-freeze designations under the Sanctions and
 * Anti-Money Laundering Act 2018, not proscription under the Terrorism Act 2000 (`uk-proscribed`), so they
 * get authorities of their own. Every other regime is reported as unmapped.
 *
 * @example
 * ```ts
 * UK_TERRORISM_REGIMES.counterterrorisminternational; // "national:gb:ct-international-sanctions"
 * ```
 */
export const UK_TERRORISM_REGIMES: Readonly<Record<string, Authority>> = {
  counterterrorisminternational: "national:gb:ct-international-sanctions",
  counterterrorismdomestic: "national:gb:ct-domestic-sanctions",
  isildaeshandalqaida: "national:gb:isil-aq-sanctions",
};

type UkImportOptions = ImportOptions & {
  /** Regime key (letters and digits of the name, lower case) to authority, replacing the default (the counter-terrorism regimes, international and domestic, and ISIL (Da'esh) and Al-Qaida). */
  regimes?: Readonly<Record<string, Authority>>;
};

/** Column names of the two published shapes, first match wins. */
const COLUMNS = {
  key: ["unique id", "group id"],
  groupId: ["ofsi group id", "group id"],
  nameType: ["name type", "alias type"],
  script: ["name non-latin script"],
  regime: ["regime name", "regime"],
  type: ["designation type", "group type"],
  listedOn: ["date designated", "uk sanctions list date designated", "listed on"],
  ofsiListedOn: ["listed on"],
  unReference: ["un reference number"],
  otherInformation: ["other information"],
} as const;
const NAME_COLUMNS = ["name 1", "name 2", "name 3", "name 4", "name 5", "name 6"];
const HEADER_SEARCH_ROWS = 5;
/** Columns both published shapes have; a header without one of them is not a whole UK list header. */
const REQUIRED_COLUMNS = [
  "key",
  "nameType",
  "regime",
  "type",
] as const satisfies readonly (keyof typeof COLUMNS)[];

/**
 * A regime name reduced to the key `UK_TERRORISM_REGIMES` uses.
 *
 * @example
 * ```ts
 * ukRegimeKey("ISIL (Da'esh) and Al-Qaida"); // "isildaeshandalqaida"
 * ```
 */
export function ukRegimeKey(regime: string): string {
  return regime
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

interface UkRow {
  key: string;
  line: number;
  get(column: keyof typeof COLUMNS): string;
  name: string;
}

/**
 * Reads the UK sanctions list as CSV, in either published shape: the FCDO's UK Sanctions List
 * (`Unique ID`, `Name type`, `Regime Name`, `Date Designated`) or OFSI's ConList.csv (`Group ID`,
 * `Alias Type`, `Regime`, `Listed On`). Both have one row per name (names 1-6, Name 6 being the family
 * or entity name) under a banner line; rows of one record are adjacent and are joined on their key.
 * Counter-terrorism and ISIL/Al-Qaida regimes are mapped (`UK_TERRORISM_REGIMES`), ships and other
 * regimes are reported.
 *
 * @throws {@link ListFormatError} when no header row is found, or a row has the wrong number of fields.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * import { collectImport, importUkList } from "referral-kit/registry";
 *
 * const { groups, unmapped } = await collectImport(importUkList(createReadStream("UK-Sanctions-List.csv")));
 * ```
 */
export async function* importUkList(
  input: ListInput,
  options: ImportOptions & {
    /** Regime key (letters and digits of the name, lower case) to authority, replacing the default (the counter-terrorism regimes, international and domestic, and ISIL (Da'esh) and Al-Qaida). */
    regimes?: Readonly<Record<string, Authority>>;
  } = {},
): AsyncGenerator<ImportItem> {
  let layout: UkLayout | undefined;
  let current: UkRow[] = [];
  const done = new Set<string>();
  const flush = (rows: UkRow[]) =>
    ukItems(rows, { ...layout!, regimes: options.regimes ?? UK_TERRORISM_REGIMES, done });

  for await (const { fields, line } of csvRows(input, { format: "uk" })) {
    if (!layout) {
      layout = readUkHeader(fields, line, options.source);
      continue;
    }
    if (fields.length !== layout.columns) {
      throw new ListFormatError({
        format: "uk",
        line,
        reason: `expected ${layout.columns} fields as in the header, found ${fields.length} (truncated?)`,
      });
    }
    const row = ukRow(fields, line, layout.index);
    if (current.length > 0 && (!row.key || current[0]?.key !== row.key)) {
      yield* flush(current);
      current = [];
    }
    current.push(row);
  }
  if (!layout) throw new ListFormatError({ format: "uk", line: 1, reason: "the file has no header row" });
  if (current.length > 0) yield* flush(current);
}

/** What the header row says: where each column is, and which of the two UK lists the file is. */
interface UkLayout {
  readonly columns: number;
  readonly index: ReadonlyMap<string, number>;
  /** OFSI's consolidated list (no "Unique ID" column) rather than the FCDO's UK Sanctions List. */
  readonly ofsi: boolean;
  readonly source: Source;
}

/**
 * The layout when `fields` is the header row (the first with "Name 6"), `undefined` for the lines above
 * it; refused when the header is cut short or does not come in the first lines.
 */
function readUkHeader(
  fields: string[],
  line: number,
  given: UkImportOptions["source"],
): UkLayout | undefined {
  const names = fields.map((field) => cleanText(field).toLowerCase());
  if (!names.includes("name 6")) {
    if (line < HEADER_SEARCH_ROWS) return undefined;
    throw new ListFormatError({
      format: "uk",
      line,
      reason: `no header row with "Name 6" in the first ${HEADER_SEARCH_ROWS} lines: not a UK sanctions list CSV`,
    });
  }
  // A header cut short (a truncated download) would otherwise read every row as empty.
  const missing = [
    ...REQUIRED_COLUMNS.filter((column) => !COLUMNS[column].some((name) => names.includes(name))).map(
      (column) => COLUMNS[column][0],
    ),
    ...NAME_COLUMNS.filter((name) => !names.includes(name)),
  ];
  if (missing.length > 0) {
    throw new ListFormatError({
      format: "uk",
      line,
      reason: `the header lacks ${missing.map((name) => `"${name}"`).join(", ")} (is the file cut short?)`,
    });
  }
  const index = new Map(names.map((name, position) => [name, position]));
  const ofsi = !index.has("unique id");
  const source = resolveSource(ofsi ? UK_OFSI_CONLIST_SOURCE : UK_SANCTIONS_LIST_SOURCE, given);
  return { columns: names.length, index, ofsi, source };
}

/** One data row: its record key, its fields by column, and the name its six name columns make. */
function ukRow(fields: string[], line: number, index: ReadonlyMap<string, number>): UkRow {
  const get = (column: keyof typeof COLUMNS): string => {
    for (const name of COLUMNS[column]) {
      const position = index.get(name);
      if (position !== undefined) return cleanText(fields[position]);
    }
    return "";
  };
  const parts = NAME_COLUMNS.map((name) => cleanText(fields[index.get(name) ?? -1]));
  // Name 6 is the family (or entity) name, and comes last, after the given names.
  const name = [...parts.slice(0, 5), parts[5]].filter((part) => part !== "").join(" ");
  return { key: get("key"), line, get, name };
}

/** What the rows of one record are: a group, an individual, or why neither. */
function* ukItems(
  rows: UkRow[],
  {
    ofsi,
    source,
    regimes,
    done,
  }: UkLayout & { regimes: NonNullable<UkImportOptions["regimes"]>; done: Set<string> },
): Generator<ImportItem> {
  const first = rows[0];
  if (!first) return;
  const primary = rows.find((row) => row.get("nameType").toLowerCase() === "primary name") ?? first;
  const reference = ukReference(first, ofsi);
  const context: RecordContext = {
    format: "uk",
    importKey: `uk:${ofsi ? "ofsi-group" : "unique-id"}:${first.key || `line-${first.line}`}`,
    line: first.line,
    ...(primary.name ? { name: primary.name } : {}),
    ...(reference ? { reference } : {}),
  };
  if (first.key && done.has(first.key)) {
    yield unmapped(
      context,
      "entry",
      `rows for ${first.key} appear again, apart from its first rows; they were not joined`,
    );
    return;
  }
  if (first.key) done.add(first.key);
  const regime = first.get("regime");
  const authority = regimes[ukRegimeKey(regime)];
  if (!authority) {
    yield unmapped(context, "entry", `UK regime "${regime || "(none)"}" is not mapped`, {
      field: "regime",
      value: regime,
    });
    return;
  }
  const type = first.get("type").toLowerCase();
  if (type !== "individual" && type !== "entity") {
    yield unmapped(
      context,
      "entry",
      `UK designation type "${first.get("type")}" is neither a group nor an individual`,
      {
        field: "type",
        value: first.get("type"),
      },
    );
    return;
  }
  if (!primary.name) {
    yield unmapped(context, "entry", "the record has no name");
    return;
  }
  const listedOnText = first.get("listedOn");
  const listedOn = parseDayMonthYear(listedOnText);
  if (listedOnText && !listedOn) {
    yield unmapped(context, "field", "the designation date is not dd/mm/yyyy", {
      field: "listedOn",
      value: listedOnText,
    });
  }
  const unReference =
    first.get("unReference") ||
    /\(UN Ref\):\s*([A-Za-z]{2}[ei]\.\d+)/u.exec(first.get("otherInformation"))?.[1];
  const notes = [`source record: ${(context.importKey ?? "").replace(/^uk:/, "UK ")}`];
  if (unReference) notes.push(`UN reference ${unReference}: a UK implementation of a UN listing`);
  if (!listedOnText) notes.push("the list gives no designation date");
  const ofsiListedOn = parseDayMonthYear(first.get("ofsiListedOn"));
  if (ofsi && ofsiListedOn && ofsiListedOn !== listedOn) {
    notes.push(`OFSI "Listed On" ${ofsiListedOn}: first listed before the UK's own designation`);
  }
  const designation = {
    authority,
    listedName: primary.name,
    reference: reference ?? null,
    listedOn,
    status: "listed" as const,
    sources: [source],
    notes,
  };
  const aliases = uniqueNames(
    rows.filter((row) => row !== primary).map((row) => row.name),
    [primary.name],
  );
  const scripts = uniqueNames(rows.map((row) => row.get("script")));
  const id = recordId(primary.name, context.importKey);
  if (type === "entity") {
    yield groupItem(context, {
      id,
      name: primary.name,
      aliases: uniqueNames([...aliases, ...scripts], [primary.name]),
      designations: [designation],
    });
  } else {
    yield individualItem(context, {
      id,
      name: primary.name,
      aliases,
      originalScriptNames: scripts,
      designations: [designation],
    });
  }
}

/** The UK list reference: the FCDO Unique ID, or OFSI's "(UK Sanctions List Ref):CTI0001", else the Group ID. */
function ukReference(row: UkRow, ofsi: boolean): string | undefined {
  if (!ofsi) return row.key || undefined;
  const ref = /\(UK Sanctions List Ref\):\s*([A-Z]{2,4}\d+)/u.exec(row.get("otherInformation"))?.[1];
  return ref ?? (row.key || undefined);
}

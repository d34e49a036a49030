import type { Source } from "../../domain/schemas/designation.js";
import { resolveSource, unmapped } from "./build.js";
import { csvRows } from "./csv-rows.js";
import { ListFormatError } from "./errors.js";
import {
  mapOfacRecord,
  OFAC_TERRORISM_PROGRAMS,
  type OfacImportOptions,
  splitPrograms,
} from "./ofac-common.js";
import type { ImportItem, ListInput } from "./types.js";

/**
 * Where OFAC publishes the SDN list as CSV.
 *
 * @example
 * ```ts
 * OFAC_CSV_SOURCE.url; // "https://www.treasury.gov/ofac/downloads/sdn.csv"
 * ```
 */
export const OFAC_CSV_SOURCE: Source = {
  url: "https://www.treasury.gov/ofac/downloads/sdn.csv",
  title: "Specially Designated Nationals and Blocked Persons List (CSV)",
  publisher: "US Department of the Treasury, Office of Foreign Assets Control",
};

const SDN_FIELDS = 12;
const ALT_FIELDS = 5;
const ADD_FIELDS = 6;
// The DOS end-of-file byte that ends OFAC's files.
const EOF_MARK = "\u001a";

/**
 * Reads OFAC's legacy CSV set (`sdn.csv`, `alt.csv`, `add.csv`: no header, CRLF, `-0- ` for empty, a
 * trailing 0x1A byte). `alt.csv` and `add.csv` are read first into maps keyed by `ent_num` (they are a
 * few megabytes); `sdn.csv` is then streamed. Records under SDGT or FTO become groups and individuals
 * with one designation per programme; weak aliases are read from the remarks (`a.k.a. 'BLA'`); others
 * are reported as unmapped. The CSV carries no listing date, so `listedOn` is `null`.
 *
 * @throws {@link ListFormatError} when a file has the wrong number of columns, a header row, or is cut short.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * import { collectImport, importOfacCsv } from "referral-kit/registry";
 *
 * const result = await collectImport(
 *   importOfacCsv({ sdn: createReadStream("sdn.csv"), alt: createReadStream("alt.csv"), add: createReadStream("add.csv") }),
 * );
 * result.groups.find((group) => group.designations[0]?.reference === "12206")?.designations.map((d) => d.authority);
 * // ["us-fto", "us-sdgt"]
 * ```
 */
export async function* importOfacCsv(
  files: {
    /** `sdn.csv`: one row per listed person, entity, vessel or aircraft. */
    sdn: ListInput;
    /** `alt.csv`: the strong aliases, joined on `ent_num`. */
    alt?: ListInput;
    /** `add.csv`: the addresses, joined on `ent_num` (only countries are kept, in the notes). */
    add?: ListInput;
  },
  options: OfacImportOptions = {},
): AsyncGenerator<ImportItem> {
  const source = resolveSource(OFAC_CSV_SOURCE, options.source);
  const programs = options.programs ?? OFAC_TERRORISM_PROGRAMS;
  const aliases = new Map<string, { type: string; name: string; line: number }[]>();
  const countries = new Map<string, { country: string; line: number }[]>();
  if (files.alt !== undefined) {
    for await (const row of ofacRows(files.alt, "alt.csv", ALT_FIELDS)) {
      const list = aliases.get(row.entNum) ?? [];
      list.push({ type: row.fields[2] ?? "", name: row.fields[3] ?? "", line: row.line });
      aliases.set(row.entNum, list);
    }
  }
  if (files.add !== undefined) {
    for await (const row of ofacRows(files.add, "add.csv", ADD_FIELDS)) {
      const list = countries.get(row.entNum) ?? [];
      list.push({ country: row.fields[4] ?? "", line: row.line });
      countries.set(row.entNum, list);
    }
  }
  for await (const row of ofacRows(files.sdn, "sdn.csv", SDN_FIELDS)) {
    const alt = aliases.get(row.entNum) ?? [];
    const add = countries.get(row.entNum) ?? [];
    aliases.delete(row.entNum);
    countries.delete(row.entNum);
    yield* mapOfacRecord(
      {
        uid: row.entNum,
        name: row.fields[1] ?? "",
        // An empty SDN_Type means an entity.
        type: (row.fields[2] || "entity").toLowerCase(),
        programs: splitPrograms(row.fields[3] ?? ""),
        aliases: alt.map(({ type, name }) => ({ type, name })),
        remarks: row.fields[11] ?? "",
        countries: add.map(({ country }) => country),
        line: row.line,
        file: "sdn.csv",
      },
      "ofac-csv",
      source,
      programs,
    );
  }
  // Rows of alt.csv/add.csv whose ent_num sdn.csv never listed: a mismatched set of files.
  for (const [file, orphans] of [
    ["alt.csv", aliases],
    ["add.csv", countries],
  ] as const) {
    for (const [entNum, rows] of orphans) {
      yield unmapped(
        {
          format: "ofac-csv",
          importKey: `ofac:${entNum}`,
          line: rows[0]?.line ?? 0,
          reference: entNum,
          file,
        },
        "field",
        `${file} has ${rows.length} row(s) for ent_num ${entNum}, which sdn.csv does not list (files from different dates?)`,
        { field: "ent_num", value: entNum },
      );
    }
  }
}

interface OfacRow {
  entNum: string;
  fields: string[];
  line: number;
}

/** Rows of one OFAC CSV file, with `-0-` turned into `""` and the format checked. */
async function* ofacRows(input: ListInput, file: string, expected: number): AsyncGenerator<OfacRow> {
  for await (const row of csvRows(input, { format: "ofac-csv", file, relaxQuotes: true })) {
    if (row.fields.length === 1 && row.fields[0]?.trim() === EOF_MARK) continue;
    if (row.fields.length !== expected) {
      throw new ListFormatError({
        format: "ofac-csv",
        file,
        line: row.line,
        reason: `expected ${expected} fields, found ${row.fields.length} (wrong file, or truncated?)`,
      });
    }
    const fields = row.fields.map((field) => {
      const value = field.trim();
      return value === "-0-" ? "" : value;
    });
    const entNum = fields[0] ?? "";
    if (!/^\d+$/.test(entNum)) {
      throw new ListFormatError({
        format: "ofac-csv",
        file,
        line: row.line,
        column: 1,
        reason: `ent_num ${JSON.stringify(entNum)} is not a number (OFAC's files have no header row)`,
      });
    }
    yield { entNum, fields, line: row.line };
  }
}

import { Authority, type Source } from "../../domain/schemas/designation.js";
import { groupItem, individualItem, type RecordContext, unmapped } from "./build.js";
import { csvRows } from "./csv-rows.js";
import { ListFormatError } from "./errors.js";
import { cleanText, parseIsoDate, recordId, slugify, uniqueNames } from "./text.js";
import type { ImportItem, ImportOptions, ListInput } from "./types.js";

/**
 * The columns of referral-kit's plain national-list CSV, for schedules no machine-readable official
 * format exists for (Pakistan's First Schedule, India's UAPA schedule...). A header row is required;
 * column order is free and names are case-insensitive. Only `name` is required.
 *
 * - `name`: the name as the schedule writes it
 * - `aliases`: other names, separated by `|`
 * - `original_script`: names in the original script, separated by `|`
 * - `reference`: the schedule's entry number
 * - `listed_on`: `YYYY-MM-DD`
 * - `source_url`: the official publication (falls back to `source.url` in the options)
 * - `notes`: free text kept in the designation's notes
 * - `type`: `group` (default) or `individual`
 * - `parent`: the id of the parent group (the Majeed Brigade is part of the BLA)
 * - `status`: `listed` (default) or `delisted`; `delisted_on`: `YYYY-MM-DD`
 *
 * @example
 * ```ts
 * const header = NATIONAL_CSV_COLUMNS.join(","); // a complete header row
 * ```
 */
export const NATIONAL_CSV_COLUMNS = [
  "name",
  "aliases",
  "original_script",
  "reference",
  "listed_on",
  "source_url",
  "notes",
  "type",
  "parent",
  "status",
  "delisted_on",
] as const;

type Column = (typeof NATIONAL_CSV_COLUMNS)[number];

const SEPARATOR = "|";

/**
 * Reads a national schedule written as a plain CSV (columns `name`, `aliases`, `original_script`,
 * `reference`, `listed_on`, `source_url`, `notes`, `type`, `parent`, `status`, `delisted_on`; see
 * docs/designations.md). Every row becomes a group (or, with `type=individual`, a listed individual)
 * designated by `options.authority`; rows with no
 * name or no source, and values that do not parse, are reported as unmapped, as are unknown columns.
 *
 * @throws {@link ListFormatError} when there is no `name` column, or a row has more fields than the header.
 *
 * @example
 * ```ts
 * import { collectImport, importNationalCsv } from "referral-kit/registry";
 *
 * const csv =
 *   "name,aliases,reference,listed_on,source_url\n" +
 *   "Example Front,EF|Example Front Khorasan,1,2008-08-25,https://example.gov.pk/first-schedule\n";
 * const { groups } = await collectImport(importNationalCsv(csv, { authority: "pk-ata-first-schedule" }));
 * ```
 */
export async function* importNationalCsv(
  input: ListInput,
  options: ImportOptions & {
    /** The authority whose schedule this is: `pk-ata-first-schedule`, or `national:<cc>:<slug>`. */
    authority: Authority;
  },
): AsyncGenerator<ImportItem> {
  const authority = Authority.parse(options.authority);
  let columns: Map<Column, number> | null = null;
  let width = 0;
  for await (const { fields, line } of csvRows(input, { format: "csv" })) {
    if (!columns) {
      const names = fields.map((field) => cleanText(field).toLowerCase());
      if (!names.includes("name")) {
        throw new ListFormatError({
          format: "csv",
          line,
          reason: `the header row has no "name" column (found: ${names.join(", ")})`,
        });
      }
      columns = new Map();
      names.forEach((name, position) => {
        if ((NATIONAL_CSV_COLUMNS as readonly string[]).includes(name))
          columns?.set(name as Column, position);
      });
      width = names.length;
      for (const name of names.filter(
        (candidate) => !(NATIONAL_CSV_COLUMNS as readonly string[]).includes(candidate),
      )) {
        yield unmapped(
          { format: "csv", importKey: null, line },
          "field",
          `unknown column "${name}" is ignored`,
          {
            field: name,
          },
        );
      }
      continue;
    }
    if (fields.length > width) {
      throw new ListFormatError({
        format: "csv",
        line,
        reason: `expected at most ${width} fields as in the header, found ${fields.length}`,
      });
    }
    const lookup = columns;
    const get = (column: Column): string => cleanText(fields[lookup.get(column) ?? -1]);
    yield* mapRow(get, line, authority, options.source);
  }
  if (!columns) throw new ListFormatError({ format: "csv", line: 1, reason: "the file has no header row" });
}

function* mapRow(
  get: (column: Column) => string,
  line: number,
  authority: Authority,
  sourceOption: Partial<Source> | undefined,
): Generator<ImportItem> {
  const name = get("name");
  const reference = get("reference");
  const context: RecordContext = {
    format: "csv",
    importKey: `csv:${authority}:${reference || `line-${line}`}`,
    line,
    ...(name ? { name } : {}),
    ...(reference ? { reference } : {}),
  };
  if (!name) {
    yield unmapped(context, "entry", "the row has no name", { field: "name" });
    return;
  }
  const url = get("source_url") || sourceOption?.url;
  if (!url) {
    yield unmapped(context, "entry", "no source_url in the row and no source URL in the options", {
      field: "source_url",
    });
    return;
  }
  const date = (column: Column): string | null => {
    const text = get(column);
    return text ? parseIsoDate(text) : null;
  };
  for (const column of ["listed_on", "delisted_on"] as const) {
    if (get(column) && !date(column)) {
      yield unmapped(context, "field", `${column} is not a YYYY-MM-DD date`, {
        field: column,
        value: get(column),
      });
    }
  }
  const type = get("type").toLowerCase() || "group";
  if (type !== "group" && type !== "individual") {
    yield unmapped(context, "entry", `type "${type}" is neither group nor individual`, {
      field: "type",
      value: type,
    });
    return;
  }
  const status = get("status").toLowerCase() || "listed";
  if (status !== "listed" && status !== "delisted") {
    yield unmapped(context, "entry", `status "${status}" is neither listed nor delisted`, {
      field: "status",
      value: status,
    });
    return;
  }
  const notes = get("notes") ? [get("notes")] : [];
  if (!get("listed_on")) notes.push("the schedule gives no listing date");
  const designation = {
    authority,
    listedName: name,
    reference: reference || null,
    listedOn: date("listed_on"),
    status: status as "listed" | "delisted",
    ...(status === "delisted" ? { delistedOn: date("delisted_on") } : {}),
    sources: [{ ...sourceOption, url }],
    notes,
  };
  const split = (column: Column) => get(column).split(SEPARATOR);
  const id = recordId(name, slugify(`${authority} ${reference || line}`));
  if (type === "group") {
    const parent = get("parent");
    yield groupItem(context, {
      id,
      name,
      aliases: uniqueNames([...split("aliases"), ...split("original_script")], [name]),
      ...(parent ? { parentId: parent } : {}),
      designations: [designation],
    });
  } else {
    yield individualItem(context, {
      id,
      name,
      aliases: uniqueNames(split("aliases"), [name]),
      originalScriptNames: uniqueNames(split("original_script")),
      designations: [designation],
    });
  }
}

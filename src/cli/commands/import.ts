import { createReadStream } from "node:fs";
import { z } from "zod";
import { DateSchema, HttpUrlSchema } from "../../domain/schemas/common.js";
import { Authority, ProscribedGroup, type Source } from "../../domain/schemas/designation.js";
import { validate } from "../../domain/validate.js";
import { diffGroups, type GroupDiff } from "../../registry/diff.js";
import { LIST_FORMAT_NAMES } from "../../registry/importers/errors.js";
import {
  collectImport,
  type ImportItem,
  type ImportResult,
  importNationalCsv,
  importOfacCsv,
  importOfacXml,
  importUkList,
  importUnList,
  type ListFormat,
  ListFormatError,
  type UnmappedEntry,
} from "../../registry/index.js";
import { decodeTextStream, excerpt, InvalidTextError } from "../../text/decode.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { checkReadable, fileProblem, readTextFile } from "../input/files.js";
import { chosenFormat, ENCODING_OPTION, formatOption, JSON_OPTION, messageOf, pathIn } from "../options.js";
import { closest } from "../suggest.js";

const FORMATS = ["un", "ofac-xml", "ofac-csv", "uk", "csv"] as const satisfies readonly ListFormat[];

const OUTPUT_FORMATS = ["text", "json"] as const;

const PreviousSchema = z.object({ groups: z.array(ProscribedGroup) });

/**
 * `referral-kit import`: runs one of the list importers over a file and reports what it added, changed
 * and could not map, as text or (`--format json`) as `{ groups, individuals, unmapped }`.
 *
 * @example
 * ```sh
 * referral-kit import un consolidated.xml --format json > un.json
 * referral-kit import ofac-csv sdn.csv --alt alt.csv --add add.csv
 * referral-kit import un consolidated-new.xml --previous un.json
 * ```
 */
export const importCommand = defineCommand({
  name: "import",
  summary: "Import an official list (UN, OFAC, UK, national CSV) and report what changed",
  synopsis: "<un|ofac-xml|ofac-csv|uk|csv> <file> [options]",
  description: `Reads an official list and prints the groups and individuals it maps, what changed, and every entry or
field it could not map.

Formats:
  un        UN Security Council Consolidated List XML (consolidated.xml)
  ofac-xml  OFAC SDN list XML (sdn.xml), or the consolidated non-SDN list in the same schema
  ofac-csv  OFAC SDN list CSV: <file> is sdn.csv, with --alt alt.csv and --add add.csv
  uk        UK Sanctions List CSV (FCDO) or OFSI ConList.csv
  csv       a national schedule in referral-kit's plain CSV (needs --authority)`,
  options: {
    alt: { type: "string", value: "<file>", help: "ofac-csv: OFAC's alt.csv (strong aliases)" },
    add: { type: "string", value: "<file>", help: "ofac-csv: OFAC's add.csv (addresses)" },
    authority: {
      type: "string",
      value: "<id>",
      help: "csv: the designating authority, e.g. pk-ata-first-schedule or national:in:uapa",
    },
    "source-url": {
      type: "string",
      value: "<url>",
      help: "where the list was read from (default: the publisher's address)",
    },
    "retrieved-on": { type: "string", value: "<date>", help: "when the list was read, YYYY-MM-DD" },
    previous: {
      type: "string",
      value: "<file>",
      help: "an earlier --format json output: report new listings, delistings and changes against it",
    },
    strict: { type: "boolean", help: "exit 1 when any entry or field could not be mapped" },
    encoding: ENCODING_OPTION,
    format: formatOption(OUTPUT_FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: { min: 0, max: 2 },
  exitCodes: {
    0: "imported",
    1: "with --strict: some entry or field could not be mapped",
    3: "a file could not be read, is not the format named, or is cut short",
  },
  examples: [
    "referral-kit import un consolidated.xml --format json > un.json",
    "referral-kit import ofac-csv sdn.csv --alt alt.csv --add add.csv",
    "referral-kit import un consolidated-new.xml --previous un.json",
  ],
  async run({ values, positionals }, io) {
    const options = parseOptions(values, positionals);
    const previous = options.previous
      ? await readPrevious(pathIn(io.cwd, options.previous), options.previous, options.encoding)
      : undefined;
    // Every file is checked before reading starts: a missing --add must not surface as a stream error
    // halfway through the list.
    for (const file of [options.file, options.alt, options.add]) {
      if (file !== undefined) await checkReadable(pathIn(io.cwd, file), file);
    }
    let result: ImportResult;
    try {
      result = await collectImport(withProgress(openImport(options, io.cwd), io));
    } catch (error) {
      if (io.isTTY) io.stderr.write("\r\u001b[K");
      // A file problem met while a list was being parsed is reported as the file problem it is.
      if (ListFormatError.isInstance(error) && error.cause instanceof CliInputError) throw error.cause;
      if (ListFormatError.isInstance(error)) {
        const where = `${error.file ?? options.file}:${error.line}${error.column === null ? "" : `:${error.column}`}`;
        throw new CliInputError(`${LIST_FORMAT_NAMES[error.format]}: ${excerpt(error.reason, 200)}`, where);
      }
      if (error instanceof CliInputError) throw error;
      if (typeof (error as { code?: unknown }).code === "string" && (error as { path?: unknown }).path) {
        throw fileProblem(error, String((error as { path: string }).path));
      }
      throw error;
    }
    const diff = previous ? diffGroups(previous, result.groups) : undefined;
    if (options.json) {
      const json = {
        groups: result.groups,
        individuals: result.individuals,
        unmapped: result.unmapped,
        ...(diff ? { diff } : {}),
      };
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      io.stdout.write(report(options, result, diff));
    }
    return options.strict && result.unmapped.length > 0 ? ExitCode.failure : ExitCode.ok;
  },
});

interface ImportCliOptions {
  format: ListFormat;
  file: string;
  json: boolean;
  strict: boolean;
  encoding?: string;
  alt?: string;
  add?: string;
  authority?: string;
  previous?: string;
  source?: Partial<Source>;
}

function parseOptions(
  values: {
    alt?: string | undefined;
    add?: string | undefined;
    authority?: string | undefined;
    "source-url"?: string | undefined;
    "retrieved-on"?: string | undefined;
    previous?: string | undefined;
    strict?: boolean | undefined;
    encoding?: string | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
  },
  positionals: string[],
): ImportCliOptions {
  const [format, file] = positionals;
  if (!format) throw new UsageError("which list? give one of un, ofac-xml, ofac-csv, uk, csv");
  if (!(FORMATS as readonly string[]).includes(format)) {
    const suggestion = closest(format, FORMATS);
    throw new UsageError(
      `unknown list format "${format}"; use one of ${FORMATS.join(", ")}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
    );
  }
  if (!file) throw new UsageError(`give the ${format} file to import`);
  if ((values.alt || values.add) && format !== "ofac-csv")
    throw new UsageError("--alt and --add are for ofac-csv only");
  if (values.authority && format !== "csv") throw new UsageError("--authority is for csv only");
  if (format === "csv" && !values.authority) {
    throw new UsageError("csv needs --authority, e.g. --authority pk-ata-first-schedule");
  }
  if (values.authority && !Authority.safeParse(values.authority).success) {
    throw new UsageError(
      `--authority "${values.authority}" is neither a known authority nor national:<cc>:<slug>`,
    );
  }
  if (values["source-url"] && !HttpUrlSchema.safeParse(values["source-url"]).success) {
    throw new UsageError(`--source-url "${values["source-url"]}" is not an http(s) URL`);
  }
  if (values["retrieved-on"] && !DateSchema.safeParse(values["retrieved-on"]).success) {
    throw new UsageError(`--retrieved-on "${values["retrieved-on"]}" is not a YYYY-MM-DD date`);
  }
  const source: Partial<Source> = {
    ...(values["source-url"] ? { url: values["source-url"] } : {}),
    ...(values["retrieved-on"] ? { retrievedOn: values["retrieved-on"] } : {}),
  };
  return {
    format: format as ListFormat,
    file,
    json: chosenFormat(values, OUTPUT_FORMATS, "text") === "json",
    strict: values.strict ?? false,
    ...(values.encoding ? { encoding: values.encoding } : {}),
    ...(values.alt ? { alt: values.alt } : {}),
    ...(values.add ? { add: values.add } : {}),
    ...(values.authority ? { authority: values.authority } : {}),
    ...(values.previous ? { previous: values.previous } : {}),
    ...(Object.keys(source).length > 0 ? { source } : {}),
  };
}

function openImport(options: ImportCliOptions, cwd: string): AsyncGenerator<ImportItem> {
  // Opened only when the importer starts reading it (a stream opened early and read late would report
  // its errors to nobody), and decoded here: strict UTF-8, or the --encoding named.
  const open = (file: string) => fileText(pathIn(cwd, file), file, options.encoding);
  const base = options.source ? { source: options.source } : {};
  switch (options.format) {
    case "un":
      return importUnList(open(options.file), base);
    case "ofac-xml":
      return importOfacXml(open(options.file), base);
    case "ofac-csv":
      return importOfacCsv(
        {
          sdn: open(options.file),
          ...(options.alt ? { alt: open(options.alt) } : {}),
          ...(options.add ? { add: open(options.add) } : {}),
        },
        base,
      );
    case "uk":
      return importUkList(open(options.file), base);
    case "csv":
      return importNationalCsv(open(options.file), {
        ...base,
        authority: Authority.parse(options.authority),
      });
  }
}

async function readPrevious(
  file: string,
  name: string,
  encoding: string | undefined,
): Promise<ProscribedGroup[]> {
  const text = await readTextFile(file, name, encoding);
  try {
    return validate(PreviousSchema, JSON.parse(text), "previous import").groups;
  } catch (error) {
    throw new CliInputError(
      `not an earlier --format json output of import: ${excerpt(messageOf(error), 200)}`,
      name,
    );
  }
}

/** A file's text as it is read: strict UTF-8 (or `encoding`); a problem is a CliInputError naming the file. */
async function* fileText(path: string, name: string, encoding: string | undefined): AsyncGenerator<string> {
  try {
    yield* decodeTextStream(createReadStream(path), encoding);
  } catch (error) {
    if (error instanceof InvalidTextError) {
      throw new CliInputError(error.reason, error.line > 0 ? `${name}:${error.line}` : name);
    }
    if (ListFormatError.isInstance(error)) throw error;
    throw fileProblem(error, name);
  }
}

/** Passes items through, drawing a counter on stderr when it is a terminal. */
async function* withProgress(items: AsyncIterable<ImportItem>, io: CliIo): AsyncGenerator<ImportItem> {
  let count = 0;
  for await (const item of items) {
    count += 1;
    if (io.isTTY && count % 500 === 0) io.stderr.write(`\rreading: ${count} records`);
    yield item;
  }
  if (io.isTTY && count >= 500) io.stderr.write("\r\u001b[K");
}

function report(options: ImportCliOptions, result: ImportResult, diff: GroupDiff | undefined): string {
  const lines: string[] = [];
  const entries = result.unmapped.filter((entry) => entry.scope === "entry").length;
  lines.push(
    `${LIST_FORMAT_NAMES[options.format]}: ${options.file}`,
    `  ${result.groups.length} group(s), ${result.individuals.length} individual(s), ${entries} unmapped entr${entries === 1 ? "y" : "ies"}, ${result.unmapped.length - entries} unmapped field(s)`,
  );
  if (options.format === "ofac-csv" && !options.alt) {
    lines.push("  note: without --alt, only the weak aliases written in the remarks are read");
  }
  const designations = (group: ProscribedGroup) =>
    group.designations
      .map(
        (d) =>
          `${d.authority} ${d.reference ?? "(no reference)"}${d.listedOn ? `, listed ${d.listedOn}` : ""}`,
      )
      .join("; ");
  if (diff) {
    lines.push("", `Added (${diff.added.length} new listing(s) since --previous):`);
    for (const listing of diff.added)
      lines.push(`  + ${listing.groupId}  ${listing.name}  ${listing.authority} ${listing.reference ?? ""}`);
    lines.push("", `Removed (${diff.removed.length} delisting(s)):`);
    for (const listing of diff.removed) {
      lines.push(
        `  - ${listing.groupId}  ${listing.name}  ${listing.authority} ${listing.reference ?? ""} (${listing.reason})`,
      );
    }
    lines.push("", `Changed (${diff.changed.length + diff.names.length}):`);
    for (const listing of diff.changed) {
      const what = listing.changes.map(
        (change) => `${change.field} ${change.before ?? "-"} -> ${change.after ?? "-"}`,
      );
      lines.push(
        `  ~ ${listing.groupId}  ${listing.authority} ${listing.reference ?? ""}: ${what.join(", ")}`,
      );
    }
    for (const change of diff.names) {
      const parts = [
        ...(change.renamed ? [`renamed "${change.renamed.before}" -> "${change.renamed.after}"`] : []),
        ...change.aliasesAdded.map((alias) => `+alias "${alias}"`),
        ...change.aliasesRemoved.map((alias) => `-alias "${alias}"`),
      ];
      lines.push(`  ~ ${change.groupId}: ${parts.join(", ")}`);
    }
  } else {
    lines.push("", `Added (${result.groups.length} group(s)):`);
    for (const group of result.groups) lines.push(`  + ${group.id}  ${group.name}  ${designations(group)}`);
  }
  lines.push("", `Individuals (${result.individuals.length}):`);
  for (const person of result.individuals) {
    const linked = person.linkedGroups.map((link) => link.groupId ?? link.reference ?? link.name).join(", ");
    lines.push(
      `  + ${person.id}  ${person.name}  ${person.designations.map((d) => `${d.authority} ${d.reference ?? ""}`).join("; ")}${linked ? `  linked to ${linked}` : ""}`,
    );
  }
  lines.push("", `Unmapped (${result.unmapped.length}):`);
  for (const entry of result.unmapped) lines.push(`  ${describeUnmapped(entry)}`);
  return `${lines.join("\n")}\n`;
}

function describeUnmapped(entry: UnmappedEntry): string {
  const where = `${entry.file ? `${entry.file} ` : ""}line ${entry.line}`;
  const what = [entry.reference, entry.name].filter(Boolean).join(" ");
  const value = entry.value === undefined ? "" : `=${JSON.stringify(excerpt(String(entry.value)))}`;
  const field = entry.field ? ` [${entry.scope === "field" ? "field " : ""}${entry.field}${value}]` : "";
  return `${where}  ${what}${field}: ${entry.reason}`;
}

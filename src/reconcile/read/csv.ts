import { parse } from "csv-parse";
import { PublishedReportError } from "../errors.js";
import { wrongWidth } from "./checks.js";
import type { PublishedInput, ReaderState } from "./source.js";

/** How many lines a record spans: one, plus the line feeds inside its (quoted) cells. */
function lineSpan(cells: string[]): number {
  let span = 1;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]!;
    let at = cell.indexOf("\n");
    while (at !== -1) {
      span++;
      at = cell.indexOf("\n", at + 1);
    }
  }
  return span;
}

/**
 * Where each known column is in a header, by exact name (after trimming). A column the reader does not
 * know is an `unknown-column` issue (its values are not read); a required column that is missing makes the
 * file unreadable as this format, and the error names any unknown column that may be its new name.
 *
 * @internal
 */
export function columnIndexes<Name extends string>(
  header: readonly string[],
  known: readonly Name[],
  required: readonly Name[],
  state: ReaderState,
  format: string,
): Record<Name, number> {
  const names = header.map((name) => name.trim());
  const indexes = {} as Record<Name, number>;
  for (const name of known) indexes[name] = names.indexOf(name);
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  const missing = required.filter((name) => indexes[name] === -1);
  if (missing.length > 0) {
    const hint = unknown.length > 0 ? `; columns not known: ${unknown.join(", ")}` : "";
    throw state.fatal(`not a ${format} file: the header lacks ${missing.join(", ")}${hint}`, 1);
  }
  for (const name of unknown) {
    state.report({
      line: 1,
      column: name,
      code: "unknown-column",
      message: `column ${JSON.stringify(name)} is not a ${format} column; its values are not read`,
    });
  }
  return indexes;
}

/**
 * A data row of a CSV with a header: its line, and its cells by column name (trimmed; "" for a known
 * column the file does not have).
 *
 * @internal
 */
export interface CsvRecord<Name extends string> {
  line: number;
  cell(name: Name): string;
}

/**
 * The data rows of a CSV with a header, for a reader of one format, with the line each starts on
 * (1-based; line breaks inside quoted cells count, so the numbers are the ones an editor shows). Opens the
 * input, checks the header ({@link columnIndexes}), counts the rows read, reports rows with the wrong
 * number of cells, passes blank lines over, and fails on a file without a header. csv-parse does the
 * parsing; a CSV it cannot parse (a quote never closed, as in a truncated file) is a fatal error naming the
 * line its row starts on, because after it no parser can tell where rows start and going on would lose
 * rows silently.
 *
 * @internal
 */
export async function* csvRecords<Name extends string>(
  input: PublishedInput,
  state: ReaderState,
  header: { known: readonly Name[]; required: readonly Name[]; format: string },
): AsyncGenerator<CsvRecord<Name>> {
  const stream = await state.open(input);
  // Errors arrive as "skip" events, so the rows parsed before a broken one are still handed out in order
  // and the error can name the line its row starts on (csv-parse's own count is where it stopped reading).
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
  });
  let broken: (Error & { records?: number }) | undefined;
  parser.on("skip", (error: Error & { records?: number }) => {
    broken ??= error;
  });
  stream.on("error", (error) => parser.destroy(error));
  stream.pipe(parser);
  let columns: Record<Name, number> | undefined;
  let width = 0;
  let line = 1;
  let records = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (broken !== undefined && records >= (broken.records ?? 0)) break;
      records++;
      const start = line;
      line += lineSpan(cells);
      if (cells.length === 1 && cells[0] === "") continue;
      if (columns === undefined) {
        columns = columnIndexes(cells, header.known, header.required, state, header.format);
        width = cells.length;
        continue;
      }
      state.rowsRead++;
      if (cells.length !== width) {
        wrongWidth(state, start, width, cells.length);
        continue;
      }
      const indexes = columns;
      yield { line: start, cell: (name) => (indexes[name] === -1 ? "" : cells[indexes[name]]!.trim()) };
    }
  } catch (error) {
    if (PublishedReportError.isInstance(error)) throw error;
    throw state.fatal(`cannot read the file: ${(error as Error).message}`, undefined, error);
  } finally {
    stream.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
    if (!parser.destroyed) parser.destroy();
  }
  if (broken !== undefined) {
    throw state.fatal(`malformed CSV in the row starting on line ${line}: ${broken.message}`, line, broken);
  }
  if (columns === undefined) throw state.fatal("the file is empty: no header row");
}

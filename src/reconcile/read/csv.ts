import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { ReaderState } from "./source.js";

/**
 * Rows of a CSV stream with the line each starts on (1-based; line breaks inside quoted cells count, so
 * the numbers are the ones an editor shows). Blank lines are passed over. csv-parse does the parsing; a
 * CSV it cannot parse (a quote never closed, as in a truncated file) is a fatal error with its line,
 * because after it no parser can tell where rows start and going on would lose rows silently.
 *
 * @internal
 */
export async function* csvRows(stream: Readable, state: ReaderState): AsyncGenerator<[string[], number]> {
  // Errors arrive as "skip" events, so the rows parsed before a broken one are still handed out in order and
  // the error can name the line its row starts on (csv-parse's own count is where it stopped reading).
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
  let line = 1;
  let records = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (broken !== undefined && records >= (broken.records ?? 0)) break;
      records++;
      const start = line;
      line += lineSpan(cells);
      if (cells.length === 1 && cells[0] === "") continue;
      yield [cells, start];
    }
  } catch (error) {
    throw state.fatal(`cannot read the file: ${(error as Error).message}`, undefined, error);
  } finally {
    stream.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
    if (!parser.destroyed) parser.destroy();
  }
  if (broken !== undefined) {
    throw state.fatal(`malformed CSV in the row starting on line ${line}: ${broken.message}`, line, broken);
  }
}

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

/** What a number cell held: a number, or why it is not one. */
export type NumberCell = { value: number } | { value: null; problem: "blank" | "not-a-number" };

const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A non-negative number as publishers write it: `935`, `935.0`, `0.636`, or with thousands separators
 * (`"5,928"`, `"1,179.65"`). Blank cells and `n/a` (any case), `-`, `–` are blank: never zero. Anything
 * else (`5,5`, `-3`, `1e3`, `12%`) is not a number: the reader reports it rather than guess.
 *
 * @internal
 */
export function readNumber(text: string): NumberCell {
  const cell = text.trim();
  if (PLAIN.test(cell)) return { value: Number(cell) };
  if (GROUPED.test(cell)) return { value: Number(cell.replace(/,/g, "")) };
  if (cell === "" || /^(?:n\/?a|-|–|—)$/i.test(cell)) return { value: null, problem: "blank" };
  return { value: null, problem: "not-a-number" };
}

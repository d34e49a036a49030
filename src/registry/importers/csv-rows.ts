import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { type ListFormat, ListFormatError } from "./errors.js";
import { textChunks } from "./input.js";
import type { ListInput } from "./types.js";

/** One CSV record with the line it ends on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** Options of {@link csvRows}. */
export interface CsvRowsOptions {
  format: ListFormat;
  file?: string;
  /** Accept stray quotes inside unquoted fields, as the real OFAC files need. */
  relaxQuotes?: boolean;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Streams CSV records through csv-parse, one at a time, with line numbers. Column counts are left to the
 * caller (which knows what each list expects and can say "truncated" rather than "inconsistent"), and
 * csv-parse's own errors become {@link ListFormatError}s with their line.
 */
export async function* csvRows(input: ListInput, options: CsvRowsOptions): AsyncGenerator<CsvRow> {
  const source = Readable.from(textChunks(input, options.format, options.file));
  const parser = parse({
    relax_column_count: true,
    relax_quotes: options.relaxQuotes ?? false,
    skip_empty_lines: true,
    info: true,
  });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
      yield { fields: parsed.record, line: parsed.info.lines };
    }
  } catch (error) {
    if (ListFormatError.isInstance(error)) throw error;
    const lines = (error as { lines?: unknown }).lines;
    throw new ListFormatError({
      format: options.format,
      line: typeof lines === "number" ? lines : 0,
      reason:
        error instanceof Error ? error.message.replace(/^Invalid Record Length: |^/, "") : String(error),
      ...(options.file === undefined ? {} : { file: options.file }),
      cause: error,
    });
  } finally {
    source.destroy();
    parser.destroy();
  }
}

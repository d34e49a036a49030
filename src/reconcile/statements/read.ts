import { extname } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import {
  type PublishedInput,
  type PublishedSource,
  ReaderState,
  type ReadPublishedOptions,
} from "../read/source.js";
import { STATEMENT_SERVER_FIELDS, StatementFieldsSchema, StatementOfReasons } from "./schema.js";
import { problemsOf } from "./write.js";

/**
 * One statement of reasons read from a file: where it was, the statement as the database keeps it, and
 * the fields the database adds to what it returns (`uuid`, `created_at`, `platform_name`, `permalink`...).
 *
 * @example
 * ```ts
 * for await (const record of readStatementsOfReasons("statements.json")) console.log(record.line, record.statement.puid);
 * ```
 */
export interface StatementRecord {
  /** The line the statement starts on. */
  line: number;
  /** Its position in the file, from 0. */
  index: number;
  statement: StatementOfReasons;
  /** The server's fields, as given (strings; other values as JSON text). */
  server: Readonly<Record<string, string>>;
}

const KNOWN = new Set([...Object.keys(StatementFieldsSchema.shape), ...STATEMENT_SERVER_FIELDS]);

/**
 * Reads statements of reasons in the DSA Transparency Database's JSON format: a single statement as posted
 * to `POST /api/v1/statement`, a batch `{ "statements": [...] }` as posted to `POST /api/v1/statements`, an
 * array, or JSON Lines. Every statement is checked against the database's documented rules; an invalid one
 * is an `invalid-statement` issue with its line and is not read, a field the database does not know is an
 * `unknown-column` issue (the statement is read without it). The server's own fields are kept apart in
 * `server`. `strict` turns the first issue into an error.
 *
 * @throws {PublishedReportError} a file that is not JSON (with the line of the syntax error) or not
 * statements; in strict mode, the first issue.
 *
 * @example
 * ```ts
 * import { readStatementsOfReasons } from "referral-kit/reconcile";
 *
 * for await (const { statement, server } of readStatementsOfReasons("dsa-sor-example-multi-statements.json")) {
 *   console.log(statement.puid, statement.category, server.platform_name);
 * }
 * ```
 */
export function readStatementsOfReasons(
  input: string | Readable,
  options: ReadPublishedOptions & {
    /**
     * `json`: one statement, `{ "statements": [...] }` as posted to the batch endpoint, or an array (read
     * whole); `jsonl`: one statement per line (streamed). Default: `jsonl` for a `.jsonl` or `.ndjson` path,
     * else `json`.
     */
    format?: "json" | "jsonl";
  } = {},
): PublishedSource<StatementRecord> {
  const state = ReaderState.from(input, options);
  const format =
    options.format ??
    (typeof input === "string" && [".jsonl", ".ndjson"].includes(extname(input).toLowerCase())
      ? "jsonl"
      : "json");
  return state.source(() => (format === "jsonl" ? jsonLines(input, state) : jsonDocument(input, state)));
}

async function* jsonDocument(input: PublishedInput, state: ReaderState): AsyncGenerator<StatementRecord> {
  const stream = await state.open(input);
  const text = (await readAll(stream)).replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw state.fatal(`not valid JSON: ${(error as Error).message}`, syntaxErrorLine(error, text), error);
  }
  const lines = elementLines(text);
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (isObject(value) && Array.isArray(value.statements) && Object.keys(value).length === 1) {
    items = value.statements;
  } else if (isObject(value) && "puid" in value) {
    items = [value];
  } else {
    throw state.fatal(
      'not statements of reasons: expected a statement, { "statements": [...] } or an array of statements',
      1,
    );
  }
  for (let index = 0; index < items.length; index++) {
    state.rowsRead++;
    const record = toRecord(items[index], lines[index] ?? 1, index, state);
    if (record) yield record;
  }
}

async function* jsonLines(input: PublishedInput, state: ReaderState): AsyncGenerator<StatementRecord> {
  const stream = await state.open(input);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let index = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      state.rowsRead++;
      let value: unknown;
      try {
        value = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, "") : text);
      } catch (error) {
        state.report({
          line,
          code: "invalid-statement",
          message: `not valid JSON: ${(error as Error).message}; the line is not read`,
        });
        continue;
      }
      const record = toRecord(value, line, index++, state);
      if (record) yield record;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function toRecord(
  value: unknown,
  line: number,
  index: number,
  state: ReaderState,
): StatementRecord | undefined {
  if (!isObject(value)) {
    state.report({
      line,
      code: "invalid-statement",
      message: `statement ${index} is not an object; it is not read`,
    });
    return undefined;
  }
  const fields: Record<string, unknown> = {};
  const server: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (STATEMENT_SERVER_FIELDS.includes(key)) {
      if (field !== null && field !== undefined)
        server[key] = typeof field === "string" ? field : JSON.stringify(field);
    } else if (KNOWN.has(key)) fields[key] = field;
    else {
      state.report({
        line,
        column: key,
        code: "unknown-column",
        message: `${key} is not a field of a statement of reasons; the statement is read without it`,
      });
    }
  }
  const parsed = StatementOfReasons.safeParse(fields);
  if (!parsed.success) {
    const problems = problemsOf(parsed.error);
    state.report({
      line,
      column: problems[0]?.field || undefined,
      code: "invalid-statement",
      message: `statement ${index}${typeof value.puid === "string" ? ` (${value.puid})` : ""} does not pass the database's rules: ${problems.map((problem) => `${problem.field ? `${problem.field}: ` : ""}${problem.message}`).join("; ")}; it is not read`,
    });
    return undefined;
  }
  return { line, index, statement: parsed.data, server };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The line of a JSON.parse error. Node 22 and later name it; Node 20's V8 shows instead up to 10
 * characters either side of the error (`..."<context>"...`), so the error is 10 characters into the
 * context when it is preceded by an ellipsis.
 */
function syntaxErrorLine(error: unknown, text: string): number | undefined {
  const message = error instanceof Error ? error.message : "";
  const named = /\(line (\d+) column \d+\)/.exec(message);
  if (named) return Number(named[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  const context = /, \.\.\."([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (context) {
    const at = text.indexOf(context[1]!);
    if (at !== -1) return lineAt(text, at + 10);
  }
  if (/Unexpected end of JSON input/.test(message)) return lineAt(text, text.length);
  return undefined;
}

/**
 * The line each statement starts on: the objects of a top-level array, or of the `statements` array of a
 * top-level object, or the top-level object itself. A scan that skips strings and tracks nesting.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let key: string | undefined;
  let stringStart = -1;
  // The depth of the array whose objects are statements, once known.
  let listDepth = -1;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === "\n") line++;
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') {
        inString = false;
        if (depth === 1) key = text.slice(stringStart + 1, index);
      }
      continue;
    }
    if (char === '"') {
      inString = true;
      stringStart = index;
    } else if (char === "{" || char === "[") {
      if (depth === 0 && char === "{") lines.push(line);
      if (depth === 0 && char === "[") listDepth = 1;
      if (depth === 1 && char === "[" && key === "statements") {
        listDepth = 2;
        lines.length = 0;
      }
      if (char === "{" && depth === listDepth) lines.push(line);
      depth++;
    } else if (char === "}" || char === "]") {
      depth--;
    }
  }
  return lines;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let index = 0; index < position && index < text.length; index++) if (text[index] === "\n") line++;
  return line;
}

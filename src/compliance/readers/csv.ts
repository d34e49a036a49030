import { parse } from "csv-parse";
import type { RequestOutcome } from "../../domain/lifecycle.js";
import { PlatformIdSchema } from "../../domain/platforms.js";
import { ComplianceInputError } from "../errors.js";
import {
  COMPLIANCE_OUTCOMES,
  type ComplianceRecord,
  checkComplianceRecord,
  ISO_WITH_ZONE_PATTERN,
} from "../record.js";
import {
  type ComplianceInputSource,
  type ComplianceSource,
  type ReadOptions,
  SourceState,
} from "./source.js";

/**
 * The columns of the flat CSV, in the order a template would have them.
 *
 * @example
 * ```ts
 * writeFileSync("template.csv", `${COMPLIANCE_CSV_COLUMNS.join(",")}\n`);
 * ```
 */
export const COMPLIANCE_CSV_COLUMNS = [
  "request_id",
  "platform",
  "group",
  "kind",
  "priority",
  "submitted_at",
  "outcome",
  "outcome_at",
  "due_at",
] as const;

const outcomes = new Set<string>(COMPLIANCE_OUTCOMES);
const platformsSeen = new Set<string>();

/** A bad row found inside csv-parse's callback; thrown from the loop so strict mode stops there. */
class RowProblem {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly kind: string,
    readonly recordId: string | undefined,
  ) {}
}

/**
 * Reads the flat CSV an analyst can produce from a spreadsheet, streaming (memory stays flat in the file's
 * size). Columns, in any order, with a header row: `request_id,platform,group,kind,priority,submitted_at,
 * outcome,outcome_at,due_at`. `outcome` is one of actioned, partially-actioned, rejected, pending,
 * withdrawn; times are ISO 8601 with a zone. `outcome_at` is empty for pending rows; `due_at` may be empty
 * (no deadline); `group` may list several groups separated by `;`. For an actioned row, `outcome_at` is
 * also the time of the first action (the flat form has no separate partial-action time).
 *
 * Bad rows are skipped and listed with their line and reason (`source.skipped`), or with `strict` the first
 * one throws {@link ComplianceInputError}. A header without the required columns, or malformed CSV (a
 * broken quote, after which no parser can tell where the next row starts), always throws.
 *
 * @example
 * ```ts
 * import { computeCompliance, ComplianceAccumulator, readComplianceCsv } from "referral-kit/compliance";
 *
 * const source = readComplianceCsv("requests.csv");
 * const accumulator = new ComplianceAccumulator({ asOf: "2026-01-01T00:00:00Z" });
 * for await (const record of source) accumulator.add(record, source.line);
 * console.log(accumulator.result().total, source.skippedCount);
 * ```
 */
export function readComplianceCsv(
  input: ComplianceInputSource,
  options: ReadOptions = {},
): ComplianceSource<ComplianceRecord> {
  const state = new SourceState(options.strict ?? false, options.maxSkipped ?? 1000);
  return state.source(() => iterate(input, state));
}

async function* iterate(input: ComplianceInputSource, state: SourceState): AsyncGenerator<ComplianceRecord> {
  const stream = await state.open(input);
  let columns: Int32Array | undefined;
  let width = 0;
  // No on_record/info options: csv-parse would build an info object per record, the largest cost over a
  // plain parse. Lines are counted here instead: each record spans 1 line plus the line breaks inside
  // its quoted fields; blank lines come through as [""] and are counted, not used.
  // Malformed CSV (a broken quote) is fatal even when not strict: csv-parse cannot find the next row
  // reliably after it and would drop rows without a word, so stopping is the honest answer.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  stream.on("error", (error) => parser.destroy(error));
  stream.pipe(parser);
  let line = 0;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      line += lineSpan(row);
      if (row.length === 1 && row[0] === "") continue;
      if (columns === undefined) {
        const header = headerColumns(row, line);
        if (header instanceof ComplianceInputError) throw header;
        columns = header;
        width = row.length;
        continue;
      }
      state.rowsRead++;
      const item = toRecord(row, columns, width, line);
      if (item instanceof RowProblem) {
        state.skip(item.line, item.reason, item.kind, item.recordId);
        continue;
      }
      state.line = line;
      yield item;
    }
  } catch (error) {
    if (ComplianceInputError.isInstance(error)) throw error;
    const lines = (error as { lines?: number }).lines;
    const message = error instanceof Error ? error.message : String(error);
    throw new ComplianceInputError({
      line: lines,
      reason:
        lines === undefined
          ? message
          : `malformed CSV, the rows after it cannot be read reliably: ${message}`,
      cause: error,
    });
  } finally {
    stream.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
  }
  if (columns === undefined) throw new ComplianceInputError({ reason: "the CSV is empty: no header row" });
}

/** How many lines a record spans: one, plus the line breaks inside its (quoted) fields. */
function lineSpan(row: string[]): number {
  let span = 1;
  for (let index = 0; index < row.length; index++) {
    const field = row[index]!;
    let at = field.indexOf("\n");
    while (at !== -1) {
      span++;
      at = field.indexOf("\n", at + 1);
    }
  }
  return span;
}

function headerColumns(header: string[], line: number): Int32Array | ComplianceInputError {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = COMPLIANCE_CSV_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    return new ComplianceInputError({
      line,
      reason: `the header lacks ${missing.join(", ")}; expected ${COMPLIANCE_CSV_COLUMNS.join(",")}`,
    });
  }
  return Int32Array.from(COMPLIANCE_CSV_COLUMNS, (column) => names.indexOf(column));
}

function toRecord(
  row: string[],
  columns: Int32Array,
  width: number,
  line: number,
): ComplianceRecord | RowProblem {
  // Spreadsheets sometimes pad cells; trimming here is cheaper than csv-parse's per-character trim option.
  for (let index = 0; index < row.length; index++) {
    const cell = row[index]!;
    if (cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32))
      row[index] = cell.trim();
  }
  if (row.length !== width) {
    // Too few cells, or too many (an unquoted comma in a value): either way the columns are misaligned.
    return new RowProblem(
      line,
      `expected ${width} columns, found ${row.length}`,
      "wrong column count",
      row[columns[0]!] || undefined,
    );
  }
  const id = row[columns[0]!]!;
  const platform = row[columns[1]!]!;
  const group = row[columns[2]!]!;
  const outcomeText = row[columns[6]!]!;
  if (id === "") return new RowProblem(line, "request_id is empty", "request_id is empty", undefined);
  if (!platformsSeen.has(platform)) {
    if (!PlatformIdSchema.safeParse(platform).success) {
      return new RowProblem(line, `platform "${platform}" is not a platform id`, "bad platform", id);
    }
    platformsSeen.add(platform);
  }
  if (!outcomes.has(outcomeText)) {
    return new RowProblem(
      line,
      `outcome "${outcomeText}" is not one of ${COMPLIANCE_OUTCOMES.join(", ")}`,
      "bad outcome",
      id,
    );
  }
  const outcome = outcomeText as RequestOutcome;
  const submittedAt = time(row[columns[5]!]!);
  if (submittedAt === undefined || Number.isNaN(submittedAt)) {
    return badTime(line, "submitted_at", row[columns[5]!]!, id);
  }
  const outcomeAt = time(row[columns[7]!]!);
  if (Number.isNaN(outcomeAt)) return badTime(line, "outcome_at", row[columns[7]!]!, id);
  const deadline = time(row[columns[8]!]!);
  if (Number.isNaN(deadline)) return badTime(line, "due_at", row[columns[8]!]!, id);
  if (outcome !== "pending" && outcomeAt === undefined) {
    return new RowProblem(line, `outcome ${outcome} needs outcome_at`, "outcome_at missing", id);
  }
  if (outcome === "pending" && outcomeAt !== undefined) {
    return new RowProblem(line, "a pending row has an outcome_at", "pending with outcome_at", id);
  }
  const acted = outcome === "actioned" || outcome === "partially-actioned";
  const record: ComplianceRecord = {
    id,
    platform,
    groups: group === "" ? [] : group.includes(";") ? splitGroups(group) : [group],
    kind: row[columns[3]!]!,
    priority: row[columns[4]!]!,
    submittedAt,
    outcome,
    outcomeAt: outcomeAt ?? null,
    firstActionAt: acted ? (outcomeAt ?? null) : null,
    deadline: deadline ?? null,
  };
  const problem = checkComplianceRecord(record);
  if (problem) return new RowProblem(line, problem.reason, problem.reason.replace(/"[^"]*"/g, '"…"'), id);
  return record;
}

/** A time cell: undefined when empty, NaN when not ISO 8601 with a zone. */
function time(text: string): number | undefined {
  if (text === "") return undefined;
  // The common shape (…T…Z, as exports write it) is checked by hand; anything else goes through the regex.
  const length = text.length;
  if (length >= 20 && text.charCodeAt(10) === 84 && text.charCodeAt(length - 1) === 90) {
    const value = Date.parse(text);
    if (Number.isFinite(value) && /^\d{4}-\d{2}-\d{2}T/.test(text)) return value;
  }
  return ISO_WITH_ZONE_PATTERN.test(text) ? Date.parse(text) : Number.NaN;
}

function badTime(line: number, column: string, text: string, id: string): RowProblem {
  const reason =
    text === ""
      ? `${column} is empty`
      : `${column} "${text}" is not an ISO 8601 time with a zone (e.g. 2025-03-01T09:30:00Z)`;
  return new RowProblem(line, reason, `bad ${column}`, id);
}

function splitGroups(text: string): string[] {
  const groups: string[] = [];
  for (const part of text.split(";")) {
    const group = part.trim();
    if (group !== "" && !groups.includes(group)) groups.push(group);
  }
  return groups;
}

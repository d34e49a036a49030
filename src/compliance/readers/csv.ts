import { type CsvError, parse } from "csv-parse";
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

/** The columns of the flat CSV, in the order a template would have them. */
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
 * one throws {@link ComplianceInputError}. A header without the required columns always throws.
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
  const pendingLines: number[] = [];
  let nextLine = 0;
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: !state.strict,
    on_record: (row: string[], context: { lines: number }) => {
      if (columns === undefined) {
        // A bad header is returned, not thrown: csv-parse would count a throw here as a skippable row.
        const header = headerColumns(row, context.lines);
        if (header instanceof ComplianceInputError) return header;
        columns = header;
        return null;
      }
      const record = toRecord(row, columns, context.lines);
      // Lines of good records wait in order until the loop below takes them (csv-parse keeps order).
      if (!(record instanceof RowProblem)) pendingLines.push(context.lines);
      return record;
    },
  });
  parser.on("skip", (error: CsvError & { lines?: number }) => {
    state.rowsRead++;
    state.skip(error.lines ?? 0, error.message, "malformed CSV");
  });
  stream.on("error", (error) => parser.destroy(error));
  stream.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<ComplianceRecord | RowProblem | ComplianceInputError>) {
      if (item instanceof ComplianceInputError) throw item;
      state.rowsRead++;
      if (item instanceof RowProblem) {
        state.skip(item.line, item.reason, item.kind, item.recordId);
        continue;
      }
      state.line = pendingLines[nextLine++] ?? 0;
      if (nextLine === pendingLines.length) {
        pendingLines.length = 0;
        nextLine = 0;
      }
      yield item;
    }
  } catch (error) {
    if (ComplianceInputError.isInstance(error)) throw error;
    const lines = (error as { lines?: number }).lines;
    throw new ComplianceInputError({
      line: lines,
      reason: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  } finally {
    stream.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
  }
  if (columns === undefined) throw new ComplianceInputError({ reason: "the CSV is empty: no header row" });
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

function toRecord(row: string[], columns: Int32Array, line: number): ComplianceRecord | RowProblem {
  if (row.length < columns.length) {
    return new RowProblem(
      line,
      `expected ${columns.length} columns, found ${row.length}`,
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

import type { Readable } from "node:stream";
import { type Parser, parse } from "csv-parse";
import { isCountryCode } from "../../domain/countries.js";
import type { RequestOutcome } from "../../domain/lifecycle.js";
import { PlatformIdSchema } from "../../domain/platforms.js";
import { ESCALATION_LEVELS, type EscalationLevel } from "../../domain/schemas/follow-up.js";
import {
  ACTION_GROUNDS,
  DECLINE_REASONS,
  type DeclineReason,
  OUTCOME_MEASURES,
} from "../../domain/schemas/outcome.js";
import type { ContentTier } from "../../domain/tiers.js";
import { ComplianceInputError } from "../errors.js";
import {
  COMPLIANCE_OUTCOMES,
  type ComplianceOutcome,
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

/**
 * Optional columns of the flat CSV (issue 21): a file without them reads as before. One row is one
 * request with at most one decided target and one question:
 * `acknowledged_at`, `target_type` (account, content), `measure`, `scope` (`global` or ISO 3166-1 alpha-2
 * codes separated by `;`), `ground`, `reason_code` (for `no-action`), `until`, `info_requested_at`,
 * `info_supplied_at`, `supersedes`, `escalated_at`, `escalation_level`, `actioned_after_escalation_at`,
 * `returned_at` (when a suspended account came back); `tier`, the request's most severe content tier
 * (`1` to `4`, empty for none), and `campaign`, the id of the campaign it is part of.
 *
 * @example
 * ```ts
 * writeFileSync("template.csv", `${[...COMPLIANCE_CSV_COLUMNS, ...COMPLIANCE_CSV_OPTIONAL_COLUMNS].join(",")}\n`);
 * ```
 */
export const COMPLIANCE_CSV_OPTIONAL_COLUMNS = [
  "acknowledged_at",
  "target_type",
  "measure",
  "scope",
  "ground",
  "reason_code",
  "until",
  "info_requested_at",
  "info_supplied_at",
  "supersedes",
  "escalated_at",
  "escalation_level",
  "actioned_after_escalation_at",
  "returned_at",
  "tier",
  "campaign",
] as const;

type OptionalColumn = (typeof COMPLIANCE_CSV_OPTIONAL_COLUMNS)[number];

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
  input: string | Readable,
  options: ReadOptions = {},
): ComplianceSource<ComplianceRecord> {
  const state = new SourceState(options.strict ?? false, options.maxSkipped ?? 1000, options.encoding);
  return state.source(() => new CsvRecords(input, state));
}

/**
 * The CSV reader as a hand-written async iterator: rows are pulled from csv-parse synchronously
 * (`parser.read()`) and converted in batches, so the consumer's `for await` is the only promise per record.
 * An async generator over csv-parse's own async iterator would cost two.
 */
class CsvRecords implements AsyncIterator<ComplianceRecord> {
  readonly #input: ComplianceInputSource;
  readonly #state: SourceState;
  #stream: Readable | undefined;
  #parser: Parser | undefined;
  // Converted records waiting for the consumer, with their lines.
  #records: ComplianceRecord[] = [];
  #lines: number[] = [];
  #head = 0;
  #columns: Int32Array | undefined;
  #optional: Map<OptionalColumn, number> | undefined;
  #width = 0;
  #line = 0;
  #ended = false;
  #failure: unknown;
  // Thrown once the records before it have been handed out (strict mode, a bad header).
  #pending: ComplianceInputError | undefined;
  #wake: (() => void) | undefined;

  constructor(input: ComplianceInputSource, state: SourceState) {
    this.#input = input;
    this.#state = state;
  }

  async next(): Promise<IteratorResult<ComplianceRecord>> {
    if (this.#parser === undefined) await this.#open();
    for (;;) {
      if (this.#head < this.#records.length) {
        this.#state.line = this.#lines[this.#head]!;
        const value = this.#records[this.#head++]!;
        if (this.#head === this.#records.length) {
          this.#records.length = 0;
          this.#lines.length = 0;
          this.#head = 0;
        }
        return { value, done: false };
      }
      if (this.#pending) throw this.#close(this.#pending);
      if (this.#failure !== undefined) throw this.#close(malformed(this.#failure));
      this.#drain();
      if (this.#records.length > 0 || this.#pending) continue;
      if (this.#failure !== undefined) continue;
      if (this.#ended) {
        this.#close();
        if (this.#columns === undefined)
          throw new ComplianceInputError({ reason: "the CSV is empty: no header row" });
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<ComplianceRecord>> {
    this.#close();
    return { value: undefined, done: true };
  }

  async #open(): Promise<void> {
    const stream = await this.#state.open(this.#input);
    // No on_record/info options: csv-parse would build an info object per record, the largest cost over
    // a plain parse. Lines are counted here instead (see lineSpan); blank lines arrive as [""].
    // Malformed CSV (a broken quote) is fatal even when not strict: csv-parse cannot find the next row
    // reliably after it and would drop rows without a word, so stopping is the honest answer.
    const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
    const wake = () => {
      const resolve = this.#wake;
      this.#wake = undefined;
      resolve?.();
    };
    parser.on("readable", wake);
    parser.on("end", () => {
      this.#ended = true;
      wake();
    });
    parser.on("error", (error) => {
      this.#failure = error;
      wake();
    });
    stream.on("error", (error) => parser.destroy(error));
    stream.pipe(parser);
    this.#stream = stream;
    this.#parser = parser;
  }

  /** Converts every row csv-parse has ready, stopping at the first fatal problem. */
  #drain(): void {
    const parser = this.#parser!;
    const state = this.#state;
    while (this.#pending === undefined) {
      const row = parser.read() as string[] | null;
      if (row === null) break;
      this.#line += lineSpan(row);
      if (row.length === 1 && row[0] === "") continue;
      if (this.#columns === undefined) {
        const header = headerColumns(row, this.#line);
        if (header instanceof ComplianceInputError) this.#pending = header;
        else {
          this.#columns = header;
          this.#optional = optionalColumns(row);
          this.#width = row.length;
        }
        continue;
      }
      state.rowsRead++;
      let item = toRecord(row, this.#columns, this.#width, this.#line);
      if (this.#optional && !(item instanceof RowProblem))
        item = withFollowUp(item, row, this.#optional, this.#line);
      if (item instanceof RowProblem) {
        try {
          state.skip(item.line, item.reason, item.kind, item.recordId);
        } catch (error) {
          this.#pending = error as ComplianceInputError;
        }
        continue;
      }
      this.#records.push(item);
      this.#lines.push(this.#line);
    }
  }

  #close<E>(error?: E): E | undefined {
    const stream = this.#stream;
    if (stream) {
      if (this.#parser) stream.unpipe(this.#parser);
      if (!stream.destroyed) stream.destroy();
    }
    if (this.#parser && !this.#parser.destroyed) this.#parser.destroy();
    return error;
  }
}

/** A csv-parse error as the reader's error, with its line. */
function malformed(error: unknown): ComplianceInputError {
  if (ComplianceInputError.isInstance(error)) return error;
  const lines = (error as { lines?: number }).lines;
  const message = error instanceof Error ? error.message : String(error);
  return new ComplianceInputError({
    line: lines,
    reason:
      lines === undefined ? message : `malformed CSV, the rows after it cannot be read reliably: ${message}`,
    cause: error,
  });
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

/** The optional columns the header has, by name (undefined when it has none). */
function optionalColumns(header: string[]): Map<OptionalColumn, number> | undefined {
  const names = header.map((name) => name.trim().toLowerCase());
  const found = new Map<OptionalColumn, number>();
  for (const column of COMPLIANCE_CSV_OPTIONAL_COLUMNS) {
    const index = names.indexOf(column);
    if (index >= 0) found.set(column, index);
  }
  return found.size > 0 ? found : undefined;
}

const TIER_CELLS: Readonly<Record<string, ContentTier | null>> = { "": null, 1: 1, 2: 2, 3: 3, 4: 4 };
const measures = new Set<string>(OUTCOME_MEASURES);
const grounds = new Set<string>(ACTION_GROUNDS);
const reasons = new Set<string>(DECLINE_REASONS);
const levels = new Set<string>(ESCALATION_LEVELS);

/** Adds what the optional columns say to a record, or the row's problem (checked like any record). */
function withFollowUp(
  base: ComplianceRecord,
  row: string[],
  columns: Map<OptionalColumn, number>,
  line: number,
): ComplianceRecord | RowProblem {
  const id = base.id;
  const text = (column: OptionalColumn) => {
    const index = columns.get(column);
    return index === undefined ? "" : row[index]!;
  };
  const times = new Map<OptionalColumn, number | undefined>();
  for (const column of [
    "acknowledged_at",
    "until",
    "info_requested_at",
    "info_supplied_at",
    "escalated_at",
    "actioned_after_escalation_at",
    "returned_at",
  ] as const) {
    const value = time(text(column));
    if (Number.isNaN(value)) return badTime(line, column, text(column), id);
    times.set(column, value);
  }
  const record: ComplianceRecord = { ...base };
  const tier = TIER_CELLS[text("tier")];
  if (tier === undefined) {
    return new RowProblem(
      line,
      `tier "${text("tier")}" is not a content tier (1, 2, 3 or 4)`,
      "bad tier",
      id,
    );
  }
  if (tier !== null) record.tier = tier;
  if (text("campaign") !== "") record.campaign = text("campaign");
  const acknowledged = times.get("acknowledged_at");
  if (acknowledged !== undefined) record.acknowledgedAt = acknowledged;
  const asked = times.get("info_requested_at");
  const answered = times.get("info_supplied_at");
  if (answered !== undefined && asked === undefined) {
    return new RowProblem(line, "info_supplied_at without info_requested_at", "answer without question", id);
  }
  if (asked !== undefined) record.agencyWaits = [[asked, answered ?? null]];
  if (text("supersedes") !== "") record.supersedes = text("supersedes");
  const escalated = times.get("escalated_at");
  if (escalated !== undefined) record.escalatedAt = escalated;
  const level = text("escalation_level");
  if (level !== "") {
    if (!levels.has(level)) {
      return new RowProblem(
        line,
        `escalation_level "${level}" is not one of ${ESCALATION_LEVELS.join(", ")}`,
        "bad escalation_level",
        id,
      );
    }
    record.escalationLevel = level as EscalationLevel;
  }
  const afterEscalation = times.get("actioned_after_escalation_at");
  if (afterEscalation !== undefined) record.actionAfterEscalationAt = afterEscalation;
  const measure = text("measure");
  if (measure !== "") {
    const outcome = rowOutcome(base, measure, text, times, line);
    if (outcome instanceof RowProblem) return outcome;
    record.outcomes = [outcome];
  } else {
    for (const column of ["target_type", "scope", "ground", "reason_code", "until", "returned_at"] as const) {
      if (text(column) !== "")
        return new RowProblem(line, `${column} without a measure`, `${column} without a measure`, id);
    }
  }
  const problem = checkComplianceRecord(record);
  if (problem) return new RowProblem(line, problem.reason, problem.reason.replace(/"[^"]*"/g, '"…"'), id);
  return record;
}

/** The row's one decided target. Its time is the outcome's (`outcome_at`). */
function rowOutcome(
  base: ComplianceRecord,
  measure: string,
  text: (column: OptionalColumn) => string,
  times: Map<OptionalColumn, number | undefined>,
  line: number,
): ComplianceOutcome | RowProblem {
  const id = base.id;
  const problem = (reason: string, kind: string) => new RowProblem(line, reason, kind, id);
  if (!measures.has(measure))
    return problem(`measure "${measure}" is not one of ${OUTCOME_MEASURES.join(", ")}`, "bad measure");
  if (base.outcomeAt === null)
    return problem("a measure on a row with no outcome_at (pending)", "measure on a pending row");
  const targetType = text("target_type") || "unspecified";
  if (targetType !== "account" && targetType !== "content" && targetType !== "unspecified") {
    return problem(`target_type "${targetType}" is not account or content`, "bad target_type");
  }
  const scopeText = text("scope");
  let scope: ComplianceOutcome["scope"] = "unspecified";
  if (scopeText === "global") scope = "global";
  else if (scopeText !== "") {
    const codes = scopeText.split(/[;\s]+/).filter(Boolean);
    const wrong = codes.find((code) => !isCountryCode(code));
    if (wrong !== undefined)
      return problem(`scope "${wrong}" is not global or an ISO 3166-1 alpha-2 code`, "bad scope");
    scope = "country";
  }
  const ground = text("ground") || "unspecified";
  if (ground !== "unspecified" && !grounds.has(ground)) {
    return problem(`ground "${ground}" is not terms-of-service or local-law`, "bad ground");
  }
  const reasonCode = text("reason_code");
  if (measure === "no-action") {
    if (!reasons.has(reasonCode))
      return problem(
        `reason_code "${reasonCode}" is not one of ${DECLINE_REASONS.join(", ")}`,
        "bad reason_code",
      );
  } else if (reasonCode !== "") {
    return problem(`reason_code on a ${measure} row (it explains no-action)`, "reason_code on an action");
  }
  const at = base.outcomeAt;
  const until = times.get("until");
  if (until !== undefined && until <= at)
    return problem("until is not after outcome_at", "until before the decision");
  const outcome: ComplianceOutcome = {
    targetType: targetType as ComplianceOutcome["targetType"],
    measure: measure as ComplianceOutcome["measure"],
    scope,
    ground: ground as ComplianceOutcome["ground"],
    temporary: until !== undefined,
    at,
  };
  if (measure === "no-action") outcome.reasonCode = reasonCode as DeclineReason;
  const returned = times.get("returned_at");
  if (returned !== undefined) outcome.returnedAt = returned;
  return outcome;
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
  const fast = utcTime(text);
  if (fast !== undefined) return fast;
  // Date.parse rolls impossible dates over (2025-02-30 becomes March 2); the regex at least insists on a zone.
  return ISO_WITH_ZONE_PATTERN.test(text) ? Date.parse(text) : Number.NaN;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The common shape exports write, `YYYY-MM-DDTHH:MM:SSZ` or with `.sss`, read by hand: three times a row
 * on a million rows, Date.parse was the reader's largest own cost. Returns NaN for an impossible date in
 * that shape, and undefined for any other shape (the general path reads it).
 */
function utcTime(text: string): number | undefined {
  const length = text.length;
  if (length !== 20 && length !== 24) return undefined;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 ||
    (length === 24 && text.charCodeAt(19) !== 46)
  ) {
    return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = length === 24 ? digits(text, 20, 3) : 0;
  // Date.UTC reads years below 100 as 19xx: leave those rare years to Date.parse.
  if (year < 100 || millis < 0) return undefined;
  // The shape is right but the date is not (2025-02-29, 25:00): NaN, where Date.parse would roll it over.
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return Number.NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !leap) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal number in text[start, start + count), or -1 when a character is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
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

import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

/** Internal name of a type the public signatures write out. */
export type StatementProblem = StatementOfReasonsError["problems"][number];

/**
 * A problem a reader found and reported instead of guessing: where (line, column), what kind, and why.
 * Outside strict mode the reader goes on; in strict mode the first one throws {@link PublishedReportError}.
 *
 * @example
 * ```ts
 * for (const issue of source.issues) console.error(`line ${issue.line}: ${issue.message}`);
 * ```
 */
export interface PublishedIssue {
  /** 1-based line where the row starts (the header is line 1); undefined for a problem of the whole file. */
  line: number | undefined;
  /** The column concerned, by its header name, when there is one. */
  column?: string;
  /**
   * What kind of problem a reader found in a published file. Stable: scripts may switch on it.
   *
   * - `unknown-column`: a header column the reader does not know (its values are not read);
   * - `unknown-metric`: a metric name (TikTok's `metric_name`) the reader does not know (row not read);
   * - `unknown-value`: a value outside the source's documented enumeration (a country name, requester,
   *   category, scope...); whether the row is still read is said in the message;
   * - `unreadable-number`: a cell that should hold a number and holds something else (`n/a`, `5,5`, `-3`);
   * - `missing-value`: an empty cell where the source always writes one;
   * - `wrong-column-count`: a row with more or fewer cells than the header (row not read);
   * - `inconsistent-row`: the row's own figures disagree (Google's outcome columns not adding up to the
   *   items named), or the same figure appears twice;
   * - `incomplete`: a country and period without every metric the source publishes for it (a truncated file);
   * - `invalid-statement`: a statement of reasons that does not pass the database's documented rules.
   */
  code:
    | "unknown-column"
    | "unknown-metric"
    | "unknown-value"
    | "unreadable-number"
    | "missing-value"
    | "wrong-column-count"
    | "inconsistent-row"
    | "incomplete"
    | "invalid-statement";
  /** What is wrong, in plain words, with the value concerned. */
  message: string;
}

const reportMarker = Symbol.for("referral-kit.error.invalid_published_report");

/**
 * A published file that cannot be read: not a format the readers know (another file, a renamed or missing
 * column), malformed or truncated CSV or JSON, a file that cannot be opened; or, in strict mode, the first
 * {@link PublishedIssue}.
 *
 * @example
 * ```ts
 * import { PublishedReportError, readPublishedFigures } from "referral-kit/reconcile";
 *
 * try {
 *   for await (const figure of readPublishedFigures("report.csv", { strict: true })) console.log(figure.metric);
 * } catch (error) {
 *   if (PublishedReportError.isInstance(error)) console.error(error.file, error.line, error.reason);
 * }
 * ```
 */
export class PublishedReportError extends ReferralKitError {
  declare readonly code: "invalid_published_report";
  /** The file (or the label given for a stream). */
  readonly file: string;
  /** The line of the problem, when it is one line's problem. */
  readonly line: number | undefined;
  /** The column of the problem, when known. */
  readonly column: string | undefined;
  /** The issue's code in strict mode; undefined for a file that cannot be read at all. */
  readonly issue: PublishedIssue["code"] | undefined;
  /** What is wrong, in plain words. */
  readonly reason: string;

  constructor(args: {
    file: string;
    line?: number | undefined;
    column?: string | undefined;
    issue?: PublishedIssue["code"] | undefined;
    reason: string;
    cause?: unknown;
  }) {
    const where = [args.file, args.line === undefined ? undefined : `line ${args.line}`]
      .filter(Boolean)
      .join(", ");
    super("invalid_published_report", `${where}: ${args.reason}`, { cause: args.cause });
    this.name = "PublishedReportError";
    markError(this, reportMarker);
    this.file = args.file;
    this.line = args.line;
    this.column = args.column;
    this.issue = args.issue;
    this.reason = args.reason;
  }

  static override isInstance(value: unknown): value is PublishedReportError {
    return hasMarker(value, reportMarker);
  }
}

const statementMarker = Symbol.for("referral-kit.error.invalid_statement_of_reasons");

/**
 * A statement of reasons (or a batch of them) that does not pass the DSA Transparency Database's documented
 * rules: a missing required field, a value outside an enumeration, a text over its limit, a batch of more
 * than 100. Nothing is written or sent when this is thrown.
 *
 * @example
 * ```ts
 * import { StatementOfReasonsError, validateStatementOfReasons } from "referral-kit/reconcile";
 *
 * try {
 *   validateStatementOfReasons(statement);
 * } catch (error) {
 *   if (StatementOfReasonsError.isInstance(error)) console.error(error.problems);
 * }
 * ```
 */
export class StatementOfReasonsError extends ReferralKitError {
  declare readonly code: "invalid_statement_of_reasons";
  /** Position of the statement in its batch, when it is one statement of a batch. */
  readonly index: number | undefined;
  /** Every problem found, field by field. */
  readonly problems: readonly {
    /** The field, dotted for nested ones (`content_id.EAN-13`); empty for the statement as a whole. */
    field: string;
    message: string;
  }[];

  constructor(args: { index?: number | undefined; problems: StatementOfReasonsError["problems"] }) {
    const first = args.problems[0];
    const where = args.index === undefined ? "" : `statement ${args.index}: `;
    const more = args.problems.length > 1 ? ` (and ${args.problems.length - 1} more)` : "";
    super(
      "invalid_statement_of_reasons",
      `${where}${first ? `${first.field ? `${first.field}: ` : ""}${first.message}` : "invalid"}${more}`,
    );
    this.name = "StatementOfReasonsError";
    markError(this, statementMarker);
    this.index = args.index;
    this.problems = args.problems;
  }

  static override isInstance(value: unknown): value is StatementOfReasonsError {
    return hasMarker(value, statementMarker);
  }
}

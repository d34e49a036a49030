import { hasMarker, markError } from "../../domain/error-marker.js";
import { ReferralKitError } from "../../domain/errors.js";

const listFormatMarker = Symbol.for("referral-kit.error.list_format_error");

/**
 * The list formats referral-kit imports, as `referral-kit import` names them.
 *
 * @example
 * ```ts
 * import type { ListFormat } from "referral-kit/registry";
 *
 * const format: ListFormat = "ofac-csv";
 * ```
 */
export type ListFormat = "un" | "ofac-xml" | "ofac-csv" | "uk" | "csv";

/**
 * A human name for each list format, used in messages.
 *
 * @example
 * ```ts
 * LIST_FORMAT_NAMES.un; // "UN Security Council Consolidated List (XML)"
 * ```
 */
export const LIST_FORMAT_NAMES: Readonly<Record<ListFormat, string>> = {
  un: "UN Security Council Consolidated List (XML)",
  "ofac-xml": "OFAC SDN list (XML)",
  "ofac-csv": "OFAC SDN list (CSV)",
  uk: "UK sanctions list (CSV)",
  csv: "national list (CSV)",
};

/**
 * Thrown when an official list cannot be read: it is not the format it claims to be, it is cut short, or a
 * record is malformed. `line` and `column` (1-based) point at the problem so a person can open the file
 * there; `column` is `null` when only the line is known.
 *
 * @example
 * ```ts
 * import { ListFormatError, collectImport, importUnList } from "referral-kit/registry";
 *
 * try {
 *   await collectImport(importUnList(createReadStream("consolidated.xml")));
 * } catch (error) {
 *   if (ListFormatError.isInstance(error)) console.error(`consolidated.xml:${error.line}: ${error.reason}`);
 * }
 * ```
 */
export class ListFormatError extends ReferralKitError {
  declare readonly code: "list_format_error";
  /** Which list format was being read. */
  readonly format: ListFormat;
  /** 1-based line of the problem. */
  readonly line: number;
  /** 1-based column of the problem, `null` when unknown. */
  readonly column: number | null;
  /** What is wrong, without the position. */
  readonly reason: string;
  /** The file (`sdn.csv`, `alt.csv`...) when a format reads several. */
  readonly file: string | undefined;

  constructor(args: {
    format: ListFormat;
    line: number;
    column?: number | null;
    reason: string;
    file?: string;
    cause?: unknown;
  }) {
    const column = args.column ?? null;
    const where = `${args.file ? `${args.file} ` : ""}line ${args.line}${column === null ? "" : `, column ${column}`}`;
    super("list_format_error", `${LIST_FORMAT_NAMES[args.format]}: ${where}: ${args.reason}`, {
      cause: args.cause,
    });
    this.name = "ListFormatError";
    markError(this, listFormatMarker);
    this.format = args.format;
    this.line = args.line;
    this.column = column;
    this.reason = args.reason;
    this.file = args.file;
  }

  static override isInstance(value: unknown): value is ListFormatError {
    return hasMarker(value, listFormatMarker);
  }
}

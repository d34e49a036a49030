import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

const recordMarker = Symbol.for("referral-kit.error.invalid_compliance_record");

/**
 * A record that compliance cannot count: an invalid field, or an inconsistent history (actioned before
 * submitted, two outcomes). Thrown in strict mode; otherwise the same facts are listed in the result's
 * `issues`, never silently fixed.
 *
 * @example
 * ```ts
 * import { ComplianceRecordError, computeCompliance } from "referral-kit/compliance";
 *
 * try {
 *   computeCompliance(records, { asOf: "2026-01-01T00:00:00Z", strict: true });
 * } catch (error) {
 *   if (ComplianceRecordError.isInstance(error)) console.error(error.recordId, error.reason);
 * }
 * ```
 */
export class ComplianceRecordError extends ReferralKitError {
  declare readonly code: "invalid_compliance_record";
  /** The record's id, when it has one. */
  readonly recordId: string | undefined;
  /** Line in the input file, when read from one. */
  readonly line: number | undefined;
  /** What is wrong, in plain words. */
  readonly reason: string;

  constructor(args: {
    recordId: string | undefined;
    line?: number | undefined;
    reason: string;
    cause?: unknown;
  }) {
    const where = [
      args.line === undefined ? undefined : `line ${args.line}`,
      args.recordId === undefined ? undefined : `record ${args.recordId}`,
    ]
      .filter(Boolean)
      .join(", ");
    super("invalid_compliance_record", `${where ? `${where}: ` : ""}${args.reason}`, { cause: args.cause });
    this.name = "ComplianceRecordError";
    markError(this, recordMarker);
    this.recordId = args.recordId;
    this.line = args.line;
    this.reason = args.reason;
  }

  static override isInstance(value: unknown): value is ComplianceRecordError {
    return hasMarker(value, recordMarker);
  }
}

const inputMarker = Symbol.for("referral-kit.error.invalid_compliance_input");

/**
 * A compliance input file that cannot be read as a whole (missing CSV columns, unreadable file), or, in
 * strict mode, its first bad row.
 *
 * @example
 * ```ts
 * import { ComplianceInputError, readComplianceCsv } from "referral-kit/compliance";
 *
 * try {
 *   for await (const record of readComplianceCsv("requests.csv", { strict: true })) use(record);
 * } catch (error) {
 *   if (ComplianceInputError.isInstance(error)) console.error(error.line, error.reason);
 * }
 * ```
 */
export class ComplianceInputError extends ReferralKitError {
  declare readonly code: "invalid_compliance_input";
  /** The line the problem is on, when it is one line's problem. */
  readonly line: number | undefined;
  readonly reason: string;

  constructor(args: { line?: number | undefined; reason: string; cause?: unknown }) {
    super(
      "invalid_compliance_input",
      `${args.line === undefined ? "" : `line ${args.line}: `}${args.reason}`,
      {
        cause: args.cause,
      },
    );
    this.name = "ComplianceInputError";
    markError(this, inputMarker);
    this.line = args.line;
    this.reason = args.reason;
  }

  static override isInstance(value: unknown): value is ComplianceInputError {
    return hasMarker(value, inputMarker);
  }
}

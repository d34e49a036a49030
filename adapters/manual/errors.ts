import { ReferralKitError } from "referral-kit";

/**
 * A portal confirmation number could not be recorded. `reason` says which rule refused it.
 *
 * @example
 * ```ts
 * import { ManualConfirmationError } from "referral-kit/adapters/manual";
 *
 * if (ManualConfirmationError.isInstance(error) && error.reason === "not_prepared") console.error("prepare the packet first");
 * ```
 */
export class ManualConfirmationError extends ReferralKitError {
  declare readonly code: "manual_confirmation_refused";
  /**
   * Why it was refused: no packet was prepared for the request (`not_prepared`), the request was already
   * confirmed with another number (`already_confirmed`), or the number is not one line of printable text
   * (`invalid_confirmation_number`).
   */
  readonly reason: "not_prepared" | "already_confirmed" | "invalid_confirmation_number";
  readonly requestId: string;

  constructor(requestId: string, reason: ManualConfirmationError["reason"], message: string) {
    super("manual_confirmation_refused", `request ${requestId}: ${message}`);
    this.name = "ManualConfirmationError";
    this.reason = reason;
    this.requestId = requestId;
  }

  static override isInstance(value: unknown): value is ManualConfirmationError {
    return ReferralKitError.isInstance(value) && value.code === "manual_confirmation_refused";
  }
}

/**
 * The file of prepared packets cannot be read: a line is not JSON or not a record the channel wrote, or
 * its bytes are not UTF-8. The file is an audit record: it is reported, never repaired or skipped.
 * `line` is 1-based (0 when the problem is not on one line).
 *
 * @example
 * ```ts
 * import { PreparedFileError } from "referral-kit/adapters/manual";
 *
 * if (PreparedFileError.isInstance(error)) console.error(`${error.path}:${error.line}: ${error.reason}`);
 * ```
 */
export class PreparedFileError extends ReferralKitError {
  declare readonly code: "prepared_file_damaged";
  readonly path: string;
  readonly line: number;
  readonly reason: string;

  constructor(path: string, line: number, reason: string, options: { cause?: unknown } = {}) {
    super("prepared_file_damaged", `${path}${line > 0 ? `:${line}` : ""}: ${reason}`, options);
    this.name = "PreparedFileError";
    this.path = path;
    this.line = line;
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is PreparedFileError {
    return ReferralKitError.isInstance(value) && value.code === "prepared_file_damaged";
  }
}

import { ReferralKitError } from "referral-kit";

/**
 * Why a confirmation was refused: no packet was prepared for the request, the request was already
 * confirmed with another number, or the number is not one line of printable text.
 *
 * @example
 * ```ts
 * const reason: ConfirmationRefusal = "already_confirmed";
 * ```
 */
export type ConfirmationRefusal = "not_prepared" | "already_confirmed" | "invalid_confirmation_number";

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
  readonly reason: ConfirmationRefusal;
  readonly requestId: string;

  constructor(requestId: string, reason: ConfirmationRefusal, message: string) {
    super("manual_confirmation_refused", `request ${requestId}: ${message}`);
    this.name = "ManualConfirmationError";
    this.reason = reason;
    this.requestId = requestId;
  }

  static override isInstance(value: unknown): value is ManualConfirmationError {
    return ReferralKitError.isInstance(value) && value.code === "manual_confirmation_refused";
  }
}

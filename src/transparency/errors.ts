import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

const periodMarker = Symbol.for("referral-kit.error.invalid_period");

/**
 * A reporting period that cannot be used: a bound that is not an ISO 8601 time with a zone, or `from` not
 * before `to`.
 *
 * @example
 * ```ts
 * import { InvalidPeriodError, computeTransparencyReport } from "referral-kit/transparency";
 *
 * try {
 *   computeTransparencyReport(requests, { period: { from: "2025-07-01T00:00:00Z", to: "2025-01-01T00:00:00Z" } });
 * } catch (error) {
 *   if (InvalidPeriodError.isInstance(error)) console.error(error.reason);
 * }
 * ```
 */
export class InvalidPeriodError extends ReferralKitError {
  declare readonly code: "invalid_period";
  /** What is wrong with the period, in plain words. */
  readonly reason: string;

  constructor(reason: string) {
    super("invalid_period", `Invalid reporting period: ${reason}`);
    this.name = "InvalidPeriodError";
    markError(this, periodMarker);
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is InvalidPeriodError {
    return hasMarker(value, periodMarker);
  }
}

const redressMarker = Symbol.for("referral-kit.error.redress_not_allowed");

/**
 * A challenge or challenge outcome that the request's lifecycle does not allow: a challenge before any
 * action, an outcome with no open challenge, or a time earlier than the last event.
 *
 * @example
 * ```ts
 * import { RedressError, recordChallenge } from "referral-kit/transparency";
 *
 * try {
 *   recordChallenge(request, { appellant: "account-holder", at: "2025-03-05T10:00:00Z" });
 * } catch (error) {
 *   if (RedressError.isInstance(error)) console.error(error.requestId, error.reason);
 * }
 * ```
 */
export class RedressError extends ReferralKitError {
  declare readonly code: "redress_not_allowed";
  /** The request's id. */
  readonly requestId: string;
  /** Why the step is not allowed, in plain words. */
  readonly reason: string;

  constructor(requestId: string, reason: string) {
    super("redress_not_allowed", `request ${requestId}: ${reason}`);
    this.name = "RedressError";
    markError(this, redressMarker);
    this.requestId = requestId;
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is RedressError {
    return hasMarker(value, redressMarker);
  }
}

const removalOrderMarker = Symbol.for("referral-kit.error.invalid_removal_order");

/**
 * A request that cannot become an EU TCO removal order: not a `remove-content` request, a target with no
 * exact URL, a private phone-number account, or a missing required section (reasons, redress, issue time).
 * Every problem is listed at once.
 *
 * @example
 * ```ts
 * import { RemovalOrderError, buildRemovalOrder } from "referral-kit/transparency";
 *
 * try {
 *   buildRemovalOrder(request, options);
 * } catch (error) {
 *   if (RemovalOrderError.isInstance(error)) for (const problem of error.problems) console.error(problem);
 * }
 * ```
 */
export class RemovalOrderError extends ReferralKitError {
  declare readonly code: "invalid_removal_order";
  /** The request's id. */
  readonly requestId: string;
  /** Every problem found. */
  readonly problems: string[];

  constructor(requestId: string, problems: string[]) {
    super("invalid_removal_order", `request ${requestId} cannot be a removal order: ${problems.join("; ")}`);
    this.name = "RemovalOrderError";
    markError(this, removalOrderMarker);
    this.requestId = requestId;
    this.problems = problems;
  }

  static override isInstance(value: unknown): value is RemovalOrderError {
    return hasMarker(value, removalOrderMarker);
  }
}

const notPublishableMarker = Symbol.for("referral-kit.error.not_publishable");

/**
 * Thrown by `toLumenNotice` when a request cannot become a public notice now. `reason` says why:
 * - `not_submitted` (code `not_submitted`): the request was not submitted (by the time considered); a
 *   notice records a request that was sent;
 * - `confidential` (code `confidential_request`): a disclosure the platform was asked to keep from the
 *   account holder (`disclosure.confidentiality.doNotNotify`), while that confidentiality lasts (`until`):
 *   publishing it would tell the person. The request still counts in the aggregate report, which names
 *   no account.
 *
 * @example
 * ```ts
 * import { NotPublishableError, toLumenNotice } from "referral-kit/transparency";
 *
 * try {
 *   toLumenNotice(request);
 * } catch (error) {
 *   if (NotPublishableError.isInstance(error)) console.log(error.requestId, error.reason, error.until ?? "");
 * }
 * ```
 */
export class NotPublishableError extends ReferralKitError {
  declare readonly code: "not_submitted" | "confidential_request";
  /** The request's id. */
  readonly requestId: string;
  /** `not_submitted`: nothing was sent to publish; `confidential`: the account holder must not be told yet. */
  readonly reason: "not_submitted" | "confidential";
  /**
   * When the confidentiality ends (`confidential` only); undefined when it lasts until the agency lifts it,
   * and for `not_submitted`.
   */
  readonly until: string | undefined;

  constructor(args: {
    requestId: string;
    reason: NotPublishableError["reason"];
    until?: string | undefined;
  }) {
    super(
      args.reason === "not_submitted" ? "not_submitted" : "confidential_request",
      args.reason === "not_submitted"
        ? `request ${args.requestId} has not been submitted, so there is nothing to publish`
        : `request ${args.requestId} is confidential${args.until ? ` until ${args.until}` : ""}: no public notice names it while the account holder must not be told`,
    );
    this.name = "NotPublishableError";
    markError(this, notPublishableMarker);
    this.requestId = args.requestId;
    this.reason = args.reason;
    this.until = args.until;
  }

  static override isInstance(value: unknown): value is NotPublishableError {
    return hasMarker(value, notPublishableMarker);
  }
}

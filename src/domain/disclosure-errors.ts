import { hasMarker, markError } from "./error-marker.js";
import { ReferralKitError } from "./errors.js";

const preservationLimitMarker = Symbol.for("referral-kit.error.preservation_limit_exceeded");

/**
 * Thrown when a preservation would last past the longest its rule allows (for example beyond the 90 days
 * of a European Preservation Order before a production request is confirmed). Carries the request, the
 * position of the event in the history, the field and the limit.
 *
 * @example
 * ```ts
 * import { PreservationLimitError, extendPreservation } from "referral-kit";
 *
 * try {
 *   extendPreservation(request, { at, by, preservedUntil: "2026-01-01T00:00:00Z", reason: "MLA request pending" });
 * } catch (error) {
 *   if (PreservationLimitError.isInstance(error)) console.log(error.field, "may not pass", error.maximum);
 * }
 * ```
 */
export class PreservationLimitError extends ReferralKitError {
  declare readonly code: "preservation_limit_exceeded";
  readonly requestId: string;
  /** Position of the offending event in the history (the length of the history for a new event). */
  readonly index: number;
  /** The offending field, `preservedUntil`. */
  readonly field: "preservedUntil";
  /** The value asked for. */
  readonly requested: string;
  /** The latest time the rule allows. */
  readonly maximum: string;
  /** The preservation rule's id. */
  readonly rule: string;

  constructor(args: { requestId: string; index: number; requested: string; maximum: string; rule: string }) {
    super(
      "preservation_limit_exceeded",
      `request ${args.requestId}: event ${args.index}: preservedUntil ${args.requested} is past ${args.maximum}, ` +
        `the longest preservation rule "${args.rule}" allows`,
    );
    this.name = "PreservationLimitError";
    markError(this, preservationLimitMarker);
    this.requestId = args.requestId;
    this.index = args.index;
    this.field = "preservedUntil";
    this.requested = args.requested;
    this.maximum = args.maximum;
    this.rule = args.rule;
  }

  static override isInstance(value: unknown): value is PreservationLimitError {
    return hasMarker(value, preservationLimitMarker);
  }
}

const productionMismatchMarker = Symbol.for("referral-kit.error.production_mismatch");

/**
 * Thrown when the files of a production do not match its receipt: a SHA-256 or size that differs, or a
 * listed file that is missing. Nothing is recorded when this is thrown.
 *
 * @example
 * ```ts
 * import { ProductionMismatchError } from "referral-kit";
 *
 * try {
 *   await receiveProduction(request, { receipt, directory });
 * } catch (error) {
 *   if (ProductionMismatchError.isInstance(error)) for (const m of error.mismatches) console.log(m.field, m.expected, m.actual);
 * }
 * ```
 */
export class ProductionMismatchError extends ReferralKitError {
  declare readonly code: "production_mismatch";
  readonly requestId: string;
  /**
   * Each file whose bytes do not match the receipt: its `name` as the receipt gives it, the receipt
   * `field` that disagrees (e.g. `files[2].sha256`), the `expected` and the `actual` value.
   */
  readonly mismatches: { name: string; field: string; expected: string; actual: string }[];

  constructor(requestId: string, mismatches: ProductionMismatchError["mismatches"]) {
    const first = mismatches[0];
    const more = mismatches.length > 1 ? ` (and ${mismatches.length - 1} more)` : "";
    super(
      "production_mismatch",
      `request ${requestId}: the production does not match its receipt: ${first ? `${first.field} of ${first.name} is ${first.actual}, the receipt says ${first.expected}` : "no file"}${more}`,
    );
    this.name = "ProductionMismatchError";
    markError(this, productionMismatchMarker);
    this.requestId = requestId;
    this.mismatches = mismatches;
  }

  static override isInstance(value: unknown): value is ProductionMismatchError {
    return hasMarker(value, productionMismatchMarker);
  }
}

const custodyMarker = Symbol.for("referral-kit.error.custody_violation");

/**
 * Thrown when a custody log would be rewritten rather than appended to: an entry changed or removed, or a
 * new entry dated before the last one. `index` is the first entry that breaks the log.
 *
 * @example
 * ```ts
 * import { CustodyError } from "referral-kit";
 *
 * try {
 *   checkCustodyAppend(stored, incoming);
 * } catch (error) {
 *   if (CustodyError.isInstance(error)) console.log("custody entry", error.index, error.message);
 * }
 * ```
 */
export class CustodyError extends ReferralKitError {
  declare readonly code: "custody_violation";
  /** The first custody entry that breaks the append-only rule. */
  readonly index: number;

  constructor(index: number, reason: string) {
    super("custody_violation", `custody entry ${index}: ${reason}`);
    this.name = "CustodyError";
    markError(this, custodyMarker);
    this.index = index;
  }

  static override isInstance(value: unknown): value is CustodyError {
    return hasMarker(value, custodyMarker);
  }
}

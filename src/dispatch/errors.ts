import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError, type SafeguardViolation } from "../domain/errors.js";

/** Every stable code a `StoreError` carries (internal name for `StoreError["code"]`). */
export type StoreErrorCode = StoreError["code"];

const storeMarker = Symbol.for("referral-kit.error.dispatch.store");

/**
 * Any failure of a {@link RequestStore}, with a stable `code`. A store never resets itself to get past an
 * error: a damaged or read-only store file is reported as such and left as it is.
 *
 * @example
 * ```ts
 * import { StoreError, openStore } from "referral-kit/dispatch";
 *
 * try {
 *   await openStore("./referrals.store");
 * } catch (error) {
 *   if (StoreError.isInstance(error) && error.code === "store_corrupted") console.error(error.message);
 * }
 * ```
 */
export class StoreError extends ReferralKitError {
  /** The stable code scripts switch on (messages may change). */
  declare readonly code: /** The store's files are damaged or are not a referral-kit store: nothing was changed or reset. */
    | "store_corrupted"
    /** The store cannot be written (read-only file system, or a directory without write permission). */
    | "store_read_only"
    /** The store was written by a newer referral-kit (a migration this version does not know). */
    | "store_too_new"
    /** The database server could not be reached or refused the connection. */
    | "store_unavailable"
    /** Another live process has the embedded store open (PGlite is single-process; use PostgreSQL to share). */
    | "store_locked"
    /** The store was used after `close()`. */
    | "store_closed"
    /** The history changed under us (another worker appended first): read again and retry. */
    | "store_conflict"
    /** A request with this id is already stored with different content. */
    | "request_conflict"
    /** No request with this id is stored. */
    | "request_not_found"
    /** The database refused a statement for another reason; `driverCode` keeps the driver's own code. */
    | "store_driver_error";
  /** Where the store lives (path or redacted URL), when known. */
  readonly location: string | undefined;
  /** The request concerned, when there is one. */
  readonly requestId: string | undefined;
  /** The database driver's own error code (PostgreSQL's SQLSTATE), when a driver error caused this. */
  readonly driverCode: string | undefined;

  constructor(
    code: StoreError["code"],
    message: string,
    options: {
      /** The underlying error (a driver error); never carries credentials: URLs are redacted first. */
      cause?: unknown;
      /** Where the store lives (a path, or a redacted URL). */
      location?: string;
      /** The request concerned, where there is one. */
      requestId?: string;
      /** The database driver's own error code (PostgreSQL's SQLSTATE, e.g. `40P01`), when a driver error caused this. */
      driverCode?: string;
    } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = "StoreError";
    markError(this, storeMarker);
    this.location = options.location;
    this.requestId = options.requestId;
    this.driverCode = options.driverCode;
  }

  static override isInstance(value: unknown): value is StoreError {
    return hasMarker(value, storeMarker);
  }
}

/**
 * Why one request was refused by `enqueue`.
 *
 * @example
 * ```ts
 * const refused: RefusedRequest = { requestId: "req-9", index: 8, reasons: ["it is \"drafted\", not \"approved\""], violations: [], errors: [] };
 * ```
 */
export interface RefusedRequest {
  /** The request's id (or `"(unknown)"` when the input had none). */
  requestId: string;
  /** Position in the input. */
  index: number;
  /** Every reason, in words a person can act on. */
  reasons: string[];
  /** The safeguard rules it fails, when that is the reason. */
  violations: SafeguardViolation[];
  /** The typed errors behind some reasons (a registry missing a list, a role that may not act...). */
  errors: ReferralKitError[];
}

const refusedMarker = Symbol.for("referral-kit.error.dispatch.enqueue_refused");

/**
 * Thrown by `enqueue` when any request may not be sent: not approved, failing the submission safeguards,
 * for a platform without an adapter, or of a kind or target type the adapter does not take. Lists every
 * refused request with every reason; nothing was enqueued (pass `{ partial: true }` to enqueue the rest).
 *
 * @example
 * ```ts
 * import { EnqueueRefusedError } from "referral-kit/dispatch";
 *
 * try {
 *   await dispatcher.enqueue(requests);
 * } catch (error) {
 *   if (EnqueueRefusedError.isInstance(error)) for (const r of error.refused) console.log(r.requestId, r.reasons);
 * }
 * ```
 */
export class EnqueueRefusedError extends ReferralKitError {
  declare readonly code: "enqueue_refused";
  /** Every refused request, with its reasons. */
  readonly refused: RefusedRequest[];

  constructor(refused: RefusedRequest[]) {
    const first = refused[0];
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : "";
    super(
      "enqueue_refused",
      `${refused.length} request${refused.length === 1 ? "" : "s"} cannot be sent; nothing was enqueued. ` +
        `${first ? `${first.requestId}: ${first.reasons.join("; ")}` : ""}${more}`,
    );
    this.name = "EnqueueRefusedError";
    markError(this, refusedMarker);
    this.refused = refused;
  }

  static override isInstance(value: unknown): value is EnqueueRefusedError {
    return hasMarker(value, refusedMarker);
  }
}

const configMarker = Symbol.for("referral-kit.error.dispatch.config");

/**
 * The dispatcher was set up wrongly (no adapter for a platform it is asked to send to, a limit that is not
 * a positive number). Raised before anything is sent.
 *
 * @example
 * ```ts
 * import { DispatchConfigError } from "referral-kit/dispatch";
 *
 * if (DispatchConfigError.isInstance(error)) console.error(error.message);
 * ```
 */
export class DispatchConfigError extends ReferralKitError {
  declare readonly code: "dispatch_config";

  constructor(message: string) {
    super("dispatch_config", message);
    this.name = "DispatchConfigError";
    markError(this, configMarker);
  }

  static override isInstance(value: unknown): value is DispatchConfigError {
    return hasMarker(value, configMarker);
  }
}

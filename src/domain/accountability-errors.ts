import { hasMarker, markError } from "./error-marker.js";
import { ReferralKitError } from "./errors.js";

const listMissingMarker = Symbol.for("referral-kit.error.designation_list_missing");

/**
 * Thrown when a request relies on a designation by an authority whose list the registry does not hold at
 * all: whether the reference is valid cannot be known, so nothing is approved or sent. Load that
 * authority's list (an importer, or your own data) into the registry you pass.
 *
 * @example
 * ```ts
 * import { DesignationListMissingError, approveRequest } from "referral-kit";
 *
 * try {
 *   approveRequest(request, { by, at, registry });
 * } catch (error) {
 *   if (DesignationListMissingError.isInstance(error)) console.error(error.requestId, error.field, error.authority);
 * }
 * ```
 */
export class DesignationListMissingError extends ReferralKitError {
  declare readonly code: "designation_list_missing";
  readonly requestId: string;
  /** The offending field, e.g. `designations[1].authority`. */
  readonly field: string;
  /** The authority whose list is missing. */
  readonly authority: string;
  /** The version of the registry that was asked. */
  readonly registryVersion: string;

  constructor(args: { requestId: string; field: string; authority: string; registryVersion: string }) {
    super(
      "designation_list_missing",
      `request ${args.requestId}: ${args.field} is "${args.authority}", and the registry (${args.registryVersion}) ` +
        "holds no designation by that authority: load its list before approving or sending",
    );
    this.name = "DesignationListMissingError";
    markError(this, listMissingMarker);
    this.requestId = args.requestId;
    this.field = args.field;
    this.authority = args.authority;
    this.registryVersion = args.registryVersion;
  }

  static override isInstance(value: unknown): value is DesignationListMissingError {
    return hasMarker(value, listMissingMarker);
  }
}

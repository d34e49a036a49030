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

const roleRefusedMarker = Symbol.for("referral-kit.error.role_refused");

/**
 * Thrown when a role policy refuses an event: its actor has no role in the policy (or the event names no
 * actor at all), the actor's role may not append that event type (an analyst approving, an auditor
 * changing anything), or someone would approve their own draft. Nothing is appended. `reason` says which;
 * `code` is `actor_without_role` for the first and `role_refused` for the other two (not the adapter
 * error's `permission_denied`, so a check by code alone tells the two apart).
 *
 * (A platform refusing a call with HTTP 403 is another error: `PermissionDeniedError` in
 * `referral-kit/adapter`.)
 *
 * @example
 * ```ts
 * import { RoleRefusedError } from "referral-kit";
 *
 * if (RoleRefusedError.isInstance(error)) console.error(error.reason, error.actorId, error.role, error.event);
 * ```
 */
export class RoleRefusedError extends ReferralKitError {
  declare readonly code: "actor_without_role" | "role_refused";
  readonly requestId: string;
  /** The event's actor field, e.g. `events[1].by`. */
  readonly field: string;
  /** The actor's id; `undefined` when the event names no actor. */
  readonly actorId: string | undefined;
  /** The actor's role in the policy; `undefined` when the actor has none (`reason` `no_role`). */
  readonly role: string | undefined;
  /** The event's type. */
  readonly event: string;
  /**
   * `no_role`: the event names no actor, or one the policy does not name (code `actor_without_role`);
   * `role_not_permitted`: the actor's role may not append that event type; `own_draft`: the actor would
   * approve a request they drafted (both code `role_refused`).
   */
  readonly reason: "no_role" | "role_not_permitted" | "own_draft";

  constructor(args: {
    requestId: string;
    field: string;
    actorId: string | undefined;
    role: string | undefined;
    event: string;
    reason: RoleRefusedError["reason"];
    allowed?: readonly string[];
  }) {
    const why =
      args.reason === "no_role"
        ? `${args.actorId === undefined ? "names no actor" : `is "${args.actorId}", who has no role in the policy`}, so the "${args.event}" event cannot be appended`
        : args.reason === "own_draft"
          ? `"${args.actorId}" drafted this request and may not approve it`
          : `"${args.actorId}" is ${args.role === "auditor" || args.role === "analyst" ? "an" : "a"} ${args.role}, and a "${args.event}" event is for ${
              args.allowed && args.allowed.length > 0 ? args.allowed.join(" or ") : "nobody"
            }`;
    super(
      args.reason === "no_role" ? "actor_without_role" : "role_refused",
      `request ${args.requestId}: ${args.field}${args.reason === "no_role" ? " " : ": "}${why}`,
    );
    this.name = "RoleRefusedError";
    markError(this, roleRefusedMarker);
    this.requestId = args.requestId;
    this.field = args.field;
    this.actorId = args.actorId;
    this.role = args.role;
    this.event = args.event;
    this.reason = args.reason;
  }

  static override isInstance(value: unknown): value is RoleRefusedError {
    return hasMarker(value, roleRefusedMarker);
  }
}

const campaignMarker = Symbol.for("referral-kit.error.campaign_join_refused");

/**
 * Thrown by `joinCampaign` when a request cannot join a campaign: it is no longer a draft, it is for
 * another platform, it relies on none of the campaign's groups, or it is in another campaign already.
 *
 * @example
 * ```ts
 * import { CampaignJoinError } from "referral-kit";
 *
 * if (CampaignJoinError.isInstance(error)) console.error(error.requestId, error.campaignId, error.field);
 * ```
 */
export class CampaignJoinError extends ReferralKitError {
  declare readonly code: "campaign_join_refused";
  readonly requestId: string;
  readonly campaignId: string;
  /** The request's field that does not fit (`platform`, `designations`, `events`, `campaign`). */
  readonly field: string;
  readonly reason: string;

  constructor(args: { requestId: string; campaignId: string; field: string; reason: string }) {
    super(
      "campaign_join_refused",
      `request ${args.requestId} cannot join campaign ${args.campaignId}: ${args.field}: ${args.reason}`,
    );
    this.name = "CampaignJoinError";
    markError(this, campaignMarker);
    this.requestId = args.requestId;
    this.campaignId = args.campaignId;
    this.field = args.field;
    this.reason = args.reason;
  }

  static override isInstance(value: unknown): value is CampaignJoinError {
    return hasMarker(value, campaignMarker);
  }
}

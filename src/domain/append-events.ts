import type { z } from "zod";
import type { DesignationSource } from "./designation-check.js";
import { SafeguardError, ValidationError } from "./errors.js";
import { requestState } from "./lifecycle.js";
import { checkPermissions, type RolePolicy } from "./roles.js";
import { checkSafeguards } from "./safeguards.js";
import type { Actor } from "./schemas/common.js";
import { type ReferralRequest, RequestEvent, type RequestEventOf } from "./schemas/request.js";

/** A request event as written by hand (optional fields may be left out). */
export type RequestEventInput = z.input<typeof RequestEvent>;

/** What `appendEvents` checks new events against, besides the lifecycle. @internal */
export interface AppendRules {
  /**
   * The registry every new `approved` event's designations are resolved against, on the event's date
   * (see `checkDesignations`). The event records its `version` as `registryVersion`.
   */
  registry?: DesignationSource;
  /**
   * Who may append what: every new event's actor needs a role that may append its type, and nobody
   * approves their own draft (see `checkPermissions`).
   */
  roles?: RolePolicy;
}

/**
 * Appends new events to a request's history: the one gate for changing a history. It validates each
 * event, checks each actor's role against `rules.roles`, resolves the designations of every new
 * `approved` event against `rules.registry` (recording the registry's version on the event), and folds
 * the whole history with `requestState`. It returns a new
 * request and leaves the given one as it was; on any problem it throws and nothing is appended.
 *
 * @throws {ValidationError} an event does not match `RequestEvent`, or an `approved` event names a
 * `registryVersion` other than the registry's (paths start with `events` and the event's position).
 * @throws {SafeguardError} an approval whose designations do not hold, or any safeguard the fold checks.
 * @throws {DesignationListMissingError} the registry holds no list of an authority the request names.
 * @throws {RoleRefusedError} with `roles`: an actor without a role, a
 * role that may not append the event, an approval of one's own draft.
 * @throws {IllegalTransitionError} an event the lifecycle does not allow next.
 *
 * @example
 * ```ts
 * import { appendEvents } from "referral-kit";
 *
 * const next = appendEvents(request, [{ type: "withdrawn", at: now, by: analyst, reason: "duplicate" }]);
 * ```
 */
export function appendEvents(
  request: ReferralRequest,
  events: readonly RequestEventInput[],
  rules: {
    /**
     * The registry every new `approved` event's designations are resolved against, on the event's date
     * (see `checkDesignations`). The event records its `version` as `registryVersion`.
     */
    registry?: DesignationSource;
    /**
     * Who may append what: every new event's actor needs a role that may append its type, and nobody
     * approves their own draft (see `checkPermissions`).
     */
    roles?: RolePolicy;
  } = {},
): ReferralRequest {
  const offset = request.events.length;
  const parsed = events.map((input, index) => {
    const result = RequestEvent.safeParse(input);
    if (!result.success) {
      throw ValidationError.fromZod("RequestEvent", result.error, {
        requestId: request.id,
        prefix: ["events", offset + index],
      });
    }
    return result.data;
  });
  // Who acts comes first: an analyst who may not approve learns that, not whether the designations hold.
  if (rules.roles)
    checkPermissions({ id: request.id, events: [...request.events, ...parsed] }, rules.roles, {
      from: offset,
    });
  const checked = parsed.map((event, index) =>
    event.type === "approved" ? checkApproval(request, event, offset + index, rules) : event,
  );
  const next: ReferralRequest = { ...request, events: [...request.events, ...checked] };
  requestState(next);
  return next;
}

function checkApproval(
  request: ReferralRequest,
  event: RequestEventOf<"approved">,
  position: number,
  rules: AppendRules,
): RequestEvent {
  const { registry } = rules;
  if (!registry) return event;
  if (event.registryVersion !== undefined && event.registryVersion !== registry.version) {
    throw new ValidationError(
      "RequestEvent",
      [
        {
          path: ["events", position, "registryVersion"],
          message: `names registry ${event.registryVersion}, but the designations are checked against ${registry.version}`,
          code: "custom",
        },
      ],
      { requestId: request.id },
    );
  }
  const violations = checkSafeguards(request, { stage: "approval", registry, on: event.at });
  if (violations.length > 0) throw new SafeguardError(request.id, violations);
  return { ...event, registryVersion: registry.version };
}

/**
 * Approves a request: appends an `approved` event by `by` at `at` through {@link appendEvents}, so the
 * designations are resolved against `registry` on that date and the event records the registry's
 * version.
 *
 * @throws see {@link appendEvents}.
 *
 * @example
 * ```ts
 * import { approveRequest } from "referral-kit";
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const approved = approveRequest(request, {
 *   by: { id: "approver-3" },
 *   at: new Date().toISOString(),
 *   registry: createRegistry(knownGroups),
 * });
 * approved.events.at(-1); // { type: "approved", registryVersion: "sha256:...", ... }
 * ```
 */
export function approveRequest(
  request: ReferralRequest,
  approval: {
    by: Actor;
    at: string;
    note?: string;
    /** As in `appendEvents`: the registry the designations are resolved against. */
    registry?: DesignationSource;
    /** As in `appendEvents`: who may append what. */
    roles?: RolePolicy;
  },
): ReferralRequest {
  const { by, at, note, ...rules } = approval;
  return appendEvents(
    request,
    [{ type: "approved", by, at, ...(note === undefined ? {} : { note }) }],
    rules,
  );
}

import { z } from "zod";
import { RoleRefusedError } from "./accountability-errors.js";
import { ValidationError } from "./errors.js";
import { Id } from "./schemas/common.js";
import { type ReferralRequest, RequestEvent, type RequestEventType } from "./schemas/request.js";

/**
 * The roles an actor can have:
 * - `analyst` drafts requests and records what platforms answer;
 * - `approver` approves (or withdraws) requests drafted by others;
 * - `supervisor` may do what analysts and approvers do;
 * - `auditor` reads and verifies, and changes nothing;
 * - `system` is software (the dispatcher, a status poller) recording sends and platform answers.
 */
export const ROLES = ["analyst", "approver", "supervisor", "auditor", "system"] as const;

/** A role; `Role.options` lists them. */
export const Role = z.enum(ROLES, {
  error: `a role is one of ${ROLES.join(", ")}`,
});
/** A role an actor can have. */
export type Role = z.infer<typeof Role>;

const EVENT_TYPES = RequestEvent.options.map((option) => option.shape.type.value);
const EventTypeSchema = z.enum(EVENT_TYPES as [RequestEventType, ...RequestEventType[]]);

/**
 * Which roles may append each event type, unless a policy says otherwise. Platform answers
 * (`acknowledged`, `actioned`, `information-requested`, `produced`, `preserved`, ...) are recorded by
 * software or by the analyst who read the reply; answering a platform's question and extending a
 * preservation are the analyst's; approving is for approvers and supervisors, escalating and recording the
 * legal process for a production for any of the agency's people; an auditor appends nothing.
 *
 * A policy reads them back with `policy.rolesFor(type)`, e.g. `["approver", "supervisor"]` for `approved`.
 */
export const DEFAULT_PERMISSIONS: Readonly<Record<RequestEventType, readonly Role[]>> = Object.freeze({
  drafted: ["analyst", "supervisor"],
  approved: ["approver", "supervisor"],
  submitted: ["system", "analyst", "supervisor"],
  acknowledged: ["system", "analyst", "supervisor"],
  actioned: ["system", "analyst", "supervisor"],
  "partially-actioned": ["system", "analyst", "supervisor"],
  rejected: ["system", "analyst", "supervisor"],
  expired: ["system", "analyst", "supervisor"],
  "information-requested": ["system", "analyst", "supervisor"],
  "information-supplied": ["analyst", "supervisor"],
  escalated: ["analyst", "approver", "supervisor"],
  produced: ["system", "analyst", "supervisor"],
  "partially-produced": ["system", "analyst", "supervisor"],
  "no-data": ["system", "analyst", "supervisor"],
  preserved: ["system", "analyst", "supervisor"],
  "preservation-extended": ["analyst", "supervisor"],
  "production-requested": ["analyst", "approver", "supervisor"],
  withdrawn: ["analyst", "approver", "supervisor"],
  appealed: ["system", "analyst", "supervisor"],
  reinstated: ["system", "analyst", "supervisor"],
});

/**
 * A role policy as the caller writes it (a JSON file, say): each actor's role, and optionally the roles
 * allowed per event type (replacing the defaults for the types it names).
 *
 * @example
 * ```ts
 * const input: RolePolicyInput = {
 *   actors: { "analyst-7": "analyst", "approver-3": "approver", "referral-kit.dispatch": "system" },
 *   permissions: { expired: ["system"] },
 * };
 * ```
 */
export const RolePolicySchema = z
  .object({
    actors: z.record(Id, Role),
    permissions: z.partialRecord(EventTypeSchema, z.array(Role)).default({}),
  })
  .superRefine((policy, context) => {
    for (const [type, roles] of Object.entries(policy.permissions)) {
      if (roles?.includes("auditor")) {
        context.addIssue({
          code: "custom",
          path: ["permissions", type],
          message: "an auditor changes nothing: it may not be allowed to append any event",
        });
      }
    }
  });
/** A role policy as written by hand (what {@link createRolePolicy} validates). */
export interface RolePolicyInput {
  /** Each actor's role, by actor id. */
  actors: Record<string, Role>;
  /** The roles allowed per event type, replacing the defaults for the types it names. */
  permissions?: Partial<Record<RequestEvent["type"], Role[]>>;
}

// The interface is written out so the door need not export the schema; this keeps the two in step.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inputMatchesSchema: Same<RolePolicyInput, z.input<typeof RolePolicySchema>> = true;
void inputMatchesSchema;

/**
 * A validated role policy: who has which role, and which roles may append which events. Created by
 * {@link createRolePolicy}.
 *
 * @example
 * ```ts
 * policy.roleOf("approver-3"); // "approver"
 * policy.mayAppend("analyst", "approved"); // false
 * ```
 */
export interface RolePolicy {
  /** The actor's role, or `undefined` for an actor the policy does not name. */
  roleOf(actorId: string): Role | undefined;
  /** Whether a role may append an event type. */
  mayAppend(role: Role, type: RequestEvent["type"]): boolean;
  /** The roles allowed to append an event type. */
  rolesFor(type: RequestEvent["type"]): readonly Role[];
}

/**
 * Builds a {@link RolePolicy} from what the caller supplies, validated:
 * an unknown role, an unknown event type, or an auditor given a permission is a `ValidationError` with
 * the path of the field.
 *
 * @example
 * ```ts
 * import { createRolePolicy } from "referral-kit";
 *
 * const policy = createRolePolicy({
 *   actors: { "analyst-7": "analyst", "approver-3": "approver", "referral-kit.dispatch": "system" },
 * });
 * ```
 */
export function createRolePolicy(input: RolePolicyInput): RolePolicy {
  const result = RolePolicySchema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod("RolePolicy", result.error);
  const actors = new Map(Object.entries(result.data.actors));
  const permissions: Record<string, readonly Role[]> = { ...DEFAULT_PERMISSIONS, ...result.data.permissions };
  return {
    roleOf: (actorId) => actors.get(actorId),
    mayAppend: (role, type) => (permissions[type] ?? []).includes(role),
    rolesFor: (type) => permissions[type] ?? [],
  };
}

/**
 * Checks each event of a request's history, from position `from` on, against a role policy: its actor
 * has a role, the role may append the event's type, and nobody approves a request they drafted (a rule
 * no policy can lift). `appendEvents` runs it on new events; the dispatcher on the whole history before it
 * sends anything.
 *
 * @throws {RoleRefusedError} an event without an actor or by an actor the policy does not name
 * (`reason` `no_role`), a role that may not append the event (`role_not_permitted`), or an approval of
 * one's own draft (`own_draft`).
 *
 * @example
 * ```ts
 * import { checkPermissions, createRolePolicy } from "referral-kit";
 *
 * checkPermissions(request, createRolePolicy(policyFile));
 * ```
 */
export function checkPermissions(
  request: Pick<ReferralRequest, "id" | "events">,
  policy: RolePolicy,
  options: { from?: number } = {},
): void {
  const drafter = request.events.find((event) => event.type === "drafted")?.by?.id;
  for (let index = options.from ?? 0; index < request.events.length; index++) {
    const event = request.events[index]!;
    const field = `events[${index}].by`;
    const actorId = event.by?.id;
    const role = actorId === undefined ? undefined : policy.roleOf(actorId);
    if (actorId === undefined || role === undefined) {
      throw new RoleRefusedError({
        requestId: request.id,
        field,
        actorId,
        role: undefined,
        event: event.type,
        reason: "no_role",
      });
    }
    if (!policy.mayAppend(role, event.type)) {
      throw new RoleRefusedError({
        requestId: request.id,
        field,
        actorId,
        role,
        event: event.type,
        reason: "role_not_permitted",
        allowed: policy.rolesFor(event.type),
      });
    }
    if (event.type === "approved" && actorId === drafter) {
      throw new RoleRefusedError({
        requestId: request.id,
        field,
        actorId,
        role,
        event: event.type,
        reason: "own_draft",
      });
    }
  }
}

import {
  appendEvents,
  approveRequest,
  checkPermissions,
  createRolePolicy,
  RoleRefusedError,
  ValidationError,
} from "referral-kit";
import { PermissionDeniedError } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";
import {
  analyst,
  approved,
  director,
  makeRequest,
  submitted,
  supervisor,
  withEvents,
} from "../support/requests.js";
import { thrown } from "../support/thrown.js";

const policy = createRolePolicy({
  actors: {
    [analyst.id]: "analyst",
    [supervisor.id]: "approver",
    [director.id]: "supervisor",
    "auditor-1": "auditor",
    "referral-kit.dispatch": "system",
  },
});
const at = "2025-03-01T09:30:00Z";

describe("roles and permissions", () => {
  it("lets an approver approve someone else's draft, and the system record the send", () => {
    const request = approveRequest(makeRequest(), { by: supervisor, at, roles: policy });
    const sent = appendEvents(request, [{ ...submitted, by: { id: "referral-kit.dispatch" } }], {
      roles: policy,
    });
    expect(sent.events.map((event) => event.type)).toEqual(["drafted", "approved", "submitted"]);
  });

  it("refuses an analyst's approval with a typed error naming the field, appending nothing", () => {
    const request = makeRequest({ events: [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: director }] });
    const error = thrown(() => approveRequest(request, { by: analyst, at, roles: policy }));
    expect(RoleRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "role_refused",
      requestId: "req-1",
      field: "events[1].by",
      actorId: analyst.id,
      role: "analyst",
      event: "approved",
      reason: "role_not_permitted",
    });
    expect((error as Error).message).toContain("approver or supervisor");
    expect(request.events).toHaveLength(1);
  });

  it("refuses anyone approving their own draft, supervisors included", () => {
    const own = makeRequest({ events: [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: director }] });
    const error = thrown(() => approveRequest(own, { by: director, at, roles: policy }));
    expect(error).toMatchObject({ code: "role_refused", reason: "own_draft", field: "events[1].by" });
  });

  it("lets an auditor change nothing", () => {
    const error = thrown(() =>
      appendEvents(
        withEvents(makeRequest(), approved),
        [{ type: "withdrawn", at: "2025-03-01T09:40:00Z", by: { id: "auditor-1" }, reason: "checking" }],
        { roles: policy },
      ),
    );
    expect(error).toMatchObject({ code: "role_refused", role: "auditor", event: "withdrawn" });
    expect((error as Error).message).toContain("an auditor");
    const grant = thrown(() => createRolePolicy({ actors: {}, permissions: { withdrawn: ["auditor"] } }));
    expect(ValidationError.isInstance(grant)).toBe(true);
    expect((grant as ValidationError).issues[0]?.path).toEqual(["permissions", "withdrawn"]);
  });

  it("refuses an actor without a role, and an event without an actor", () => {
    const stranger = thrown(() =>
      approveRequest(makeRequest(), { by: { id: "someone" }, at, roles: policy }),
    );
    expect(RoleRefusedError.isInstance(stranger)).toBe(true);
    expect(stranger).toMatchObject({
      code: "actor_without_role",
      reason: "no_role",
      actorId: "someone",
      role: undefined,
      field: "events[1].by",
    });
    const anonymous = thrown(() =>
      appendEvents(withEvents(makeRequest(), approved), [submitted], { roles: policy }),
    );
    expect(anonymous).toMatchObject({ code: "actor_without_role", actorId: undefined, event: "submitted" });
    expect((anonymous as Error).message).toBe(
      `request ${makeRequest().id}: events[2].by names no actor, so the "submitted" event cannot be appended`,
    );
  });

  it("is not the adapter's PermissionDeniedError (a platform's 403), and that is not it", () => {
    const refused = thrown(() => approveRequest(makeRequest(), { by: { id: "someone" }, at, roles: policy }));
    expect(RoleRefusedError.isInstance(refused)).toBe(true);
    expect(PermissionDeniedError.isInstance(refused)).toBe(false);
    expect(RoleRefusedError.isInstance(new PermissionDeniedError({ platform: "x", status: 403 }))).toBe(
      false,
    );
    expect((refused as Error).name).toBe("RoleRefusedError");
  });

  it("checks a whole history, and takes a policy's own permissions over the defaults", () => {
    const history = withEvents(makeRequest(), approved, {
      ...submitted,
      by: { id: "referral-kit.dispatch" },
    });
    expect(() => checkPermissions(history, policy)).not.toThrow();
    const strict = createRolePolicy({
      actors: { [analyst.id]: "analyst", [supervisor.id]: "approver", "referral-kit.dispatch": "system" },
      permissions: { submitted: ["supervisor"] },
    });
    expect(thrown(() => checkPermissions(history, strict))).toMatchObject({
      field: "events[2].by",
      event: "submitted",
    });
    expect(thrown(() => createRolePolicy({ actors: { a: "boss" as "analyst" } }))).toMatchObject({
      code: "validation_failed",
      issues: [expect.objectContaining({ path: ["actors", "a"] })],
    });
  });
});

import { createRolePolicy, DesignationListMissingError, RoleRefusedError, requestState } from "referral-kit";
import {
  createDispatcher,
  createMemoryStore,
  DispatchConfigError,
  EnqueueRefusedError,
  type RequestStore,
} from "referral-kit/dispatch";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { fakePlatform, virtualClock } from "./support/fake-adapter.js";
import { approvedRequest } from "./support/requests.js";

async function count(store: RequestStore): Promise<number> {
  let n = 0;
  for await (const _ of store.listRequests()) n++;
  return n;
}

const ttpDelisted = createRegistry(
  knownGroups.map((group) =>
    group.id === "ttp"
      ? {
          ...group,
          designations: group.designations.map((designation) =>
            designation.authority === "un-1267"
              ? { ...designation, status: "delisted" as const, delistedOn: "2025-02-01" }
              : designation,
          ),
        }
      : group,
  ),
);

describe("enqueue resolves designations against the dispatcher's registry", () => {
  it("sends a request whose designation holds on the day, and refuses one delisted since", async () => {
    const clock = virtualClock(Date.parse("2025-03-01T12:00:00Z"));
    const store = createMemoryStore();
    const x = fakePlatform({ clock });
    const fine = createDispatcher({
      adapters: [x.adapter],
      store,
      clock,
      registry: createRegistry(knownGroups),
    });
    expect((await fine.enqueue([approvedRequest("ok-1")])).enqueued).toEqual(["ok-1"]);

    const strict = createDispatcher({ adapters: [x.adapter], store, clock, registry: ttpDelisted });
    const error = await strict.enqueue([approvedRequest("late-1")]).catch((e: unknown) => e);
    expect(EnqueueRefusedError.isInstance(error)).toBe(true);
    const [refused] = (error as EnqueueRefusedError).refused;
    expect(refused?.violations).toEqual([
      expect.objectContaining({ rule: "designation_delisted", field: "designations[0]" }),
    ]);
    expect(await count(store)).toBe(1);
  });

  it("refuses with a typed error when the registry does not hold the referenced list", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const national = createRegistry([
      {
        id: "ttp",
        name: "Tehrik-e-Taliban Pakistan",
        designations: [
          {
            authority: "pk-ata-first-schedule",
            reference: null,
            listedOn: null,
            sources: [{ url: "https://nacta.gov.pk/" }],
          },
        ],
      },
    ]);
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, registry: national });
    const error = await dispatcher.enqueue([approvedRequest("un-1")]).catch((e: unknown) => e);
    const [refused] = (error as EnqueueRefusedError).refused;
    expect(refused?.requestId).toBe("un-1");
    expect(refused?.errors).toHaveLength(1);
    expect(DesignationListMissingError.isInstance(refused?.errors[0])).toBe(true);
    expect(refused?.errors[0]).toMatchObject({ field: "designations[0].authority", authority: "un-1267" });
    expect(await count(store)).toBe(0);
  });
});

describe("enqueue checks every history against the dispatcher's role policy", () => {
  // approvedRequest: drafted by analyst-1, approved by supervisor-1.
  const roles = (approverRole: "approver" | "analyst") =>
    createRolePolicy({
      actors: { "analyst-1": "analyst", "supervisor-1": approverRole, "referral-kit.dispatch": "system" },
    });

  it("sends a request approved by an approver, recording the send as the system", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, roles: roles("approver") });
    await dispatcher.enqueue([approvedRequest("ok-1")]);
    await dispatcher.run();
    const stored = await store.getRequest("ok-1");
    expect(requestState(stored!).status).toBe("submitted");
    expect(stored?.events.at(-1)?.by?.id).toBe("referral-kit.dispatch");
  });

  it("refuses a request approved by an analyst, with the typed error", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, roles: roles("analyst") });
    const error = await dispatcher.enqueue([approvedRequest("bad-1")]).catch((e: unknown) => e);
    const [refused] = (error as EnqueueRefusedError).refused;
    expect(RoleRefusedError.isInstance(refused?.errors[0])).toBe(true);
    expect(refused?.errors[0]).toMatchObject({
      field: "events[1].by",
      actorId: "supervisor-1",
      event: "approved",
    });
    expect(await count(store)).toBe(0);
  });

  it("will not start with an actor the policy does not allow to record sends", () => {
    const x = fakePlatform();
    const store = createMemoryStore();
    const noSystem = createRolePolicy({ actors: { "referral-kit.dispatch": "auditor" } });
    expect(() => createDispatcher({ adapters: [x.adapter], store, roles: noSystem })).toThrow(
      DispatchConfigError,
    );
    expect(() =>
      createDispatcher({ adapters: [x.adapter], store, roles: createRolePolicy({ actors: {} }) }),
    ).toThrow(/has no role/);
  });
});

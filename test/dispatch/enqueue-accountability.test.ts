import { DesignationListMissingError } from "referral-kit";
import {
  createDispatcher,
  createMemoryStore,
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

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { ReferralRequest } from "referral-kit";
import {
  createDispatcher,
  createMemoryStore,
  EnqueueRefusedError,
  HoldNotOwnedError,
  openPgliteStore,
  openPostgresStore,
  type RequestStore,
  TargetHeldError,
} from "referral-kit/dispatch";
import { afterAll, describe, expect, it } from "vitest";
import { fakePlatform, virtualClock } from "./support/fake-adapter.js";
import { dropDatabases, freshDatabase, startTestPostgres } from "./support/postgres.js";
import { approvedRequest, keysOf } from "./support/requests.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;

/** An approved request of `unit` whose targets are the x accounts `usernames`. */
function unitRequest(id: string, unit: string, usernames: string[]): ReferralRequest {
  const base = approvedRequest(id);
  return {
    ...base,
    issuingAuthority: { ...base.issuingAuthority, unit },
    targets: usernames.map((username) => ({
      ...base.targets[0]!,
      target: { type: "account", account: { kind: "username", platform: "x", username } },
    })),
  };
}

async function save(store: RequestStore, ...requests: ReferralRequest[]) {
  await store.saveRequests(
    requests.map((request) => ({ request, batches: [keysOf(request)] })),
    T0,
  );
}

function storeCases(open: () => Promise<RequestStore>) {
  it("indexes targets store-wide: open requests of any unit covering a target, in the order stored", async () => {
    const store = await open();
    try {
      await save(
        store,
        unitRequest("a-1", "CTD North", ["shared", "only_a"]),
        unitRequest("b-1", "FIA Cyber", ["shared"]),
        unitRequest("b-2", "FIA Cyber", ["gone"]),
      );
      await store.appendEvents("b-2", [{ type: "withdrawn", at: "2025-03-01T10:00:00Z", reason: "mistake" }]);
      expect(await store.findCovering(["x:shared", "x:gone", "x:nobody"])).toEqual([
        { targetKey: "x:shared", requestId: "a-1", unit: "CTD North", status: "approved" },
        { targetKey: "x:shared", requestId: "b-1", unit: "FIA Cyber", status: "approved" },
      ]);
      const fia: string[] = [];
      for await (const request of store.listRequests({ unit: "FIA Cyber" })) fia.push(request.id);
      expect(fia).toEqual(["b-1", "b-2"]);
    } finally {
      await store.close();
    }
  });

  it("refuses a reordered history, stored or appended, with the request id and position, writing nothing", async () => {
    const store = await open();
    try {
      const request = approvedRequest("reordered");
      const [drafted, approved] = request.events;
      const empty = await store.auditTrail().head();
      const swapped = { ...request, events: [approved!, drafted!] };
      const error = await store
        .saveRequests([{ request: swapped, batches: [keysOf(request)] }], T0)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "illegal_transition", requestId: "reordered", index: 0 });
      expect(await store.getRequest("reordered")).toBeUndefined();
      expect(await store.auditTrail().head()).toEqual(empty);

      await save(store, request);
      const head = await store.auditTrail().head();
      const replayed = await store.appendEvents("reordered", [drafted!]).catch((e: unknown) => e);
      expect(replayed).toMatchObject({ code: "illegal_transition", requestId: "reordered", index: 2 });
      expect((await store.getRequest("reordered"))?.events).toHaveLength(2);
      expect(await store.auditTrail().head()).toEqual(head);
    } finally {
      await store.close();
    }
  });

  it("lets a unit hold only a target it owns, and release only its own hold", async () => {
    const store = await open();
    try {
      await save(
        store,
        unitRequest("a-1", "CTD North", ["suspect"]),
        unitRequest("b-1", "FIA Cyber", ["other"]),
      );
      const hold = await store.placeHold(
        {
          targetKey: "x:suspect",
          unit: "CTD North",
          until: T0 + 30 * DAY,
          reason: "case 2026/14",
          placedBy: "sup-2",
        },
        T0,
      );
      expect(hold).toMatchObject({ id: 1, targetKey: "x:suspect", unit: "CTD North", placedAt: T0 });
      const notOwned = await store
        .placeHold(
          { targetKey: "x:suspect", unit: "FIA Cyber", until: T0 + DAY, reason: "r", placedBy: "x" },
          T0,
        )
        .catch((error: unknown) => error);
      expect(HoldNotOwnedError.isInstance(notOwned)).toBe(true);
      expect(notOwned).toMatchObject({
        code: "hold_not_owned",
        unit: "FIA Cyber",
        targetKey: "x:suspect",
        field: "targetKey",
      });
      const othersHold = await store
        .releaseHold({ id: hold.id, unit: "FIA Cyber", now: T0 })
        .catch((error: unknown) => error);
      expect(othersHold).toMatchObject({ code: "hold_not_owned", field: "id" });
      expect(await store.listHolds({ activeAt: T0 + DAY })).toHaveLength(1);
      await store.releaseHold({ id: hold.id, unit: "CTD North", now: T0 + DAY });
      expect(await store.listHolds({ activeAt: T0 + DAY })).toEqual([]);
      expect(await store.listHolds({ unit: "CTD North" })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
}

describe("deconfliction: memory store", () => storeCases(async () => createMemoryStore()));

const shared = new PGlite();
await shared.waitReady;
afterAll(async () => {
  await shared.close();
});
describe("deconfliction: embedded store (PGlite)", () =>
  storeCases(async () => {
    const store = await openPgliteStore({ db: shared });
    await shared.exec(
      "truncate rk_holds, rk_targets, rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade",
    );
    return store;
  }));

const server = await startTestPostgres();
const pgDatabase = `rk_deconflict_${process.pid}`;
const pgUrl = "skipped" in server ? "" : await freshDatabase(server.url, pgDatabase);
afterAll(async () => {
  if ("skipped" in server) return;
  await dropDatabases(server.url, [pgDatabase]);
  await server.stop();
});

describe.skipIf("skipped" in server)("deconfliction: PostgreSQL store", () =>
  storeCases(async () => {
    const store = await openPostgresStore({ connectionString: pgUrl, max: 2 });
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(
      "truncate rk_holds, rk_targets, rk_events, rk_jobs, rk_attempts, rk_requests restart identity cascade",
    );
    await client.end();
    return store;
  }),
);

describe("deconfliction at enqueue and send", () => {
  it("reports a target another unit's open request already covers (duplicate-of), or refuses it", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const dispatcher = createDispatcher({ adapters: [x.adapter], store });
    await dispatcher.enqueue([unitRequest("a-1", "CTD North", ["shared"])]);
    const result = await dispatcher.enqueue([
      unitRequest("b-1", "FIA Cyber", ["shared", "fresh"]),
      unitRequest("b-2", "FIA Cyber", ["fresh"]),
    ]);
    expect(result.enqueued).toEqual(["b-1", "b-2"]);
    expect(result.duplicates).toEqual([
      { requestId: "b-1", targetKey: "x:shared", duplicateOf: "a-1", unit: "CTD North" },
      { requestId: "b-2", targetKey: "x:fresh", duplicateOf: "b-1", unit: "FIA Cyber" },
    ]);
    const strict = createDispatcher({ adapters: [x.adapter], store, duplicates: "refuse" });
    const error = await strict
      .enqueue([unitRequest("c-1", "FIA Cyber", ["shared"])])
      .catch((e: unknown) => e);
    expect((error as EnqueueRefusedError).refused[0]?.reasons).toEqual([
      "target x:shared is already covered by open request a-1",
    ]);
  });

  it("refuses to send a target another unit holds, explaining who holds it until when, never why", async () => {
    const store = createMemoryStore();
    const x = fakePlatform();
    const clock = virtualClock(T0);
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock });
    await dispatcher.enqueue([unitRequest("a-1", "CTD North", ["suspect"])]);
    await store.placeHold(
      {
        targetKey: "x:suspect",
        unit: "CTD North",
        until: T0 + 30 * DAY,
        reason: "informant inside",
        placedBy: "sup-2",
      },
      T0,
    );
    const error = await dispatcher
      .enqueue([unitRequest("b-1", "FIA Cyber", ["suspect"])])
      .catch((e: unknown) => e);
    expect(EnqueueRefusedError.isInstance(error)).toBe(true);
    const [refused] = (error as EnqueueRefusedError).refused;
    const [held] = refused!.errors;
    expect(TargetHeldError.isInstance(held)).toBe(true);
    expect(held).toMatchObject({
      code: "target_held",
      requestId: "b-1",
      targetKey: "x:suspect",
      heldBy: "CTD North",
      until: "2026-01-31T00:00:00.000Z",
    });
    expect(refused!.reasons[0]).toContain('held by unit "CTD North" until 2026-01-31T00:00:00.000Z');
    expect(JSON.stringify(refused)).not.toContain("informant");
    // The holding unit's own requests are not held.
    expect((await dispatcher.enqueue([unitRequest("a-2", "CTD North", ["suspect"])])).enqueued).toEqual([
      "a-2",
    ]);
  });

  it("does not send a queued request whose target was held after it was queued; sends it once released", async () => {
    const store = createMemoryStore();
    const clock = virtualClock(T0);
    const x = fakePlatform({ clock });
    const dispatcher = createDispatcher({ adapters: [x.adapter], store, clock });
    await dispatcher.enqueue([
      unitRequest("a-1", "CTD North", ["suspect"]),
      unitRequest("b-1", "FIA Cyber", ["suspect"]),
    ]);
    // a-1 is sent first; hold before b-1 goes out.
    const hold = await store.placeHold(
      { targetKey: "x:suspect", unit: "CTD North", until: T0 + DAY, reason: "case", placedBy: "sup-2" },
      T0,
    );
    const summary = await dispatcher.run();
    expect(summary).toMatchObject({ submitted: 1, failed: 1 });
    expect(x.calls.map((call) => call.key)).toEqual(["rk:a-1:b0"]);
    const [job] = await store.listJobs({ requestId: "b-1" });
    expect(job?.lastError).toMatchObject({ code: "target_held", retryable: false });
    await store.releaseHold({ id: hold.id, unit: "CTD North", now: clock.now() });
    await dispatcher.retryFailed({ requestIds: ["b-1"] });
    expect(await dispatcher.run()).toMatchObject({ submitted: 1, failed: 0 });
  });
});

describe("bad input to a store", () => {
  it("refuses an unknown tier with the request id and the field, storing nothing", async () => {
    const store = createMemoryStore();
    const request = approvedRequest("bad-tier");
    const input = {
      ...request,
      targets: [{ ...request.targets[0]!, tier: 7 }],
    } as unknown as ReferralRequest;
    const error = await store
      .saveRequests([{ request: input, batches: [keysOf(request)] }], T0)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "validation_failed", requestId: "bad-tier" });
    expect((error as { issues: { path: unknown[] }[] }).issues[0]?.path).toEqual(["targets", 0, "tier"]);
    expect(await store.getRequest("bad-tier")).toBeUndefined();
    await store.close();
  });
});

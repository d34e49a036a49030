import { generateKeyPairSync } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import {
  AuditSignatureError,
  createMemoryStore,
  openPgliteStore,
  toAuditFile,
  verifyAuditFile,
  verifyHistory,
} from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { sealExistingHistory } from "../../src/dispatch/store/sql/history-chain-sql.js";
import { thrown } from "../support/thrown.js";
import { approvedRequest, keysOf } from "./support/requests.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

describe("audit files", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const other = generateKeyPairSync("ed25519");

  it("signs the audit with Ed25519 and checks it against the trusted key", async () => {
    const store = createMemoryStore();
    const request = approvedRequest("req-a");
    await store.saveRequests([{ request, batches: [keysOf(request)] }], T0);
    const report = await verifyHistory(store);
    const file = toAuditFile(report, { store: store.kind, privateKey });
    expect(file).toMatchObject({
      format: "referral-kit-audit/1",
      ok: true,
      events: 2,
      head: { position: 2 },
    });
    expect(file.signature?.publicKey).toContain("BEGIN PUBLIC KEY");
    expect(() => verifyAuditFile(file, { publicKey })).not.toThrow();
    expect(() => verifyAuditFile(JSON.parse(JSON.stringify(file)))).not.toThrow();

    const changed = { ...file, events: 1 };
    expect(thrown(() => verifyAuditFile(changed, { publicKey }))).toMatchObject({ reason: "bad_signature" });
    const foreign = toAuditFile(report, { store: store.kind, privateKey: other.privateKey });
    const error = thrown(() => verifyAuditFile(foreign, { publicKey }));
    expect(AuditSignatureError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "audit_signature", reason: "key_mismatch" });
    const { signature: _signature, ...unsigned } = file;
    expect(thrown(() => verifyAuditFile(unsigned))).toMatchObject({ reason: "unsigned" });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(
      thrown(() => toAuditFile(report, { store: store.kind, privateKey: rsa.privateKey })),
    ).toMatchObject({
      reason: "wrong_key_type",
    });
    await store.close();
  });

  it("catches a store rewritten with every hash recomputed, against the head of an earlier audit", async () => {
    const db = new PGlite();
    try {
      const store = await openPgliteStore({ db });
      for (const id of ["req-a", "req-b"]) {
        const request = approvedRequest(id);
        await store.saveRequests([{ request, batches: [keysOf(request)] }], T0);
      }
      const earlier = toAuditFile(await verifyHistory(store), { store: store.kind });
      const later = approvedRequest("req-c");
      await store.saveRequests([{ request: later, batches: [keysOf(later)] }], T0);
      expect((await verifyHistory(store, { since: earlier.head })).ok).toBe(true);

      // Someone with write access changes an old event and recomputes every hash: consistent again...
      await db.exec(
        `update rk_events set event = jsonb_set(event, '{at}', '"2025-03-01T09:31:00Z"') where request_id = 'req-a' and n = 1`,
      );
      await db.transaction((tx) =>
        sealExistingHistory({
          query: async (sql, params) => (await tx.query(sql, params as unknown[])).rows as never,
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      );
      expect((await verifyHistory(store)).ok).toBe(true);
      // ...but the chain no longer passes through the head the earlier audit kept.
      const report = await verifyHistory(store, { since: earlier.head });
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({
        reason: "chain_broken",
        chainPosition: earlier.head.position,
      });
      await store.close();
    } finally {
      await db.close();
    }
  }, 120_000);
});

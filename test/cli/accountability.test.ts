/**
 * The accountability commands and options: `audit` (tamper-evident history, signed audit files), `hold`,
 * and the registry and role policy of `draft`, `approve` and `dispatch`.
 */
import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ReferralRequest } from "referral-kit";
import { openPgliteStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { approvedRequest, keysOf } from "../dispatch/support/requests.js";
import { memoryIo } from "../support/cli-io.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rk-accountability-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = async (...argv: string[]) => {
  const run = memoryIo({ cwd: dir });
  const code = await runCli(argv, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

function withUnit(request: ReferralRequest, unit: string, username?: string): ReferralRequest {
  return {
    ...request,
    issuingAuthority: { ...request.issuingAuthority, unit },
    ...(username
      ? {
          targets: [
            {
              ...request.targets[0]!,
              target: {
                type: "account" as const,
                account: { kind: "username" as const, platform: "x", username },
              },
            },
          ],
        }
      : {}),
  };
}

/** Each direct SQL change to a copy of the store, and the first broken link audit must name. */
const TAMPERING: [string, string, Record<string, unknown>, RegExp][] = [
  [
    "an event deleted",
    "delete from rk_events where request_id = 'req-a' and n = 1",
    { reason: "event_missing", requestId: "req-a", position: 1 },
    /event_missing: request req-a, event 1: /,
  ],
  [
    "two events of a history reordered",
    "update rk_events set n = n + 100 where request_id = 'req-b'; " +
      "update rk_events set n = case n when 100 then 1 else 0 end where request_id = 'req-b'",
    { reason: "link_broken", requestId: "req-b", position: 0 },
    /link_broken: request req-b, event 0: /,
  ],
  [
    "a whole request deleted",
    "delete from rk_jobs where request_id = 'req-a'; delete from rk_events where request_id = 'req-a'; " +
      "delete from rk_targets where request_id = 'req-a'; delete from rk_requests where id = 'req-a'",
    { reason: "chain_gap", requestId: "req-b" },
    /chain_gap: /,
  ],
];

describe("referral-kit audit and hold on an embedded store", () => {
  let store: string;
  /** A copy of the store as first written, before any test changes it. */
  let pristine: string;
  beforeAll(async () => {
    store = join(dir, "store");
    pristine = join(dir, "pristine");
    const opened = await openPgliteStore({ path: store });
    const requests = [withUnit(approvedRequest("req-a"), "CTD North", "suspect"), approvedRequest("req-b")];
    await opened.saveRequests(
      requests.map((request) => ({ request, batches: [keysOf(request)] })),
      Date.parse("2026-01-01T00:00:00Z"),
    );
    await opened.close();
    cpSync(store, pristine, { recursive: true });
  }, 180_000);

  it("reports an intact history, writes a signed audit, and checks the store against it", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(join(dir, "audit.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "audit.pub"), publicKey.export({ type: "spki", format: "pem" }));
    const audit = await cli("audit", "--store", store, "--out", "audit.json", "--sign", "audit.key");
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(
      /^history intact: 2 requests, 4 events, head at position 4: sha256:[0-9a-f]{64}\n$/,
    );
    const file = JSON.parse(readFileSync(join(dir, "audit.json"), "utf8"));
    expect(file).toMatchObject({
      format: "referral-kit-audit/1",
      store: "pglite",
      ok: true,
      head: { position: 4 },
    });
    const since = await cli("audit", "--store", store, "--since", "audit.json", "--public-key", "audit.pub");
    expect(since.code, since.stderr).toBe(0);
    expect(since.stdout).toContain("passes through the head of");

    writeFileSync(join(dir, "forged.json"), JSON.stringify({ ...file, events: 3 }));
    const forged = await cli(
      "audit",
      "--store",
      store,
      "--since",
      "forged.json",
      "--public-key",
      "audit.pub",
    );
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/forged\.json: the signature does not match.*\(bad_signature\)/);
  }, 120_000);

  it("places a hold for the unit that owns the target, refuses one it does not, and lists them", async () => {
    const until = "2099-06-01";
    const placed = await cli(
      "hold",
      "https://x.com/Suspect",
      "--store",
      store,
      "--unit",
      "CTD North",
      "--until",
      until,
      "--reason",
      "case 2026/14",
      "--actor",
      "supervisor-2",
    );
    expect(placed.code, placed.stderr).toBe(0);
    expect(placed.stdout).toMatch(
      /^placed hold 1: x:suspect by unit "CTD North" until 2099-06-01T00:00:00.000Z/,
    );
    const other = await cli(
      "hold",
      "x:suspect",
      "--store",
      store,
      "--unit",
      "FIA Cyber",
      "--until",
      until,
      "--reason",
      "mine too",
      "--actor",
      "analyst-9",
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /unit "FIA Cyber" cannot hold x:suspect: no open request of the unit covers that target/,
    );
    const list = await cli("hold", "--list", "--store", store, "--json");
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ id: 1, targetKey: "x:suspect", unit: "CTD North", placedBy: "supervisor-2" }),
    ]);
  }, 60_000);

  it("scopes export, compliance and transparency to one unit's requests", async () => {
    const exported = await cli("export", "--store", store, "--unit", "CTD North");
    expect(exported.code, exported.stderr).toBe(0);
    expect(
      exported.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(["req-a"]);
    const none = await cli("export", "--store", store, "--unit", "FIA Cyber");
    expect(none.stdout).toBe("");
    // Both read the unit's request alone (neither is submitted, so neither is counted in a figure).
    const compliance = await cli("compliance", "--store", store, "--unit", "CTD North");
    expect(compliance.code, compliance.stderr).toBe(0);
    expect(compliance.stdout).toMatch(/\b1 rows? read, 0 requests counted, 1 not submitted by then/);
    const period = ["--from", "2025-01-01", "--to", "2027-01-01"];
    const transparency = await cli(
      "transparency",
      "--store",
      store,
      "--unit",
      "CTD North",
      ...period,
      "--json",
    );
    expect(transparency.code, transparency.stderr).toBe(0);
    expect(JSON.parse(transparency.stdout).counts).toMatchObject({ read: 1 });
    const fromFile = await cli("transparency", "requests.jsonl", "--unit", "CTD North", ...period);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toMatch(/--unit reads the store's issuing units: give --store/);
  }, 120_000);

  it("finds an event edited in the database, naming the request and its position", async () => {
    const db = new PGlite(store);
    await db.exec(
      `update rk_events set event = jsonb_set(event, '{at}', '"2025-03-01T09:31:00Z"') where request_id = 'req-b' and n = 1`,
    );
    await db.close();
    const audit = await cli("audit", "--store", store);
    expect(audit.code).toBe(1);
    expect(audit.stdout).toContain("history broken: 2 requests, 4 events; 1 broken link\n");
    expect(audit.stdout).toContain(
      "event_changed: request req-b, event 1: the event does not match its hash (changed)",
    );
    const json = await cli("audit", "--store", store, "--json");
    expect(JSON.parse(json.stdout).firstBroken).toMatchObject({
      reason: "event_changed",
      requestId: "req-b",
      position: 1,
    });
  }, 120_000);

  it.each(TAMPERING)(
    "finds %s, naming the request and position",
    async (name, sql, expected, line) => {
      const copy = join(dir, `tampered-${name.replaceAll(" ", "-")}`);
      cpSync(join(dir, "pristine"), copy, { recursive: true });
      const db = new PGlite(copy);
      await db.exec(sql);
      await db.close();
      const audit = await cli("audit", "--store", copy);
      expect(audit.code, audit.stderr).toBe(1);
      expect(audit.stdout).toMatch(/^history broken: /);
      expect(audit.stdout).toMatch(line);
      const json = await cli("audit", "--store", copy, "--json");
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: expected });
    },
    120_000,
  );
});

describe("referral-kit approve with the registry and the role policy", () => {
  const drafted = (id: string) => approvedRequest(id, { draftOnly: true });

  it("refuses an approver without the right role, and a designation the registry has delisted", async () => {
    writeFileSync(join(dir, "drafts.jsonl"), `${JSON.stringify(drafted("d-1"))}\n`);
    writeFileSync(
      join(dir, "roles.json"),
      JSON.stringify({
        actors: { "analyst-1": "analyst", "approver-3": "approver", "analyst-2": "analyst" },
      }),
    );
    const analyst = await cli("approve", "drafts.jsonl", "--actor", "analyst-2", "--roles", "roles.json");
    expect(analyst.code).toBe(1);
    expect(analyst.stderr).toMatch(
      /refused d-1 \(drafts\.jsonl:1\): .*"analyst-2" is an analyst, and a "approved" event is for approver or supervisor/,
    );

    const ok = await cli("approve", "drafts.jsonl", "--actor", "approver-3", "--roles", "roles.json");
    expect(ok.code, ok.stderr).toBe(0);
    const approved = JSON.parse(ok.stdout.trim());
    expect(approved.events.at(-1)).toMatchObject({
      type: "approved",
      registryVersion: expect.stringMatching(/^sha256:/),
    });

    // A designation from a list of the caller's own, delisted since: refused; without that list: refused too.
    const front = {
      ...drafted("d-2"),
      designations: [{ groupId: "old-front", authority: "national:in:uapa", reference: "A-1" }],
    };
    writeFileSync(join(dir, "front.jsonl"), `${JSON.stringify(front)}\n`);
    writeFileSync(
      join(dir, "national.json"),
      JSON.stringify([
        {
          id: "old-front",
          name: "Old Front",
          designations: [
            {
              authority: "national:in:uapa",
              reference: "A-1",
              listedOn: "2010-01-01",
              status: "delisted",
              delistedOn: "2024-05-01",
              sources: [{ url: "https://www.example.gov/list" }],
            },
          ],
        },
      ]),
    );
    const stale = await cli("approve", "front.jsonl", "--actor", "approver-3", "--registry", "national.json");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /refused d-2 .*designations\[0\] \(national:in:uapa A-1 of "old-front"\): delisted on 2024-05-01/,
    );
    const unlisted = await cli("approve", "front.jsonl", "--actor", "approver-3");
    expect(unlisted.code).toBe(1);
    expect(unlisted.stderr).toMatch(
      /designations\[0\]\.authority is "national:in:uapa", and the registry .* holds no designation by that authority/,
    );
    const bad = await cli("approve", "drafts.jsonl", "--actor", "approver-3", "--roles", "missing.json");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/missing\.json: no such file/);
  });
});

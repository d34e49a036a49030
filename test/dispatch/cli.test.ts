import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { type MockServer, startMockServer } from "./support/mock-server.js";
import { approvedRequest } from "./support/requests.js";

let mock: MockServer;
let root: string;
let config: string;
const adapterModule = fileURLToPath(new URL("./support/cli-adapter.ts", import.meta.url));

beforeAll(async () => {
  mock = await startMockServer();
  root = fs.mkdtempSync(path.join(tmpdir(), "rk-cli-"));
  config = path.join(root, "dispatch.json");
  const platforms = Object.fromEntries(
    ["x", "telegram"].map((platform) => [
      platform,
      { module: adapterModule, options: { platform, baseUrl: mock.url }, limits: { concurrency: 2 } },
    ]),
  );
  fs.writeFileSync(config, JSON.stringify({ platforms }));
});

afterAll(async () => {
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const jsonl = (requests: unknown[]) => `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`;

describe("referral-kit dispatch and sync", () => {
  it("explains usage mistakes with exit code 2", async () => {
    const run = memoryIo();
    expect(await runCli(["dispatch", "requests.jsonl"], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/--store is required/);
    const sync = memoryIo();
    expect(await runCli(["sync", "--store", "x", "extra"], sync.io)).toBe(2);
  });

  it("sends a file, reports refusals, resumes without sending twice, and syncs statuses", async () => {
    const store = path.join(root, "store");
    const good = Array.from({ length: 10 }, (_, i) =>
      approvedRequest(`cli-${i}`, { platform: i % 2 === 0 ? "x" : "telegram" }),
    );
    const file = path.join(root, "requests.jsonl");
    fs.writeFileSync(file, jsonl([...good, approvedRequest("cli-draft", { draftOnly: true })]));

    const first = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["dispatch", "requests.jsonl", "--store", store, "--config", config, "--create"],
        first.io,
      ),
    ).toBe(1);
    expect(first.stderr()).toMatch(
      /refused cli-draft \(requests.jsonl:11\): it is "drafted", not "approved"/,
    );
    expect(first.stdout()).toMatch(/stored 10 new requests, 1 refused/);
    expect(first.stdout()).toMatch(/done in .*: 10 sent, 0 failed, 0 still queued/);
    expect(mock.reports.size).toBe(10);

    fs.writeFileSync(file, jsonl(good));
    const again = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", file, "--store", store, "--config", config, "--json"], again.io)).toBe(
      0,
    );
    const summary = JSON.parse(again.stdout()) as {
      enqueued: number;
      alreadyStored: number;
      run: { submitted: number };
    };
    expect(summary).toMatchObject({ enqueued: 0, alreadyStored: 10, run: { submitted: 0, remaining: 0 } });
    expect(mock.posts).toHaveLength(10);

    const [report] = [...mock.reports.values()];
    mock.setStatus(report!.id, "REMOVED");
    const sync = memoryIo({ cwd: root });
    expect(
      await runCli(["sync", "--store", store, "--config", config, "--actor", "sync-operator"], sync.io),
      sync.stderr(),
    ).toBe(0);
    // The fixtures' deadline (2025-03-03) passed before they were sent: the other nine expire.
    expect(sync.stdout()).toMatch(/asked about 10 requests, recorded 10 events \(9 expired\), 0 errors/);
    // What sync recorded is by the acting identity it was given.
    const exported = memoryIo({ cwd: root });
    expect(await runCli(["export", "--store", store], exported.io), exported.stderr()).toBe(0);
    const recorded = exported
      .stdout()
      .trim()
      .split("\n")
      .flatMap((line) => JSON.parse(line).events.slice(3));
    expect(recorded).toHaveLength(10);
    expect(new Set(recorded.map((event: { by?: { id: string } }) => event.by?.id))).toEqual(
      new Set(["sync-operator"]),
    );
    const syncAgain = memoryIo({ cwd: root });
    expect(await runCli(["sync", "--store", store, "--config", config, "--json"], syncAgain.io)).toBe(0);
    expect(JSON.parse(syncAgain.stdout())).toMatchObject({ polled: 9, appended: 0, expired: 0, errors: [] });
  }, 90_000);

  it("never sends a request confirmed through the portal meanwhile (--no-run, confirm, --resume)", async () => {
    const store = path.join(root, "store-portal");
    const requests = ["portal-0", "portal-1", "portal-2"].map((id) => approvedRequest(id));
    fs.writeFileSync(path.join(root, "portal.jsonl"), jsonl(requests));
    const queue = memoryIo({ cwd: root });
    const args = ["--store", store, "--config", config];
    expect(
      await runCli(["dispatch", "portal.jsonl", "--no-run", "--create", ...args], queue.io),
      queue.stderr(),
    ).toBe(0);
    const confirm = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["confirm", "portal-1", "TG-2026-0001", "--store", store, "--actor", "analyst-1"],
        confirm.io,
      ),
    ).toBe(0);
    const resume = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", "--resume", ...args], resume.io), resume.stderr()).toBe(0);
    const sent = mock.posts.filter((post) => post.key.startsWith("rk:portal-")).map((post) => post.key);
    expect(sent.sort()).toEqual(["rk:portal-0:b0", "rk:portal-2:b0"]);
  }, 90_000);

  it("refuses a damaged store with exit code 3 and leaves it as it is", async () => {
    const bad = path.join(root, "not-a-store");
    fs.writeFileSync(bad, "hello");
    const run = memoryIo({ cwd: root });
    fs.writeFileSync(path.join(root, "one.jsonl"), jsonl([approvedRequest("cli-one")]));
    expect(
      await runCli(["dispatch", "one.jsonl", "--store", bad, "--config", config, "--create"], run.io),
    ).toBe(3);
    expect(run.stderr()).toMatch(/store_corrupted: .*is a file, not a store directory/);
    expect(fs.readFileSync(bad, "utf8")).toBe("hello");
    const missing = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", "nope.jsonl", "--store", bad], missing.io)).toBe(3);
  });
});

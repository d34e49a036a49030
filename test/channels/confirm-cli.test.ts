import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { targetKey } from "referral-kit";
import { createManualChannel, openPreparedFile } from "referral-kit/adapters/manual";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { memoryIo } from "../support/cli-io.js";
import { approvedRequest } from "./email-fixtures.js";

let root: string;
let store: string;
// One embedded store for the file: opening PGlite costs a second or more.
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-confirm-"));
  store = join(root, "store");
  await seed(store, ["req-1", "req-p", "req-q"]);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function seed(store: string, ids: string[]) {
  const opened = await openStore(store);
  try {
    await opened.saveRequests(
      ids.map((id) => {
        const request = approvedRequest(id);
        return { request, batches: [request.targets.map((t) => targetKey(t.target))] };
      }),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}

async function events(store: string, id: string) {
  const opened = await openStore(store);
  try {
    return (await opened.getRequest(id))!.events;
  } finally {
    await opened.close();
  }
}

describe("referral-kit confirm", () => {
  it("explains usage mistakes with exit code 2", async () => {
    const run = memoryIo();
    expect(await runCli(["confirm", "req-1"], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/request id and the confirmation number/);
    const noBy = memoryIo();
    expect(await runCli(["confirm", "req-1", "N-1", "--store", store], noBy.io)).toBe(2);
    expect(noBy.stderr()).toMatch(/--actor is required/);
  });

  it("appends the submitted event with the number as platformRef, once", async () => {
    const run = memoryIo({ cwd: root });
    const args = [
      "confirm",
      "req-1",
      "X-GOV-42",
      "--store",
      store,
      "--actor",
      "analyst-1",
      "--at",
      "2025-03-01T11:00:00Z",
    ];
    expect(await runCli(args, run.io)).toBe(0);
    expect(run.stdout()).toMatch(
      /recorded as submitted through the portal, confirmation X-GOV-42 \(now submitted\)/,
    );
    const history = await events(store, "req-1");
    expect(history.at(-1)).toMatchObject({ type: "submitted", channel: "portal", platformRef: "X-GOV-42" });

    const again = memoryIo({ cwd: root });
    expect(await runCli(args, again.io)).toBe(0);
    expect(again.stdout()).toMatch(/already recorded/);
    expect(await events(store, "req-1")).toHaveLength(history.length);

    const other = memoryIo({ cwd: root });
    expect(await runCli([...args.slice(0, 2), "OTHER", ...args.slice(3)], other.io)).toBe(1);
    expect(other.stderr()).toMatch(/already submitted/);
  }, 60_000);

  it("with --prepared, refuses a request whose packet was never prepared and marks a prepared one confirmed", async () => {
    const prepared = join(root, "portal.jsonl");
    const request = approvedRequest("req-p");
    await createManualChannel({
      platform: "x",
      portal: { name: "X portal", url: "https://x.example/gov" },
      store: openPreparedFile(prepared),
    }).submit({ request, targets: request.targets }, { idempotencyKey: "req-p:0" });

    const missing = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["confirm", "req-q", "N-1", "--store", store, "--actor", "a", "--prepared", prepared],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.stderr()).toMatch(/no packet was prepared/);
    expect((await events(store, "req-q")).some((e) => e.type === "submitted")).toBe(false);

    const run = memoryIo({ cwd: root });
    expect(
      await runCli(
        ["confirm", "req-p", "N-2", "--store", store, "--actor", "a", "--prepared", prepared, "--json"],
        run.io,
      ),
    ).toBe(0);
    expect(JSON.parse(run.stdout())).toMatchObject({
      type: "submitted",
      platformRef: "N-2",
      idempotencyKey: "req-p:0",
    });
    expect((await openPreparedFile(prepared).get("req-p"))?.confirmation?.number).toBe("N-2");
  }, 60_000);

  it("says when the request is not in the store", async () => {
    const run = memoryIo({ cwd: root });
    expect(await runCli(["confirm", "nope", "N-1", "--store", store, "--actor", "a"], run.io)).toBe(1);
    expect(run.stderr()).toMatch(/no request nope/);
  }, 30_000);
});

/**
 * `referral-kit verify` against the sandbox's public pages over real HTTP (no msw in this file).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RequestEvent, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";
import { type Sandbox, startSandbox } from "referral-kit/testing";
import { parseVerificationRecords } from "referral-kit/verify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { approvedRequest } from "../channels/email-fixtures.js";
import { memoryIo } from "../support/cli-io.js";
import { withEvents } from "../support/requests.js";

const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "x" };
const actioned: RequestEvent = { type: "actioned", at: "2025-03-02T10:00:00Z" };

let root: string;
let store: string;
let sandbox: Sandbox<"x">;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rk-verify-"));
  store = join(root, "store");
  sandbox = await startSandbox({ port: 0, platforms: ["x"] });
  const opened = await openStore(store);
  try {
    const requests = [
      withEvents(approvedRequest("req-v1"), submitted, actioned),
      withEvents(approvedRequest("req-v2"), submitted),
    ];
    await opened.saveRequests(
      requests.map((request) => ({ request, batches: [request.targets.map((t) => targetKey(t.target))] })),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => sandbox.reset());

const verify = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(
    ["verify", "--store", store, "--base-url", `${sandbox.url}/public`, "--rate", "1000", ...args],
    run.io,
  );
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};
const records = (file: string) => parseVerificationRecords(readFileSync(join(root, file), "utf8"));

describe("referral-kit verify", () => {
  it("probes the targets of actioned requests and appends one record each", async () => {
    sandbox.setPage("x", "/fictional_ttp_media", "suspended");
    const run = await verify("--verifications", "first.jsonl");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/checked 2 targets: 1 removed, 0 withheld, 1 still available, 0 inconclusive/);
    expect(run.stdout).toMatch(/0 reinstatements found/);
    expect(run.stderr).toBe("");
    expect(records("first.jsonl").map((r) => [r.requestId, r.target, r.type])).toEqual([
      ["req-v1", "x:fictional_ttp_media", "verified-removed"],
      ["req-v1", "x:fictional_ttp_news", "still-available"],
    ]);

    // Append-only: a second run adds lines; with --include submitted the pending request (same two
    // accounts) is checked too.
    const again = await verify("--verifications", "first.jsonl", "--include", "submitted", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({
      checked: 4,
      removed: 2,
      available: 2,
      reinstatements: [],
    });
    expect(records("first.jsonl")).toHaveLength(6);
  });

  it("with --recheck-every checks only what is due, and reports reinstatements", async () => {
    const old = {
      type: "verified-removed",
      requestId: "req-v1",
      platform: "x",
      target: "x:fictional_ttp_media",
      url: "https://x.com/fictional_ttp_media",
      at: "2025-03-03T00:00:00Z",
      probe: "http",
      httpStatus: 404,
    };
    const news = { ...old, target: "x:fictional_ttp_news", url: "https://x.com/fictional_ttp_news" };
    writeFileSync(
      join(root, "second.jsonl"),
      `${JSON.stringify(old)}\n${JSON.stringify({ ...news, type: "still-available", at: new Date().toISOString() })}\n`,
    );
    // Earlier records are read from the file new ones are appended to.
    const run = await verify("--verifications", "second.jsonl", "--recheck-every", "24");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/checked 1 target: 0 removed, 0 withheld, 1 still available/);
    expect(run.stdout).toMatch(
      /1 reinstatement found\n {2}x:fictional_ttp_media \(req-v1\): gone at 2025-03-03T00:00:00Z/,
    );
    expect(records("second.jsonl").slice(2)).toMatchObject([
      { target: "x:fictional_ttp_media", reinstated: true },
    ]);
  });

  it("refuses usage mistakes (2) and unreadable earlier records (3)", async () => {
    const none = memoryIo({ cwd: root });
    expect(await runCli(["verify"], none.io)).toBe(2);
    expect(none.stderr()).toMatch(/--store is required/);
    expect((await verify("--include", "everything")).code).toBe(2);
    expect((await verify("--recheck-every", "soon")).code).toBe(2);
    writeFileSync(join(root, "bad.jsonl"), "not json\n");
    const bad = await verify("--verifications", "bad.jsonl");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad\.jsonl:1: not a verification record/);
  });

  it("draws progress on stderr only on a terminal", async () => {
    const run = memoryIo({ cwd: root, isTTY: true });
    const args = [
      "verify",
      "--store",
      store,
      "--base-url",
      `${sandbox.url}/public`,
      "--rate",
      "1000",
      "--verifications",
      "tty.jsonl",
    ];
    expect(await runCli(args, run.io)).toBe(0);
    expect(run.stderr()).toMatch(/checked 2/);
  });
});

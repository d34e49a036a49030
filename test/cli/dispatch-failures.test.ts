/**
 * `referral-kit dispatch` when requests fail, and the files and stores it is given: every failure with its
 * reason (terminal, JSON and store), exit 1 while anything is left failed, --retry-failed, a missing store
 * never created, strict config files, checked encodings and short excerpts.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { type MockServer, startMockServer } from "../dispatch/support/mock-server.js";
import { approvedRequest } from "../dispatch/support/requests.js";
import { memoryIo } from "../support/cli-io.js";

let mock: MockServer;
let root: string;
let config: string;
const adapterModule = fileURLToPath(new URL("../dispatch/support/cli-adapter.ts", import.meta.url));

beforeAll(async () => {
  mock = await startMockServer();
  root = fs.mkdtempSync(path.join(tmpdir(), "rk-cli-failures-"));
  config = path.join(root, "dispatch.json");
  const platforms = { x: { module: adapterModule, options: { platform: "x", baseUrl: mock.url } } };
  fs.writeFileSync(config, JSON.stringify({ platforms }));
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const jsonl = (requests: unknown[]) => `${requests.map((r) => JSON.stringify(r)).join("\n")}\n`;
const dispatch = async (...args: string[]) => {
  const run = memoryIo({ cwd: root });
  const code = await runCli(["dispatch", ...args, "--config", config], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
};

describe("referral-kit dispatch: failures", () => {
  it("says when it waits for a platform's rate window, and until when, without a terminal too", async () => {
    const limited = path.join(root, "limited.json");
    const platforms = {
      x: {
        module: adapterModule,
        options: { platform: "x", baseUrl: mock.url },
        limits: { rateLimits: [{ limit: 2, windowMs: 6_000 }] },
      },
    };
    fs.writeFileSync(limited, JSON.stringify({ platforms }));
    fs.writeFileSync(
      path.join(root, "three.jsonl"),
      jsonl([approvedRequest("w-1"), approvedRequest("w-2"), approvedRequest("w-3")]),
    );
    const run = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", "three.jsonl", "--store", "memory:", "--config", limited], run.io)).toBe(
      0,
    );
    expect(run.stderr()).toMatch(
      /^x: rate window full \(2 per 6s\); the next request goes at \d\d:\d\d:\d\dZ, 1 left\n$/,
    );
    expect(run.stdout()).toMatch(/3 sent, 0 failed/);
  }, 60_000);

  it("says why each request failed (stderr, --json and the store), exits 1 until --retry-failed sends it", async () => {
    const store = path.join(root, "store");
    fs.writeFileSync(path.join(root, "two.jsonl"), jsonl([approvedRequest("f-1"), approvedRequest("f-2")]));
    mock.fault = () => ({ status: 401 });
    const first = await dispatch("two.jsonl", "--store", store, "--create");
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/failed f-1 \(x\): authentication_failed: .*401/);
    expect(first.stderr).toMatch(/failed f-2 \(x\): authentication_failed: /);
    expect(first.stdout).toMatch(/0 sent, 2 failed/);
    expect(first.stdout).toContain("--retry-failed");

    // The reason is kept with the job in the store.
    const opened = await openStore(store);
    try {
      const failed = await opened.listJobs({ state: "failed" });
      expect(failed.map((job) => [job.requestId, job.lastError?.code])).toEqual([
        ["f-1", "authentication_failed"],
        ["f-2", "authentication_failed"],
      ]);
    } finally {
      await opened.close();
    }

    // A later run does not say "0 failed" while they wait: it lists them and exits 1.
    const later = await dispatch("--resume", "--store", store, "--json");
    expect(later.code).toBe(1);
    const summary = JSON.parse(later.stdout) as {
      failed: unknown[];
      failedEarlier: { requestId: string; code: string; message: string }[];
    };
    expect(summary.failed).toEqual([]);
    expect(summary.failedEarlier.map((f) => [f.requestId, f.code])).toEqual([
      ["f-1", "authentication_failed"],
      ["f-2", "authentication_failed"],
    ]);
    expect(summary.failedEarlier[0]!.message).toMatch(/401/);

    // Fixed: --retry-failed sends them again, and the run is clean.
    mock.fault = () => undefined;
    const retried = await dispatch("--retry-failed", "--store", store);
    expect(retried.stderr).toBe("");
    expect(retried.stdout).toMatch(/queued 2 failed requests again/);
    expect(retried.stdout).toMatch(/2 sent, 0 failed, 0 still queued/);
    expect(retried.code).toBe(0);
  }, 120_000);

  it("never creates a store unless asked: a mistyped --store is exit 3 and leaves nothing behind", async () => {
    fs.writeFileSync(path.join(root, "one.jsonl"), jsonl([approvedRequest("m-1")]));
    const typo = path.join(root, "referals.store");
    const run = await dispatch("one.jsonl", "--store", typo);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`no store at ${typo} (nothing there)`);
    expect(run.stderr).toContain("--create");
    expect(fs.existsSync(typo)).toBe(false);
    for (const argv of [
      ["sync", "--store", typo],
      ["verify", "--store", typo],
      ["compliance", "--store", typo],
      ["transparency", "--store", typo, "--from", "2025-01-01", "--to", "2026-01-01"],
      ["export", "--store", typo],
      ["confirm", "req-1", "N-1", "--store", typo, "--actor", "a"],
      ["replies", "one.jsonl", "--store", typo],
    ]) {
      const other = memoryIo({ cwd: root });
      expect(await runCli(argv, other.io), argv[0]).toBe(3);
      expect(other.stderr(), argv[0]).toContain("no store at");
      expect(fs.existsSync(typo), argv[0]).toBe(false);
    }
  });

  it("refuses a config with an unknown key or a secret, naming the file and the key", async () => {
    const bad = path.join(root, "bad-config.json");
    fs.writeFileSync(bad, JSON.stringify({ platforms: { x: { options: {}, limit: { concurrency: 2 } } } }));
    const run = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", "--resume", "--store", "memory:", "--config", bad], run.io)).toBe(3);
    expect(run.stderr()).toBe(
      `referral-kit dispatch: ${bad}: unknown key "limit" in platforms.x (see docs/cli.md for the config's keys)\n`,
    );
    fs.writeFileSync(bad, JSON.stringify({ platforms: { x: { options: { bearerToken: "s3cr3t-value" } } } }));
    const secret = memoryIo({ cwd: root });
    expect(await runCli(["dispatch", "--resume", "--store", "memory:", "--config", bad], secret.io)).toBe(3);
    expect(secret.stderr()).toContain("platforms.x.options.bearerToken looks like a secret");
    expect(secret.stderr()).not.toContain("s3cr3t-value");
  });

  it("refuses a requests file that is not UTF-8 (file and line), and reads it with --encoding", async () => {
    const request = approvedRequest("enc-1", { platform: "x" });
    const text = jsonl([request]).replace("Fictional Unit", "Unité fictive");
    fs.writeFileSync(path.join(root, "latin1.jsonl"), Buffer.from(`\n${text}`, "latin1"));
    const run = await dispatch("latin1.jsonl", "--store", "memory:", "--no-run");
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      "referral-kit dispatch: latin1.jsonl:2: the file is not valid UTF-8 (saved as Latin-1 or Windows-1252? convert it, or name its encoding with --encoding)\n",
    );
    const decoded = await dispatch("latin1.jsonl", "--store", "memory:", "--no-run", "--encoding", "latin1");
    expect(decoded.stderr).toBe("");
    expect(decoded.stdout).toMatch(/stored 1 new request/);
  });

  it("cuts a huge field to a short excerpt in its error line", async () => {
    const huge = approvedRequest("big-1") as unknown as Record<string, unknown>;
    const line = JSON.stringify({ ...huge, id: "x".repeat(10_000_000) });
    fs.writeFileSync(path.join(root, "huge.jsonl"), `${line}\n`);
    const run = await dispatch("huge.jsonl", "--store", "memory:", "--no-run");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused x{60}…\(10000000 characters\) \(huge\.jsonl:1\): /);
    expect(run.stderr.length).toBeLessThan(2_000);

    fs.writeFileSync(path.join(root, "broken.jsonl"), `{"id": "${"y".repeat(10_000_000)}\n`);
    const broken = await dispatch("broken.jsonl", "--store", "memory:", "--no-run");
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^referral-kit dispatch: broken\.jsonl:1: not JSON /);
    expect(broken.stderr.length).toBeLessThan(2_000);
  });
});

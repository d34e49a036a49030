/**
 * The embedded store flushes each commit to disk by default (PGlite alone runs PostgreSQL with fsync off
 * and has no fsync in its Node file system); `fsync: false` is the documented opt-out. Checked from
 * outside, by tracing the process's fsync/fdatasync system calls while it commits one request.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { openPgliteStore } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./commit-store.ts", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));
const root = fs.mkdtempSync(path.join(tmpdir(), "rk-fsync-"));
const store = path.join(root, "store");
const strace = (() => {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  if (strace) await (await openPgliteStore({ path: store })).close();
}, 180_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** The flushes (fsync, fdatasync) the process makes while it commits one request, on the store's files. */
async function flushesDuringCommit(fsyncOption: "on" | "off"): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", script, store, fsyncOption], {
    cwd: projectRoot,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => stdout.includes(text) && resolve();
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        check();
      });
      void exited.then(() => (stdout.includes(text) ? resolve() : reject(new Error(stderr))));
    });
  await printed("open");
  const log = path.join(root, `strace-${fsyncOption}.log`);
  const tracer = spawn("strace", ["-f", "-p", String(child.pid), "-e", "trace=fsync,fdatasync", "-o", log], {
    stdio: "ignore",
  });
  // strace prints nothing we can wait on; give it a moment to attach to every thread.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  child.stdin.write("go\n");
  await printed("committed");
  tracer.kill("SIGINT");
  await new Promise((resolve) => tracer.on("exit", resolve));
  await exited;
  return fs
    .readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => /\b(fsync|fdatasync)\(/.test(line) && / = 0$/.test(line.trim())).length;
}

describe.skipIf(!strace)("durable commits in the embedded store (strace)", () => {
  it("flushes a commit to disk by default, and not with fsync: false", async () => {
    const on = await flushesDuringCommit("on");
    const off = await flushesDuringCommit("off");
    expect(on, "fsync/fdatasync calls while committing, by default").toBeGreaterThan(0);
    expect(off, "fsync/fdatasync calls while committing, with fsync: false").toBe(0);
  }, 180_000);
});

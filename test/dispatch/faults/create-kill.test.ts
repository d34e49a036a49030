/**
 * A process killed (SIGKILL) while it creates the embedded store leaves nothing that blocks the next
 * open: the store is built beside its final path and renamed into place once complete, and what a killed
 * creation left behind is cleaned up by the next open.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "referral-kit/dispatch";
import { afterAll, describe, expect, it } from "vitest";
import { approvedRequest } from "../support/requests.js";

const script = fileURLToPath(new URL("./create-store.ts", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../../", import.meta.url));
const root = fs.mkdtempSync(path.join(tmpdir(), "rk-create-kill-"));

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** The data directories of the store `name` under `root` (its own, or one being built beside it). */
function dataDirectories(name: string): string[] {
  return fs
    .readdirSync(root)
    .filter((entry) => entry.startsWith(name) && !entry.endsWith(".lock"))
    .map((entry) => path.join(root, entry))
    .filter((dir) => fs.statSync(dir).isDirectory());
}

/**
 * Starts creating the store `name` in another process and kills it (SIGKILL) as soon as `when` holds for
 * one of its data directories' entries. Resolves whether the kill landed before creation finished.
 */
async function killDuringCreation(name: string, when: (entries: string[]) => boolean): Promise<boolean> {
  const child = spawn(process.execPath, ["--import", "tsx", script, path.join(root, name)], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = Date.now() + 120_000;
  while (!exited && Date.now() < deadline) {
    if (dataDirectories(name).some((dir) => when(fs.readdirSync(dir)))) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill("SIGKILL");
  await exit;
  return !stdout.includes("created");
}

async function expectUsable(name: string): Promise<void> {
  const store = await openStore(path.join(root, name));
  try {
    await store.saveRequests([{ request: approvedRequest("req-a"), batches: [["x:req-a-t0"]] }], Date.now());
    expect((await store.getRequest("req-a"))?.id).toBe("req-a");
  } finally {
    await store.close();
  }
  // Nothing is left beside the store: no half-built sibling, no lock.
  expect(fs.readdirSync(root).filter((entry) => entry.startsWith(name))).toEqual([name]);
}

describe("a kill while the embedded store is created", () => {
  it("leaves nothing that stops the next open (killed before and after initdb wrote PG_VERSION)", async () => {
    const points: [string, (entries: string[]) => boolean][] = [
      ["store-early", (entries) => entries.length > 0 && !entries.includes("PG_VERSION")],
      ["store-late", (entries) => entries.includes("PG_VERSION")],
    ];
    for (const [name, when] of points) {
      expect(await killDuringCreation(name, when), `${name}: the kill came after creation finished`).toBe(
        true,
      );
      await expectUsable(name);
    }
  }, 300_000);

  it("waits for the initdb process a killed creation left running before it removes its directory", async () => {
    // initdb runs in a process of its own, which outlives a creator killed with SIGKILL and goes on
    // writing its directory; removing that directory under it fails or leaves files behind.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const fs = require("node:fs");
         const dir = process.argv[1] + ".creating-" + process.pid;
         const end = Date.now() + 1500;
         let n = 0;
         while (Date.now() < end) {
           fs.mkdirSync(dir + "/base/" + (n % 7), { recursive: true });
           fs.writeFileSync(dir + "/base/" + (n % 7) + "/" + n, "x");
           n += 1;
         }`,
        path.join(root, "store-orphan"),
      ],
      { stdio: "ignore" },
    );
    const exited = new Promise<void>((resolve) => writer.on("exit", () => resolve()));
    const building = path.join(root, `store-orphan.creating-${writer.pid}`);
    while (!fs.existsSync(building)) await new Promise((resolve) => setTimeout(resolve, 5));
    await expectUsable("store-orphan");
    await exited;
    expect(fs.existsSync(building)).toBe(false);
  }, 120_000);

  it("makes again a store an earlier release left half made (data directory entries, no PG_VERSION)", async () => {
    const dir = path.join(root, "store-legacy");
    fs.mkdirSync(path.join(dir, "global"), { recursive: true });
    fs.mkdirSync(path.join(dir, "pg_wal"));
    fs.writeFileSync(path.join(dir, "global", "1262"), Buffer.alloc(8192));
    await expectUsable("store-legacy");
  }, 120_000);
});

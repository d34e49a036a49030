import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";
import { openPgliteStore, openStore, type RequestStore, StoreError } from "referral-kit/dispatch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { approvedRequest } from "./support/requests.js";

// The embedded store on disk. Creating a store runs initdb (seconds), so one is made here and copied.
const root = fs.mkdtempSync(path.join(tmpdir(), "rk-pglite-"));
const template = path.join(root, "template");

beforeAll(async () => {
  const store = await openPgliteStore({ path: template });
  await store.saveRequests([{ request: approvedRequest("req-a"), batches: [["x:req-a-t0"]] }], Date.now());
  await store.close();
}, 120_000);

afterAll(() => {
  fs.chmodSync(root, 0o755);
  for (const entry of fs.readdirSync(root)) fs.chmodSync(path.join(root, entry), 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

function copy(name: string): string {
  const target = path.join(root, name);
  fs.cpSync(template, target, { recursive: true });
  return target;
}

function digest(dir: string): string {
  const hash = createHash("sha256");
  const walk = (at: string) => {
    for (const entry of fs
      .readdirSync(at, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

async function openError(location: string): Promise<StoreError> {
  const error = await openStore(location).then(
    async (store: RequestStore) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(StoreError.isInstance(error), String(error)).toBe(true);
  return error as StoreError;
}

describe("embedded store on disk", () => {
  it("keeps what it stored across processes' opens, and refuses a second open while one is live", async () => {
    const dir = copy("reopen");
    const store = await openStore(dir);
    try {
      expect(store.kind).toBe("pglite");
      expect((await store.getRequest("req-a"))?.id).toBe("req-a");
      const second = await openError(dir);
      expect(second.code).toBe("store_locked");
    } finally {
      await store.close();
    }
    const again = await openStore(dir);
    expect((await again.listJobs()).map((job) => job.idempotencyKey)).toEqual(["rk:req-a:b0"]);
    await again.close();
  });

  it("takes over the lock of a process that died", async () => {
    const dir = copy("stale-lock");
    fs.writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname() }),
    );
    const store = await openStore(dir);
    expect((await store.getRequest("req-a"))?.id).toBe("req-a");
    await store.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("reports damaged data files as store_corrupted and changes nothing", async () => {
    const dir = copy("corrupt");
    fs.writeFileSync(path.join(dir, "global", "pg_control"), Buffer.alloc(8192, 0x5a));
    const before = digest(dir);
    const error = await openError(dir);
    expect(error.code).toBe("store_corrupted");
    expect(error.message).toMatch(/Nothing was changed or reset/);
    expect(digest(dir)).toBe(before);
  }, 60_000);

  it("refuses a file, or a directory that is not a store, without touching it", async () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "not a store");
    expect((await openError(file)).code).toBe("store_corrupted");
    expect(fs.readFileSync(file, "utf8")).toBe("not a store");
    const other = path.join(root, "other-dir");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "mine");
    const error = await openError(other);
    expect(error.code).toBe("store_corrupted");
    expect(error.message).toMatch(/not a referral-kit store/);
    expect(fs.readdirSync(other)).toEqual(["notes.txt"]);
  });

  it("reports a read-only store as store_read_only and changes nothing", async () => {
    const dir = copy("read-only");
    const before = digest(dir);
    fs.chmodSync(dir, 0o555);
    try {
      const error = await openError(dir);
      expect(error.code).toBe("store_read_only");
    } finally {
      fs.chmodSync(dir, 0o755);
    }
    expect(digest(dir)).toBe(before);
  });

  it("refuses a store written by a newer release", async () => {
    const dir = copy("too-new");
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(dir);
    await db.exec("insert into rk_schema_migrations (version, name) values (999, 'from the future')");
    await db.close();
    const error = await openError(dir);
    expect(error.code).toBe("store_too_new");
  }, 60_000);
});

describe("the store's thread", () => {
  /** The `nice` of each of this process's threads (Linux), by thread id. */
  const threadNices = (): Map<string, number> => {
    const nices = new Map<string, number>();
    for (const tid of fs.readdirSync("/proc/self/task")) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state is the 3rd field, nice the 19th.
      nices.set(tid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
    }
    return nices;
  };
  const onLinux = fs.existsSync("/proc/self/task");

  it.runIf(onLinux)(
    "runs at the caller's priority by default (it is on every call's path), lower when threadNice asks",
    async () => {
      const own = threadNices().get(String(process.pid))!;
      const lowered = (before: Map<string, number>) =>
        [...threadNices()].filter(([tid, nice]) => !before.has(tid) && nice !== own).map(([, nice]) => nice);
      // A caller already at 19 (e.g. a test run under `nice -n 19`) has nothing lower to give its thread.
      const loweredBy = (n: number) => (Math.min(19, own + n) === own ? [] : [Math.min(19, own + n)]);
      for (const [threadNice, expected] of [
        [undefined, []],
        [0, []],
        [10, loweredBy(10)],
        [3, loweredBy(3)],
      ] as const) {
        const before = threadNices();
        const store = await openPgliteStore({ path: copy(`nice-${threadNice}`), threadNice });
        try {
          expect(lowered(before)).toEqual(expected);
        } finally {
          await store.close();
        }
      }
    },
    120_000,
  );

  it("ends by itself on close, and after a failed open: never terminated (that can crash a process whose thread ran WebAssembly)", async () => {
    const terminate = vi.spyOn(Worker.prototype, "terminate");
    const listen = vi.spyOn(Worker.prototype, "on");
    /** Each store thread seen so far, with its exit code once it ends: 0 when it returned, 1 when terminated. */
    const exits = new Map<Worker, number | undefined>();
    const watchNewThreads = () => {
      for (const thread of listen.mock.contexts as Worker[]) {
        if (exits.has(thread)) continue;
        exits.set(thread, undefined);
        thread.once("exit", (code) => exits.set(thread, code));
      }
    };
    try {
      const store = await openPgliteStore({ path: copy("close") });
      watchNewThreads();
      await store.counts(undefined, Date.now());
      await store.close();
      expect([...exits.values()]).toEqual([0]);
      await expect(store.counts(undefined, Date.now())).rejects.toThrow();

      const damaged = copy("close-corrupt");
      fs.writeFileSync(path.join(damaged, "global", "pg_control"), Buffer.alloc(8192, 0x5a));
      expect((await openError(damaged)).code).toBe("store_corrupted");
      // That thread has ended by the time the open rejects; what counts is that it was not terminated.
      watchNewThreads();
      expect(exits.size).toBe(2);
      expect(terminate).not.toHaveBeenCalled();
    } finally {
      terminate.mockRestore();
      listen.mockRestore();
    }
  }, 60_000);

  it("refuses a threadNice that is not an integer from 0 to 19", async () => {
    for (const threadNice of [-1, 20, 2.5, Number.NaN]) {
      await expect(openPgliteStore({ path: path.join(root, "never"), threadNice })).rejects.toThrow(
        /threadNice must be an integer from 0 to 19/,
      );
    }
    expect(fs.existsSync(path.join(root, "never"))).toBe(false);
    // Checked before anything is opened, with a caller's PGlite instance too.
    await expect(openPgliteStore({ db: {} as PGlite, threadNice: 20 })).rejects.toThrow(/threadNice/);
  });
});

describe("the store on the calling thread (thread: false)", () => {
  it("starts no thread, reads and writes the same store as the thread does, and flushes each commit to disk", async () => {
    const dir = copy("here");
    const listen = vi.spyOn(Worker.prototype, "on");
    // The engine's `node:fs` is this CommonJS module object: counting its fsyncs counts the store's.
    const cjsFs = createRequire(import.meta.url)("node:fs") as typeof fs;
    const fsync = vi.spyOn(cjsFs, "fsyncSync");
    try {
      const here = await openPgliteStore({ path: dir, thread: false });
      try {
        expect(listen).not.toHaveBeenCalled();
        expect((await here.getRequest("req-a"))?.id).toBe("req-a");
        fsync.mockClear();
        await here.saveRequests(
          [{ request: approvedRequest("req-b"), batches: [["x:req-b-t0"]] }],
          Date.now(),
        );
        expect(fsync).toHaveBeenCalled();
      } finally {
        await here.close();
      }
    } finally {
      listen.mockRestore();
      fsync.mockRestore();
    }
    const threaded = await openPgliteStore({ path: dir });
    try {
      expect((await threaded.listJobs()).map((job) => job.idempotencyKey).sort()).toEqual([
        "rk:req-a:b0",
        "rk:req-b:b0",
      ]);
    } finally {
      await threaded.close();
    }
  }, 60_000);

  it("skips the flushes with fsync: false", async () => {
    const cjsFs = createRequire(import.meta.url)("node:fs") as typeof fs;
    const fsync = vi.spyOn(cjsFs, "fsyncSync");
    try {
      const here = await openPgliteStore({ path: copy("here-nofsync"), thread: false, fsync: false });
      try {
        fsync.mockClear();
        await here.saveRequests(
          [{ request: approvedRequest("req-c"), batches: [["x:req-c-t0"]] }],
          Date.now(),
        );
        expect(fsync).not.toHaveBeenCalled();
      } finally {
        await here.close();
      }
    } finally {
      fsync.mockRestore();
    }
  }, 60_000);

  it("refuses a thread that is not true or false", async () => {
    await expect(
      openPgliteStore({ path: path.join(root, "never"), thread: "no" as unknown as boolean }),
    ).rejects.toThrow(/thread must be true or false/);
    expect(fs.existsSync(path.join(root, "never"))).toBe(false);
  });
});

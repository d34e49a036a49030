import * as fs from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { loadOptional } from "../../adapter/load-optional.js";
import { StoreError } from "../errors.js";
import type { RequestStore } from "./port.js";
import type { PgliteDatabase } from "./sql/client-shapes.js";
import type { SqlDriver, SqlExecutor } from "./sql/driver.js";
import { migrate } from "./sql/migrations.js";
import { batchHere, openPgliteHere, queryHere } from "./sql/pglite-engine.js";
import { initStoreDirectory, openPgliteThread } from "./sql/pglite-thread.js";
import { createSqlStore } from "./sql/sql-store.js";

/**
 * Options for {@link openPgliteStore}.
 *
 * @example
 * ```ts
 * const options: PgliteStoreOptions = { path: "./referrals.store" };
 * ```
 */
export interface PgliteStoreOptions {
  /**
   * The store's directory (created when missing). Omit for a store in memory. The directory is a
   * PostgreSQL data directory run by PGlite: open it only through referral-kit.
   */
  readonly path?: string;
  /** An open PGlite instance to use instead (not closed by `close()`). */
  readonly db?: PgliteDatabase;
  /**
   * How much lower than the calling thread the store's own thread is scheduled, as a `nice` increment
   * (an integer from 0 to 19; default 0, which leaves it alone). On Linux only (elsewhere it has no
   * effect); not with `db`, which runs on the caller's thread.
   * With the dispatcher's default (durable outcomes) every call's slot waits for its outcome's commit, so
   * the store's thread is on every call's path and a lower priority slows the whole run whenever the
   * machine is busy (10,000 requests, 200 ms a call: 117 s at 10 against 81 s at 0). Only with
   * `outcomes: "batched"`, where the store's work runs behind the calls, on a machine with few cores and
   * nothing else to do, may 10 help the HTTP loop (see `bench/RESULTS.md`).
   */
  readonly threadNice?: number;
  /**
   * Whether each commit is flushed to disk before it is reported (default `true`). With `true` a
   * committed outcome survives a process kill, an OS crash and a power loss (on a disk that honours
   * flushes). `false` skips the flushes: faster (see `bench/RESULTS.md`), and still safe against a
   * process kill (the OS has the data), but an OS crash or power loss may lose the last commits or leave
   * the store damaged (`store_corrupted`). Not with `db`, whose caller set up its own instance.
   */
  readonly fsync?: boolean;
  /**
   * Where PostgreSQL (PGlite) runs: `true` in a worker thread of its own, `false` on the calling
   * thread (default `true`). On the calling thread each statement blocks the
   * caller's event loop while it runs (milliseconds), but no message crosses threads and no third busy
   * thread competes for the cores; `bench/RESULTS.md` has the dispatch throughput of both. Not with
   * `db`, which runs wherever its caller made it.
   */
  readonly thread?: boolean;
}

/** The default of {@link PgliteStoreOptions.thread}. */
export const DEFAULT_PGLITE_THREAD = true;

/** The default of {@link PgliteStoreOptions.threadNice}. */
export const DEFAULT_PGLITE_THREAD_NICE = 0;

/**
 * Opens the embedded store: PostgreSQL compiled to WebAssembly (PGlite), in this process, in a
 * directory; no server, no native build. It runs the same SQL and migrations as the PostgreSQL store.
 * One process at a time: a lock file next to the directory refuses a second live process
 * (`store_locked`); a dead process's lock is taken over. Creating a new store takes several seconds
 * (PGlite runs `initdb`); opening an existing one about a second.
 *
 * Never resets anything: a path that is a file, a directory that is not a store, damaged data files or
 * a store from a newer release are `StoreError`s (`store_corrupted`, `store_too_new`), and a directory
 * without write permission (any write bit, so even for root) or on a read-only file system is
 * `store_read_only`.
 *
 * @throws {StoreError} with one of the codes above.
 * @throws {MissingDependencyError} `@electric-sql/pglite` is not installed.
 *
 * @example
 * ```ts
 * import { openPgliteStore } from "referral-kit/dispatch";
 *
 * const store = await openPgliteStore({ path: "./referrals.store" });
 * try {
 *   console.log(await store.counts(undefined, Date.now()));
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<RequestStore> {
  if (options.thread !== undefined && typeof options.thread !== "boolean") {
    throw new TypeError(`thread must be true or false, got ${String(options.thread)}`);
  }
  const nice = options.threadNice ?? DEFAULT_PGLITE_THREAD_NICE;
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new TypeError(`threadNice must be an integer from 0 to 19, got ${String(options.threadNice)}`);
  }
  // A PGlite instance of the caller's runs on the caller's thread: there is no thread of ours to lower.
  if (options.db) return openOn(pgliteDriver(options.db), "(PGlite instance)", async () => {});
  // Before the directory is touched: without the driver there is nothing to open.
  await loadPglite();
  const location = options.path === undefined ? "memory://" : path.resolve(options.path);
  const prepared = options.path === undefined ? undefined : await prepareDirectory(location);
  const release = prepared?.release ?? (() => {});
  let driver: SqlDriver;
  try {
    const fsync = options.fsync ?? true;
    if (prepared?.create) await createStore(location, { fsync });
    const dataDir = options.path === undefined ? undefined : location;
    driver =
      (options.thread ?? DEFAULT_PGLITE_THREAD)
        ? // PGlite in a worker thread, so the store's SQL overlaps the dispatcher's HTTP.
          await openPgliteThread(dataDir, { nice, fsync })
        : pgliteDriver(await openPgliteHere(dataDir, { fsync }));
  } catch (error) {
    release();
    if (StoreError.isInstance(error)) throw error;
    throw openFailure(location, error);
  }
  return openOn(
    driver,
    location,
    async () => {
      try {
        await driver.close();
      } finally {
        release();
      }
    },
    true,
  ).catch(async (error: unknown) => {
    await driver.close().catch(() => {});
    release();
    throw error;
  });
}

async function openOn(
  driver: SqlDriver,
  location: string,
  onClose: () => Promise<void>,
  exclusive = false,
): Promise<RequestStore> {
  try {
    await migrate(driver, location);
    // We hold the lock, so any lease left in the store belongs to a process that died: free those jobs
    // now rather than after their lease expires. Their attempts stay `pending` (the outcome is unknown)
    // and the next attempt repeats the same idempotency key.
    if (exclusive) {
      await driver.query(
        "update rk_jobs set lease_owner = null, lease_expires_at = null where lease_owner is not null",
      );
    }
  } catch (error) {
    if (StoreError.isInstance(error)) throw error;
    throw openFailure(location, error);
  }
  return createSqlStore(driver, { kind: "pglite", location, onClose, singleSession: true });
}

function pgliteDriver(db: PgliteDatabase): SqlDriver {
  const executor = (target: Pick<PgliteDatabase, "query" | "exec">): SqlExecutor => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    ...executor(db),
    query: <R>(sql: string, params: readonly unknown[] = []) => queryHere<R>(db, sql, params),
    transaction: (body) => db.transaction((tx) => body(executor(tx))),
    // PostgreSQL runs on this thread and holds it until the commit is flushed, so a settle started the
    // moment one call's outcome arrives would run before the answers already waiting are read: every
    // settle would carry one outcome. Waiting for the rest of this turn of the event loop first lets them
    // arrive, and the settler groups them into the next settle (group commit).
    batch: async (steps) => {
      await new Promise((resolve) => setImmediate(resolve));
      return batchHere(db, steps);
    },
    close: () => db.close(),
  };
}

function loadPglite(): Promise<typeof import("@electric-sql/pglite")> {
  return loadOptional("@electric-sql/pglite", "the embedded store");
}

/**
 * Checks the directory before PGlite touches it, takes the lock, and says whether the store must be
 * created. Returns the function that releases the lock.
 */
async function prepareDirectory(location: string): Promise<{ release: () => void; create: boolean }> {
  const stat = statOrUndefined(location);
  if (stat && !stat.isDirectory()) {
    throw new StoreError(
      "store_corrupted",
      `${location} is a file, not a store directory; move it away or pass another --store path`,
      { location },
    );
  }
  if (stat && ((stat.mode & 0o222) === 0 || !writable(location))) {
    throw new StoreError("store_read_only", `the store at ${location} is read-only; nothing was changed`, {
      location,
    });
  }
  const entries = stat ? fs.readdirSync(location) : [];
  if (entries.length > 0 && !entries.includes("PG_VERSION") && !isHalfMade(entries)) {
    throw new StoreError(
      "store_corrupted",
      `${location} is not an empty directory and not a referral-kit store (no PG_VERSION); nothing was changed`,
      { location },
    );
  }
  try {
    fs.mkdirSync(path.dirname(location), { recursive: true });
  } catch (error) {
    throw new StoreError("store_read_only", `cannot create the store at ${location}: ${describe(error)}`, {
      location,
      cause: error,
    });
  }
  const release = takeLock(location);
  try {
    // Under the lock, nobody else is creating this store: what a killed creation left is garbage, once
    // its initdb process (which outlives the killed caller) has finished writing it.
    for (const name of fs.readdirSync(path.dirname(location))) {
      if (name.startsWith(`${path.basename(location)}${CREATING}`)) {
        const writer = Number(name.slice(path.basename(location).length + CREATING.length));
        if (Number.isInteger(writer) && writer > 0) await processEnded(writer, location);
        fs.rmSync(path.join(path.dirname(location), name), { recursive: true, force: true });
      }
    }
    if (entries.length > 0 && !entries.includes("PG_VERSION")) {
      // Left by a release that created stores in place and was killed before initdb finished: it holds
      // no data (initdb writes PG_VERSION before any table can exist), so it is made again.
      fs.rmSync(location, { recursive: true, force: true });
    }
  } catch (error) {
    release();
    if (StoreError.isInstance(error)) throw error;
    throw new StoreError(
      "store_read_only",
      `cannot clean up beside the store at ${location}: ${describe(error)}`,
      {
        location,
        cause: error,
      },
    );
  }
  return { release, create: entries.length === 0 || !entries.includes("PG_VERSION") };
}

/** The suffix (before the initdb process's pid) of the sibling directory a store is built in. */
const CREATING = ".creating-";

/** How long an open waits for a killed creation's initdb process to finish before giving up. */
const INITDB_ORPHAN_WAIT_MS = 120_000;

/** Resolves once process `pid` has ended; a StoreError if it is still running after the wait. */
async function processEnded(pid: number, location: string): Promise<void> {
  const deadline = Date.now() + INITDB_ORPHAN_WAIT_MS;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      throw new StoreError(
        "store_locked",
        `process ${pid} is still creating the store at ${location}; try again once it has ended`,
        { location },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * What PostgreSQL's initdb writes into a data directory. A directory holding only these, without
 * `PG_VERSION`, is a creation that was interrupted.
 */
const DATA_DIRECTORY_ENTRIES = new Set([
  "base",
  "global",
  "pg_commit_ts",
  "pg_dynshmem",
  "pg_hba.conf",
  "pg_ident.conf",
  "pg_logical",
  "pg_multixact",
  "pg_notify",
  "pg_replslot",
  "pg_serial",
  "pg_snapshots",
  "pg_stat",
  "pg_stat_tmp",
  "pg_subtrans",
  "pg_tblspc",
  "pg_twophase",
  "pg_wal",
  "pg_xact",
  "postgresql.auto.conf",
  "postgresql.conf",
  "postmaster.pid",
  "postmaster.opts",
]);

function isHalfMade(entries: readonly string[]): boolean {
  return entries.every((entry) => DATA_DIRECTORY_ENTRIES.has(entry));
}

/**
 * Creates the store's data directory atomically: initdb runs in a sibling directory, which is flushed to
 * disk and then renamed to its path, so a process killed at any point leaves either no store or a
 * complete data directory (and a sibling the next open removes).
 */
async function createStore(location: string, options: { fsync: boolean }): Promise<void> {
  const building = await initStoreDirectory(`${location}${CREATING}`);
  // Complete once initdb has finished: the schema is made by the first open's migrations (in one
  // transaction), so a kill after the rename leaves a store that the next open migrates.
  if (options.fsync) syncTree(building);
  // An empty directory the caller made for the store is replaced by the complete one.
  if (statOrUndefined(location)) fs.rmdirSync(location);
  fs.renameSync(building, location);
  if (options.fsync) syncDirectory(path.dirname(location));
}

/** Flushes every file under `dir`, and the directories themselves, to disk. */
function syncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(full);
    else if (entry.isFile()) syncFile(full);
  }
  syncDirectory(dir);
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  try {
    syncFile(dir);
  } catch {
    // Some file systems do not fsync directories; the rename is still atomic there.
  }
}

function takeLock(location: string): () => void {
  const lock = `${location}.lock`;
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let tries = 0; tries < 2; tries += 1) {
    try {
      fs.writeFileSync(lock, mine, { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lock, "utf8") === mine) fs.unlinkSync(lock);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new StoreError("store_read_only", `cannot lock the store at ${location}: ${describe(error)}`, {
          location,
          cause: error,
        });
      }
      const holder = readLock(lock);
      if (holder && holder.host === hostname() && alive(holder.pid)) {
        throw new StoreError(
          "store_locked",
          `the store at ${location} is open in process ${holder.pid}; the embedded store serves one process ` +
            "at a time (use a PostgreSQL store for several workers)",
          { location },
        );
      }
      // The holder died (a killed worker): its lock is stale.
      fs.rmSync(lock, { force: true });
    }
  }
  throw new StoreError("store_locked", `could not lock the store at ${location}`, { location });
}

function readLock(lock: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lock, "utf8")) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === "number" && typeof parsed.host === "string"
      ? { pid: parsed.pid, host: parsed.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function statOrUndefined(location: string): fs.Stats | undefined {
  try {
    return fs.statSync(location);
  } catch {
    return undefined;
  }
}

function writable(location: string): boolean {
  try {
    fs.accessSync(location, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function openFailure(location: string, error: unknown): StoreError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EROFS" || code === "EACCES" || code === "EPERM") {
    return new StoreError(
      "store_read_only",
      `the store at ${location} cannot be written: ${describe(error)}`,
      {
        location,
        cause: error,
      },
    );
  }
  return new StoreError(
    "store_corrupted",
    `the store at ${location} cannot be opened; its files look damaged (${describe(error)}). ` +
      "Nothing was changed or reset: restore it from a backup, or move it away to start a new store",
    { location, cause: error },
  );
}

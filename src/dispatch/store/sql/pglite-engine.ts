import { createRequire } from "node:module";
import { runInThisContext } from "node:vm";
import type { PgliteDatabase } from "./client-shapes.js";
import type { SqlBatchResult, SqlStep } from "./driver.js";

/**
 * How the store's PGlite is started and how it runs a batch, as CommonJS source: the store's worker
 * thread evaluates it (its code is a string, so it needs no build step and runs under tsx, vitest and
 * the built package alike), and a store on the calling thread evaluates the same source here, so both
 * placements open PostgreSQL with the same settings and run a settle the same way.
 *
 * `open(require, options)` resolves an open PGlite; `query(db, sql, params)` runs one statement and
 * resolves its rows; `batch(db, steps)` runs the steps in one transaction and resolves
 * `{ committed, rows }`. On an instance `open` made, both go through the session's prepared statements;
 * on any other (a caller's) through PGlite's own `query` and `transaction`.
 */
export const PGLITE_ENGINE_SOURCE = `({
  async open(require, options) {
    const lib = require(options.module);
    const { PGlite } = lib;
    let db;
    if (options.path !== undefined && options.fsync) {
      // PGlite starts PostgreSQL with fsync off (-F), its Node file system has no fsync, and its
      // fdatasync is a stub that does nothing, so a commit reaches the OS but not the disk. All three are
      // dealt with here: fsync on, an fsync for the file system, and the WAL flushed with fsync rather
      // than fdatasync. PostgreSQL then flushes the WAL at every commit (and data files at checkpoints)
      // through fsync(2) on the real files.
      const fs = require("node:fs");
      const { NodeFS } = require(options.nodefs);
      class DurableNodeFS extends NodeFS {
        async init(pg, initOptions) {
          const result = await super.init(pg, initOptions);
          result.emscriptenOpts.preRun.push((module) => {
            module.NODEFS.stream_ops.fsync = (stream) => {
              fs.fsyncSync(stream.nfd);
              return 0;
            };
          });
          return result;
        }
      }
      db = new PGlite({
        fs: new DurableNodeFS(options.path),
        startParams: [
          ...PGlite.defaultStartParams.filter((param) => param !== "-F"),
          "-c",
          "wal_sync_method=fsync",
          ...options.memory,
        ],
      });
    } else {
      db = new PGlite({ dataDir: options.path, startParams: [...PGlite.defaultStartParams, ...options.memory] });
    }
    await db.waitReady;
    this.sessions.set(db, { lib, statements: new Map(), nextName: 0, runs: 0 });
    return db;
  },
  // Per instance opened here: PGlite's exports and the statements prepared in its session.
  sessions: new WeakMap(),
  // Statements kept prepared per session; the store has a few dozen, so this is a guard, not a cache size.
  maxPrepared: 256,
  async query(db, sql, params) {
    if (!this.sessions.has(db)) return (await db.query(sql, params || [])).rows;
    return this.exclusive(db, () => this.run(db, sql, params || []));
  },
  async batch(db, steps) {
    if (!this.sessions.has(db)) return this.batchInTransaction(db, steps);
    const { serialize } = this.sessions.get(db).lib.protocol;
    return this.exclusive(db, async () => {
      const rows = [];
      await db.execProtocolStream(serialize.query("BEGIN"), { syncToFs: false });
      let end = "COMMIT";
      try {
        for (const step of steps) {
          const result = await this.run(db, step.sql, step.params || []);
          rows.push(result);
          if (step.rollbackIfRows && result.length > 0) {
            end = "ROLLBACK";
            break;
          }
        }
      } catch (error) {
        await db.execProtocolStream(serialize.query("ROLLBACK"), { syncToFs: false });
        throw error;
      }
      await db.execProtocolStream(serialize.query(end), { syncToFs: false });
      return { committed: end === "COMMIT", rows };
    });
  },
  // PGlite's own order of locks for a statement outside a transaction: its transaction lock, then its
  // query lock, so nothing of PGlite's own API runs in between; its file-system sync afterwards, as
  // its query does (nothing to do on the Node file system).
  async exclusive(db, work) {
    try {
      return await db._runExclusiveTransaction(() => db.runExclusive(work));
    } finally {
      await db.syncToFs();
    }
  },
  // One statement through a prepared statement of the session: PGlite's query parses and plans every
  // statement again and talks to PostgreSQL in six exchanges; here a statement is parsed once, its plan
  // may be reused, and each run is one exchange (bind, describe, execute, sync). The parameters are
  // serialised as PGlite's query serialises them, by the types PostgreSQL gives the parameters.
  async run(db, sql, params) {
    const session = this.sessions.get(db);
    const { serialize } = session.lib.protocol;
    let statement = session.statements.get(sql);
    if (statement === undefined || session.runs - statement.preparedAt >= this.replanAfter) {
      statement = await this.prepare(db, session, sql, statement);
    }
    session.runs += 1;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[statement.types[i]];
      return serializer ? serializer(value) : value.toString();
    });
    const messages = await db.execProtocolStream(
      this.concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
      { syncToFs: false },
    );
    const [result] = session.lib.parse.parseResults(messages, db.parsers);
    return result ? result.rows : [];
  },
  // A plan PostgreSQL keeps for a prepared statement was made for the tables as they were then (PGlite
  // runs no ANALYZE): one made while the queue held a few hundred rows scans tables later grown to
  // thousands. So a statement is prepared again once the session has run this many statements since
  // (any statements: one run only now and then, such as the queue's counts, follows the tables too), and
  // its plan follows the tables.
  replanAfter: 500,
  async prepare(db, session, sql, previous) {
    const { serialize } = session.lib.protocol;
    const full = previous === undefined && session.statements.size >= this.maxPrepared;
    const name = full ? "" : "rk_" + session.nextName++;
    const parts = [serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: "S", name }), serialize.sync()];
    if (previous !== undefined) parts.unshift(serialize.close({ type: "S", name: previous.name }));
    const messages = await db.execProtocolStream(this.concat(parts), { syncToFs: false });
    const statement = { name, types: session.lib.parse.parseDescribeStatementResults(messages), preparedAt: session.runs };
    if (name !== "") session.statements.set(sql, statement);
    return statement;
  },
  concat(parts) {
    const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  },
  // A PGlite instance not opened here (the caller's): its own API, unchanged.
  async batchInTransaction(db, steps) {
    const rows = [];
    const rolledBack = {};
    try {
      await db.transaction(async (tx) => {
        for (const step of steps) {
          const result = await tx.query(step.sql, step.params || []);
          rows.push(result.rows);
          if (step.rollbackIfRows && result.rows.length > 0) throw rolledBack;
        }
      });
    } catch (error) {
      if (error !== rolledBack) throw error;
      return { committed: false, rows };
    }
    return { committed: true, rows };
  },
})`;

/**
 * PostgreSQL's memory settings for the store. PGlite's defaults (128 MB of shared buffers, 4 MB of WAL
 * buffers) are a server's; the store's working set is small (a claim and a settle touch a few hundred
 * rows) and the OS caches its files anyway, so the store's memory stays small whatever the queue's size:
 * dispatch-memory.bench measures peak RSS at 10,000 and 100,000 requests.
 */
export const PGLITE_MEMORY = [
  "-c",
  "shared_buffers=16MB",
  "-c",
  "wal_buffers=1MB",
  "-c",
  "work_mem=2MB",
  "-c",
  "temp_buffers=2MB",
];

/** What {@link PGLITE_ENGINE_SOURCE}'s `open` needs: where PGlite is, the store's directory and fsync. */
export interface PgliteEngineOptions {
  readonly module: string;
  readonly nodefs: string;
  readonly path: string | undefined;
  readonly fsync: boolean;
  readonly memory: readonly string[];
}

interface PgliteEngine {
  open(require: NodeJS.Require, options: PgliteEngineOptions): Promise<PgliteDatabase>;
  query(db: PgliteDatabase, sql: string, params: readonly unknown[]): Promise<unknown[]>;
  batch(db: PgliteDatabase, steps: readonly SqlStep[]): Promise<{ committed: boolean; rows: unknown[][] }>;
}

/** Where PGlite and its Node file system are, as this package resolves them (for either placement). */
export function pgliteModules(): { require: NodeJS.Require; module: string; nodefs: string } {
  // `__filename` in a CommonJS build (where `import.meta` is empty), `import.meta.url` in ESM.
  const here = typeof __filename === "string" ? __filename : import.meta.url;
  const require = createRequire(here);
  return {
    require,
    module: require.resolve("@electric-sql/pglite"),
    nodefs: require.resolve("@electric-sql/pglite/nodefs"),
  };
}

let engine: PgliteEngine | undefined;

function engineHere(): PgliteEngine {
  engine ??= runInThisContext(PGLITE_ENGINE_SOURCE) as PgliteEngine;
  return engine;
}

/**
 * Opens the store's PGlite on the calling thread, with the settings the store's thread uses
 * ({@link PGLITE_ENGINE_SOURCE}).
 */
export async function openPgliteHere(
  path: string | undefined,
  options: { fsync: boolean },
): Promise<PgliteDatabase> {
  const { require, module, nodefs } = pgliteModules();
  return engineHere().open(require, { module, nodefs, path, fsync: options.fsync, memory: PGLITE_MEMORY });
}

/** Runs one statement on `db` on the calling thread, as the store's thread does. */
export function queryHere<R>(db: PgliteDatabase, sql: string, params: readonly unknown[]): Promise<R[]> {
  return engineHere().query(db, sql, params) as Promise<R[]>;
}

/** Runs `steps` in one transaction on `db` on the calling thread, as the store's thread does. */
export async function batchHere(db: PgliteDatabase, steps: readonly SqlStep[]): Promise<SqlBatchResult> {
  const { committed, rows } = await engineHere().batch(db, steps);
  return { committed, results: rows };
}

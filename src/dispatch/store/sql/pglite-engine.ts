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
 * `open(require, options)` resolves an open PGlite; `batch(db, steps)` runs the steps in one transaction
 * and resolves `{ committed, rows }`.
 */
export const PGLITE_ENGINE_SOURCE = `({
  async open(require, options) {
    const { PGlite } = require(options.module);
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
    return db;
  },
  async batch(db, steps) {
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

/** Runs `steps` in one transaction on `db` on the calling thread, as the store's thread does. */
export async function batchHere(db: PgliteDatabase, steps: readonly SqlStep[]): Promise<SqlBatchResult> {
  const { committed, rows } = await engineHere().batch(db, steps);
  return { committed, results: rows };
}

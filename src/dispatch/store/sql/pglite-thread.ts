import { spawn } from "node:child_process";
import { Worker } from "node:worker_threads";
import type { SqlBatchResult, SqlDriver, SqlExecutor, SqlStep } from "./driver.js";
import { PGLITE_ENGINE_SOURCE, PGLITE_MEMORY, pgliteModules } from "./pglite-engine.js";

/**
 * The worker's code, evaluated as a CommonJS script: it loads PGlite from the path the main thread
 * resolved (so it works wherever the process runs from) and answers `{ id, op, sql, params }` messages.
 * Kept as a string so it needs no build step and runs under tsx, vitest and the built package alike.
 */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort, workerData } = require("node:worker_threads");
(async () => {
  if (workerData.nice > 0) {
    // Below the dispatcher's thread, when asked: the HTTP loop gets the core first, and the store's work
    // takes what is left. Only right when no call waits for the store (outcomes batched).
    try {
      const os = require("node:os");
      const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
      os.setPriority(tid, Math.min(19, os.getPriority(tid) + workerData.nice));
    } catch {
      // Not Linux (no per-thread priority there), or not allowed: the thread keeps the process's priority.
    }
  }
  const engine = ${PGLITE_ENGINE_SOURCE};
  const db = await engine.open(require, workerData);
  // One message at a time, in the order they came, except that a waiting batch (a settle: every call's
  // slot waits for its commit) goes before waiting statements (claims ahead, renewals, counts, which
  // nothing waits for yet). The main thread sends nothing else while an interactive transaction is open,
  // so nothing is ever run inside another's transaction.
  const queue = [];
  let busy = false;
  parentPort.on("message", (message) => {
    queue.push(message);
    if (!busy) void drain();
  });
  async function drain() {
    busy = true;
    for (;;) {
      // Messages that came while PostgreSQL ran (it blocks this thread) and wait undelivered are taken
      // now, so the choice sees them.
      for (let next; (next = receiveMessageOnPort(parentPort)) !== undefined; ) queue.push(next.message);
      if (queue.length === 0) break;
      const urgent = queue.findIndex((waiting) => waiting.op === "batch");
      const [message] = queue.splice(urgent < 0 ? 0 : urgent, 1);
      await handle(message);
    }
    busy = false;
  }
  async function handle(message) {
    try {
      if (message.op === "query") {
        const rows = await engine.query(db, message.sql, message.params);
        parentPort.postMessage({ id: message.id, rows });
      } else if (message.op === "batch") {
        // The steps of one transaction, in one message: a busy main thread costs one wait, not one per step.
        const { committed, rows } = await engine.batch(db, message.steps);
        parentPort.postMessage({ id: message.id, rows, committed });
      } else if (message.op === "exec") {
        await db.exec(message.sql);
        parentPort.postMessage({ id: message.id });
      } else if (message.op === "close") {
        // Whether or not PGlite closes cleanly, the thread then ends on its own, after its reply (the
        // error's too, posted below): terminating a thread that has run WebAssembly can bring the whole
        // process down (nodejs/node#47748).
        try {
          await db.close();
          parentPort.postMessage({ id: message.id });
        } finally {
          setImmediate(() => parentPort.close());
        }
      }
    } catch (error) {
      parentPort.postMessage({
        id: message.id,
        error: { message: String(error && error.message || error), code: error && error.code },
      });
    }
  }
  parentPort.postMessage({ ready: true });
})().catch((error) => {
  parentPort.postMessage({ fatal: { message: String(error && error.message || error), code: error && error.code } });
  parentPort.close();
});
`;

/**
 * Runs initdb for a new store in a short-lived process of its own: PGlite's initdb takes about 450 MB
 * more than an open store, and in a process of its own that peak never counts against the dispatcher's
 * (a small container's memory limit applies to the peak). The directory is `prefix` followed by the
 * initdb process's pid: that process outlives a caller killed with SIGKILL (it is busy in WebAssembly and
 * cannot notice), so whoever cleans up after a killed creation can tell from the name whether the
 * directory is still being written. Resolves the directory once it is complete.
 */
export async function initStoreDirectory(prefix: string): Promise<string> {
  const { module } = pgliteModules();
  const child = spawn(process.execPath, ["-e", INITDB_SOURCE], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "", RK_PGLITE_MODULE: module, RK_STORE_PREFIX: prefix },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) {
    const error = new Error(
      `initdb for the store failed (exit code ${code}): ${stderr.trim().slice(0, 2000)}`,
    );
    const reported = /code: '([A-Z]+)'/.exec(stderr)?.[1];
    throw reported ? Object.assign(error, { code: reported }) : error;
  }
  return `${prefix}${child.pid}`;
}

/**
 * The initdb process's code: PGlite creates the data directory when it opens an empty one. A directory
 * of the same name (a recycled pid) is a dead creation's leftover.
 */
const INITDB_SOURCE = `
(async () => {
  const { rmSync } = require("node:fs");
  const path = process.env.RK_STORE_PREFIX + process.pid;
  rmSync(path, { recursive: true, force: true });
  const { PGlite } = require(process.env.RK_PGLITE_MODULE);
  const db = new PGlite(path);
  await db.waitReady;
  await db.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** How long a closed store's thread may take to end by itself before it is terminated. */
const THREAD_EXIT_GRACE_MS = 5_000;

/**
 * Waits for a thread that was told to finish (PGlite closed, or failed to open) to end by itself, and
 * terminates it only if it has not within {@link THREAD_EXIT_GRACE_MS}: terminating a thread that has run
 * WebAssembly can bring the whole process down (nodejs/node#47748).
 */
async function threadEnded(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.ref();
  const timer = setTimeout(() => void worker.terminate(), THREAD_EXIT_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

type Reply = {
  id: number;
  rows?: unknown[];
  committed?: boolean;
  error?: { message: string; code?: string };
};

/**
 * A {@link SqlDriver} over PGlite running in a worker thread: the store's SQL runs beside the
 * dispatcher's HTTP instead of blocking its event loop. PGlite is one session, so statements and
 * transactions are serialised here, in the order they were asked for.
 */
export async function openPgliteThread(
  path: string | undefined,
  options: { nice?: number; fsync?: boolean } = {},
): Promise<SqlDriver> {
  const { module, nodefs } = pgliteModules();
  // `execArgv: []`: the worker must not inherit flags such as `--input-type=module`, which would make the
  // CommonJS source above an ES module.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    // A small young generation: the thread's garbage (query results on their way out) is collected
    // early instead of growing the thread's heap with the queue (dispatch-memory.bench).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    workerData: {
      module,
      nodefs,
      path,
      nice: options.nice ?? 0,
      fsync: options.fsync ?? true,
      memory: PGLITE_MEMORY,
    },
  });
  const waiting = new Map<number, { resolve: (reply: Reply) => void }>();
  let nextId = 1;
  let failure: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: true; fatal?: { message: string; code?: string } }) => {
      if (message.ready) {
        cleanup();
        resolve();
      } else if (message.fatal) {
        cleanup();
        reject(Object.assign(new Error(message.fatal.message), { code: message.fatal.code }));
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`the PGlite thread stopped while opening (exit code ${code})`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  }).catch(async (error: unknown) => {
    await threadEnded(worker);
    throw error;
  });

  worker.on("message", (reply: Reply) => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    // An idle store must not keep the process alive; a pending statement must.
    if (waiting.size === 0) worker.unref();
    entry.resolve(reply);
  });
  const fail = (error: Error) => {
    failure = error;
    for (const entry of waiting.values()) entry.resolve({ id: 0, error: { message: error.message } });
    waiting.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the PGlite thread stopped (exit code ${code})`)));
  worker.unref();

  const send = async (message: Record<string, unknown>): Promise<Reply> => {
    if (failure) throw failure;
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve });
      worker.postMessage({ id, ...message });
    });
    if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply;
  };
  const call = async (op: "query" | "exec" | "close", sql?: string, params?: readonly unknown[]) =>
    (await send({ op, sql, params })).rows ?? [];
  const direct: SqlExecutor = {
    query: async <R>(sql: string, params: readonly unknown[] = []) =>
      (await call("query", sql, params)) as R[],
    exec: async (sql: string) => {
      await call("exec", sql);
    },
  };

  // One session. Statements and batches go to the thread at once: it runs them one after another
  // without waiting for this thread between them (which, busy with HTTP, answers late), settles first. An
  // interactive transaction owns the session from BEGIN to COMMIT, so whatever is asked while one is
  // open or queued waits here, in order, until it ends.
  let tail: Promise<void> = Promise.resolve();
  let behind = 0;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    behind += 1;
    const run = tail.then(work).finally(() => {
      behind -= 1;
    });
    tail = run.then(
      () => {},
      () => {},
    );
    return run;
  };
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => (behind === 0 ? work() : exclusive(work));

  return {
    query: <R>(sql: string, params?: readonly unknown[]) => inOrder(() => direct.query<R>(sql, params)),
    exec: (sql: string) => inOrder(() => direct.exec(sql)),
    transaction: <T>(body: (tx: SqlExecutor) => Promise<T>) =>
      exclusive(async () => {
        await direct.exec("begin");
        try {
          const result = await body(direct);
          await direct.exec("commit");
          return result;
        } catch (error) {
          await direct.exec("rollback").catch(() => {});
          throw error;
        }
      }),
    batch: (steps: readonly SqlStep[]) =>
      inOrder(async (): Promise<SqlBatchResult> => {
        const reply = await send({ op: "batch", steps });
        return { committed: reply.committed === true, results: (reply.rows ?? []) as unknown[][] };
      }),
    close: () =>
      exclusive(async () => {
        const ended = threadEnded(worker);
        try {
          await call("close");
        } finally {
          await ended;
        }
      }),
  };
}

import { loadOptional } from "../../adapter/load-optional.js";
import { StoreError } from "../errors.js";
import type { RequestStore } from "./port.js";
import type { PgPool } from "./sql/client-shapes.js";
import type { SqlDriver, SqlExecutor } from "./sql/driver.js";
import { migrate } from "./sql/migrations.js";
import { createSqlStore } from "./sql/sql-store.js";

/**
 * Opens the PostgreSQL store, for several workers on several machines sharing one queue: jobs are
 * claimed with `FOR UPDATE SKIP LOCKED` leases, and a dead worker's expired lease is claimed again.
 * Migrations run on open (under an advisory lock, so workers starting together migrate once). Same SQL
 * as the embedded store.
 *
 * @throws {StoreError} `store_unavailable` when the server cannot be reached (the URL's password is
 * never in the message) or `store_too_new`.
 * @throws {MissingDependencyError} the `pg` package is not installed.
 *
 * @example
 * ```ts
 * import { openPostgresStore } from "referral-kit/dispatch";
 *
 * const store = await openPostgresStore({ connectionString: "postgres://dispatch@db.internal/referrals" });
 * // or with a pool of your own: openPostgresStore({ pool: new pg.Pool({ connectionString, max: 20 }) })
 * ```
 */
export async function openPostgresStore(options: {
  /** `postgres://user:password@host:5432/database`. */
  readonly connectionString?: string;
  /** Most connections in the pool. Default 10. */
  readonly max?: number;
  /**
   * A `pg` pool to use instead (not ended by `close()`): pass a `pg.Pool` of your own as it is. Typed by
   * the part the store uses, so these types compile where `pg` is not installed.
   */
  readonly pool?: {
    query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
    /** A client for one transaction, released after it. */
    connect(): Promise<{
      query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
      release(): void;
    }>;
    end(): Promise<void>;
  };
}): Promise<RequestStore> {
  const location = options.connectionString ? redactUrl(options.connectionString) : "(pg pool)";
  let pool = options.pool;
  const owned = !pool;
  if (!pool) {
    const pg = await loadPg();
    const created = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    created.on("error", () => {});
    pool = created;
  }
  const driver = pgDriver(pool);
  try {
    await driver.query("select 1");
  } catch (error) {
    if (owned) await pool.end().catch(() => {});
    throw new StoreError(
      "store_unavailable",
      `cannot reach the PostgreSQL store at ${location}: ${message(error)}`,
      {
        location,
        cause: error,
      },
    );
  }
  try {
    await migrate(driver, location);
  } catch (error) {
    if (owned) await pool.end().catch(() => {});
    throw error;
  }
  const ownedPool = pool;
  return createSqlStore(driver, {
    kind: "postgres",
    location,
    onClose: async () => {
      if (owned) await ownedPool.end();
    },
  });
}

function pgDriver(pool: PgPool): SqlDriver {
  const executor = (client: Pick<PgPool, "query">): SqlExecutor => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    ...executor(pool),
    async transaction(body) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await body(executor(client));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function loadPg(): Promise<typeof import("pg")> {
  const module = await loadOptional<typeof import("pg") & { default?: typeof import("pg") }>(
    "pg",
    "the PostgreSQL store",
  );
  return module.default ?? module;
}

/** The URL without its password, for messages and `location`. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable PostgreSQL URL)";
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The little a SQL store needs from a database client: parameterised queries, a multi-statement `exec`
 * for migrations, and transactions. PGlite and `pg` both fit behind it, which is what lets the embedded
 * and the server store share one SQL dialect and one implementation.
 *
 * @example
 * ```ts
 * const rows = await executor.query<{ id: string }>("select id from rk_requests where platform = $1", ["x"]);
 * ```
 */
export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * A database connection (or pool) that can run transactions. Implement it to put the SQL store on another
 * PostgreSQL client.
 *
 * @example
 * ```ts
 * const store = createSqlStore(myDriver, { kind: "postgres", location: "db.internal/referrals" });
 * await myDriver.transaction(async (tx) => tx.query("select 1"));
 * ```
 */
export interface SqlDriver extends SqlExecutor {
  /** Runs `body` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Optional: runs `steps` in one transaction in a single round trip (the PGlite thread does, so a settle
   * does not wait for a busy event loop between its statements). Without it the store runs the steps
   * through `transaction`, which gives the same result.
   */
  batch?(steps: readonly SqlStep[]): Promise<SqlBatchResult>;
  /** Closes the connection(s) the driver owns. */
  close(): Promise<void>;
}

/**
 * One statement of a {@link SqlDriver.batch}. With `rollbackIfRows`, any row it returns rolls the whole
 * batch back (the caller then knows the batch's assumptions did not hold).
 *
 * @example
 * ```ts
 * const step: SqlStep = { sql: "select id from rk_requests where id = $1", params: ["r-1"], rollbackIfRows: true };
 * ```
 */
export interface SqlStep {
  readonly sql: string;
  readonly params?: readonly unknown[];
  readonly rollbackIfRows?: boolean;
}

/**
 * What a {@link SqlDriver.batch} did: each step's rows, in order (up to the step that rolled back).
 *
 * @example
 * ```ts
 * const { committed, results } = await driver.batch(steps);
 * ```
 */
export interface SqlBatchResult {
  readonly committed: boolean;
  readonly results: readonly (readonly unknown[])[];
}

/** {@link SqlDriver.batch} over `transaction`, for drivers without a single-round-trip batch. */
export async function batchInTransaction(
  driver: Pick<SqlDriver, "transaction">,
  steps: readonly SqlStep[],
): Promise<SqlBatchResult> {
  const results: unknown[][] = [];
  const rolledBack = Symbol("rolled back");
  try {
    await driver.transaction(async (tx) => {
      for (const step of steps) {
        const rows = await tx.query(step.sql, step.params ?? []);
        results.push(rows);
        // Thrown to make `transaction` roll back; caught below.
        if (step.rollbackIfRows && rows.length > 0) throw rolledBack;
      }
    });
  } catch (error) {
    if (error === rolledBack) return { committed: false, results };
    throw error;
  }
  return { committed: true, results };
}

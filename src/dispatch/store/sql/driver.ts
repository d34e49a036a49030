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
  /** Closes the connection(s) the driver owns. */
  close(): Promise<void>;
}

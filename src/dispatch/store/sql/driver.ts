/**
 * The little a SQL store needs from a database client: parameterised queries, a multi-statement `exec`
 * for migrations, and transactions. PGlite and `pg` both fit behind it, which is what lets the embedded
 * and the server store share one SQL dialect and one implementation.
 */
export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A database connection (or pool) that can run transactions. */
export interface SqlDriver extends SqlExecutor {
  /** Runs `body` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the connection(s) the driver owns. */
  close(): Promise<void>;
}

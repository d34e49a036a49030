/**
 * The parts of the `pg` and PGlite clients the stores use, declared here rather than imported so the
 * types of `referral-kit/dispatch` compile in a project that installed neither optional driver. A
 * `pg.Pool` (pg 8) and a `PGlite` instance (@electric-sql/pglite 0.5) fit them as they are.
 */
import type { openPostgresStore } from "../postgres-store.js";

/** The part of a `pg` pool `openPostgresStore` uses (its `pool` option). */
export type PgPool = NonNullable<Parameters<typeof openPostgresStore>[0]["pool"]>;

/**
 * The part of an open PGlite instance {@link openPgliteStore} uses; pass a `PGlite` of your own as it is.
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const db: PgliteDatabase = new PGlite();
 * ```
 */
export interface PgliteDatabase {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<unknown>;
  /** Runs `callback` in a transaction whose statements go through `tx`. */
  transaction<T>(callback: (tx: Pick<PgliteDatabase, "query" | "exec">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

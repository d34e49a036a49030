/**
 * The dispatch door declares the few methods it uses of `pg` and PGlite instead of importing their types,
 * so its types compile where neither optional driver is installed (scripts/consumer-types.ts checks
 * that on the packed tarball). These checks keep the real clients passable as they are; `npm run
 * typecheck` fails when they stop fitting.
 */
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { openPostgresStore, PgliteDatabase, PgliteStoreOptions } from "referral-kit/dispatch";
import { describe, expectTypeOf, it } from "vitest";

type PostgresStoreOptions = Parameters<typeof openPostgresStore>[0];
type PgPool = NonNullable<PostgresStoreOptions["pool"]>;

describe("the driver shapes of the dispatch door", () => {
  it("take a pg.Pool and a PGlite instance as they are", () => {
    expectTypeOf<pg.Pool>().toExtend<PgPool>();
    expectTypeOf<PGlite>().toExtend<PgliteDatabase>();
    expectTypeOf<{ pool: pg.Pool }>().toExtend<PostgresStoreOptions>();
    expectTypeOf<{ db: PGlite }>().toExtend<PgliteStoreOptions>();
  });

  it("refuse what is not a client", () => {
    expectTypeOf<{ query(): void }>().not.toExtend<PgPool>();
    expectTypeOf<{ exec(sql: string): Promise<void> }>().not.toExtend<PgliteDatabase>();
  });
});

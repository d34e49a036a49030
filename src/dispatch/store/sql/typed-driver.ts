import { StoreError } from "../../errors.js";
import type { SqlBatchResult, SqlDriver, SqlExecutor, SqlStep } from "./driver.js";

/**
 * SQLSTATE classes (and codes) that mean the server cannot be used right now: connection exceptions
 * (08), insufficient resources (53), operator intervention such as a shutdown (57P0x).
 */
const UNAVAILABLE = /^(08|53|57P0)/;
/** Node's network errors, raised by the driver before any SQLSTATE exists. */
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);

/**
 * A driver error as a {@link StoreError}: `store_unavailable` when the server cannot be reached or is
 * going away, `store_driver_error` otherwise; the driver's code (SQLSTATE or Node's) is kept in
 * `driverCode` and the original error in `cause`. A `StoreError` passes through as it is.
 */
export function toStoreError(error: unknown, location: string): StoreError {
  if (StoreError.isInstance(error)) return error;
  const raw = (error as { code?: unknown } | undefined)?.code;
  const driverCode = typeof raw === "string" ? raw : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const unavailable = driverCode !== undefined && (UNAVAILABLE.test(driverCode) || NETWORK.has(driverCode));
  return new StoreError(
    unavailable ? "store_unavailable" : "store_driver_error",
    `the store at ${location} ${unavailable ? "is unavailable" : "refused a statement"}: ${message}` +
      (driverCode ? ` (${driverCode})` : ""),
    { location, cause: error, ...(driverCode ? { driverCode } : {}) },
  );
}

/**
 * The driver with every error it raises as a typed {@link StoreError} (see {@link toStoreError}), so no
 * raw driver error leaves a store. Errors thrown by a transaction's own body (a refused history, a
 * conflict found by the store) pass through unchanged.
 */
export function typedDriver(driver: SqlDriver, location: string): SqlDriver {
  const typed = <T>(work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      throw toStoreError(error, location);
    });
  const executor = (target: SqlExecutor): SqlExecutor => ({
    query: <R>(sql: string, params?: readonly unknown[]) => typed(() => target.query<R>(sql, params)),
    exec: (sql: string) => typed(() => target.exec(sql)),
  });
  const batch = driver.batch?.bind(driver);
  return {
    ...executor(driver),
    async transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const own = new Set<unknown>();
      try {
        return await driver.transaction(async (tx) => {
          try {
            return await body(executor(tx));
          } catch (error) {
            own.add(error);
            throw error;
          }
        });
      } catch (error) {
        if (own.has(error)) throw error;
        throw toStoreError(error, location);
      }
    },
    ...(batch
      ? { batch: (steps: readonly SqlStep[]): Promise<SqlBatchResult> => typed(() => batch(steps)) }
      : {}),
    close: () => typed(() => driver.close()),
  };
}

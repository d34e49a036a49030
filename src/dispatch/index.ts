/**
 * referral-kit/dispatch: batch submission with rate limits, retries, a circuit breaker per platform and
 * progress events, over a crash-safe request store (in memory, embedded PGlite, or PostgreSQL).
 *
 * @packageDocumentation
 */

export * from "./batching.js";
export * from "./circuit-breaker.js";
export * from "./clock.js";
export * from "./concurrency.js";
export * from "./dispatcher.js";
export type { EnqueueRules } from "./enqueue-checks.js";
export * from "./errors.js";
export { type ExpireSummary, expireOverdue } from "./expire.js";
export * from "./merge-status.js";
export * from "./progress.js";
export * from "./rate-limiter.js";
export * from "./settler.js";
export * from "./store/keys.js";
export * from "./store/memory-store.js";
export * from "./store/open-store.js";
export * from "./store/pglite-store.js";
export type * from "./store/port.js";
export * from "./store/postgres-store.js";
export type * from "./store/sql/driver.js";
export { createSqlStore } from "./store/sql/sql-store.js";

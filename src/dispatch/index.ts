/**
 * referral-kit/dispatch: batch submission with rate limits, retries, a circuit breaker per platform and
 * progress events, over a crash-safe request store (in memory, embedded PGlite, or PostgreSQL), with the
 * hash chain a store keeps (for authors of other stores and auditors recomputing it).
 *
 * @packageDocumentation
 */

export {
  linkEvents,
  nextStoreHead,
  requestContentHash,
  STORE_CHAIN_GENESIS,
} from "../domain/history-chain.js";
export { type Clock, systemClock } from "./clock.js";
export {
  type DuplicateTarget,
  HoldNotOwnedError,
  TargetHeldError,
  type TargetHold,
} from "./deconfliction.js";
export {
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  type EnqueueResult,
  type PlatformLimits,
  type RunSummary,
  type SyncSummary,
} from "./dispatcher.js";
export {
  DispatchConfigError,
  EnqueueRefusedError,
  type RefusedRequest,
  StoreError,
} from "./errors.js";
export { expireOverdue } from "./expire.js";
export type { PlatformProgress, ProgressEvent } from "./progress.js";
export { type AuditFile, AuditSignatureError, toAuditFile, verifyAuditFile } from "./store/audit-file.js";
export type {
  AuditedEvent,
  AuditedRequest,
  HistoryAuditTrail,
  StoreChainHead,
} from "./store/audit-trail.js";
export { createMemoryStore } from "./store/memory-store.js";
export { openStore } from "./store/open-store.js";
export { openPgliteStore, type PgliteStoreOptions } from "./store/pglite-store.js";
export type {
  AttemptError,
  AttemptOutcome,
  AttemptRecord,
  ClaimedJob,
  DispatchJob,
  EnqueueEntry,
  JobRef,
  RequestStore,
  WhenRequestSubmitted,
} from "./store/port.js";
export { openPostgresStore } from "./store/postgres-store.js";
export type { PgliteDatabase } from "./store/sql/client-shapes.js";
export { type HistoryReport, verifyHistory } from "./store/verify-history.js";

import type { AttemptError, AttemptRecord, DispatchJob, JobState, StoredReceipt } from "../port.js";

/** A row of `rk_jobs` as the SQL store's statements return it. */
export interface JobRow {
  request_id: string;
  batch: number;
  platform: string;
  target_keys: string[];
  state: JobState;
  generation: number;
  idempotency_key: string;
  attempts: number;
  not_before: string | number;
  lease_owner: string | null;
  lease_expires_at: string | number | null;
  receipt: StoredReceipt | null;
  last_error: AttemptError | null;
}

/** A row of `rk_attempts` as `listAttempts` reads it. */
export interface AttemptRow {
  request_id: string;
  batch: number;
  idempotency_key: string;
  generation: number;
  attempt: number;
  worker_id: string;
  started_at: string | number;
  finished_at: string | number | null;
  outcome: AttemptRecord["outcome"];
  error: AttemptError | null;
  platform_ref: string | null;
}

/** The columns of `rk_jobs` that make a `JobRow`. */
export const JOB_COLUMNS =
  "request_id, batch, platform, target_keys, state, generation, idempotency_key, attempts, not_before, " +
  "lease_owner, lease_expires_at, receipt, last_error";

/** `pg` returns bigint as a string; PGlite as a number. Times fit a double exactly. */
export const num = (value: string | number): number => Number(value);
export const optNum = (value: string | number | null): number | undefined =>
  value === null ? undefined : Number(value);

/** A job as the port shows it. */
export function toJob(row: JobRow): DispatchJob {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    platform: row.platform,
    targetKeys: row.target_keys,
    state: row.state,
    generation: Number(row.generation),
    idempotencyKey: row.idempotency_key,
    attempts: Number(row.attempts),
    notBefore: num(row.not_before),
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: optNum(row.lease_expires_at),
    receipt: row.receipt ?? undefined,
    lastError: row.last_error ?? undefined,
  };
}

/** An attempt as the port shows it. */
export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    idempotencyKey: row.idempotency_key,
    generation: Number(row.generation),
    attempt: Number(row.attempt),
    workerId: row.worker_id,
    startedAt: num(row.started_at),
    finishedAt: optNum(row.finished_at),
    outcome: row.outcome,
    error: row.error ?? undefined,
    platformRef: row.platform_ref ?? undefined,
  };
}

/** A job's key in the maps the store keeps: request id and batch. */
export const jobKey = (requestId: string, batch: number) => `${requestId}\u0000${batch}`;

/** jsonb parameters go in as JSON text; both drivers cast `$n::jsonb`. */
export const json = (value: unknown) => JSON.stringify(value);

/**
 * Claimed requests kept for settles at most (an entry is dropped when its outcomes settle), and, apart,
 * histories of requests stored here and not yet claimed, and heads of histories this store wrote.
 */
export const CONTENT_CACHE_LIMIT = 20_000;

/** The job as a settle's round statement leaves it once `receipt` is recorded. */
export function asSubmitted(job: DispatchJob, receipt: StoredReceipt): DispatchJob {
  return {
    requestId: job.requestId,
    batch: job.batch,
    platform: job.platform,
    targetKeys: job.targetKeys,
    state: "submitted",
    generation: job.generation,
    idempotencyKey: job.idempotencyKey,
    attempts: job.attempts,
    notBefore: job.notBefore,
    leaseOwner: undefined,
    leaseExpiresAt: undefined,
    receipt,
    lastError: undefined,
  };
}

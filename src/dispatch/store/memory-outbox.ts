import { copyValue } from "./memory-copy.js";
import { jobId } from "./memory-job-queue.js";
import type { AttemptRecord, DispatchJob, JobRef } from "./port.js";

/** An attempt as the memory outbox keeps it: settled in place. */
export type MutableAttempt = { -readonly [K in keyof AttemptRecord]: AttemptRecord[K] };

/**
 * The memory store's outbox: every attempt, by request, recorded when a job is claimed (before any HTTP
 * call) and settled in place; and each job's latest attempt per key and worker, so a settle finds its
 * attempt without a scan.
 */
export class MemoryOutbox {
  private readonly byRequest = new Map<string, MutableAttempt[]>();

  private readonly latest = new Map<string, MutableAttempt>();

  private readonly key = (ref: JobRef, idempotencyKey: string, workerId: string) =>
    `${jobId(ref)}\u0000${idempotencyKey}\u0000${workerId}`;

  /** Records the attempt a claim starts: `pending`, with the job's key and its attempt number. */
  record(job: DispatchJob, workerId: string, now: number): void {
    const attempt: MutableAttempt = {
      requestId: job.requestId,
      batch: job.batch,
      idempotencyKey: job.idempotencyKey,
      generation: job.generation,
      attempt: job.attempts,
      workerId,
      startedAt: now,
      finishedAt: undefined,
      outcome: "pending",
      error: undefined,
      platformRef: undefined,
    };
    const attempts = this.byRequest.get(job.requestId);
    if (attempts) attempts.push(attempt);
    else this.byRequest.set(job.requestId, [attempt]);
    this.latest.set(this.key(job, job.idempotencyKey, workerId), attempt);
  }

  /** The attempt an outcome settles: the worker's latest with that key, if still `pending`. */
  pendingAttempt(ref: JobRef, idempotencyKey: string, workerId: string): MutableAttempt | undefined {
    const found = this.latest.get(this.key(ref, idempotencyKey, workerId));
    return found?.outcome === "pending" ? found : undefined;
  }

  /** Every attempt of a request, oldest first, as copies. */
  list(requestId: string): AttemptRecord[] {
    return (this.byRequest.get(requestId) ?? []).map((attempt) =>
      attempt.error === undefined ? { ...attempt } : { ...attempt, error: copyValue(attempt.error) },
    );
  }
}

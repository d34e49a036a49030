import type { ReferralRequest, RequestEvent } from "../../domain/schemas/request.js";
import { StoreError } from "../errors.js";
import { checkAppend, notApproved } from "./history.js";
import { idempotencyKey } from "./keys.js";
import { copyValue } from "./memory-copy.js";
import { MemoryDeconfliction } from "./memory-deconfliction.js";
import { liveLease, MemoryJobQueue, type MutableJob } from "./memory-job-queue.js";
import { MemoryOutbox } from "./memory-outbox.js";
import { MemoryRequestRepository } from "./memory-request-repository.js";
import type {
  AttemptOutcome,
  ClaimedJob,
  DispatchJob,
  EnqueueEntry,
  JobRef,
  JobState,
  QueueCounts,
  RequestFilter,
  RequestStore,
  SaveResult,
  SettleResult,
  StoredReceipt,
  WhenRequestSubmitted,
} from "./port.js";

/** The type of a request's last event: its current status (histories are folded when stored). */
const statusOf = (request: ReferralRequest): string => request.events[request.events.length - 1]!.type;

/**
 * A {@link RequestStore} in memory, for tests and scripts: the same rules as the durable stores (the
 * shared store suite runs against it), nothing kept after the process ends. Single process only.
 *
 * Indexed so that every operation on a job costs O(log n) or less: jobs by request, queued jobs per
 * platform in claim order, receipts by platform reference, attempts by request.
 *
 * @example
 * ```ts
 * import { createDispatcher, createMemoryStore } from "referral-kit/dispatch";
 *
 * const dispatcher = createDispatcher({ adapters: [xAdapter], store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(): RequestStore {
  return new MemoryStore();
}

/**
 * The memory store (see {@link createMemoryStore}): the request repository (requests, histories, target
 * index), the job queue (`MemoryJobQueue`), the outbox of attempts (`MemoryOutbox`) and deconfliction
 * holds, composed; this class decides what a claim and each outcome do to jobs, attempts and requests.
 */
class MemoryStore implements RequestStore {
  private readonly requests = new MemoryRequestRepository();

  private readonly deconfliction = new MemoryDeconfliction(this.requests);

  /** Every job, by platform in claim order, with the queue counts. */
  private readonly queue = new MemoryJobQueue();

  /** Each stored request's jobs, in batch order. */
  private readonly jobsOf = new Map<string, MutableJob[]>();

  /** Every attempt, recorded at claim and settled in place. */
  private readonly outbox = new MemoryOutbox();

  private closed = false;

  private readonly open = () => {
    if (this.closed) throw new StoreError("store_closed", "the memory store is closed");
  };

  // Nothing stored is ever mutated in place except jobs and attempts (copied field by field on the way
  // out); requests, receipts and errors are copied on the way in and on the way out.
  private readonly copyJob = (job: MutableJob): DispatchJob => ({
    requestId: job.requestId,
    batch: job.batch,
    platform: job.platform,
    targetKeys: copyValue(job.targetKeys),
    state: job.state,
    generation: job.generation,
    idempotencyKey: job.idempotencyKey,
    attempts: job.attempts,
    notBefore: job.notBefore,
    leaseOwner: job.leaseOwner,
    leaseExpiresAt: job.leaseExpiresAt,
    receipt: copyValue(job.receipt),
    lastError: copyValue(job.lastError),
  });

  readonly kind = "memory" as const;

  async saveRequests(entries: readonly EnqueueEntry[], now: number): Promise<SaveResult> {
    this.open();
    return this.requests.save(entries, (request, seq, batches) => {
      const jobs: MutableJob[] = [];
      this.jobsOf.set(request.id, jobs);
      batches.forEach((targetKeys, batch) => {
        const job: MutableJob = {
          requestId: request.id,
          batch,
          platform: request.platform,
          targetKeys: [...targetKeys],
          state: "queued",
          generation: 0,
          idempotencyKey: idempotencyKey(request.id, batch, 0),
          attempts: 0,
          notBefore: now,
          leaseOwner: undefined,
          leaseExpiresAt: undefined,
          receipt: undefined,
          lastError: undefined,
          seq,
          emergency: request.priority === "emergency",
          slot: undefined,
        };
        jobs.push(job);
        this.queue.add(job);
      });
    });
  }

  async getRequest(id: Parameters<RequestStore["getRequest"]>[0]) {
    this.open();
    return this.requests.get(id);
  }

  async *listRequests(filter: RequestFilter = {}) {
    this.open();
    yield* this.requests.list(filter);
  }

  async appendEvents(
    requestId: Parameters<RequestStore["appendEvents"]>[0],
    events: Parameters<RequestStore["appendEvents"]>[1],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ) {
    this.open();
    return this.requests.append(requestId, events, options);
  }

  async claim({ platform, limit, workerId, leaseMs, now }: Parameters<RequestStore["claim"]>[0]) {
    this.open();
    const taken = this.queue.takeClaimable(platform, limit, now, (job) => {
      const status = statusOf(this.requests.stored(job.requestId));
      if (status === "approved") return true;
      // Submitted through another channel (a portal, email) or withdrawn since it was queued.
      this.queue.setState(job, "cancelled");
      job.lastError = notApproved(status);
      return false;
    });
    return taken.map((job): ClaimedJob => {
      job.leaseOwner = workerId;
      job.leaseExpiresAt = now + leaseMs;
      job.attempts += 1;
      this.queue.place(job);
      this.outbox.record(job, workerId, now);
      return {
        ...this.copyJob(job),
        request: this.requests.content(job.requestId),
        attempt: job.attempts,
      };
    });
  }

  async renew({ jobs: refs, workerId, leaseMs, now }: Parameters<RequestStore["renew"]>[0]) {
    this.open();
    const held: JobRef[] = [];
    for (const ref of refs) {
      const job = this.queue.get(ref);
      if (job && job.state === "queued" && job.leaseOwner === workerId && liveLease(job, now)) {
        job.leaseExpiresAt = now + leaseMs;
        this.queue.place(job);
        held.push({ requestId: ref.requestId, batch: ref.batch });
      }
    }
    return held;
  }

  async settle(
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: Parameters<RequestStore["settle"]>[2],
  ) {
    this.open();
    const touched = new Set<string>();
    // Validate the appended events before changing anything, so a refused history changes nothing.
    const pendingAppends = new Map<string, RequestEvent[]>();
    const changes: (() => void)[] = [];
    const simulated = new Map<MutableJob, JobState>();
    // The first submitted outcome of each job, for the jobs `whenRequestSubmitted` sees.
    const receipts = new Map<MutableJob, StoredReceipt>();
    for (const outcome of outcomes) {
      const job = this.queue.get(outcome);
      if (!job) throw new StoreError("request_not_found", `no job ${outcome.requestId}#${outcome.batch}`);
      touched.add(job.requestId);
      const attempt = this.outbox.pendingAttempt(job, outcome.idempotencyKey, outcome.workerId);
      const state = simulated.get(job) ?? job.state;
      if (outcome.kind === "submitted") {
        simulated.set(job, "submitted");
        if (!receipts.has(job)) receipts.set(job, outcome.receipt);
        changes.push(() => {
          if (attempt) {
            attempt.outcome = "submitted";
            attempt.finishedAt = now;
            attempt.platformRef = outcome.receipt.platformRef;
          }
          if (job.state === "submitted") return; // a second worker's copy of the same receipt
          const receipt = copyValue(outcome.receipt);
          this.queue.setState(job, "submitted");
          job.receipt = receipt;
          job.leaseOwner = undefined;
          job.leaseExpiresAt = undefined;
          job.lastError = undefined;
          this.queue.indexReceipt(job, receipt);
        });
        continue;
      }
      const mine = state === "queued" && job.leaseOwner === outcome.workerId;
      changes.push(() => {
        const error = outcome.kind === "failed" ? copyValue(outcome.error) : undefined;
        if (attempt) {
          attempt.outcome = outcome.kind === "released" ? "released" : "failed";
          attempt.finishedAt = now;
          if (outcome.kind === "failed") attempt.error = error;
        }
        // Only the lease holder decides a queued job's fate; a stale worker's failure changes nothing.
        if (!mine) return;
        if (outcome.kind === "released") {
          job.attempts = Math.max(0, job.attempts - 1);
        } else {
          job.lastError = copyValue(outcome.error);
          if (outcome.countsAsAttempt === false) job.attempts = Math.max(0, job.attempts - 1);
          if (outcome.retryAt === undefined) this.queue.setState(job, "failed");
          else job.notBefore = outcome.retryAt;
        }
        job.leaseOwner = undefined;
        job.leaseExpiresAt = undefined;
        if (job.state === "queued") this.queue.place(job);
      });
      if (mine && outcome.kind === "failed" && outcome.retryAt === undefined) {
        simulated.set(job, "failed");
      }
    }
    const results: SettleResult[] = [];
    for (const requestId of touched) {
      const request = this.requests.stored(requestId);
      const all = this.jobsOf.get(requestId)!;
      const wasDone = all.every((job) => job.state === "submitted");
      const nowDone = all.every((job) => (simulated.get(job) ?? job.state) === "submitted");
      const alreadySubmitted = request.events.some((event) => event.type === "submitted");
      if (nowDone && !wasDone && !alreadySubmitted) {
        const preview = all.map((job) => {
          const copy = this.copyJob(job);
          return {
            ...copy,
            state: "submitted" as const,
            receipt: receipts.has(job) ? receipts.get(job) : copy.receipt,
          };
        });
        const events = whenRequestSubmitted(copyValue(request), preview);
        pendingAppends.set(requestId, checkAppend(request, events, undefined));
      }
    }
    for (const change of changes) change();
    for (const requestId of touched) {
      const appended = pendingAppends.get(requestId) ?? [];
      if (appended.length > 0) this.requests.appendChecked(requestId, appended);
      // The stored history keeps its own events; the caller gets copies.
      results.push({ requestId, appended: appended.length > 0 ? copyValue(appended) : appended });
    }
    return results;
  }

  async requeueFailed({ requestIds, platform, now }: Parameters<RequestStore["requeueFailed"]>[0]) {
    this.open();
    const ids = requestIds ? new Set(requestIds) : undefined;
    const candidates: MutableJob[] = [];
    if (ids) {
      for (const id of ids) candidates.push(...(this.jobsOf.get(id) ?? []));
    } else {
      candidates.push(...this.queue.failed(platform));
    }
    let count = 0;
    for (const job of candidates) {
      if (job.state !== "failed") continue;
      if (platform !== undefined && job.platform !== platform) continue;
      this.queue.setState(job, "queued");
      job.generation += 1;
      job.idempotencyKey = idempotencyKey(job.requestId, job.batch, job.generation);
      job.attempts = 0;
      job.notBefore = now;
      job.lastError = undefined;
      this.queue.place(job);
      count += 1;
    }
    return count;
  }

  async listJobs(filter: Parameters<RequestStore["listJobs"]>[0] = {}) {
    this.open();
    // Each of these lists is already in stored order (request, then batch).
    const source =
      filter.requestId !== undefined
        ? (this.jobsOf.get(filter.requestId) ?? [])
        : filter.platform !== undefined
          ? this.queue.jobsOf(filter.platform)
          : this.queue.all();
    const out: DispatchJob[] = [];
    for (const job of source) {
      if (filter.platform !== undefined && job.platform !== filter.platform) continue;
      if (filter.state !== undefined && job.state !== filter.state) continue;
      out.push(this.copyJob(job));
    }
    return out;
  }

  async findJobByPlatformRef(
    platform: Parameters<RequestStore["findJobByPlatformRef"]>[0],
    platformRef: Parameters<RequestStore["findJobByPlatformRef"]>[1],
  ) {
    this.open();
    const job = this.queue.byPlatformRef(platform, platformRef);
    return job ? this.copyJob(job) : undefined;
  }

  async listAttempts(requestId: Parameters<RequestStore["listAttempts"]>[0]) {
    this.open();
    return this.outbox.list(requestId);
  }

  async counts(
    platform: Parameters<RequestStore["counts"]>[0],
    now: Parameters<RequestStore["counts"]>[1],
  ): Promise<QueueCounts> {
    this.open();
    return this.queue.counts(platform, now);
  }

  async platforms() {
    this.open();
    return this.queue.platforms();
  }

  auditTrail() {
    this.open();
    return this.requests.trail();
  }

  async findCovering(targetKeys: Parameters<RequestStore["findCovering"]>[0]) {
    this.open();
    return this.deconfliction.findCovering(targetKeys);
  }

  async placeHold(
    input: Parameters<RequestStore["placeHold"]>[0],
    now: Parameters<RequestStore["placeHold"]>[1],
  ) {
    this.open();
    return this.deconfliction.placeHold(input, now);
  }

  async releaseHold(options: Parameters<RequestStore["releaseHold"]>[0]) {
    this.open();
    return this.deconfliction.releaseHold(options);
  }

  async listHolds(filter: Parameters<RequestStore["listHolds"]>[0] = {}) {
    this.open();
    return this.deconfliction.listHolds(filter);
  }

  async close() {
    this.closed = true;
  }
}

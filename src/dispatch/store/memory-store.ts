import type { ReferralRequest, RequestEvent } from "../../domain/schemas/request.js";
import {
  isOpen as isOpenState,
  notOwned,
  notOwnHold,
  type TargetCover,
  type TargetHold,
} from "../deconfliction.js";
import { StoreError } from "../errors.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf, notApproved } from "./history.js";
import { idempotencyKey } from "./keys.js";
import { jobId, liveLease, MemoryJobQueue, type MutableJob } from "./memory-job-queue.js";
import { MemoryLedger } from "./memory-ledger.js";
import type {
  AttemptOutcome,
  AttemptRecord,
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

type MutableAttempt = { -readonly [K in keyof AttemptRecord]: AttemptRecord[K] };

interface StoredRequest {
  seq: number;
  request: ReferralRequest;
  contentJson: string;
  /** The request's jobs, in batch order. */
  jobs: MutableJob[];
  /** The request's attempts, oldest first. */
  attempts: MutableAttempt[];
}

const TOO_DEEP = Symbol("too deep");

/**
 * A deep copy of JSON-shaped data (plain objects, arrays, primitives, `undefined` values kept), much
 * cheaper than `structuredClone` for the small objects a store hands out; anything else (a `Date` in a
 * receipt's `raw`, a structure too deep or cyclic) is left to `structuredClone`. Unlike `structuredClone`,
 * an object reached twice is copied twice; nothing the store holds shares objects that way.
 */
function copyValue<T>(value: T): T {
  try {
    return copyPlain(value, 0);
  } catch (error) {
    if (error === TOO_DEEP) return structuredClone(value);
    throw error;
  }
}

function copyPlain<T>(value: T, depth: number): T {
  if (typeof value !== "object" || value === null) {
    // structuredClone refuses functions and symbols; so does this copy.
    return typeof value === "function" || typeof value === "symbol" ? structuredClone(value) : value;
  }
  if (depth > 200) throw TOO_DEEP;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    const out: unknown[] = new Array(array.length);
    for (let i = 0; i < array.length; i += 1) {
      const item = array[i];
      if (item === undefined && !(i in array)) continue; // a hole stays a hole
      out[i] = copyPlain(item, depth + 1);
    }
    return out as T;
  }
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = copyPlain((value as Record<string, unknown>)[key], depth + 1);
      if (key === "__proto__") {
        Object.defineProperty(out, key, {
          value: inner,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = inner;
      }
    }
    return out as T;
  }
  return structuredClone(value);
}

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

/** The memory store's state and operations (see {@link createMemoryStore}). */
class MemoryStore implements RequestStore {
  private readonly requests = new Map<string, StoredRequest>();

  // The latest attempt per job, key and worker, so settling is not a scan of every attempt.
  private readonly pending = new Map<string, MutableAttempt>();

  private readonly attemptKey = (ref: JobRef, key: string, workerId: string) =>
    `${jobId(ref)}\u0000${key}\u0000${workerId}`;

  private seq = 0;

  private closed = false;

  private readonly ledger = new MemoryLedger();

  /** The store-wide index of targets: target key to the ids of the requests covering it. */
  private readonly byTarget = new Map<string, Set<string>>();

  private readonly holds: TargetHold[] = [];

  private readonly isOpen = (request: ReferralRequest) => {
    const last = request.events[request.events.length - 1];
    return last !== undefined && isOpenState(request.kind, last.type);
  };

  private readonly open = () => {
    if (this.closed) throw new StoreError("store_closed", "the memory store is closed");
  };

  // Nothing stored is ever mutated in place except jobs and attempts (copied field by field on the way
  // out); requests, receipts and errors are copied on the way in and on the way out.
  private readonly copyRequest = (request: ReferralRequest): ReferralRequest => copyValue(request);

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

  private readonly copyAttempt = (attempt: MutableAttempt): AttemptRecord =>
    attempt.error === undefined ? { ...attempt } : { ...attempt, error: copyValue(attempt.error) };

  private readonly mustGet = (id: string): StoredRequest => {
    const stored = this.requests.get(id);
    if (!stored) throw new StoreError("request_not_found", `no request ${id} is stored`, { requestId: id });
    return stored;
  };

  /** Every job, by platform in claim order, with the queue counts. */
  private readonly queue = new MemoryJobQueue();

  readonly kind = "memory" as const;

  async saveRequests(entries: readonly EnqueueEntry[], now: number): Promise<SaveResult> {
    this.open();
    const checked = entries.map((entry) => ({
      request: checkEntry(entry),
      batches: entry.batches,
      json: "",
    }));
    const inserted: string[] = [];
    const existing: string[] = [];
    // Check every conflict before writing anything, so a refused call changes nothing.
    const seen = new Map<string, string>();
    for (const item of checked) {
      const { request } = item;
      item.json = canonicalJson(contentOf(request));
      const stored = this.requests.get(request.id)?.contentJson ?? seen.get(request.id);
      if (stored !== undefined && stored !== item.json) throw conflict(request.id);
      seen.set(request.id, item.json);
    }
    for (const { request, batches, json } of checked) {
      if (this.requests.has(request.id)) {
        existing.push(request.id);
        continue;
      }
      this.seq += 1;
      const stored: StoredRequest = {
        seq: this.seq,
        request: this.copyRequest(request),
        contentJson: json,
        jobs: [],
        attempts: [],
      };
      this.requests.set(request.id, stored);
      this.ledger.append(stored.request, 0, stored.request.events);
      for (const key of batches.flat()) {
        const ids = this.byTarget.get(key) ?? new Set<string>();
        ids.add(request.id);
        this.byTarget.set(key, ids);
      }
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
          seq: this.seq,
          emergency: request.priority === "emergency",
          slot: undefined,
        };
        stored.jobs.push(job);
        this.queue.add(job);
      });
      inserted.push(request.id);
    }
    return { inserted, existing };
  }

  async getRequest(id: Parameters<RequestStore["getRequest"]>[0]) {
    this.open();
    const stored = this.requests.get(id);
    return stored ? this.copyRequest(stored.request) : undefined;
  }

  async *listRequests(filter: RequestFilter = {}) {
    this.open();
    const ids = filter.ids ? new Set(filter.ids) : undefined;
    const statuses = filter.status ? new Set(filter.status) : undefined;
    // The map keeps the order requests were stored; a snapshot, as before, so later saves are not listed.
    const all = [...this.requests.values()];
    for (const stored of all) {
      const { request } = stored;
      if (filter.platform !== undefined && request.platform !== filter.platform) continue;
      if (ids && !ids.has(request.id)) continue;
      if (filter.unit !== undefined && request.issuingAuthority.unit !== filter.unit) continue;
      const last = request.events[request.events.length - 1];
      if (statuses && !(last && statuses.has(last.type))) continue;
      yield this.copyRequest(request);
    }
  }

  async appendEvents(
    requestId: Parameters<RequestStore["appendEvents"]>[0],
    events: Parameters<RequestStore["appendEvents"]>[1],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ) {
    this.open();
    const stored = this.mustGet(requestId);
    const parsed = checkAppend(stored.request, events, options.expectedCount);
    this.ledger.append(stored.request, stored.request.events.length, parsed);
    stored.request = { ...stored.request, events: [...stored.request.events, ...parsed] };
    return this.copyRequest(stored.request);
  }

  async claim({ platform, limit, workerId, leaseMs, now }: Parameters<RequestStore["claim"]>[0]) {
    this.open();
    const taken = this.queue.takeClaimable(platform, limit, now, (job) => {
      const status = statusOf(this.mustGet(job.requestId).request);
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
      const record: MutableAttempt = {
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
      const stored = this.mustGet(job.requestId);
      stored.attempts.push(record);
      this.pending.set(this.attemptKey(job, job.idempotencyKey, workerId), record);
      return {
        ...this.copyJob(job),
        request: copyValue(contentOf(stored.request)),
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
      const found = this.pending.get(this.attemptKey(job, outcome.idempotencyKey, outcome.workerId));
      const attempt = found?.outcome === "pending" ? found : undefined;
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
      const stored = this.mustGet(requestId);
      const all = stored.jobs;
      const wasDone = all.every((job) => job.state === "submitted");
      const nowDone = all.every((job) => (simulated.get(job) ?? job.state) === "submitted");
      const alreadySubmitted = stored.request.events.some((event) => event.type === "submitted");
      if (nowDone && !wasDone && !alreadySubmitted) {
        const preview = all.map((job) => {
          const copy = this.copyJob(job);
          return {
            ...copy,
            state: "submitted" as const,
            receipt: receipts.has(job) ? receipts.get(job) : copy.receipt,
          };
        });
        const events = whenRequestSubmitted(this.copyRequest(stored.request), preview);
        pendingAppends.set(requestId, checkAppend(stored.request, events, undefined));
      }
    }
    for (const change of changes) change();
    for (const requestId of touched) {
      const appended = pendingAppends.get(requestId) ?? [];
      if (appended.length > 0) {
        const stored = this.mustGet(requestId);
        this.ledger.append(stored.request, stored.request.events.length, appended);
        stored.request = { ...stored.request, events: [...stored.request.events, ...appended] };
      }
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
      for (const id of ids) candidates.push(...(this.requests.get(id)?.jobs ?? []));
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
        ? (this.requests.get(filter.requestId)?.jobs ?? [])
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
    return (this.requests.get(requestId)?.attempts ?? []).map(this.copyAttempt);
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
    return this.ledger.trail(() =>
      [...this.requests.values()].map((stored) => this.copyRequest(stored.request)),
    );
  }

  async findCovering(targetKeys: Parameters<RequestStore["findCovering"]>[0]) {
    this.open();
    const covers: (TargetCover & { seq: number })[] = [];
    for (const targetKey of new Set(targetKeys)) {
      for (const id of this.byTarget.get(targetKey) ?? []) {
        const stored = this.mustGet(id);
        const { request } = stored;
        if (!this.isOpen(request)) continue;
        const status = request.events[request.events.length - 1]!.type;
        covers.push({
          targetKey,
          requestId: id,
          unit: request.issuingAuthority.unit,
          status,
          seq: stored.seq,
        });
      }
    }
    return covers.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...cover }) => cover);
  }

  async placeHold(
    input: Parameters<RequestStore["placeHold"]>[0],
    now: Parameters<RequestStore["placeHold"]>[1],
  ) {
    this.open();
    const owned = [...(this.byTarget.get(input.targetKey) ?? [])].some((id) => {
      const { request } = this.mustGet(id);
      return request.issuingAuthority.unit === input.unit && this.isOpen(request);
    });
    if (!owned) throw notOwned(input);
    const hold: TargetHold = { ...input, id: this.holds.length + 1, placedAt: now };
    this.holds.push(hold);
    return { ...hold };
  }

  async releaseHold(options: Parameters<RequestStore["releaseHold"]>[0]) {
    this.open();
    const index = this.holds.findIndex((hold) => hold.id === options.id);
    const hold = this.holds[index];
    if (!hold || hold.unit !== options.unit) throw notOwnHold(options, hold);
    this.holds[index] = { ...hold, until: Math.min(hold.until, options.now) };
    return { ...this.holds[index]! };
  }

  async listHolds(filter: Parameters<RequestStore["listHolds"]>[0] = {}) {
    this.open();
    const keys = filter.targetKeys ? new Set(filter.targetKeys) : undefined;
    return this.holds
      .filter(
        (hold) =>
          (filter.activeAt === undefined || hold.until > filter.activeAt) &&
          (!keys || keys.has(hold.targetKey)) &&
          (filter.unit === undefined || hold.unit === filter.unit),
      )
      .map((hold) => ({ ...hold }));
  }

  async close() {
    this.closed = true;
  }
}

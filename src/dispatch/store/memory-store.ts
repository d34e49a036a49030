import type { ReferralRequest, RequestEvent } from "../../domain/schemas/request.js";
import { StoreError } from "../errors.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf } from "./history.js";
import { idempotencyKey } from "./keys.js";
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
  WhenRequestSubmitted,
} from "./port.js";

interface StoredRequest {
  seq: number;
  request: ReferralRequest;
  contentJson: string;
}

type MutableJob = { -readonly [K in keyof DispatchJob]: DispatchJob[K] } & {
  seq: number;
  emergency: boolean;
};
type MutableAttempt = { -readonly [K in keyof AttemptRecord]: AttemptRecord[K] };

const jobId = (ref: JobRef) => `${ref.requestId}\u0000${ref.batch}`;

/**
 * A {@link RequestStore} in memory, for tests and scripts: the same rules as the durable stores (the
 * shared store suite runs against it), nothing kept after the process ends. Single process only.
 *
 * @example
 * ```ts
 * import { createDispatcher, createMemoryStore } from "referral-kit/dispatch";
 *
 * const dispatcher = createDispatcher({ adapters: [xAdapter], store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(): RequestStore {
  const requests = new Map<string, StoredRequest>();
  const jobs = new Map<string, MutableJob>();
  const attempts: MutableAttempt[] = [];
  // The latest attempt per job, key and worker, so settling is not a scan of every attempt.
  const pending = new Map<string, MutableAttempt>();
  const attemptKey = (ref: JobRef, key: string, workerId: string) =>
    `${jobId(ref)}\u0000${key}\u0000${workerId}`;
  let seq = 0;
  let closed = false;

  const open = () => {
    if (closed) throw new StoreError("store_closed", "the memory store is closed");
  };
  const copyRequest = (request: ReferralRequest): ReferralRequest => structuredClone(request);
  const copyJob = (job: MutableJob): DispatchJob => {
    const { seq: _seq, emergency: _emergency, ...rest } = job;
    return structuredClone(rest);
  };
  const mustGet = (id: string): StoredRequest => {
    const stored = requests.get(id);
    if (!stored) throw new StoreError("request_not_found", `no request ${id} is stored`, { requestId: id });
    return stored;
  };
  const jobsOf = (requestId: string) =>
    [...jobs.values()].filter((job) => job.requestId === requestId).sort((a, b) => a.batch - b.batch);
  const liveLease = (job: MutableJob, now: number) =>
    job.leaseOwner !== undefined && job.leaseExpiresAt !== undefined && job.leaseExpiresAt > now;

  return {
    kind: "memory",

    async saveRequests(entries: readonly EnqueueEntry[], now: number): Promise<SaveResult> {
      open();
      const checked = entries.map((entry) => ({ request: checkEntry(entry), batches: entry.batches }));
      const inserted: string[] = [];
      const existing: string[] = [];
      // Check every conflict before writing anything, so a refused call changes nothing.
      const seen = new Map<string, string>();
      for (const { request } of checked) {
        const json = canonicalJson(contentOf(request));
        const stored = requests.get(request.id)?.contentJson ?? seen.get(request.id);
        if (stored !== undefined && stored !== json) throw conflict(request.id);
        seen.set(request.id, json);
      }
      for (const { request, batches } of checked) {
        if (requests.has(request.id)) {
          existing.push(request.id);
          continue;
        }
        seq += 1;
        requests.set(request.id, {
          seq,
          request: copyRequest(request),
          contentJson: canonicalJson(contentOf(request)),
        });
        batches.forEach((targetKeys, batch) => {
          jobs.set(jobId({ requestId: request.id, batch }), {
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
          });
        });
        inserted.push(request.id);
      }
      return { inserted, existing };
    },

    async getRequest(id) {
      open();
      const stored = requests.get(id);
      return stored ? copyRequest(stored.request) : undefined;
    },

    async *listRequests(filter: RequestFilter = {}) {
      open();
      const ids = filter.ids ? new Set(filter.ids) : undefined;
      const statuses = filter.status ? new Set(filter.status) : undefined;
      const all = [...requests.values()].sort((a, b) => a.seq - b.seq);
      for (const { request } of all) {
        if (filter.platform !== undefined && request.platform !== filter.platform) continue;
        if (ids && !ids.has(request.id)) continue;
        const last = request.events[request.events.length - 1];
        if (statuses && !(last && statuses.has(last.type))) continue;
        yield copyRequest(request);
      }
    },

    async appendEvents(requestId, events, options = {}) {
      open();
      const stored = mustGet(requestId);
      const parsed = checkAppend(stored.request, events, options.expectedCount);
      stored.request = { ...stored.request, events: [...stored.request.events, ...parsed] };
      return copyRequest(stored.request);
    },

    async claim({ platform, limit, workerId, leaseMs, now }) {
      open();
      const claimable = [...jobs.values()]
        .filter((job) => job.platform === platform && job.state === "queued")
        .filter((job) => job.notBefore <= now && !liveLease(job, now))
        .sort((a, b) => Number(b.emergency) - Number(a.emergency) || a.seq - b.seq || a.batch - b.batch)
        .slice(0, Math.max(0, limit));
      return claimable.map((job): ClaimedJob => {
        job.leaseOwner = workerId;
        job.leaseExpiresAt = now + leaseMs;
        job.attempts += 1;
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
        attempts.push(record);
        pending.set(attemptKey(job, job.idempotencyKey, workerId), record);
        return {
          ...copyJob(job),
          request: contentOf(copyRequest(mustGet(job.requestId).request)),
          attempt: job.attempts,
        };
      });
    },

    async renew({ jobs: refs, workerId, leaseMs, now }) {
      open();
      const held: JobRef[] = [];
      for (const ref of refs) {
        const job = jobs.get(jobId(ref));
        if (job && job.state === "queued" && job.leaseOwner === workerId && liveLease(job, now)) {
          job.leaseExpiresAt = now + leaseMs;
          held.push({ requestId: ref.requestId, batch: ref.batch });
        }
      }
      return held;
    },

    async settle(outcomes: readonly AttemptOutcome[], whenRequestSubmitted: WhenRequestSubmitted, now) {
      open();
      const touched = new Set<string>();
      // Validate the appended events before changing anything, so a refused history changes nothing.
      const pendingAppends = new Map<string, RequestEvent[]>();
      const changes: (() => void)[] = [];
      const simulated = new Map<string, JobState>();
      for (const outcome of outcomes) {
        const job = jobs.get(jobId(outcome));
        if (!job) throw new StoreError("request_not_found", `no job ${outcome.requestId}#${outcome.batch}`);
        touched.add(job.requestId);
        const found = pending.get(attemptKey(job, outcome.idempotencyKey, outcome.workerId));
        const attempt = found?.outcome === "pending" ? found : undefined;
        const state = simulated.get(jobId(job)) ?? job.state;
        if (outcome.kind === "submitted") {
          simulated.set(jobId(job), "submitted");
          changes.push(() => {
            if (attempt) {
              attempt.outcome = "submitted";
              attempt.finishedAt = now;
              attempt.platformRef = outcome.receipt.platformRef;
            }
            if (job.state === "submitted") return; // a second worker's copy of the same receipt
            Object.assign(job, {
              state: "submitted",
              receipt: structuredClone(outcome.receipt),
              leaseOwner: undefined,
              leaseExpiresAt: undefined,
              lastError: undefined,
            });
          });
          continue;
        }
        const mine = state === "queued" && job.leaseOwner === outcome.workerId;
        changes.push(() => {
          if (attempt) {
            attempt.outcome = outcome.kind === "released" ? "released" : "failed";
            attempt.finishedAt = now;
            if (outcome.kind === "failed") attempt.error = outcome.error;
          }
          // Only the lease holder decides a queued job's fate; a stale worker's failure changes nothing.
          if (!mine) return;
          if (outcome.kind === "released") {
            job.attempts = Math.max(0, job.attempts - 1);
          } else {
            job.lastError = outcome.error;
            if (outcome.countsAsAttempt === false) job.attempts = Math.max(0, job.attempts - 1);
            if (outcome.retryAt === undefined) job.state = "failed";
            else job.notBefore = outcome.retryAt;
          }
          job.leaseOwner = undefined;
          job.leaseExpiresAt = undefined;
        });
        if (mine && outcome.kind === "failed" && outcome.retryAt === undefined) {
          simulated.set(jobId(job), "failed");
        }
      }
      const results: SettleResult[] = [];
      for (const requestId of touched) {
        const stored = mustGet(requestId);
        const all = jobsOf(requestId);
        const wasDone = all.every((job) => job.state === "submitted");
        const nowDone = all.every((job) => (simulated.get(jobId(job)) ?? job.state) === "submitted");
        const alreadySubmitted = stored.request.events.some((event) => event.type === "submitted");
        if (nowDone && !wasDone && !alreadySubmitted) {
          const preview = all.map((job) => {
            const outcome = outcomes.find(
              (o) => o.requestId === job.requestId && o.batch === job.batch && o.kind === "submitted",
            );
            return {
              ...copyJob(job),
              state: "submitted" as const,
              receipt: outcome?.kind === "submitted" ? outcome.receipt : job.receipt,
            };
          });
          const events = whenRequestSubmitted(copyRequest(stored.request), preview);
          pendingAppends.set(requestId, checkAppend(stored.request, events, undefined));
        }
      }
      for (const change of changes) change();
      for (const requestId of touched) {
        const appended = pendingAppends.get(requestId) ?? [];
        if (appended.length > 0) {
          const stored = mustGet(requestId);
          stored.request = { ...stored.request, events: [...stored.request.events, ...appended] };
        }
        results.push({ requestId, appended });
      }
      return results;
    },

    async requeueFailed({ requestIds, platform, now }) {
      open();
      const ids = requestIds ? new Set(requestIds) : undefined;
      let count = 0;
      for (const job of jobs.values()) {
        if (job.state !== "failed") continue;
        if (ids && !ids.has(job.requestId)) continue;
        if (platform !== undefined && job.platform !== platform) continue;
        job.state = "queued";
        job.generation += 1;
        job.idempotencyKey = idempotencyKey(job.requestId, job.batch, job.generation);
        job.attempts = 0;
        job.notBefore = now;
        job.lastError = undefined;
        count += 1;
      }
      return count;
    },

    async listJobs(filter = {}) {
      open();
      return [...jobs.values()]
        .filter((job) => filter.requestId === undefined || job.requestId === filter.requestId)
        .filter((job) => filter.platform === undefined || job.platform === filter.platform)
        .filter((job) => filter.state === undefined || job.state === filter.state)
        .sort((a, b) => a.seq - b.seq || a.batch - b.batch)
        .map(copyJob);
    },

    async findJobByPlatformRef(platform, platformRef) {
      open();
      const job = [...jobs.values()].find(
        (candidate) => candidate.platform === platform && candidate.receipt?.platformRef === platformRef,
      );
      return job ? copyJob(job) : undefined;
    },

    async listAttempts(requestId) {
      open();
      return attempts.filter((attempt) => attempt.requestId === requestId).map((a) => ({ ...a }));
    },

    async counts(platform, now): Promise<QueueCounts> {
      open();
      let queued = 0;
      let leased = 0;
      let submitted = 0;
      let failed = 0;
      let nextClaimableAt: number | undefined;
      for (const job of jobs.values()) {
        if (platform !== undefined && job.platform !== platform) continue;
        if (job.state === "submitted") submitted += 1;
        else if (job.state === "failed") failed += 1;
        else {
          queued += 1;
          const live = liveLease(job, now);
          if (live) leased += 1;
          const at = live ? Math.max(job.notBefore, job.leaseExpiresAt ?? 0) : job.notBefore;
          nextClaimableAt = nextClaimableAt === undefined ? at : Math.min(nextClaimableAt, at);
        }
      }
      return { queued, leased, submitted, failed, nextClaimableAt };
    },

    async platforms() {
      open();
      return [...new Set([...jobs.values()].map((job) => job.platform))].sort();
    },

    async close() {
      closed = true;
    },
  };
}

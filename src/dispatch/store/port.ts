import type { SubmitReceipt } from "../../adapter/v1/spec.js";
import type { RequestStatus } from "../../domain/lifecycle.js";
import type { ReferralRequest, RequestContent, RequestEvent } from "../../domain/schemas/request.js";
import type { TargetHold } from "../deconfliction.js";
import type { HistoryAuditTrail } from "./audit-trail.js";

/** Where a job stands (internal name for `DispatchJob["state"]`). */
export type JobState = DispatchJob["state"];

/**
 * Identifies one job: a request and the index of the batch of its targets.
 *
 * @example
 * ```ts
 * const ref: JobRef = { requestId: "req-1", batch: 0 };
 * ```
 */
export interface JobRef {
  readonly requestId: string;
  readonly batch: number;
}

/**
 * Why an attempt failed, as recorded in the store: the adapter error's stable code and `retryable` flag.
 *
 * @example
 * ```ts
 * const error: AttemptError = { code: "rate_limited", message: "x: rate limited", retryable: true, retryAfterMs: 60_000 };
 * ```
 */
export interface AttemptError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

/** The receipt as the store keeps it: the adapter's `SubmitReceipt`, `raw` included for the audit trail. */
export type StoredReceipt = SubmitReceipt;

/**
 * One job in the queue.
 *
 * @example
 * ```ts
 * for (const job of await store.listJobs({ requestId: "req-1" })) console.log(job.batch, job.state, job.idempotencyKey);
 * ```
 */
export interface DispatchJob extends JobRef {
  readonly platform: string;
  /** The `targetKey`s of the targets this call submits. */
  readonly targetKeys: readonly string[];
  /**
   * Where the job stands: `queued` until the platform has taken it (leased while a worker sends it),
   * `submitted` with its receipt, `failed` when the platform refused it for good (or retries ran out;
   * only `requeueFailed` sends it again), or `cancelled` when a claim found its request no longer
   * `approved` (submitted through another channel such as a portal confirmation or email, or withdrawn):
   * it is never sent.
   */
  readonly state: "queued" | "submitted" | "failed" | "cancelled";
  /** Bumped only by `requeueFailed`, after a definitive failure; part of the idempotency key. */
  readonly generation: number;
  /** The key every attempt of this job (this generation) carries; stable across restarts. */
  readonly idempotencyKey: string;
  /** Attempts recorded so far (this generation). */
  readonly attempts: number;
  /** Not claimable before this time (ms since the epoch): backoff after a retryable failure. */
  readonly notBefore: number;
  /** The worker holding the lease, while one does. */
  readonly leaseOwner: string | undefined;
  /** When the lease ends (ms since the epoch); an expired lease is free to claim. */
  readonly leaseExpiresAt: number | undefined;
  readonly receipt: SubmitReceipt | undefined;
  readonly lastError: AttemptError | undefined;
}

/**
 * A claimed job, with the content of the request it belongs to: what `submit` needs. Not its history,
 * which the store reads again, under a lock, when the job settles (it may have grown meanwhile).
 *
 * @example
 * ```ts
 * const [job] = await store.claim({ platform: "x", limit: 1, workerId: "w1", leaseMs: 60_000, now: Date.now() });
 * await adapter.submit({ request: job.request, targets }, { idempotencyKey: job.idempotencyKey });
 * ```
 */
export interface ClaimedJob extends DispatchJob {
  readonly request: RequestContent;
  /** The number of this attempt (1 for the first). */
  readonly attempt: number;
}

/**
 * The outbox: one row per attempt to send a job, written before the HTTP call and settled after it.
 * `pending` means the call's outcome is not known (in flight, or the worker died): the next attempt
 * repeats the same idempotency key, so the platform takes it once.
 *
 * @example
 * ```ts
 * const attempts = await store.listAttempts("req-1");
 * console.log(attempts.map((a) => `${a.idempotencyKey} ${a.outcome}`));
 * ```
 */
export interface AttemptRecord extends JobRef {
  readonly idempotencyKey: string;
  readonly generation: number;
  readonly attempt: number;
  readonly workerId: string;
  readonly startedAt: number;
  readonly finishedAt: number | undefined;
  readonly outcome: "pending" | "submitted" | "failed" | "released";
  readonly error: AttemptError | undefined;
  readonly platformRef: string | undefined;
}

/**
 * A request to store, with how its targets are split into `submit` calls (target keys per batch).
 *
 * @example
 * ```ts
 * const entry: EnqueueEntry = { request, batches: [["x:a", "x:b"], ["x:c"]] };
 * ```
 */
export interface EnqueueEntry {
  readonly request: ReferralRequest;
  readonly batches: readonly (readonly string[])[];
}

/** What `saveRequests` did. */
export type SaveResult = Awaited<ReturnType<RequestStore["saveRequests"]>>;

/**
 * How one attempt ended, for `settle`. A `failed` outcome with `retryAt` goes back to the queue (not
 * claimable before then); without `retryAt` the job fails for good.
 *
 * @example
 * ```ts
 * const ok: AttemptOutcome = { kind: "submitted", requestId, batch, idempotencyKey, workerId, receipt };
 * const later: AttemptOutcome = { kind: "failed", requestId, batch, idempotencyKey, workerId, error, retryAt: now + 30_000 };
 * ```
 */
export type AttemptOutcome = JobRef & {
  readonly idempotencyKey: string;
  readonly workerId: string;
} & (
    | { readonly kind: "submitted"; readonly receipt: SubmitReceipt }
    | {
        readonly kind: "failed";
        readonly error: AttemptError;
        /** When to try again; omit to fail the job for good. */
        readonly retryAt?: number;
        /** False for a failure that should not count towards the attempt limit (a rate limit). */
        readonly countsAsAttempt?: boolean;
      }
    /** The worker gives the job back unsent (abort before the call): the attempt is `released`. */
    | { readonly kind: "released" }
  );

/**
 * Builds the events to append when the last job of a request is submitted (the `submitted` event and any
 * immediate status). Called inside the store's transaction, so the job and the event are written together.
 *
 * @example
 * ```ts
 * const build: WhenRequestSubmitted = (request, jobs) => [{ type: "submitted", at: new Date().toISOString(), channel: "x" }];
 * ```
 */
export type WhenRequestSubmitted = (request: ReferralRequest, jobs: readonly DispatchJob[]) => RequestEvent[];

/** What `settle` did for one request whose jobs it touched. */
export type SettleResult = Awaited<ReturnType<RequestStore["settle"]>>[number];

/** Queue counts, for progress and for deciding when a run is drained (what `counts` returns). */
export type QueueCounts = Awaited<ReturnType<RequestStore["counts"]>>;

/** Which requests `listRequests` returns (all when empty). */
export type RequestFilter = NonNullable<Parameters<RequestStore["listRequests"]>[0]>;

/**
 * The port every request store implements: requests and their append-only histories, and the dispatch
 * queue with its outbox of attempts and leases. The store's event history is the single source of truth
 * for `requestState` and the compliance calculators.
 *
 * Rules every implementation keeps (the shared store suite checks them):
 * - requests are validated on the way in, and their histories folded with `requestState`: an illegal
 *   history is refused, never stored;
 * - events are only appended, validated against the lifecycle together with what is stored, each linked
 *   to the one before it by its hash, and to the store's running hash (`auditTrail`);
 * - `claim` leases jobs (free or expired leases only) and records an attempt for each, with its
 *   idempotency key, in one transaction, before the caller makes any HTTP call;
 * - `claim` hands out only jobs whose request is still `approved`: the jobs of a request submitted
 *   through another channel (or withdrawn) are `cancelled` instead, with `lastError.code` `not_approved`;
 * - the idempotency key of a job changes only when `requeueFailed` sends a definitively failed job again;
 * - nothing is ever reset silently: a damaged or read-only store is a `StoreError`.
 *
 * Times are passed in (`now`, ms since the epoch) so that tests drive the clock; workers sharing a
 * PostgreSQL queue should have synchronised clocks (NTP), since leases compare their clocks.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from "referral-kit/dispatch";
 *
 * const store = createMemoryStore();
 * await store.saveRequests([{ request, batches: [["x:someone"]] }], Date.now());
 * const jobs = await store.claim({ platform: "x", limit: 10, workerId: "w1", leaseMs: 60_000, now: Date.now() });
 * ```
 */
export interface RequestStore {
  /** Which implementation this is (`memory`, `pglite`, `postgres`). */
  readonly kind: string;
  /**
   * Stores requests (validated; their histories folded) with their job plans. A request already stored
   * with the same content is left as it is (the store's history wins, so enqueueing the same file twice
   * sends nothing twice); with different content it is a `request_conflict`. Returns the ids stored now
   * (`inserted`) and those already stored (`existing`).
   */
  saveRequests(
    entries: readonly EnqueueEntry[],
    now: number,
  ): Promise<{ readonly inserted: readonly string[]; readonly existing: readonly string[] }>;
  /** One request with its full history, or `undefined`. */
  getRequest(id: string): Promise<ReferralRequest | undefined>;
  /**
   * Requests with their histories, in the order they were stored; all when the filter is empty, else only
   * those of the `platform`, whose current state (last event) is one of `status`, whose id is one of
   * `ids`, issued by `unit` (`issuingAuthority.unit`).
   *
   * @example
   * ```ts
   * for await (const request of store.listRequests({ platform: "x", status: ["submitted", "acknowledged"] })) { ... }
   * ```
   */
  listRequests(filter?: {
    readonly platform?: string;
    readonly status?: readonly RequestStatus[];
    readonly ids?: readonly string[];
    readonly unit?: string;
  }): AsyncIterable<ReferralRequest>;
  /**
   * Appends events to a request's history after checking the whole history with `requestState`.
   * With `expectedCount`, refuses (`store_conflict`) when the history has changed since it was read.
   */
  appendEvents(
    requestId: string,
    events: readonly RequestEvent[],
    options?: { expectedCount?: number },
  ): Promise<ReferralRequest>;
  /**
   * Leases up to `limit` claimable jobs of a platform and records an attempt for each (the outbox).
   * Claimable jobs of requests no longer `approved` are cancelled on the way, never handed out.
   */
  claim(options: {
    platform: string;
    limit: number;
    workerId: string;
    leaseMs: number;
    now: number;
  }): Promise<ClaimedJob[]>;
  /** Extends leases this worker still holds; returns the jobs whose lease it still holds. */
  renew(options: {
    jobs: readonly JobRef[];
    workerId: string;
    leaseMs: number;
    now: number;
  }): Promise<JobRef[]>;
  /**
   * Records how attempts ended, in one transaction. When the last job of a request is submitted,
   * `whenRequestSubmitted` builds the events appended with it. Returns, for each request whose jobs it
   * touched, the events appended because its last job was submitted (empty otherwise).
   */
  settle(
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<{ readonly requestId: string; readonly appended: readonly RequestEvent[] }[]>;
  /** Puts failed jobs back in the queue with the next generation (a new idempotency key). */
  requeueFailed(options: { requestIds?: readonly string[]; platform?: string; now: number }): Promise<number>;
  /** Jobs, by request or platform or state. */
  listJobs(filter?: {
    requestId?: string;
    platform?: string;
    state?: DispatchJob["state"];
  }): Promise<DispatchJob[]>;
  /** Finds the job a platform reference belongs to (for webhooks). */
  findJobByPlatformRef(platform: string, platformRef: string): Promise<DispatchJob | undefined>;
  /** Every attempt of a request, oldest first. */
  listAttempts(requestId: string): Promise<AttemptRecord[]>;
  /**
   * Queue counts for one platform, or all, for progress and for deciding when a run is drained: `queued`
   * (jobs not yet submitted, leased or not), `leased` (queued jobs a worker holds a live lease on),
   * `submitted`, `failed`, `cancelled` (jobs never sent because their request was submitted through
   * another channel, or withdrawn, first) and `nextClaimableAt` (the earliest time a queued job becomes
   * claimable; `undefined` when none is queued).
   *
   * @example
   * ```ts
   * const { queued, submitted, failed } = await store.counts("x", Date.now());
   * ```
   */
  counts(
    platform: string | undefined,
    now: number,
  ): Promise<{
    readonly queued: number;
    readonly leased: number;
    readonly submitted: number;
    readonly failed: number;
    readonly cancelled: number;
    readonly nextClaimableAt: number | undefined;
  }>;
  /** The platforms that have jobs. */
  platforms(): Promise<string[]>;
  /**
   * The stored histories with their hash links, as stored, for `verifyHistory`: every event carries the
   * hash of the one before it in its request, and the store keeps a running hash over all events.
   */
  auditTrail(): HistoryAuditTrail;
  /**
   * The open requests (any unit; a request is open until it is rejected, withdrawn or reinstated) that
   * cover any of these target keys, from the store's index of targets, in the order stored: each one's
   * `targetKey`, `requestId`, `unit` (the issuing unit, `issuingAuthority.unit`, when it names one) and
   * `status`.
   *
   * @example
   * ```ts
   * for (const cover of await store.findCovering(["x:someone"])) console.log(cover.requestId, cover.unit, cover.status);
   * ```
   */
  findCovering(targetKeys: readonly string[]): Promise<
    {
      readonly targetKey: string;
      readonly requestId: string;
      readonly unit: string | undefined;
      readonly status: RequestStatus;
    }[]
  >;
  /**
   * Places a hold on a target for a unit. Refuses (`HoldNotOwnedError`) unless an open request of that
   * unit covers the target.
   */
  placeHold(hold: Omit<TargetHold, "id" | "placedAt">, now: number): Promise<TargetHold>;
  /** Ends a unit's own hold at `now` (`HoldNotOwnedError` for another unit's hold, or no hold by that id). */
  releaseHold(options: { id: number; unit: string; now: number }): Promise<TargetHold>;
  /** Holds, optionally only those in force at `activeAt`, on some targets, or of one unit; oldest first. */
  listHolds(filter?: {
    activeAt?: number;
    targetKeys?: readonly string[];
    unit?: string;
  }): Promise<TargetHold[]>;
  /** Releases the store's resources; further calls fail with `store_closed`. */
  close(): Promise<void>;
}

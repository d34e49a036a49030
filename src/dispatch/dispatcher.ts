import { setMaxListeners } from "node:events";
import { AdapterError, RateLimitedError } from "../adapter/errors.js";
import { watchAbort } from "../adapter/http/abort-watch.js";
import { targetTypesFor } from "../adapter/v1/capabilities-schema.js";
import type { ReportingAdapter, StatusUpdate, SubmitReceipt } from "../adapter/v1/spec.js";
import { toRequestEvents } from "../adapter/v1/to-request-events.js";
import { SafeguardError } from "../domain/errors.js";
import { canTransition, requestState } from "../domain/lifecycle.js";
import { checkSafeguards } from "../domain/safeguards.js";
import type { Actor } from "../domain/schemas/common.js";
import {
  type ReferralRequest,
  type ReferralRequestInput,
  type RequestEvent,
  RequestSchema,
} from "../domain/schemas/request.js";
import { targetPlatform } from "../domain/targets/target.js";
import { planBatches, targetsFor } from "./batching.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { type Clock, systemClock } from "./clock.js";
import { Concurrency } from "./concurrency.js";
import { checkEnqueueRules, type EnqueueRules } from "./enqueue-checks.js";
import { DispatchConfigError, EnqueueRefusedError, type RefusedRequest, StoreError } from "./errors.js";
import { expireOverdue } from "./expire.js";
import { type BatchStatus, mergeStatuses } from "./merge-status.js";
import { type PlatformProgress, type ProgressEvent, ProgressTracker } from "./progress.js";
import { type RateLimit, RateLimiter } from "./rate-limiter.js";
import { DEFAULT_SETTLE_BATCH, Settler } from "./settler.js";
import type {
  AttemptError,
  AttemptOutcome,
  ClaimedJob,
  DispatchJob,
  EnqueueEntry,
  RequestStore,
  WhenRequestSubmitted,
} from "./store/port.js";

/**
 * Limits for one platform, overriding what its adapter declares.
 *
 * @example
 * ```ts
 * const limits: PlatformLimits = { concurrency: 2, rateLimits: [{ limit: 60, windowMs: 60_000 }] };
 * ```
 */
export interface PlatformLimits {
  /** Calls in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Replaces the adapter's declared `submit`/`all` limits (status calls use `getStatus`/`all` ones). */
  readonly rateLimits?: readonly RateLimit[];
  /** At most this many targets per call (never more than the adapter takes). */
  readonly maxTargetsPerCall?: number;
  /** Circuit breaker settings. */
  readonly breaker?: CircuitBreakerOptions;
}

/**
 * How retryable failures are retried: exponential backoff from `baseMs`, capped at `maxMs`, with jitter,
 * at most `maxAttempts` attempts (a rate limit with Retry-After does not count as one).
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 10, baseMs: 2_000, maxMs: 10 * 60_000 };
 * ```
 */
export interface RetryOptions {
  readonly maxAttempts?: number;
  readonly baseMs?: number;
  readonly maxMs?: number;
}

/**
 * Options for {@link createDispatcher}.
 *
 * @example
 * ```ts
 * const options: DispatcherOptions = { adapters: [xAdapter, telegramAdapter], store, limits: { x: { concurrency: 2 } } };
 * ```
 */
export interface DispatcherOptions {
  /** One adapter per platform. */
  readonly adapters: readonly ReportingAdapter[];
  readonly store: RequestStore;
  /** Per-platform overrides, and `default` for every platform. */
  readonly limits?: Readonly<Record<string, PlatformLimits>>;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly retry?: RetryOptions;
  /** This worker's id in leases and attempts. Default: host, pid and a random suffix. */
  readonly workerId?: string;
  /** How long a claimed job is held before another worker may take it. Default 60 s (renewed while in flight). */
  readonly leaseMs?: number;
  /** Who the dispatcher records as the actor of the events it appends. Default `{ id: "referral-kit.dispatch" }`. */
  readonly actor?: Actor;
  /** How often to look again for work held by other workers or waiting for a retry. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** Injectable time, for tests. */
  readonly clock?: Clock;
  /**
   * The registry `enqueue` resolves every request's designations against, on the day of enqueueing: an
   * unknown, wrongly attributed, delisted or not yet listed designation refuses the request.
   */
  readonly registry?: EnqueueRules["registry"];
  /**
   * When the outcome of each call is written to the store.
   * - `"durable"` (default): a call's slot is given back only once its outcome is committed (settles run
   *   back to back, each taking every outcome that arrived meanwhile), so no call starts while an earlier
   *   outcome is unwritten: a crash repeats at most the calls in flight (the sum of the platforms'
   *   concurrency), all under their original idempotency keys.
   * - `"batched"` (throughput mode): outcomes are written every 50 ms or 128 at a time while calls go on;
   *   a crash may also repeat the calls whose outcomes were waiting (up to 256, plus a settle on its way).
   *   Only for platforms that honour idempotency keys: the email and manual channels and a platform that
   *   ignores keys would receive those repeats as duplicates.
   */
  readonly outcomes?: "durable" | "batched";
}

/**
 * What `enqueue` did.
 *
 * @example
 * ```ts
 * const { enqueued, existing, refused } = await dispatcher.enqueue(requests, { partial: true });
 * ```
 */
export interface EnqueueResult {
  /** Ids stored now. */
  readonly enqueued: readonly string[];
  /** Ids that were already stored (left as they are: nothing is sent twice). */
  readonly existing: readonly string[];
  /** Refused requests (only with `{ partial: true }`; otherwise `enqueue` throws). */
  readonly refused: readonly RefusedRequest[];
}

/**
 * What `run` did, per platform and in total.
 *
 * @example
 * ```ts
 * const summary = await dispatcher.run({ signal });
 * if (summary.failed > 0 || summary.remaining > 0) process.exitCode = 1;
 * ```
 */
export interface RunSummary {
  /** True when the signal stopped the run before the queue was drained. */
  readonly aborted: boolean;
  readonly submitted: number;
  readonly failed: number;
  /** Jobs still queued when the run ended (0 after a drained run). */
  readonly remaining: number;
  readonly durationMs: number;
  readonly platforms: Readonly<Record<string, PlatformProgress & { readonly remaining: number }>>;
}

/**
 * What `sync` did.
 *
 * @example
 * ```ts
 * const { polled, appended, errors } = await dispatcher.sync({ signal });
 * ```
 */
export interface SyncSummary {
  readonly aborted: boolean;
  /** Requests whose status was asked for. */
  readonly polled: number;
  /** Events appended (the `expired` ones included). */
  readonly appended: number;
  /** Requests found past their deadline with no decision and marked `expired` (with the `expire` option). */
  readonly expired: number;
  /** Requests whose status could not be read, with why. */
  readonly errors: readonly { readonly requestId: string; readonly code: string; readonly message: string }[];
}

/**
 * Sends approved requests to platforms through their adapters and keeps their histories.
 *
 * @example
 * ```ts
 * await dispatcher.enqueue(requests);
 * const summary = await dispatcher.run({ signal });
 * await dispatcher.sync({ signal });
 * ```
 */
export interface Dispatcher {
  /**
   * Stores approved requests that pass the submission safeguards, split into calls the adapter takes.
   * Refuses (all of them, with `EnqueueRefusedError`) when any may not be sent, unless `partial`.
   */
  enqueue(
    requests: readonly (ReferralRequest | ReferralRequestInput)[],
    options?: { partial?: boolean },
  ): Promise<EnqueueResult>;
  /** Sends queued jobs until the queue is drained or `signal` aborts. */
  run(options?: { signal?: AbortSignal; platforms?: readonly string[] }): Promise<RunSummary>;
  /**
   * Polls the platforms for submitted requests not yet decided, and appends the events. With `expire`,
   * then appends `expired` to what is still undecided past its deadline in force (`expireOverdue`).
   */
  sync(options?: {
    signal?: AbortSignal;
    platforms?: readonly string[];
    expire?: boolean;
  }): Promise<SyncSummary>;
  /** Reads one webhook call with the platform's adapter and appends the events it carries. */
  acceptWebhook(
    platform: string,
    request: Request,
    options?: { signal?: AbortSignal },
  ): Promise<{ appended: number; reply: Response | undefined }>;
  /** Sends failed jobs again, with a new idempotency key (the old one was definitively refused). */
  retryFailed(options?: { requestIds?: readonly string[]; platform?: string }): Promise<number>;
}

/** Requests in these states may still change on the platform, so `sync` asks about them. */
const OPEN_STATES = [
  "submitted",
  "acknowledged",
  "information-requested",
  "information-supplied",
  "escalated",
  "expired",
  "partially-actioned",
] as const;

interface PlatformRuntime {
  readonly adapter: ReportingAdapter;
  readonly concurrency: number;
  readonly maxTargetsPerCall: number;
  readonly submitLimiter: RateLimiter;
  readonly statusLimiter: RateLimiter;
  readonly breaker: CircuitBreaker;
}

/**
 * Creates a dispatcher over a store and one adapter per platform.
 *
 * @throws {DispatchConfigError} two adapters for one platform, or a limit that is not a positive number.
 *
 * @example
 * ```ts
 * import { createDispatcher, openStore } from "referral-kit/dispatch";
 *
 * const store = await openStore("./referrals.store");
 * const dispatcher = createDispatcher({
 *   adapters: [createXAdapter(config.x), createTelegramAdapter(config.telegram)],
 *   store,
 *   limits: { x: { concurrency: 2 } },
 *   onProgress: (event) => console.log(event.type, event.platform, event.progress.submitted),
 * });
 * await dispatcher.enqueue(requests);
 * await dispatcher.run({ signal: AbortSignal.timeout(3_600_000) });
 * ```
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const actor: Actor = options.actor ?? { id: "referral-kit.dispatch" };
  const workerId = options.workerId ?? defaultWorkerId();
  const maxAttempts = options.retry?.maxAttempts ?? 8;
  const baseMs = options.retry?.baseMs ?? 1000;
  const maxMs = options.retry?.maxMs ?? 5 * 60_000;
  if (options.outcomes !== undefined && options.outcomes !== "durable" && options.outcomes !== "batched") {
    throw new DispatchConfigError(`outcomes must be "durable" or "batched", got ${String(options.outcomes)}`);
  }
  const durable = options.outcomes !== "batched";
  // Undefined without a listener: `emit?.(…)` then builds no event (two per job, each with a snapshot).
  const onProgress = options.onProgress;
  const emit = onProgress
    ? (event: ProgressEvent) => {
        try {
          onProgress(event);
        } catch {
          // A broken progress display must never stop the dispatch.
        }
      }
    : undefined;

  const runtimes = new Map<string, PlatformRuntime>();
  for (const adapter of options.adapters) {
    if (runtimes.has(adapter.platform)) {
      throw new DispatchConfigError(`two adapters for platform "${adapter.platform}"`);
    }
    const limits = { ...options.limits?.default, ...options.limits?.[adapter.platform] };
    const declared = adapter.capabilities.rateLimits;
    const pick = (operation: "submit" | "getStatus") =>
      declared.filter((limit) => limit.operation === operation || limit.operation === "all");
    const concurrency = limits.concurrency ?? 4;
    if (!(Number.isInteger(concurrency) && concurrency > 0)) {
      throw new DispatchConfigError(`concurrency for ${adapter.platform} must be a positive integer`);
    }
    runtimes.set(adapter.platform, {
      adapter,
      concurrency,
      maxTargetsPerCall: Math.min(
        adapter.capabilities.maxTargetsPerCall,
        limits.maxTargetsPerCall ?? Number.POSITIVE_INFINITY,
      ),
      submitLimiter: new RateLimiter(limits.rateLimits ?? pick("submit"), clock),
      statusLimiter: new RateLimiter(limits.rateLimits ?? pick("getStatus"), clock),
      breaker: new CircuitBreaker(limits.breaker),
    });
  }

  const trackers = new Map<string, ProgressTracker>();
  const tracker = (platform: string) => {
    let found = trackers.get(platform);
    if (!found) {
      found = new ProgressTracker(platform, () => clock.now());
      trackers.set(platform, found);
    }
    return found;
  };
  const base = (platform: string) => ({
    platform,
    at: clock.now(),
    progress: tracker(platform).snapshot(),
  });

  const backoff = (attempt: number) => {
    const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  };

  /** Events appended when a request's last batch is taken: `submitted`, and `rejected` if intake refused every target. */
  const whenRequestSubmitted: WhenRequestSubmitted = (request, jobs) => {
    const receipts = jobs.map((job) => job.receipt).filter((r): r is SubmitReceipt => r !== undefined);
    const at = notBefore(request, clock.now());
    const refs = receipts.map((r) => r.platformRef);
    const first = jobs[0]!;
    const submitted: RequestEvent = {
      type: "submitted",
      at,
      by: actor,
      channel: request.platform,
      idempotencyKey: first.idempotencyKey,
      platformRef: refs[0]!,
      ...(refs.length > 1 ? { note: `submitted in ${refs.length} calls: ${refs.join(", ")}` } : {}),
    };
    const statuses = receipts.flatMap((receipt) => receipt.targets);
    const rejected = statuses.filter((s) => s.status === "rejected");
    if (statuses.length > 0 && rejected.length === statuses.length) {
      const reasons = [...new Set(rejected.map((s) => (s.status === "rejected" ? s.reason : "")))];
      return [
        submitted,
        {
          type: "rejected",
          at,
          by: actor,
          reason: `rejected at intake: ${reasons.join("; ")}`.slice(0, 5000),
        },
      ];
    }
    if (rejected.length > 0) {
      const note = `${submitted.note ? `${submitted.note}; ` : ""}rejected at intake: ${rejected.map((s) => s.key).join(", ")}`;
      return [{ ...submitted, note: note.slice(0, 5000) }];
    }
    return [submitted];
  };

  async function runPlatform(
    platform: string,
    runtime: PlatformRuntime,
    signal: AbortSignal,
    settler: Settler,
  ): Promise<void> {
    const slots = new Concurrency(runtime.concurrency);
    const { breaker, submitLimiter, adapter } = runtime;
    const track = tracker(platform);
    const inFlight = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
    let paused = false;
    const flush = () => settler.flush();
    const outcomes = { push: (outcome: AttemptOutcome) => settler.push(outcome) };

    const renewTimer = setInterval(
      () => {
        const jobs = [...[...inFlight.values()].map((entry) => entry.job), ...ready];
        if (jobs.length > 0) {
          store.renew({ jobs, workerId, leaseMs, now: clock.now() }).catch(() => {
            // A failed renewal is retried at the next tick; the idempotency key covers a lost lease.
          });
        }
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    renewTimer.unref?.();

    const send = async (job: ClaimedJob) => {
      // A job with a key for every target is the whole request (the stored plan keys each target once), so
      // no target key needs computing.
      const targets =
        job.targetKeys.length === job.request.targets.length
          ? job.request.targets
          : targetsFor(job.request.targets, job.targetKeys);
      track.onStarted();
      emit?.({
        type: "started",
        ...base(platform),
        requestId: job.requestId,
        batch: job.batch,
        idempotencyKey: job.idempotencyKey,
        attempt: job.attempt,
      });
      const ref = {
        requestId: job.requestId,
        batch: job.batch,
        idempotencyKey: job.idempotencyKey,
        workerId,
      };
      let outcome: Promise<boolean> | undefined;
      try {
        const receipt = await adapter.submit(
          { request: job.request, targets },
          { idempotencyKey: job.idempotencyKey, signal },
        );
        breaker.onSuccess();
        track.onSettled();
        track.onSubmitted();
        outcome = outcomes.push({ kind: "submitted", ...ref, receipt: plainReceipt(receipt) });
        emit?.({
          type: "submitted",
          ...base(platform),
          requestId: job.requestId,
          batch: job.batch,
          platformRef: receipt.platformRef,
        });
      } catch (error) {
        track.onSettled();
        if (signal.aborted) {
          // Whether an aborted call reached the platform is unknown: give the job back under the same key.
          breaker.onNeutral();
          outcome = outcomes.push({ kind: "released", ...ref });
          return;
        }
        const failure = attemptError(error);
        const now = clock.now();
        if (RateLimitedError.isInstance(error)) {
          const until = now + (failure.retryAfterMs ?? backoff(job.attempt));
          breaker.pause(until);
          breaker.onNeutral();
          track.onRetry();
          outcome = outcomes.push({
            kind: "failed",
            ...ref,
            error: failure,
            retryAt: until,
            countsAsAttempt: false,
          });
          emit?.({ type: "retrying", ...base(platform), ...jobIds(job), code: failure.code, retryAt: until });
        } else if (failure.retryable && job.attempt < maxAttempts) {
          breaker.onFailure(now, failure.retryAfterMs);
          const retryAt = now + Math.max(failure.retryAfterMs ?? 0, backoff(job.attempt));
          track.onRetry();
          outcome = outcomes.push({ kind: "failed", ...ref, error: failure, retryAt });
          emit?.({ type: "retrying", ...base(platform), ...jobIds(job), code: failure.code, retryAt });
        } else {
          if (failure.retryable) breaker.onFailure(now, failure.retryAfterMs);
          else breaker.onNeutral();
          track.onFailed();
          outcome = outcomes.push({ kind: "failed", ...ref, error: failure });
          emit?.({
            type: "failed",
            ...base(platform),
            ...jobIds(job),
            code: failure.code,
            message: failure.message,
          });
        }
      } finally {
        // Durable: the slot (and so the next call) waits until this outcome is committed. A failed
        // settle stops the loop (checked there); the error is rethrown by the final flush.
        if (durable && outcome) await outcome;
        slots.give();
      }
    };

    // Jobs claimed ahead of the free slots, so one claim (one store transaction) feeds many calls.
    const ready: ClaimedJob[] = [];
    const releaseReady = () => {
      for (const job of ready.splice(0)) {
        const { requestId, batch, idempotencyKey } = job;
        outcomes.push({ kind: "released", requestId, batch, idempotencyKey, workerId });
      }
    };
    // Deep enough to cover a claim's wait when the event loop is saturated with HTTP and the store's
    // thread answers late (tens of milliseconds on the dispatch benchmark): 8 per slot left the slots idle.
    const prefetch = Math.min(256, runtime.concurrency * 32);
    // Claims ahead in the background: when the prefetched jobs run low, the next claim is already on its
    // way, so the slots never wait for a store transaction (which may queue behind a settle).
    const lowWater = Math.max(1, Math.floor(prefetch / 2));
    let claiming: Promise<number> | undefined;
    let claimError: unknown;
    let claimedSoFar = 0;
    const claimAhead = (): Promise<number> => {
      if (claiming) return claiming;
      const now = clock.now();
      // Small claims first, doubling up to the prefetch: every platform's first claim queues in the one
      // store session, and a full-size first claim each started the sixth platform ~80 ms late.
      const ramp = Math.max(runtime.concurrency * 2, claimedSoFar * 2);
      const want = Math.min(prefetch - ready.length, ramp, submitLimiter.available(), breaker.allowance(now));
      if (want <= 0) return Promise.resolve(-1);
      const pending = store.claim({ platform, limit: want, workerId, leaseMs, now }).then(
        (jobs) => {
          claimedSoFar += jobs.length;
          ready.push(...jobs);
          // Paused or aborted while the claim was on its way: give the jobs back at once.
          if (signal.aborted || breaker.waitMs(clock.now()) > 0) releaseReady();
          return jobs.length;
        },
        (error: unknown) => {
          claimError ??= error;
          return -1;
        },
      );
      claiming = pending.finally(() => {
        claiming = undefined;
      });
      return claiming;
    };
    const throwIfClaimFailed = () => {
      if (claimError !== undefined) throw claimError;
    };

    try {
      for (;;) {
        if (signal.aborted || settler.failed()) break;
        const now = clock.now();
        const hold = breaker.waitMs(now);
        if (hold > 0) {
          if (!paused) {
            paused = true;
            track.setPausedUntil(now + hold);
            const reason = breaker.pausedUntil() > now ? "rate_limited" : "circuit_open";
            emit?.({ type: "paused", ...base(platform), until: now + hold, reason });
          }
          // Give prefetched jobs back while paused: another worker may send them, and our leases
          // would otherwise run out while we wait.
          releaseReady();
          await flush();
          await Promise.race([clock.sleep(hold, signal), ...[...inFlight.values()].map((e) => e.done)]);
          continue;
        }
        if (paused) {
          paused = false;
          track.setPausedUntil(undefined);
          emit?.({ type: "resumed", ...base(platform) });
        }
        if (slots.available() === 0) {
          await slots.whenAvailable();
          continue;
        }
        const rateWait = submitLimiter.waitMs();
        if (rateWait > 0) {
          await flush();
          await clock.sleep(rateWait, signal);
          continue;
        }
        throwIfClaimFailed();
        if (ready.length === 0) {
          const claimed = await claimAhead();
          throwIfClaimFailed();
          if (claimed <= 0 && ready.length === 0) {
            if (inFlight.size > 0) {
              await Promise.race([...inFlight.values()].map((entry) => entry.done));
              continue;
            }
            await flush();
            const counts = await store.counts(platform, clock.now());
            if (counts.queued === 0) break;
            // Work remains, held by another worker's lease or waiting for its retry time.
            const until = (counts.nextClaimableAt ?? clock.now()) - clock.now();
            await clock.sleep(Math.min(Math.max(until, 5), pollIntervalMs), signal);
            continue;
          }
          continue;
        }
        // Batched mode, and the store is behind (a slow disk, a busy machine): wait for it rather than
        // send further ahead, since every outcome not yet written is a call a crash would repeat.
        if (!durable && settler.size() >= SETTLE_BACKLOG_LIMIT) {
          await flush();
          continue;
        }
        const job = ready.shift()!;
        if (ready.length < lowWater) void claimAhead();
        submitLimiter.take();
        slots.take();
        breaker.onStart(clock.now());
        const key = `${job.requestId}#${job.batch}`;
        const done = send(job).finally(() => inFlight.delete(key));
        inFlight.set(key, { job, done });
      }
      if (claiming) await claiming;
      releaseReady();
      await Promise.all([...inFlight.values()].map((entry) => entry.done));
      await flush();
      throwIfClaimFailed();
    } finally {
      clearInterval(renewTimer);
    }
    if (!signal.aborted) emit?.({ type: "drained", ...base(platform) });
  }

  async function pollRequest(
    request: ReferralRequest,
    runtime: PlatformRuntime,
    signal: AbortSignal,
    known?: { job: DispatchJob; update: StatusUpdate },
  ): Promise<number> {
    const jobs = (await store.listJobs({ requestId: request.id })).filter((job) => job.receipt);
    const parts: BatchStatus[] = [];
    for (const job of jobs) {
      if (known && job.batch === known.job.batch) {
        parts.push({ update: known.update, targetKeys: job.targetKeys });
        continue;
      }
      if (!runtime.adapter.capabilities.statusPolling) return 0;
      for (;;) {
        const hold = Math.max(runtime.breaker.waitMs(clock.now()), runtime.statusLimiter.waitMs());
        if (hold <= 0) break;
        await clock.sleep(hold, signal);
        if (signal.aborted) return 0;
      }
      runtime.statusLimiter.take();
      try {
        const update = await runtime.adapter.getStatus(
          { platformRef: job.receipt!.platformRef, request },
          { signal },
        );
        runtime.breaker.onSuccess();
        parts.push({ update, targetKeys: job.targetKeys });
      } catch (error) {
        if (RateLimitedError.isInstance(error)) {
          runtime.breaker.pause(clock.now() + (error.retryAfterMs ?? backoff(1)));
        } else if (AdapterError.isInstance(error) && error.retryable) {
          runtime.breaker.onFailure(clock.now(), error.retryAfterMs);
        }
        throw error;
      }
    }
    const merged = mergeStatuses(parts);
    if (!merged) return 0;
    return appendStatus(request, merged);
  }

  /** Appends what a status update adds to the history; nothing when it was already recorded. */
  async function appendStatus(request: ReferralRequest, update: StatusUpdate): Promise<number> {
    let current = request;
    for (let round = 0; round < 3; round += 1) {
      const state = requestState(current);
      const events = toRequestEvents(update, { current: state.status, by: actor, kind: current.kind })
        .filter((event) => canTransition(state.status, event.type, current.kind))
        .map((event) => ({ ...event, at: notBefore(current, Date.parse(event.at)) }));
      if (events.length === 0) return 0;
      try {
        await store.appendEvents(current.id, events, { expectedCount: current.events.length });
        return events.length;
      } catch (error) {
        // Another sync appended first: read the history again and recompute what is still news.
        if (!(StoreError.isInstance(error) && error.code === "store_conflict")) throw error;
        const fresh = await store.getRequest(current.id);
        if (!fresh) return 0;
        current = fresh;
      }
    }
    return 0;
  }

  async function runOn(
    signal: AbortSignal,
    runOptions: { platforms?: readonly string[] },
  ): Promise<RunSummary> {
    const started = clock.now();
    const wanted = runOptions.platforms ? new Set(runOptions.platforms) : undefined;
    const queuedPlatforms = await store.platforms();
    const missing = queuedPlatforms.filter((p) => !runtimes.has(p) && (!wanted || wanted.has(p)));
    const active = [...runtimes].filter(([platform]) => !wanted || wanted.has(platform));
    // What this worker settled, from its own trackers: on a shared queue the store's counts also
    // move with every other worker's sends.
    const before = new Map<string, { submitted: number; failed: number }>();
    // Asked together: the PGlite thread answers them one after the other without waiting for us.
    const startCounts = await Promise.all(active.map(([platform]) => store.counts(platform, clock.now())));
    for (const [index, [platform]] of active.entries()) {
      const counts = startCounts[index]!;
      const { submitted, failed } = tracker(platform).snapshot();
      before.set(platform, { submitted, failed });
      tracker(platform).addTotal(counts.queued);
      if (counts.queued > 0) emit?.({ type: "queued", ...base(platform), count: counts.queued });
    }
    const settler = new Settler(store, whenRequestSubmitted, () => clock.now(), {
      timing: durable ? "eager" : "batched",
    });
    settler.start();
    try {
      await Promise.all(active.map(([platform, runtime]) => runPlatform(platform, runtime, signal, settler)));
    } finally {
      await settler.stop();
    }
    const platforms: Record<string, PlatformProgress & { remaining: number }> = {};
    let submitted = 0;
    let failed = 0;
    let remaining = 0;
    const endCounts = await Promise.all(active.map(([platform]) => store.counts(platform, clock.now())));
    for (const [index, [platform]] of active.entries()) {
      const counts = endCounts[index]!;
      const was = before.get(platform)!;
      const snapshot = tracker(platform).snapshot();
      platforms[platform] = { ...snapshot, remaining: counts.queued };
      submitted += snapshot.submitted - was.submitted;
      failed += snapshot.failed - was.failed;
      remaining += counts.queued;
    }
    for (const platform of missing) {
      const counts = await store.counts(platform, clock.now());
      remaining += counts.queued;
    }
    return {
      aborted: signal.aborted,
      submitted,
      failed,
      remaining,
      durationMs: clock.now() - started,
      platforms,
    };
  }

  async function syncOn(
    signal: AbortSignal,
    syncOptions: { platforms?: readonly string[]; expire?: boolean },
  ): Promise<SyncSummary> {
    const wanted = syncOptions.platforms ? new Set(syncOptions.platforms) : undefined;
    let polled = 0;
    let appended = 0;
    const errors: { requestId: string; code: string; message: string }[] = [];
    const active = [...runtimes].filter(
      ([platform, runtime]) =>
        (!wanted || wanted.has(platform)) && runtime.adapter.capabilities.statusPolling,
    );
    await Promise.all(
      active.map(async ([platform, runtime]) => {
        const slots = new Concurrency(runtime.concurrency);
        const pending = new Set<Promise<void>>();
        for await (const request of store.listRequests({ platform, status: OPEN_STATES })) {
          if (signal.aborted) break;
          await slots.whenAvailable();
          slots.take();
          polled += 1;
          const task = pollRequest(request, runtime, signal)
            .then((count) => {
              appended += count;
            })
            .catch((error: unknown) => {
              if (signal.aborted) return;
              const code =
                AdapterError.isInstance(error) || StoreError.isInstance(error)
                  ? error.code
                  : "unexpected_error";
              errors.push({
                requestId: request.id,
                code,
                message: error instanceof Error ? error.message : String(error),
              });
            })
            .finally(() => {
              slots.give();
              pending.delete(task);
            });
          pending.add(task);
        }
        await Promise.all(pending);
      }),
    );
    // After the platforms had their say, what is still undecided past its deadline has expired.
    let expired = 0;
    if (syncOptions.expire && !signal.aborted) {
      const platforms = [...runtimes.keys()].filter((platform) => !wanted || wanted.has(platform));
      expired = (await expireOverdue(store, { now: clock.now(), platforms, by: actor })).expired.length;
    }
    return { aborted: signal.aborted, polled, appended: appended + expired, expired, errors };
  }

  return {
    async enqueue(requests, enqueueOptions = {}) {
      const refused: RefusedRequest[] = [];
      const entries: EnqueueEntry[] = [];
      requests.forEach((input, index) => {
        const parsed = RequestSchema.safeParse(input);
        if (!parsed.success) {
          const id =
            typeof (input as { id?: unknown }).id === "string" ? (input as { id: string }).id : "(unknown)";
          refused.push({
            requestId: id,
            index,
            reasons: parsed.error.issues.map(
              (issue) => `${issue.path.join(".") || "request"}: ${issue.message}`,
            ),
            violations: [],
            errors: [],
          });
          return;
        }
        const request = parsed.data;
        const reasons: string[] = [];
        let violations: RefusedRequest["violations"] = [];
        const errors: RefusedRequest["errors"] = [];
        const runtime = runtimes.get(request.platform);
        try {
          const state = requestState(request);
          if (state.status !== "approved") reasons.push(`it is "${state.status}", not "approved"`);
          violations = checkSafeguards(request, { stage: "submission", approvers: state.approvers });
          reasons.push(...violations.map((violation) => violation.message));
        } catch (error) {
          // A history that cannot be folded: approved without what approval needs, or out of order.
          if (SafeguardError.isInstance(error)) violations = error.violations;
          reasons.push(error instanceof Error ? error.message : String(error));
        }
        const findings = checkEnqueueRules(request, options, clock.now());
        reasons.push(...findings.reasons);
        violations = [...violations, ...findings.violations];
        errors.push(...findings.errors);
        if (!runtime) {
          reasons.push(`no adapter is configured for platform "${request.platform}"`);
        } else {
          const { capabilities } = runtime.adapter;
          if (!capabilities.requestKinds.includes(request.kind)) {
            reasons.push(`the ${request.platform} adapter does not take "${request.kind}" requests`);
          }
          const types = targetTypesFor(capabilities, request.kind);
          for (const { target } of request.targets) {
            if (!types.includes(target.type)) {
              reasons.push(
                types === capabilities.targetTypes
                  ? `the ${request.platform} adapter does not take ${target.type} targets`
                  : `the ${request.platform} adapter does not take ${target.type} targets for "${request.kind}" (only ${types.join(", ")})`,
              );
              break;
            }
            if (targetPlatform(target) !== request.platform) {
              reasons.push(`a target is on ${targetPlatform(target)}, not ${request.platform}`);
              break;
            }
          }
        }
        if (reasons.length > 0) {
          refused.push({ requestId: request.id, index, reasons, violations, errors });
          return;
        }
        entries.push({ request, batches: planBatches(request.targets, runtime!.maxTargetsPerCall) });
      });
      if (refused.length > 0 && !enqueueOptions.partial) throw new EnqueueRefusedError(refused);
      const enqueued: string[] = [];
      const existing: string[] = [];
      const perPlatform = new Map<string, number>();
      const platformOf = new Map(entries.map((entry) => [entry.request.id, entry]));
      for (let start = 0; start < entries.length; start += 500) {
        const result = await store.saveRequests(entries.slice(start, start + 500), clock.now());
        enqueued.push(...result.inserted);
        existing.push(...result.existing);
        for (const id of result.inserted) {
          const entry = platformOf.get(id)!;
          perPlatform.set(
            entry.request.platform,
            (perPlatform.get(entry.request.platform) ?? 0) + entry.batches.length,
          );
        }
      }
      for (const [platform, count] of perPlatform) {
        emit?.({ type: "queued", ...base(platform), count });
      }
      return { enqueued, existing, refused };
    },

    async run(runOptions = {}) {
      const own = ownSignal(runOptions.signal);
      try {
        return await runOn(own.signal, runOptions);
      } finally {
        own.release();
      }
    },

    async sync(syncOptions = {}) {
      const own = ownSignal(syncOptions.signal);
      try {
        return await syncOn(own.signal, syncOptions);
      } finally {
        own.release();
      }
    },

    async acceptWebhook(platform, webhook, webhookOptions = {}) {
      const runtime = runtimes.get(platform);
      if (!runtime?.adapter.parseWebhook) {
        throw new DispatchConfigError(`no adapter with webhooks is configured for platform "${platform}"`);
      }
      const signal = webhookOptions.signal ?? new AbortController().signal;
      const result = await runtime.adapter.parseWebhook(webhook, { signal });
      let appended = 0;
      for (const update of result.updates) {
        const job = await store.findJobByPlatformRef(platform, update.platformRef);
        if (!job) continue;
        const request = await store.getRequest(job.requestId);
        if (!request) continue;
        appended += await pollRequest(request, runtime, signal, { job, update });
      }
      return { appended, reply: result.reply };
    },

    async retryFailed(retryOptions = {}) {
      return store.requeueFailed({ ...retryOptions, now: clock.now() });
    },
  };
}

function jobIds(job: ClaimedJob): { requestId: string; batch: number } {
  return { requestId: job.requestId, batch: job.batch };
}

/** A stable error record for the outbox from anything an adapter threw. */
function attemptError(error: unknown): AttemptError {
  if (AdapterError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  }
  // Not an adapter error: a bug or an unexpected failure. Retried up to the limit under the same key,
  // which is harmless, then failed with its message.
  return {
    code: "unexpected_error",
    message: error instanceof Error ? error.message : String(error),
    retryable: true,
  };
}

/**
 * Outcomes waiting to be written past which no platform sends another call until the store catches up.
 * Twice the settler's batch: never reached while the store keeps pace (a settle every 50 ms).
 */
const SETTLE_BACKLOG_LIMIT = 2 * DEFAULT_SETTLE_BATCH;

/**
 * The receipt as plain JSON (an adapter may return class instances, dates or undefined fields). Most
 * receipts already are, and are kept as they are: checking allocates nothing, copying through JSON did
 * for every call.
 */
function plainReceipt(receipt: SubmitReceipt): SubmitReceipt {
  return isPlainJson(receipt, 0) ? receipt : (JSON.parse(JSON.stringify(receipt)) as SubmitReceipt);
}

/** True when `value` survives `JSON.parse(JSON.stringify(value))` unchanged (depth-limited). */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth > 32) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** `at` as ISO 8601, never before the request's last event (the lifecycle keeps time order). */
function notBefore(request: ReferralRequest, at: number): string {
  const last = request.events[request.events.length - 1];
  const floor = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(at, floor)).toISOString();
}

/**
 * The signal the dispatcher hands to adapters and sleeps on: its own, following the caller's through one
 * listener. Many calls listen to it at once by design (every adapter call in flight, every sleeping
 * loop), so Node's warning at ten listeners is lifted on it, and only on it.
 */
function ownSignal(caller: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (!caller) return { signal: controller.signal, release: () => {} };
  if (caller.aborted) {
    controller.abort(caller.reason);
    return { signal: controller.signal, release: () => {} };
  }
  return { signal: controller.signal, release: watchAbort(caller, () => controller.abort(caller.reason)) };
}

function defaultWorkerId(): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `worker:${process.pid}:${random}`;
}

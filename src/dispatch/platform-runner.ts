import { AdapterError, RateLimitedError } from "../adapter/errors.js";
import type { SubmitReceipt } from "../adapter/v1/spec.js";
import { targetsFor } from "./batching.js";
import { Concurrency } from "./concurrency.js";
import type { DispatchContext, PlatformRuntime } from "./context.js";
import { type HoldWatch, TargetHeldError, unitOf } from "./deconfliction.js";
import { DEFAULT_SETTLE_BATCH, type Settler } from "./settler.js";
import type { AttemptError, AttemptOutcome, ClaimedJob } from "./store/port.js";

/**
 * Sends one platform's queued jobs until none is left (or `signal` aborts): claims ahead of the free
 * slots, keeps to the platform's concurrency, rate limits and breaker, renews the leases of jobs in
 * flight, and hands every outcome to the settler (in durable mode a slot waits for its outcome to be
 * committed before it takes the next job).
 */
export async function runPlatform(
  ctx: DispatchContext,
  platform: string,
  runtime: PlatformRuntime,
  signal: AbortSignal,
  settler: Settler,
  holds: HoldWatch,
): Promise<void> {
  const {
    store,
    clock,
    workerId,
    leaseMs,
    pollIntervalMs,
    emit,
    tracker,
    base,
    backoff,
    maxAttempts,
    durable,
  } = ctx;
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
    const held = holds.blocking(job.targetKeys, unitOf(job.request), clock.now());
    if (held.length > 0) {
      // Held by another unit since it was queued: never sent; it fails with the reason, so the run ends
      // and `retryFailed` sends it once the hold is over.
      const { requestId, batch, idempotencyKey } = job;
      const hold = held[0]!;
      const error = new TargetHeldError({
        requestId,
        targetKey: hold.targetKey,
        heldBy: hold.unit,
        until: hold.until,
      });
      const failure = { code: error.code, message: error.message, retryable: false };
      track.onFailed();
      const outcome = outcomes.push({
        kind: "failed",
        requestId,
        batch,
        idempotencyKey,
        workerId,
        error: failure,
      });
      emit?.({
        type: "failed",
        ...base(platform),
        ...jobIds(job),
        code: failure.code,
        message: failure.message,
      });
      if (durable) await outcome;
      slots.give();
      return;
    }
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
  // The last claim found fewer jobs than it asked for: the queue has nothing more to claim now, so no
  // claim is sent ahead until the prefetched jobs are gone. Claiming ahead after every call while the
  // last jobs were sent cost one empty store transaction per call (150 of 180 claims in a run of 2,000),
  // each queued in the store's one session ahead of the settles that the slots wait for.
  let drained = false;
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
        drained = jobs.length < want;
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
      if (ready.length < lowWater && !drained) void claimAhead();
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

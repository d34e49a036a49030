import { AdapterError, RateLimitedError } from "../adapter/errors.js";
import type { SubmitReceipt } from "../adapter/v1/spec.js";
import { targetsFor } from "./batching.js";
import { TargetHeldError, unitOf } from "./deconfliction.js";
import type { PlatformLane } from "./platform-lane.js";
import type { AttemptError, ClaimedJob } from "./store/port.js";

/** The fields every outcome of one job carries. */
type OutcomeRef = Pick<ClaimedJob, "requestId" | "batch" | "idempotencyKey"> & { readonly workerId: string };

/**
 * Sends one claimed job to the platform and hands its outcome to the settler: a job whose target another
 * unit holds fails without a call; otherwise the adapter's answer becomes a submission, a retry or a
 * failure. In durable mode it resolves only once the outcome is committed, so the caller's slot (and so
 * the next call) waits for it.
 */
export async function sendJob(lane: PlatformLane, job: ClaimedJob): Promise<void> {
  const { ctx, platform, track } = lane;
  const held = lane.holds.blocking(job.targetKeys, unitOf(job.request), ctx.clock.now());
  if (held.length > 0) {
    // Held by another unit since it was queued: never sent; it fails with the reason, so the run ends
    // and `retryFailed` sends it once the hold is over.
    const hold = held[0]!;
    const error = new TargetHeldError({
      requestId: job.requestId,
      targetKey: hold.targetKey,
      heldBy: hold.unit,
      until: hold.until,
    });
    const outcome = failForGood(lane, job, { code: error.code, message: error.message, retryable: false });
    if (ctx.durable) await outcome;
    return;
  }
  // A job with a key for every target is the whole request (the stored plan keys each target once), so
  // no target key needs computing.
  const targets =
    job.targetKeys.length === job.request.targets.length
      ? job.request.targets
      : targetsFor(job.request.targets, job.targetKeys);
  track.onStarted();
  ctx.emit?.({
    type: "started",
    ...ctx.base(platform),
    requestId: job.requestId,
    batch: job.batch,
    idempotencyKey: job.idempotencyKey,
    attempt: job.attempt,
  });
  let outcome: Promise<boolean> | undefined;
  try {
    const receipt = await lane.runtime.adapter.submit(
      { request: job.request, targets },
      { idempotencyKey: job.idempotencyKey, signal: lane.signal },
    );
    outcome = settleReceipt(lane, job, receipt);
  } catch (error) {
    track.onSettled();
    outcome = settleError(lane, job, error);
  } finally {
    // Durable: the slot (and so the next call) waits until this outcome is committed. A failed
    // settle stops the loop (checked there); the error is rethrown by the final flush.
    if (ctx.durable && outcome) await outcome;
  }
}

function refOf(lane: PlatformLane, job: ClaimedJob): OutcomeRef {
  return {
    requestId: job.requestId,
    batch: job.batch,
    idempotencyKey: job.idempotencyKey,
    workerId: lane.ctx.workerId,
  };
}

/** The platform took the job. */
function settleReceipt(lane: PlatformLane, job: ClaimedJob, receipt: SubmitReceipt): Promise<boolean> {
  const { ctx, platform, track } = lane;
  lane.runtime.breaker.onSuccess();
  track.onSettled();
  track.onSubmitted();
  const outcome = lane.settler.push({
    kind: "submitted",
    ...refOf(lane, job),
    receipt: plainReceipt(receipt),
  });
  ctx.emit?.({
    type: "submitted",
    ...ctx.base(platform),
    requestId: job.requestId,
    batch: job.batch,
    platformRef: receipt.platformRef,
  });
  return outcome;
}

/**
 * The adapter threw: an aborted call is given back, a rate limit pauses the platform and retries without
 * counting as an attempt, a retryable failure is retried after a backoff until the attempts run out, and
 * anything else fails for good.
 */
function settleError(lane: PlatformLane, job: ClaimedJob, error: unknown): Promise<boolean> {
  const { ctx, platform, track } = lane;
  const { breaker } = lane.runtime;
  const ref = refOf(lane, job);
  if (lane.signal.aborted) {
    // Whether an aborted call reached the platform is unknown: give the job back under the same key.
    breaker.onNeutral();
    return lane.settler.push({ kind: "released", ...ref });
  }
  const failure = attemptError(error);
  const now = ctx.clock.now();
  if (RateLimitedError.isInstance(error)) {
    const until = now + (failure.retryAfterMs ?? ctx.backoff(job.attempt));
    breaker.pause(until);
    breaker.onNeutral();
    track.onRetry();
    const outcome = lane.settler.push({
      kind: "failed",
      ...ref,
      error: failure,
      retryAt: until,
      countsAsAttempt: false,
    });
    ctx.emit?.({
      type: "retrying",
      ...ctx.base(platform),
      ...jobIds(job),
      code: failure.code,
      retryAt: until,
    });
    return outcome;
  }
  if (failure.retryable && job.attempt < ctx.maxAttempts) {
    breaker.onFailure(now, failure.retryAfterMs);
    const retryAt = now + Math.max(failure.retryAfterMs ?? 0, ctx.backoff(job.attempt));
    track.onRetry();
    const outcome = lane.settler.push({ kind: "failed", ...ref, error: failure, retryAt });
    ctx.emit?.({ type: "retrying", ...ctx.base(platform), ...jobIds(job), code: failure.code, retryAt });
    return outcome;
  }
  if (failure.retryable) breaker.onFailure(now, failure.retryAfterMs);
  else breaker.onNeutral();
  return failForGood(lane, job, failure);
}

/** Fails the job until `retryFailed` sends it again. */
function failForGood(lane: PlatformLane, job: ClaimedJob, failure: AttemptError): Promise<boolean> {
  const { ctx, platform } = lane;
  lane.track.onFailed();
  const outcome = lane.settler.push({ kind: "failed", ...refOf(lane, job), error: failure });
  ctx.emit?.({
    type: "failed",
    ...ctx.base(platform),
    ...jobIds(job),
    code: failure.code,
    message: failure.message,
  });
  return outcome;
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

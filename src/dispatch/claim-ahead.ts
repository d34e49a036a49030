import type { PlatformLane } from "./platform-lane.js";
import type { ClaimedJob } from "./store/port.js";

/**
 * Jobs claimed ahead of the free slots, so one claim (one store transaction) feeds many calls; the next
 * claim is sent while the prefetched jobs run low, so the slots never wait for a store transaction (which
 * may queue behind a settle).
 */
export class ClaimAhead {
  /** Claimed jobs not yet sent. */
  readonly ready: ClaimedJob[] = [];
  readonly #lane: PlatformLane;
  // Deep enough to cover a claim's wait when the event loop is saturated with HTTP and the store's
  // thread answers late (tens of milliseconds on the dispatch benchmark): 8 per slot left the slots idle.
  readonly #prefetch: number;
  readonly #lowWater: number;
  #claiming: Promise<number> | undefined;
  #claimError: unknown;
  #claimedSoFar = 0;
  // The last claim found fewer jobs than it asked for: the queue has nothing more to claim now, so no
  // claim is sent ahead until the prefetched jobs are gone. Claiming ahead after every call while the
  // last jobs were sent cost one empty store transaction per call (150 of 180 claims in a run of 2,000),
  // each queued in the store's one session ahead of the settles that the slots wait for.
  #drained = false;

  constructor(lane: PlatformLane) {
    this.#lane = lane;
    this.#prefetch = Math.min(256, lane.runtime.concurrency * 32);
    this.#lowWater = Math.max(1, Math.floor(this.#prefetch / 2));
  }

  /**
   * Claims more jobs unless a claim is already on its way (then its promise): resolves to how many it
   * found, or -1 when there was no room to claim or the claim failed (see `throwIfFailed`).
   */
  claim(): Promise<number> {
    if (this.#claiming) return this.#claiming;
    const { ctx, platform, runtime, signal } = this.#lane;
    const now = ctx.clock.now();
    // Small claims first, doubling up to the prefetch: every platform's first claim queues in the one
    // store session, and a full-size first claim each started the sixth platform ~80 ms late.
    const ramp = Math.max(runtime.concurrency * 2, this.#claimedSoFar * 2);
    const want = Math.min(
      this.#prefetch - this.ready.length,
      ramp,
      runtime.submitLimiter.available(),
      runtime.breaker.allowance(now),
    );
    if (want <= 0) return Promise.resolve(-1);
    const { workerId, leaseMs } = ctx;
    const pending = ctx.store.claim({ platform, limit: want, workerId, leaseMs, now }).then(
      (jobs) => {
        this.#claimedSoFar += jobs.length;
        this.#drained = jobs.length < want;
        this.ready.push(...jobs);
        // Paused or aborted while the claim was on its way: give the jobs back at once.
        if (signal.aborted || runtime.breaker.waitMs(ctx.clock.now()) > 0) this.releaseReady();
        return jobs.length;
      },
      (error: unknown) => {
        this.#claimError ??= error;
        return -1;
      },
    );
    this.#claiming = pending.finally(() => {
      this.#claiming = undefined;
    });
    return this.#claiming;
  }

  /** The next prefetched job (check `ready.length` first), claiming ahead when they run low. */
  take(): ClaimedJob {
    const job = this.ready.shift()!;
    if (this.ready.length < this.#lowWater && !this.#drained) void this.claim();
    return job;
  }

  /** Gives every prefetched job back (paused or stopping: another worker may send them). */
  releaseReady(): void {
    const { settler, ctx } = this.#lane;
    for (const job of this.ready.splice(0)) {
      const { requestId, batch, idempotencyKey } = job;
      settler.push({ kind: "released", requestId, batch, idempotencyKey, workerId: ctx.workerId });
    }
  }

  /** Rethrows the first failed claim's error. */
  throwIfFailed(): void {
    if (this.#claimError !== undefined) throw this.#claimError;
  }

  /** Resolves once no claim is on its way. */
  async settled(): Promise<void> {
    if (this.#claiming) await this.#claiming;
  }
}

import { ClaimAhead } from "./claim-ahead.js";
import { Concurrency } from "./concurrency.js";
import type { DispatchContext, PlatformRuntime } from "./context.js";
import type { HoldWatch } from "./deconfliction.js";
import { sendJob } from "./job-sender.js";
import { renewLeases } from "./lease-renewal.js";
import type { PlatformLane } from "./platform-lane.js";
import { DEFAULT_SETTLE_BATCH, type Settler } from "./settler.js";
import type { ClaimedJob } from "./store/port.js";

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
  const lane: PlatformLane = { ctx, platform, runtime, signal, settler, holds, track: ctx.tracker(platform) };
  const { clock, emit, base, durable } = ctx;
  const { breaker, submitLimiter } = runtime;
  const slots = new Concurrency(runtime.concurrency);
  const inFlight = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  const claims = new ClaimAhead(lane);
  const pause = new PauseReport(lane);
  const flush = () => settler.flush();
  const stopRenewing = renewLeases(ctx, () => [
    ...[...inFlight.values()].map((entry) => entry.job),
    ...claims.ready,
  ]);
  try {
    for (;;) {
      if (signal.aborted || settler.failed()) break;
      const now = clock.now();
      const hold = breaker.waitMs(now);
      if (hold > 0) {
        pause.paused(now, hold);
        // Give prefetched jobs back while paused: another worker may send them, and our leases
        // would otherwise run out while we wait.
        claims.releaseReady();
        await flush();
        await Promise.race([clock.sleep(hold, signal), ...[...inFlight.values()].map((e) => e.done)]);
        continue;
      }
      pause.resumed();
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
      claims.throwIfFailed();
      if (claims.ready.length === 0) {
        const claimed = await claims.claim();
        claims.throwIfFailed();
        if (claimed <= 0 && claims.ready.length === 0) {
          if (inFlight.size > 0) {
            await Promise.race([...inFlight.values()].map((entry) => entry.done));
            continue;
          }
          if (await nothingLeftToClaim(lane)) break;
        }
        continue;
      }
      // Batched mode, and the store is behind (a slow disk, a busy machine): wait for it rather than
      // send further ahead, since every outcome not yet written is a call a crash would repeat.
      if (!durable && settler.size() >= SETTLE_BACKLOG_LIMIT) {
        await flush();
        continue;
      }
      const job = claims.take();
      submitLimiter.take();
      slots.take();
      breaker.onStart(clock.now());
      const key = `${job.requestId}#${job.batch}`;
      const done = sendJob(lane, job).finally(() => {
        slots.give();
        inFlight.delete(key);
      });
      inFlight.set(key, { job, done });
    }
    await claims.settled();
    claims.releaseReady();
    await Promise.all([...inFlight.values()].map((entry) => entry.done));
    await flush();
    claims.throwIfFailed();
  } finally {
    stopRenewing();
  }
  if (!signal.aborted) emit?.({ type: "drained", ...base(platform) });
}

/**
 * Nothing claimable now and nothing in flight: true when the platform's queue is empty; otherwise (work
 * held by another worker's lease or waiting for its retry time) sleeps until it may be claimable and
 * returns false.
 */
async function nothingLeftToClaim(lane: PlatformLane): Promise<boolean> {
  const { store, clock, pollIntervalMs } = lane.ctx;
  await lane.settler.flush();
  const counts = await store.counts(lane.platform, clock.now());
  if (counts.queued === 0) return true;
  const until = (counts.nextClaimableAt ?? clock.now()) - clock.now();
  await clock.sleep(Math.min(Math.max(until, 5), pollIntervalMs), lane.signal);
  return false;
}

/** Reports a platform's pauses (Retry-After or an open breaker) once each, and its resumption. */
class PauseReport {
  readonly #lane: PlatformLane;
  #paused = false;

  constructor(lane: PlatformLane) {
    this.#lane = lane;
  }

  /** The breaker holds the platform for `hold` ms from `now`. */
  paused(now: number, hold: number): void {
    if (this.#paused) return;
    this.#paused = true;
    const { ctx, platform, runtime, track } = this.#lane;
    track.setPausedUntil(now + hold);
    const reason = runtime.breaker.pausedUntil() > now ? "rate_limited" : "circuit_open";
    ctx.emit?.({ type: "paused", ...ctx.base(platform), until: now + hold, reason });
  }

  /** The platform may be called again. */
  resumed(): void {
    if (!this.#paused) return;
    this.#paused = false;
    const { ctx, platform, track } = this.#lane;
    track.setPausedUntil(undefined);
    ctx.emit?.({ type: "resumed", ...ctx.base(platform) });
  }
}

/**
 * Outcomes waiting to be written past which no platform sends another call until the store catches up.
 * Twice the settler's batch: never reached while the store keeps pace (a settle every 50 ms).
 */
const SETTLE_BACKLOG_LIMIT = 2 * DEFAULT_SETTLE_BATCH;

import { setMaxListeners } from "node:events";
import { watchAbort } from "../adapter/http/abort-watch.js";
import type { ReportingAdapter } from "../adapter/v1/spec.js";
import type { DesignationSource } from "../domain/designation-check.js";
import type { RolePolicy } from "../domain/roles.js";
import type { Actor } from "../domain/schemas/common.js";
import type { ReferralRequest, ReferralRequestInput } from "../domain/schemas/request.js";
import { backoffDelay } from "../internal/backoff.js";
import { type Clock, systemClock } from "./clock.js";
import { buildRuntimes, type DispatchContext } from "./context.js";
import { type DuplicateTarget, HoldWatch } from "./deconfliction.js";
import { checkDispatchActor, checkForEnqueue, deconflict } from "./enqueue-checks.js";
import { DispatchConfigError, EnqueueRefusedError, type RefusedRequest } from "./errors.js";
import { runPlatform } from "./platform-runner.js";
import { type PlatformProgress, type ProgressEvent, ProgressTracker } from "./progress.js";
import { Settler } from "./settler.js";
import { acceptWebhookOn, syncOn } from "./status-sync.js";
import type { RequestStore } from "./store/port.js";
import { submittedEvents } from "./submitted-events.js";

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
  /**
   * At most `limit` calls in any window of `windowMs` milliseconds, for each limit given. Replaces the
   * adapter's declared `submit`/`all` limits (status calls use `getStatus`/`all` ones).
   */
  readonly rateLimits?: readonly { readonly limit: number; readonly windowMs: number }[];
  /** At most this many targets per call (never more than the adapter takes). */
  readonly maxTargetsPerCall?: number;
  /** When the platform's circuit breaker opens, and for how long. */
  readonly breaker?: {
    /** Consecutive retryable failures (5xx, timeouts, network) that open the breaker. Default 5. */
    readonly failureThreshold?: number;
    /** How long an open breaker waits before letting one probe call through. Default 30 s. */
    readonly cooldownMs?: number;
  };
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
  /**
   * How retryable failures are retried: exponential backoff from `baseMs`, capped at `maxMs`, with jitter,
   * at most `maxAttempts` attempts (a rate limit with Retry-After does not count as one).
   */
  readonly retry?: { readonly maxAttempts?: number; readonly baseMs?: number; readonly maxMs?: number };
  /** This worker's id in leases and attempts. Default: `worker:<pid>:<six random characters>`. */
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
  readonly registry?: DesignationSource;
  /**
   * The role policy `enqueue` checks every request's history against (who drafted, who approved); the
   * dispatcher's own `actor` must have a role that may record sends and platform answers.
   */
  readonly roles?: RolePolicy;
  /**
   * A request covering a target another open request covers: reported in `duplicates` (default) or
   * refused. Targets held by another unit are always refused at `enqueue`, and not sent while held.
   */
  readonly duplicates?: "report" | "refuse";
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
  /** Targets of enqueued requests that another open request (any unit) already covers. */
  readonly duplicates: readonly DuplicateTarget[];
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
  const actorProblem = options.roles && checkDispatchActor(options.roles, actor.id);
  if (actorProblem) throw new DispatchConfigError(actorProblem);
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

  const runtimes = buildRuntimes(options.adapters, options.limits, clock);

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

  // The one backoff of the package (the HTTP client's too); equal jitter, so a retry never comes at once.
  const backoff = (attempt: number) => backoffDelay(Math.max(1, attempt), { baseMs, maxMs, jitter: "equal" });

  const whenRequestSubmitted = submittedEvents(actor, clock);
  const ctx: DispatchContext = {
    store,
    clock,
    actor,
    workerId,
    leaseMs,
    pollIntervalMs,
    maxAttempts,
    durable,
    runtimes,
    emit,
    tracker,
    base,
    backoff,
  };

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
    const holds = new HoldWatch(store, () => clock.now(), pollIntervalMs);
    await holds.start();
    settler.start();
    try {
      await Promise.all(
        active.map(([platform, runtime]) => runPlatform(ctx, platform, runtime, signal, settler, holds)),
      );
    } finally {
      holds.stop();
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

  return {
    async enqueue(requests, enqueueOptions = {}) {
      const checked = checkForEnqueue(requests, runtimes, options, clock.now());
      const conflicts = await deconflict(checked.entries, store, options, clock.now());
      const held = new Set(conflicts.refused.map((refusal) => refusal.requestId));
      const entries = checked.entries
        .filter(({ entry }) => !held.has(entry.request.id))
        .map(({ entry }) => entry);
      const refused = [...checked.refused, ...conflicts.refused].sort((a, b) => a.index - b.index);
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
      return { enqueued, existing, refused, duplicates: conflicts.duplicates };
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
        return await syncOn(ctx, own.signal, syncOptions);
      } finally {
        own.release();
      }
    },

    acceptWebhook: (platform, webhook, webhookOptions = {}) =>
      acceptWebhookOn(ctx, platform, webhook, webhookOptions),
    async retryFailed(retryOptions = {}) {
      return store.requeueFailed({ ...retryOptions, now: clock.now() });
    },
  };
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

import { setMaxListeners } from "node:events";
import { watchAbort } from "../adapter/http/abort-watch.js";
import type { ReportingAdapter } from "../adapter/v1/spec.js";
import type { DesignationSource } from "../domain/designation-check.js";
import type { RolePolicy } from "../domain/roles.js";
import type { Actor } from "../domain/schemas/common.js";
import type { ReferralRequest, ReferralRequestInput } from "../domain/schemas/request.js";
import type { Clock } from "./clock.js";
import { createDispatchContext } from "./context.js";
import type { DuplicateTarget } from "./deconfliction.js";
import { enqueueOn } from "./enqueue.js";
import type { RefusedRequest } from "./errors.js";
import type { PlatformProgress, ProgressEvent } from "./progress.js";
import { runOn } from "./run.js";
import { acceptWebhookOn, syncOn } from "./status-sync.js";
import type { RequestStore } from "./store/port.js";

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
  const ctx = createDispatchContext(options);
  return {
    enqueue: (requests, enqueueOptions = {}) => enqueueOn(ctx, options, requests, enqueueOptions.partial),

    async run(runOptions = {}) {
      const own = ownSignal(runOptions.signal);
      try {
        return await runOn(ctx, own.signal, runOptions);
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
      return ctx.store.requeueFailed({ ...retryOptions, now: ctx.clock.now() });
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

/**
 * Where one platform stands in a run: what is left, what is done, and how fast it is going.
 *
 * @example
 * ```ts
 * const line = `${p.platform} ${p.submitted}/${p.total} ${p.ratePerSecond.toFixed(1)}/s eta ${p.etaMs ?? "?"} ms`;
 * ```
 */
export interface PlatformProgress {
  readonly platform: string;
  /** Jobs this run expects to settle: queued at the start, plus any enqueued since. */
  readonly total: number;
  /** Jobs the platform has taken this run. */
  readonly submitted: number;
  /** Jobs that failed for good this run. */
  readonly failed: number;
  /** Calls in flight now. */
  readonly inFlight: number;
  /** Retries scheduled this run (rate limits included). */
  readonly retries: number;
  /** Submissions per second over the last half minute (0 before the first). */
  readonly ratePerSecond: number;
  /** Estimated milliseconds to finish at the current rate (`undefined` until there is a rate). */
  readonly etaMs: number | undefined;
  /** Until when the platform is paused (Retry-After or an open breaker), when it is. */
  readonly pausedUntil: number | undefined;
}

/**
 * What the dispatcher reports to `onProgress`, per platform:
 * - `queued`: requests were enqueued (or a run found them queued);
 * - `started`: a `submit` call is about to go, with its idempotency key (already recorded in the store);
 * - `submitted`: the platform took it; `failed`: it will not be sent again without `retryFailed`;
 * - `retrying`: a retryable failure, and when the job will be tried again;
 * - `paused`/`resumed`: the platform is held by a Retry-After or an open circuit breaker, and back;
 * - `drained`: nothing is left to send to the platform.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ adapters, store, onProgress(event) {
 *   if (event.type === "failed") console.error(event.requestId, event.code, event.message);
 * } });
 * ```
 */
export type ProgressEvent = {
  readonly platform: string;
  /** When it happened (ms since the epoch, from the dispatcher's clock). */
  readonly at: number;
  /** The platform's counts after this event. */
  readonly progress: PlatformProgress;
} & (
  | { readonly type: "queued"; readonly count: number }
  | {
      readonly type: "started";
      readonly requestId: string;
      readonly batch: number;
      readonly idempotencyKey: string;
      readonly attempt: number;
    }
  | {
      readonly type: "submitted";
      readonly requestId: string;
      readonly batch: number;
      readonly platformRef: string;
    }
  | {
      readonly type: "retrying";
      readonly requestId: string;
      readonly batch: number;
      readonly code: string;
      readonly retryAt: number;
    }
  | {
      readonly type: "failed";
      readonly requestId: string;
      readonly batch: number;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: "paused";
      readonly until: number;
      readonly reason: "rate_limited" | "circuit_open";
    }
  | { readonly type: "resumed" }
  | { readonly type: "drained" }
);

const RATE_WINDOW_MS = 30_000;

/**
 * Keeps one platform's counts and rate for progress events. Internal to the dispatcher, exported for
 * progress displays that replay events.
 *
 * @example
 * ```ts
 * const tracker = new ProgressTracker("x", () => Date.now());
 * tracker.addTotal(100);
 * tracker.onSubmitted();
 * tracker.snapshot().ratePerSecond;
 * ```
 */
export class ProgressTracker {
  readonly #platform: string;
  readonly #now: () => number;
  #total = 0;
  #submitted = 0;
  #failed = 0;
  #inFlight = 0;
  #retries = 0;
  #pausedUntil: number | undefined;
  readonly #times: number[] = [];
  #startedAt: number;

  constructor(platform: string, now: () => number) {
    this.#platform = platform;
    this.#now = now;
    this.#startedAt = now();
  }

  addTotal(count: number): void {
    this.#total += count;
  }
  onStarted(): void {
    this.#inFlight += 1;
  }
  onSettled(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }
  onSubmitted(): void {
    this.#submitted += 1;
    const now = this.#now();
    this.#times.push(now);
    // Trimmed here too, so the window stays bounded when nobody asks for snapshots.
    this.#trim(now);
  }
  onFailed(): void {
    this.#failed += 1;
  }
  onRetry(): void {
    this.#retries += 1;
  }
  setPausedUntil(until: number | undefined): void {
    this.#pausedUntil = until;
  }

  #trim(now: number): void {
    while (this.#times.length > 0 && this.#times[0]! < now - RATE_WINDOW_MS) this.#times.shift();
  }

  snapshot(): PlatformProgress {
    const now = this.#now();
    this.#trim(now);
    const span = Math.min(RATE_WINDOW_MS, Math.max(1, now - this.#startedAt));
    const ratePerSecond = (this.#times.length * 1000) / span;
    const remaining = Math.max(0, this.#total - this.#submitted - this.#failed);
    return {
      platform: this.#platform,
      total: this.#total,
      submitted: this.#submitted,
      failed: this.#failed,
      inFlight: this.#inFlight,
      retries: this.#retries,
      ratePerSecond,
      etaMs: ratePerSecond > 0 ? Math.round((remaining / ratePerSecond) * 1000) : undefined,
      pausedUntil: this.#pausedUntil !== undefined && this.#pausedUntil > now ? this.#pausedUntil : undefined,
    };
  }
}

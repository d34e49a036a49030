import type { ReportingAdapter } from "../adapter/v1/spec.js";
import type { Actor } from "../domain/schemas/common.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { backoffDelay } from "../internal/backoff.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { type Clock, systemClock } from "./clock.js";
import type { DispatcherOptions, PlatformLimits } from "./dispatcher.js";
import { checkDispatchActor } from "./enqueue-checks.js";
import { DispatchConfigError } from "./errors.js";
import { type ProgressEvent, ProgressTracker } from "./progress.js";
import { RateLimiter } from "./rate-limiter.js";
import type { RequestStore } from "./store/port.js";

/** One platform's adapter with the limits, limiters and breaker the dispatcher keeps for it. */
export interface PlatformRuntime {
  readonly adapter: ReportingAdapter;
  readonly concurrency: number;
  readonly maxTargetsPerCall: number;
  readonly submitLimiter: RateLimiter;
  readonly statusLimiter: RateLimiter;
  readonly breaker: CircuitBreaker;
}

/**
 * One runtime per adapter: its limits (the adapter's declared rate limits, or the overrides for its
 * platform and `default`), limiters and breaker.
 *
 * @throws {DispatchConfigError} two adapters for one platform, or a concurrency that is not a positive integer.
 */
export function buildRuntimes(
  adapters: readonly ReportingAdapter[],
  overrides: Readonly<Record<string, PlatformLimits>> | undefined,
  clock: Clock,
): Map<string, PlatformRuntime> {
  const runtimes = new Map<string, PlatformRuntime>();
  for (const adapter of adapters) {
    if (runtimes.has(adapter.platform)) {
      throw new DispatchConfigError(`two adapters for platform "${adapter.platform}"`);
    }
    const limits = { ...overrides?.default, ...overrides?.[adapter.platform] };
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
  return runtimes;
}

/** What the dispatcher's parts share: the store, time, this worker, settings, progress. */
export interface DispatchContext {
  readonly store: RequestStore;
  readonly clock: Clock;
  readonly actor: Actor;
  readonly workerId: string;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly maxAttempts: number;
  /** Outcomes committed before a slot takes its next job (`outcomes: "durable"`). */
  readonly durable: boolean;
  readonly runtimes: ReadonlyMap<string, PlatformRuntime>;
  /** Sends a progress event; undefined without a listener (then no event is built). */
  readonly emit: ((event: ProgressEvent) => void) | undefined;
  tracker(platform: string): ProgressTracker;
  /** The fields every progress event of `platform` carries. */
  base(platform: string): { platform: string; at: number; progress: ReturnType<ProgressTracker["snapshot"]> };
  /** The delay before retry number `attempt` (exponential, capped, with jitter). */
  backoff(attempt: number): number;
}

/**
 * The context of a dispatcher from its options, with their defaults: the runtimes, this worker's id, the
 * retry backoff, the progress trackers and the progress listener (guarded, so a broken display never
 * stops the dispatch).
 *
 * @throws {DispatchConfigError} an `outcomes` mode that does not exist, an actor the role policy does not
 * let record sends, two adapters for one platform, or a limit that is not a positive number.
 */
export function createDispatchContext(options: DispatcherOptions): DispatchContext {
  const clock = options.clock ?? systemClock;
  const actor: Actor = options.actor ?? { id: "referral-kit.dispatch" };
  const actorProblem = options.roles && checkDispatchActor(options.roles, actor.id);
  if (actorProblem) throw new DispatchConfigError(actorProblem);
  if (options.outcomes !== undefined && options.outcomes !== "durable" && options.outcomes !== "batched") {
    throw new DispatchConfigError(`outcomes must be "durable" or "batched", got ${String(options.outcomes)}`);
  }
  const baseMs = options.retry?.baseMs ?? 1000;
  const maxMs = options.retry?.maxMs ?? 5 * 60_000;
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
  return {
    store: options.store,
    clock,
    actor,
    workerId: options.workerId ?? defaultWorkerId(),
    leaseMs: options.leaseMs ?? 60_000,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    maxAttempts: options.retry?.maxAttempts ?? 8,
    durable: options.outcomes !== "batched",
    runtimes,
    emit: guardedListener(options.onProgress),
    tracker,
    base: (platform: string) => ({ platform, at: clock.now(), progress: tracker(platform).snapshot() }),
    // The one backoff of the package (the HTTP client's too); equal jitter, so a retry never comes at once.
    backoff: (attempt: number) => backoffDelay(Math.max(1, attempt), { baseMs, maxMs, jitter: "equal" }),
  };
}

/**
 * The progress listener, shielded from its own errors; undefined without one, so `emit?.(…)` then builds
 * no event (two per job, each with a snapshot).
 */
function guardedListener(
  onProgress: ((event: ProgressEvent) => void) | undefined,
): ((event: ProgressEvent) => void) | undefined {
  if (!onProgress) return undefined;
  return (event) => {
    try {
      onProgress(event);
    } catch {
      // A broken progress display must never stop the dispatch.
    }
  };
}

function defaultWorkerId(): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `worker:${process.pid}:${random}`;
}

/** `at` as ISO 8601, never before the request's last event (the lifecycle keeps time order). */
export function notBefore(request: ReferralRequest, at: number): string {
  const last = request.events[request.events.length - 1];
  const floor = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(at, floor)).toISOString();
}

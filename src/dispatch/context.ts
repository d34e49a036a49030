import type { ReportingAdapter } from "../adapter/v1/spec.js";
import type { Actor } from "../domain/schemas/common.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import type { Clock } from "./clock.js";
import type { PlatformLimits } from "./dispatcher.js";
import { DispatchConfigError } from "./errors.js";
import type { ProgressEvent, ProgressTracker } from "./progress.js";
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

/** `at` as ISO 8601, never before the request's last event (the lifecycle keeps time order). */
export function notBefore(request: ReferralRequest, at: number): string {
  const last = request.events[request.events.length - 1];
  const floor = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(at, floor)).toISOString();
}

import type { PlatformLimits } from "./dispatcher.js";
/** When a platform's breaker opens, and for how long (the dispatcher's `limits[platform].breaker`). */
export type CircuitBreakerOptions = NonNullable<PlatformLimits["breaker"]>;

/**
 * The breaker's state: calls flow, calls wait, or one probe call decides.
 *
 * @example
 * ```ts
 * if (breaker.state(Date.now()) === "open") console.warn("platform is down; waiting");
 * ```
 */
export type CircuitState = "closed" | "open" | "half-open";

/**
 * One platform's circuit breaker. Open after `failureThreshold` consecutive retryable failures, so a
 * platform that is down costs one probe per cool-down instead of a call per queued request, and the
 * other platforms' loops never wait on it. A `Retry-After` (from a 429 or a 503) pauses the whole
 * platform until then, whatever the state.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 });
 * const wait = breaker.waitMs(Date.now()); // 0 when a call may go now
 * ```
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #state: CircuitState = "closed";
  #failures = 0;
  #openedUntil = 0;
  #pausedUntil = 0;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
  }

  /** The state at `now` (an open breaker past its cool-down is half-open). */
  state(now: number): CircuitState {
    if (this.#state === "open" && now >= this.#openedUntil) this.#state = "half-open";
    return this.#state;
  }

  /** Milliseconds until calls may go (0: now). */
  waitMs(now: number): number {
    const paused = Math.max(0, this.#pausedUntil - now);
    const state = this.state(now);
    if (state === "open") return Math.max(paused, this.#openedUntil - now);
    if (state === "half-open" && this.#probeInFlight) return Math.max(paused, 50);
    return paused;
  }

  /** How many calls may start now: none while paused or open, one probe when half-open. */
  allowance(now: number): number {
    if (this.waitMs(now) > 0) return 0;
    return this.state(now) === "half-open" ? 1 : Number.POSITIVE_INFINITY;
  }

  /** Marks a call as started (a half-open breaker lets one through). */
  onStart(now: number): void {
    if (this.state(now) === "half-open") this.#probeInFlight = true;
  }

  /** A call succeeded: the platform is back. */
  onSuccess(): void {
    this.#state = "closed";
    this.#failures = 0;
    this.#probeInFlight = false;
  }

  /** A call failed retryably; returns true when this opened the breaker. */
  onFailure(now: number, retryAfterMs?: number): boolean {
    if (retryAfterMs !== undefined) this.pause(now + retryAfterMs);
    this.#failures += 1;
    const wasProbe = this.#probeInFlight;
    this.#probeInFlight = false;
    if (wasProbe || (this.#state === "closed" && this.#failures >= this.#threshold)) {
      this.#state = "open";
      this.#openedUntil = now + this.#cooldownMs;
      return true;
    }
    return false;
  }

  /** A call ended without telling anything about the platform (aborted): frees the probe. */
  onNeutral(): void {
    this.#probeInFlight = false;
  }

  /** Pauses every call to the platform until `until` (a Retry-After). */
  pause(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /** When the pause ends (0 when never paused). */
  pausedUntil(): number {
    return this.#pausedUntil;
  }
}

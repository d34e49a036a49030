/**
 * What dispatch.bench measures against: a platform server on loopback, the adapters that speak to it, and
 * a raw ky loop making the same HTTP calls. Two implementations: the sandbox (the six modelled platform
 * APIs and the six reference adapters, what the goal is judged on) and the minimal loopback mock of the
 * dispatch fault tests (the previous measurement, kept for comparison).
 */
import type { ReferralRequest } from "referral-kit";
import type { ReportingAdapter } from "referral-kit/adapter";

export interface BenchServer {
  /** One line for the output's header. */
  readonly label: string;
  readonly platforms: readonly string[];
  /** One adapter per platform, for the dispatcher. */
  readonly adapters: readonly ReportingAdapter[];
  /** `size` fresh approved requests (new ids and targets), spread evenly over the platforms. */
  batch(tag: string, size: number): ReferralRequest[];
  /**
   * The raw ky loop: per request the HTTP call the platform's adapter makes, `concurrency` calls in flight
   * per platform, `prefix` making the idempotency keys fresh.
   */
  raw(requests: readonly ReferralRequest[], prefix: string, concurrency: number): Promise<void>;
  /** Before each timed phase: drops what the platform holds from the previous one (not timed). */
  reset(): void | Promise<void>;
  /** After a timed phase (not timed): checks the platform took exactly `requests` calls, every one 2xx. */
  check(requests: readonly ReferralRequest[], side: string): void | Promise<void>;
  close(): Promise<void>;
}

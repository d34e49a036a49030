import type { PlatformId } from "../domain/platforms.js";
import type { Target } from "../domain/targets/target.js";
import type { VerificationResult } from "./record.js";

/**
 * One target to check: which request it belongs to, the target, its key, and its public URL.
 *
 * @example
 * ```ts
 * const target: ProbeTarget = { requestId: "req-1", platform: "x", key: "x:somename", target, url: "https://x.com/somename" };
 * ```
 */
export interface ProbeTarget {
  readonly requestId: string;
  readonly platform: PlatformId;
  readonly key: string;
  readonly target: Target;
  /** The canonical public URL (`canonicalUrl`), when the target has one. */
  readonly url: string | undefined;
}

/**
 * What a probe saw. Availability only: a result, the HTTP status, a short machine reason.
 *
 * @example
 * ```ts
 * const seen: ProbeObservation = { result: "verified-withheld", httpStatus: 451, reason: "status 451" };
 * ```
 */
export interface ProbeObservation {
  readonly result: VerificationResult;
  readonly httpStatus?: number;
  readonly reason?: string;
  /** The URL actually checked (after any rewrite to a sandbox), when it differs from the target's. */
  readonly url?: string;
}

/**
 * The verification port: anything that can say whether a target is still publicly available. The
 * reference implementation is `createHttpProbe`; an agency may plug in its own (a research API, a
 * manual check recorded by a person). A probe may throw: `verifyTargets` records a thrown error as
 * `verification-failed`, never as a result.
 *
 * @example
 * ```ts
 * const manual: VerificationProbe = {
 *   id: "manual-check",
 *   async check(target) { return { result: lookedAt.get(target.key) ?? "verification-failed" }; },
 * };
 * ```
 */
export interface VerificationProbe {
  /** Recorded on every observation (`probe`), so results of different methods are never mixed up. */
  readonly id: string;
  check(target: ProbeTarget, options: { signal?: AbortSignal }): Promise<ProbeObservation>;
}

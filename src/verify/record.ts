/**
 * The verification record stream: what the agency itself observed about a target, kept apart from the
 * request's lifecycle events. A check is an observation, not a transition: "we looked and the account was
 * gone" neither moves a request nor replaces what the platform said, so it lives in its own append-only
 * stream and the two are never mixed up (compliance reports `actionRate` and `verifiedRate` side by side).
 */
import { z } from "zod";
import { PlatformIdSchema } from "../domain/platforms.js";
import { DateTime, HttpUrlSchema, Id } from "../domain/schemas/common.js";

/**
 * What a check found: the target is gone (`verified-removed`: 404/410 or the platform's "suspended"
 * page), withheld in the checking jurisdiction (`verified-withheld`: 451 or the platform's withheld
 * page), `still-available`, or nothing conclusive (`verification-failed`: timeout, 5xx, an unknown answer).
 *
 * @example
 * ```ts
 * VerificationResult.parse("verified-withheld");
 * ```
 */
export const VerificationResult = z.enum([
  "verified-removed",
  "verified-withheld",
  "still-available",
  "verification-failed",
]);

/**
 * What a check found.
 *
 * @example
 * ```ts
 * const gone = (result: VerificationResult) => result === "verified-removed" || result === "verified-withheld";
 * ```
 */
export type VerificationResult = z.infer<typeof VerificationResult>;

/**
 * Every verification result, in a stable order.
 *
 * @example
 * ```ts
 * VERIFICATION_RESULTS.includes("still-available"); // true
 * ```
 */
export const VERIFICATION_RESULTS: readonly VerificationResult[] = VerificationResult.options;

/**
 * One observation of one target of one request. Append-only: a re-check adds a record, never edits one.
 * It holds availability only (a result, an HTTP status, a short machine reason): never page content and
 * never personal data.
 *
 * @example
 * ```ts
 * VerificationRecord.parse({
 *   type: "verified-removed", requestId: "req-1", platform: "x", target: "x:somename",
 *   url: "https://x.com/somename", at: "2026-01-02T10:00:00Z", probe: "http", httpStatus: 404,
 * });
 * ```
 */
export const VerificationRecord = z.object({
  type: VerificationResult,
  /** The request whose target was checked. */
  requestId: Id,
  platform: PlatformIdSchema,
  /** The target's `targetKey`. */
  target: z.string().min(1).max(500),
  /** The public URL that was checked (`undefined` when the target has no public URL to check). */
  url: HttpUrlSchema.optional(),
  /** When the check was made. */
  at: DateTime,
  /** The probe that made it (its `id`, e.g. `http`), so results of different methods are told apart. */
  probe: z.string().min(1).max(100),
  /** The HTTP status the probe saw, when it made an HTTP call. */
  httpStatus: z.number().int().min(100).max(599).optional(),
  /** A short machine reason: `status 404`, `marker account-suspended`, `timeout`. Never page content. */
  reason: z.string().min(1).max(500).optional(),
  /** True on a `still-available` that follows a removed or withheld observation of the same target. */
  reinstated: z.boolean().optional(),
});

/**
 * One observation of one target of one request.
 *
 * @example
 * ```ts
 * const record: VerificationRecord = {
 *   type: "still-available", requestId: "req-1", platform: "x", target: "x:somename",
 *   at: "2026-01-02T10:00:00Z", probe: "http", httpStatus: 200,
 * };
 * ```
 */
export type VerificationRecord = z.infer<typeof VerificationRecord>;

/**
 * True for the results that confirm the platform acted: removed or withheld.
 *
 * @example
 * ```ts
 * isVerifiedGone("verified-withheld"); // true
 * isVerifiedGone("verification-failed"); // false
 * ```
 */
export function isVerifiedGone(result: VerificationResult): boolean {
  return result === "verified-removed" || result === "verified-withheld";
}

import { requestState } from "../domain/lifecycle.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import type { VerificationRecord } from "./record.js";
import { latestObservations } from "./status.js";

/**
 * A target the platform reported removed, suspended or terminated worldwide, that the agency's own latest
 * conclusive check found only withheld (a 451 or the platform's "withheld in your country" page): the
 * report says more than the check shows.
 *
 * @example
 * ```ts
 * const flag: GlobalRemovalFoundWithheld = {
 *   requestId: "req-1", platform: "x", target: "x:somename", measure: "account-terminated",
 *   reportedAt: "2025-03-02T10:00:00Z", checkedAt: "2025-03-03T00:00:00Z",
 * };
 * ```
 */
export interface GlobalRemovalFoundWithheld {
  readonly requestId: string;
  readonly platform: string;
  readonly target: string;
  /** What the platform reported (`content-removed`, `account-suspended`, `account-terminated`). */
  readonly measure: string;
  /** When the platform's decision was recorded. */
  readonly reportedAt: string;
  /** When the agency's check found it withheld. */
  readonly checkedAt: string;
}

const REMOVALS = new Set(["content-removed", "account-suspended", "account-terminated"]);

/**
 * Lists the targets whose outcome says `scope: "global"` removal or suspension while the latest
 * conclusive verification record (at `asOf`) is `verified-withheld`. Compliance counts the same targets
 * as `reportedGlobalFoundWithheld`; this gives the list to act on (ask the platform, escalate).
 *
 * @example
 * ```ts
 * import { globalRemovalsFoundWithheld } from "referral-kit/verify";
 *
 * for (const flag of globalRemovalsFoundWithheld(requests, records)) {
 *   console.log(`${flag.target}: reported ${flag.measure} worldwide, found withheld on ${flag.checkedAt}`);
 * }
 * ```
 */
export function globalRemovalsFoundWithheld(
  requests: Iterable<ReferralRequest>,
  records: Iterable<VerificationRecord>,
  options: { asOf?: number } = {},
): GlobalRemovalFoundWithheld[] {
  const latest = latestObservations(records, options);
  const flags: GlobalRemovalFoundWithheld[] = [];
  for (const request of requests) {
    const observations = latest.get(request.id);
    if (!observations) continue;
    for (const outcome of requestState(request).outcomes) {
      if (outcome.scope !== "global" || !REMOVALS.has(outcome.measure)) continue;
      const seen = observations.get(outcome.target);
      if (seen?.type !== "verified-withheld" || Date.parse(seen.at) < Date.parse(outcome.at)) continue;
      flags.push({
        requestId: request.id,
        platform: request.platform,
        target: outcome.target,
        measure: outcome.measure,
        reportedAt: outcome.at,
        checkedAt: seen.at,
      });
    }
  }
  return flags;
}

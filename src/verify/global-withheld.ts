import { requestState } from "../domain/lifecycle.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import type { VerificationRecord } from "./record.js";
import { latestObservations } from "./status.js";

/** One flag of `globalRemovalsFoundWithheld`. @internal */
export type GlobalRemovalFoundWithheld = ReturnType<typeof globalRemovalsFoundWithheld>[number];

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
): {
  readonly requestId: string;
  readonly platform: string;
  readonly target: string;
  /** What the platform reported (`content-removed`, `account-suspended`, `account-terminated`). */
  readonly measure: string;
  /** When the platform's decision was recorded. */
  readonly reportedAt: string;
  /** When the agency's check found it withheld. */
  readonly checkedAt: string;
}[] {
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

import type { VerificationRecord } from "./record.js";
import { isVerifiedGone } from "./record.js";

/**
 * The latest conclusive observation of each target, per request, as known at `asOf` (records after it
 * are ignored). `verification-failed` says nothing about the target, so it never hides an earlier
 * conclusive result.
 *
 * @example
 * ```ts
 * const latest = latestObservations(records, { asOf: Date.now() });
 * latest.get("req-1")?.get("x:somename")?.type; // "verified-removed"
 * ```
 */
export function latestObservations(
  records: Iterable<VerificationRecord>,
  options: { asOf?: number } = {},
): Map<string, Map<string, VerificationRecord>> {
  const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
  const byRequest = new Map<string, Map<string, VerificationRecord>>();
  for (const record of records) {
    if (record.type === "verification-failed") continue;
    const at = Date.parse(record.at);
    if (at > asOf) continue;
    let targets = byRequest.get(record.requestId);
    if (!targets) {
      targets = new Map();
      byRequest.set(record.requestId, targets);
    }
    const previous = targets.get(record.target);
    if (!previous || Date.parse(previous.at) <= at) targets.set(record.target, record);
  }
  return byRequest;
}

/**
 * When a request became independently verified: the time of the latest of its targets' removed or
 * withheld observations, when every target's latest conclusive observation (at `asOf`) is removed or
 * withheld; `null` when any target is still available or was never conclusively checked.
 *
 * @example
 * ```ts
 * const latest = latestObservations(records, { asOf });
 * verifiedAt(latest.get(request.id), request.targets.map((t) => targetKey(t.target))); // 1767350400000 or null
 * ```
 */
export function verifiedAt(
  observations: ReadonlyMap<string, VerificationRecord> | undefined,
  targetKeys: readonly string[],
): number | null {
  if (!observations || targetKeys.length === 0) return null;
  let latest = Number.NEGATIVE_INFINITY;
  for (const key of targetKeys) {
    const observation = observations.get(key);
    if (!observation || !isVerifiedGone(observation.type)) return null;
    latest = Math.max(latest, Date.parse(observation.at));
  }
  return latest;
}

import type { VerificationRecord, VerificationResult } from "./record.js";

/** One item of `dueForRecheck`. @internal */
export type RecheckItem = ReturnType<typeof dueForRecheck>[number];

/**
 * Lists targets whose latest check is older than `every` at `asOf`. By default targets last seen removed
 * or withheld (re-checks find reinstated accounts) and targets whose last check failed; pass `results` to
 * choose. Pure: schedule it however the agency runs jobs, then pass the list to `verifyTargets({ only })`.
 *
 * @example
 * ```ts
 * import { dueForRecheck, verifyTargets } from "referral-kit/verify";
 *
 * const due = dueForRecheck(records, { every: 7 * 86_400_000, asOf: Date.now() });
 * const fresh = await verifyTargets(requests, { probe, only: due, history: records });
 * ```
 */
export function dueForRecheck(
  records: Iterable<VerificationRecord>,
  options: { every: number; asOf: number | string; results?: readonly VerificationResult[] },
): {
  readonly requestId: string;
  readonly platform: string;
  readonly target: string;
  readonly lastCheckedAt: string;
  readonly lastResult: VerificationResult;
}[] {
  const asOf = typeof options.asOf === "number" ? options.asOf : Date.parse(options.asOf);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf ${String(options.asOf)} is not a time`);
  if (!(options.every > 0)) throw new RangeError("every must be a positive number of milliseconds");
  const results = new Set(
    options.results ?? ["verified-removed", "verified-withheld", "verification-failed"],
  );
  const latest = new Map<string, VerificationRecord>();
  for (const record of records) {
    if (Date.parse(record.at) > asOf) continue;
    const key = `${record.requestId}\u0000${record.target}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(seen.at) <= Date.parse(record.at)) latest.set(key, record);
  }
  const due: RecheckItem[] = [];
  for (const record of latest.values()) {
    if (!results.has(record.type)) continue;
    if (asOf - Date.parse(record.at) < options.every) continue;
    due.push({
      requestId: record.requestId,
      platform: record.platform,
      target: record.target,
      lastCheckedAt: record.at,
      lastResult: record.type,
    });
  }
  return due.sort((a, b) => Date.parse(a.lastCheckedAt) - Date.parse(b.lastCheckedAt));
}

/**
 * A target seen removed or withheld and later available again: the platform reinstated it (or it was
 * never really gone). A lead for the mirror-candidate work and for a new request.
 *
 * @example
 * ```ts
 * const r: Reinstatement = { requestId: "req-1", platform: "x", target: "x:somename", goneAt: "2026-01-01T00:00:00Z", reappearedAt: "2026-02-01T00:00:00Z" };
 * ```
 */
export interface Reinstatement {
  readonly requestId: string;
  readonly platform: string;
  readonly target: string;
  readonly url?: string;
  /** The last removed or withheld observation before it reappeared. */
  readonly goneAt: string;
  readonly reappearedAt: string;
}

/**
 * Finds reinstatements in the verification stream: for each target, a `still-available` after a removed
 * or withheld observation (`verification-failed` in between changes nothing). Each reappearance is
 * listed once.
 *
 * @example
 * ```ts
 * import { findReinstatements } from "referral-kit/verify";
 *
 * for (const r of findReinstatements(records)) console.log(`${r.target} is back since ${r.reappearedAt}`);
 * ```
 */
export function findReinstatements(records: Iterable<VerificationRecord>): Reinstatement[] {
  const byTarget = new Map<string, VerificationRecord[]>();
  for (const record of records) {
    const key = `${record.requestId}\u0000${record.target}`;
    const list = byTarget.get(key);
    if (list) list.push(record);
    else byTarget.set(key, [record]);
  }
  const found: Reinstatement[] = [];
  for (const list of byTarget.values()) {
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    let gone: VerificationRecord | undefined;
    for (const record of list) {
      if (record.type === "verified-removed" || record.type === "verified-withheld") gone = record;
      else if (record.type === "still-available") {
        if (gone) {
          found.push({
            requestId: record.requestId,
            platform: record.platform,
            target: record.target,
            ...(record.url ? { url: record.url } : {}),
            goneAt: gone.at,
            reappearedAt: record.at,
          });
        }
        gone = undefined;
      }
    }
  }
  return found.sort((a, b) => Date.parse(a.reappearedAt) - Date.parse(b.reappearedAt));
}

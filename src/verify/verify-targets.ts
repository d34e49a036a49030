import { type RequestState, requestState } from "../domain/lifecycle.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { canonicalUrl } from "../domain/targets/canonical-url.js";
import type { PlatformDefinition } from "../domain/targets/platform-definition.js";
import { targetKey } from "../domain/targets/target-key.js";
import type { ProbeTarget, VerificationProbe } from "./probe.js";
import { isVerifiedGone, VerificationRecord } from "./record.js";
import { latestObservations } from "./status.js";

/**
 * Checks each target of the selected requests with the probe and returns one new `VerificationRecord`
 * per target (append them to the verification stream). Requests whose history does not fold (an
 * illegal history) are skipped. A probe that throws gives `verification-failed` with the error's code.
 *
 * @example
 * ```ts
 * import { createHttpProbe, verifyTargets } from "referral-kit/verify";
 *
 * const records = await verifyTargets(requests, { probe: createHttpProbe(), signal, history: earlierRecords });
 * for (const record of records) appendFileSync("verifications.jsonl", `${JSON.stringify(record)}\n`);
 * ```
 */
export async function verifyTargets(
  requests: Iterable<ReferralRequest>,
  options: {
    readonly probe: VerificationProbe;
    /** Stops the run: no new check starts, and the call rejects with the signal's reason. */
    readonly signal?: AbortSignal;
    /** The clock (epoch ms) for the records' times. */
    readonly now?: () => number;
    /** Checks in flight at once. Default 4 (the probe's own rate limit still applies). */
    readonly concurrency?: number;
    /**
     * Which requests: `actioned` (default) checks requests the platform reported as actioned or
     * partially actioned; `submitted` also checks pending ones (a platform may act without saying).
     */
    readonly include?: "actioned" | "submitted";
    /** Earlier records, to mark a `still-available` after a removed or withheld one as `reinstated`. */
    readonly history?: Iterable<VerificationRecord>;
    /** Only these targets (e.g. from `dueForRecheck`). */
    readonly only?: Iterable<{ readonly requestId: string; readonly target: string }>;
    /** Called with each record as it is made, so an interrupted run loses nothing already observed. */
    readonly onRecord?: (record: VerificationRecord) => void;
    /** Definitions of platforms referral-kit does not ship, for their targets' public links. */
    readonly platforms?: readonly PlatformDefinition[];
  },
): Promise<VerificationRecord[]> {
  const { probe, signal } = options;
  signal?.throwIfAborted();
  const now = options.now ?? Date.now;
  const only = options.only
    ? new Set([...options.only].map((o) => `${o.requestId}\u0000${o.target}`))
    : undefined;
  const previous = latestObservations(options.history ?? []);
  const work: ProbeTarget[] = [];
  for (const request of requests) {
    const state = foldOrSkip(request);
    if (!state || !selected(state, options.include ?? "actioned")) continue;
    for (const { target } of request.targets) {
      const key = targetKey(target);
      if (only && !only.has(`${request.id}\u0000${key}`)) continue;
      work.push({
        requestId: request.id,
        platform: request.platform,
        key,
        target,
        url: canonicalUrl(target, { platforms: options.platforms }),
      });
    }
  }

  const records: VerificationRecord[] = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      signal?.throwIfAborted();
      const index = next++;
      const item = work[index]!;
      const record = await checkOne(item, probe, signal, now, previous.get(item.requestId)?.get(item.key));
      records[index] = record;
      options.onRecord?.(record);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, work.length || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return records;
}

async function checkOne(
  item: ProbeTarget,
  probe: VerificationProbe,
  signal: AbortSignal | undefined,
  now: () => number,
  before: VerificationRecord | undefined,
): Promise<VerificationRecord> {
  const base = {
    requestId: item.requestId,
    platform: item.platform,
    target: item.key,
    probe: probe.id,
    ...(item.url ? { url: item.url } : {}),
  };
  let record: VerificationRecord;
  try {
    const seen = await probe.check(item, signal ? { signal } : {});
    record = {
      ...base,
      type: seen.result,
      at: new Date(now()).toISOString(),
      ...(seen.httpStatus === undefined ? {} : { httpStatus: seen.httpStatus }),
      ...(seen.reason ? { reason: seen.reason.slice(0, 500) } : {}),
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const code = (error as { code?: unknown })?.code;
    record = {
      ...base,
      type: "verification-failed",
      at: new Date(now()).toISOString(),
      reason: `probe error${typeof code === "string" ? ` ${code}` : ""}`,
    };
  }
  if (record.type === "still-available" && before && isVerifiedGone(before.type)) {
    record = { ...record, reinstated: true };
  }
  // The probe is pluggable: check what it gave before it enters an audit record.
  return VerificationRecord.parse(record);
}

function foldOrSkip(request: ReferralRequest): RequestState | undefined {
  try {
    return requestState(request);
  } catch {
    return undefined;
  }
}

function selected(state: RequestState, include: "actioned" | "submitted"): boolean {
  if (state.submittedAt === undefined || state.outcome === "withdrawn") return false;
  if (state.outcome === "actioned" || state.outcome === "partially-actioned") return true;
  return include === "submitted" && state.outcome === "pending";
}

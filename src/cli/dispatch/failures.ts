import type { RequestStore } from "../../dispatch/store/port.js";

/**
 * A request that could not be sent, with the reason the store keeps for it: the adapter error's stable
 * code and its message (never a secret: adapter errors are redacted).
 *
 * @example
 * ```ts
 * const failure: RequestFailure = { requestId: "req-1", platform: "x", code: "auth_failed", message: "x: 401" };
 * ```
 */
export interface RequestFailure {
  readonly requestId: string;
  readonly platform: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The failed jobs in the store, split into those that failed in this run and those left failed by an
 * earlier one: both are requests not sent, and a later run must not print "0 failed" while they wait.
 * Read from the store, so what is printed is what the store holds.
 *
 * @example
 * ```ts
 * const { thisRun, earlier } = await failureReport(store, new Set(["req-1"]), undefined);
 * ```
 */
export async function failureReport(
  store: RequestStore,
  thisRun: ReadonlySet<string>,
  platforms: readonly string[] | undefined,
): Promise<{ thisRun: RequestFailure[]; earlier: RequestFailure[] }> {
  const now: RequestFailure[] = [];
  const earlier: RequestFailure[] = [];
  const seen = new Set<string>();
  for (const job of await store.listJobs({ state: "failed" })) {
    if (platforms && !platforms.includes(job.platform)) continue;
    // One line per request: a request of several batches is not sent until every batch is.
    if (seen.has(job.requestId)) continue;
    seen.add(job.requestId);
    const failure = {
      requestId: job.requestId,
      platform: job.platform,
      code: job.lastError?.code ?? "unknown",
      message: job.lastError?.message ?? "(no reason recorded)",
    };
    (thisRun.has(job.requestId) ? now : earlier).push(failure);
  }
  return { thisRun: now, earlier };
}

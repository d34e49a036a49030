import type { RequestTarget } from "../domain/schemas/request.js";
import { targetKey } from "../domain/targets/target-key.js";

/**
 * Splits a request's targets into `submit` calls of at most `maxTargetsPerCall`, as target keys, in the
 * request's order. Fixed when the request is enqueued and stored with it, so a restart (even with an
 * adapter that now takes a different batch size) sends the same batches under the same keys.
 *
 * @example
 * ```ts
 * planBatches(request.targets, 2); // [["x:a", "x:b"], ["x:c"]]
 * ```
 */
export function planBatches(targets: readonly RequestTarget[], maxTargetsPerCall: number): string[][] {
  const size = Math.max(1, Math.floor(maxTargetsPerCall));
  const keys = targets.map((entry) => targetKey(entry.target));
  const batches: string[][] = [];
  for (let start = 0; start < keys.length; start += size) batches.push(keys.slice(start, start + size));
  return batches;
}

/**
 * The request's targets (with their evidence) for a batch's keys.
 *
 * @example
 * ```ts
 * const targets = targetsFor(job.request.targets, job.targetKeys);
 * ```
 */
export function targetsFor(targets: readonly RequestTarget[], keys: readonly string[]): RequestTarget[] {
  const wanted = new Set(keys);
  return targets.filter((entry) => wanted.has(targetKey(entry.target)));
}

import type { ReferralRequest, ReferralRequestInput } from "../domain/schemas/request.js";
import type { DispatchContext } from "./context.js";
import type { EnqueueResult } from "./dispatcher.js";
import { checkForEnqueue, deconflict, type EnqueueRules } from "./enqueue-checks.js";
import { EnqueueRefusedError } from "./errors.js";

/** Requests stored per store call. */
const SAVE_CHUNK = 500;

/**
 * Checks `requests` (`checkForEnqueue`, then `deconflict` against the stored requests and holds) and
 * stores those that pass, reporting the jobs queued per platform. Refuses all of them with
 * `EnqueueRefusedError` when any is refused, unless `partial`.
 */
export async function enqueueOn(
  ctx: DispatchContext,
  rules: EnqueueRules,
  requests: readonly (ReferralRequest | ReferralRequestInput)[],
  partial: boolean | undefined,
): Promise<EnqueueResult> {
  const { store, clock } = ctx;
  const checked = checkForEnqueue(requests, ctx.runtimes, rules, clock.now());
  const conflicts = await deconflict(checked.entries, store, rules, clock.now());
  const held = new Set(conflicts.refused.map((refusal) => refusal.requestId));
  const entries = checked.entries
    .filter(({ entry }) => !held.has(entry.request.id))
    .map(({ entry }) => entry);
  const refused = [...checked.refused, ...conflicts.refused].sort((a, b) => a.index - b.index);
  if (refused.length > 0 && !partial) throw new EnqueueRefusedError(refused);
  const enqueued: string[] = [];
  const existing: string[] = [];
  const perPlatform = new Map<string, number>();
  const platformOf = new Map(entries.map((entry) => [entry.request.id, entry]));
  for (let start = 0; start < entries.length; start += SAVE_CHUNK) {
    const result = await store.saveRequests(entries.slice(start, start + SAVE_CHUNK), clock.now());
    enqueued.push(...result.inserted);
    existing.push(...result.existing);
    for (const id of result.inserted) {
      const entry = platformOf.get(id)!;
      perPlatform.set(
        entry.request.platform,
        (perPlatform.get(entry.request.platform) ?? 0) + entry.batches.length,
      );
    }
  }
  for (const [platform, count] of perPlatform) {
    ctx.emit?.({ type: "queued", ...ctx.base(platform), count });
  }
  return { enqueued, existing, refused, duplicates: conflicts.duplicates };
}

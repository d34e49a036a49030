import { AdapterError, RateLimitedError } from "../adapter/errors.js";
import type { StatusUpdate } from "../adapter/v1/spec.js";
import { toRequestEvents } from "../adapter/v1/to-request-events.js";
import { canTransition, requestState } from "../domain/lifecycle.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { Concurrency } from "./concurrency.js";
import { type DispatchContext, notBefore, type PlatformRuntime } from "./context.js";
import type { SyncSummary } from "./dispatcher.js";
import { DispatchConfigError, StoreError } from "./errors.js";
import { expireOverdue } from "./expire.js";
import { type BatchStatus, mergeStatuses } from "./merge-status.js";
import type { DispatchJob } from "./store/port.js";

/** Requests in these states may still change on the platform, so `sync` asks about them. */
const OPEN_STATES = [
  "submitted",
  "acknowledged",
  "information-requested",
  "information-supplied",
  "escalated",
  "expired",
  "partially-actioned",
] as const;

/**
 * Asks the platform for the status of each batch of `request` (or takes `known`, a webhook's update for
 * one of them), merges them and appends what is new. Returns the number of events appended.
 */
export async function pollRequest(
  ctx: DispatchContext,
  request: ReferralRequest,
  runtime: PlatformRuntime,
  signal: AbortSignal,
  known?: { job: DispatchJob; update: StatusUpdate },
): Promise<number> {
  const { store, clock, backoff } = ctx;
  const jobs = (await store.listJobs({ requestId: request.id })).filter((job) => job.receipt);
  const parts: BatchStatus[] = [];
  for (const job of jobs) {
    if (known && job.batch === known.job.batch) {
      parts.push({ update: known.update, targetKeys: job.targetKeys });
      continue;
    }
    if (!runtime.adapter.capabilities.statusPolling) return 0;
    for (;;) {
      const hold = Math.max(runtime.breaker.waitMs(clock.now()), runtime.statusLimiter.waitMs());
      if (hold <= 0) break;
      await clock.sleep(hold, signal);
      if (signal.aborted) return 0;
    }
    runtime.statusLimiter.take();
    try {
      const update = await runtime.adapter.getStatus(
        { platformRef: job.receipt!.platformRef, request },
        { signal },
      );
      runtime.breaker.onSuccess();
      parts.push({ update, targetKeys: job.targetKeys });
    } catch (error) {
      if (RateLimitedError.isInstance(error)) {
        runtime.breaker.pause(clock.now() + (error.retryAfterMs ?? backoff(1)));
      } else if (AdapterError.isInstance(error) && error.retryable) {
        runtime.breaker.onFailure(clock.now(), error.retryAfterMs);
      }
      throw error;
    }
  }
  const merged = mergeStatuses(parts);
  if (!merged) return 0;
  return appendStatus(ctx, request, merged);
}

/** Appends what a status update adds to the history; nothing when it was already recorded. */
async function appendStatus(
  ctx: DispatchContext,
  request: ReferralRequest,
  update: StatusUpdate,
): Promise<number> {
  const { store, actor } = ctx;
  let current = request;
  for (let round = 0; round < 3; round += 1) {
    const state = requestState(current);
    const events = toRequestEvents(update, { current: state.status, by: actor, kind: current.kind })
      .filter((event) => canTransition(state.status, event.type, current.kind))
      .map((event) => ({ ...event, at: notBefore(current, Date.parse(event.at)) }));
    if (events.length === 0) return 0;
    try {
      await store.appendEvents(current.id, events, { expectedCount: current.events.length });
      return events.length;
    } catch (error) {
      // Another sync appended first: read the history again and recompute what is still news.
      if (!(StoreError.isInstance(error) && error.code === "store_conflict")) throw error;
      const fresh = await store.getRequest(current.id);
      if (!fresh) return 0;
      current = fresh;
    }
  }
  return 0;
}

/** Polls every open request of the platforms that poll, `concurrency` at a time per platform. */
export async function syncOn(
  ctx: DispatchContext,
  signal: AbortSignal,
  syncOptions: { platforms?: readonly string[]; expire?: boolean },
): Promise<SyncSummary> {
  const { store, runtimes, clock, actor } = ctx;
  const wanted = syncOptions.platforms ? new Set(syncOptions.platforms) : undefined;
  let polled = 0;
  let appended = 0;
  const errors: { requestId: string; code: string; message: string }[] = [];
  const active = [...runtimes].filter(
    ([platform, runtime]) => (!wanted || wanted.has(platform)) && runtime.adapter.capabilities.statusPolling,
  );
  await Promise.all(
    active.map(async ([platform, runtime]) => {
      const slots = new Concurrency(runtime.concurrency);
      const pending = new Set<Promise<void>>();
      for await (const request of store.listRequests({ platform, status: OPEN_STATES })) {
        if (signal.aborted) break;
        await slots.whenAvailable();
        slots.take();
        polled += 1;
        const task = pollRequest(ctx, request, runtime, signal)
          .then((count) => {
            appended += count;
          })
          .catch((error: unknown) => {
            if (signal.aborted) return;
            const code =
              AdapterError.isInstance(error) || StoreError.isInstance(error)
                ? error.code
                : "unexpected_error";
            errors.push({
              requestId: request.id,
              code,
              message: error instanceof Error ? error.message : String(error),
            });
          })
          .finally(() => {
            slots.give();
            pending.delete(task);
          });
        pending.add(task);
      }
      await Promise.all(pending);
    }),
  );
  // After the platforms had their say, what is still undecided past its deadline has expired.
  let expired = 0;
  if (syncOptions.expire && !signal.aborted) {
    const platforms = [...runtimes.keys()].filter((platform) => !wanted || wanted.has(platform));
    expired = (await expireOverdue(store, { now: clock.now(), platforms, by: actor })).expired.length;
  }
  return { aborted: signal.aborted, polled, appended: appended + expired, expired, errors };
}

/** Reads one webhook call with the platform's adapter and appends the events it carries. */
export async function acceptWebhookOn(
  ctx: DispatchContext,
  platform: string,
  webhook: Request,
  webhookOptions: { signal?: AbortSignal },
): Promise<{ appended: number; reply: Response | undefined }> {
  const { store, runtimes } = ctx;
  const runtime = runtimes.get(platform);
  if (!runtime?.adapter.parseWebhook) {
    throw new DispatchConfigError(`no adapter with webhooks is configured for platform "${platform}"`);
  }
  const signal = webhookOptions.signal ?? new AbortController().signal;
  const result = await runtime.adapter.parseWebhook(webhook, { signal });
  let appended = 0;
  for (const update of result.updates) {
    const job = await store.findJobByPlatformRef(platform, update.platformRef);
    if (!job) continue;
    const request = await store.getRequest(job.requestId);
    if (!request) continue;
    appended += await pollRequest(ctx, request, runtime, signal, { job, update });
  }
  return { appended, reply: result.reply };
}

import type { DispatchContext, PlatformRuntime } from "./context.js";
import { HoldWatch } from "./deconfliction.js";
import type { RunSummary } from "./dispatcher.js";
import { runPlatform } from "./platform-runner.js";
import type { PlatformProgress } from "./progress.js";
import { Settler } from "./settler.js";
import { submittedEvents } from "./submitted-events.js";

/** What this worker had settled per platform when the run started. */
type Settled = Map<string, { submitted: number; failed: number }>;

/**
 * One run: sends every queued job of the wanted platforms (all with an adapter by default) until their
 * queues are drained or `signal` aborts, one `runPlatform` per platform over one settler and hold watch,
 * and sums up what this worker did and what remains.
 */
export async function runOn(
  ctx: DispatchContext,
  signal: AbortSignal,
  options: { platforms?: readonly string[] },
): Promise<RunSummary> {
  const { store, clock, durable, pollIntervalMs } = ctx;
  const started = clock.now();
  const wanted = options.platforms ? new Set(options.platforms) : undefined;
  const queuedPlatforms = await store.platforms();
  const missing = queuedPlatforms.filter((p) => !ctx.runtimes.has(p) && (!wanted || wanted.has(p)));
  const active = [...ctx.runtimes].filter(([platform]) => !wanted || wanted.has(platform));
  const before = await startCounts(ctx, active);
  const settler = new Settler(store, submittedEvents(ctx.actor, clock), () => clock.now(), {
    timing: durable ? "eager" : "batched",
  });
  const holds = new HoldWatch(store, () => clock.now(), pollIntervalMs);
  await holds.start();
  settler.start();
  try {
    await Promise.all(
      active.map(([platform, runtime]) => runPlatform(ctx, platform, runtime, signal, settler, holds)),
    );
  } finally {
    holds.stop();
    await settler.stop();
  }
  return {
    aborted: signal.aborted,
    ...(await endCounts(ctx, active, before, missing)),
    durationMs: clock.now() - started,
  };
}

/**
 * Adds each platform's queued jobs to its progress total (reporting them as `queued`) and returns what
 * this worker had settled so far, from its own trackers: on a shared queue the store's counts also move
 * with every other worker's sends.
 */
async function startCounts(ctx: DispatchContext, active: [string, PlatformRuntime][]): Promise<Settled> {
  const before: Settled = new Map();
  // Asked together: the PGlite thread answers them one after the other without waiting for us.
  const counts = await Promise.all(active.map(([platform]) => ctx.store.counts(platform, ctx.clock.now())));
  for (const [index, [platform]] of active.entries()) {
    const { queued } = counts[index]!;
    const { submitted, failed } = ctx.tracker(platform).snapshot();
    before.set(platform, { submitted, failed });
    ctx.tracker(platform).addTotal(queued);
    if (queued > 0) ctx.emit?.({ type: "queued", ...ctx.base(platform), count: queued });
  }
  return before;
}

/**
 * What the run settled, per platform and in total, and what remains queued (on the platforms run and on
 * those with queued jobs but no adapter).
 */
async function endCounts(
  ctx: DispatchContext,
  active: [string, PlatformRuntime][],
  before: Settled,
  missing: readonly string[],
): Promise<Omit<RunSummary, "aborted" | "durationMs">> {
  const platforms: Record<string, PlatformProgress & { remaining: number }> = {};
  let submitted = 0;
  let failed = 0;
  let remaining = 0;
  const counts = await Promise.all(active.map(([platform]) => ctx.store.counts(platform, ctx.clock.now())));
  for (const [index, [platform]] of active.entries()) {
    const { queued } = counts[index]!;
    const was = before.get(platform)!;
    const snapshot = ctx.tracker(platform).snapshot();
    platforms[platform] = { ...snapshot, remaining: queued };
    submitted += snapshot.submitted - was.submitted;
    failed += snapshot.failed - was.failed;
    remaining += queued;
  }
  for (const platform of missing) {
    const { queued } = await ctx.store.counts(platform, ctx.clock.now());
    remaining += queued;
  }
  return { submitted, failed, remaining, platforms };
}

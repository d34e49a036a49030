import type { ReportingAdapter } from "../../adapter/v1/spec.js";
import type { Clock } from "../../dispatch/clock.js";
import { createDispatcher, type Dispatcher, type PlatformLimits } from "../../dispatch/dispatcher.js";
import type { EnqueueRules } from "../../dispatch/enqueue-checks.js";
import type { ProgressEvent } from "../../dispatch/progress.js";
import type { RateLimit } from "../../dispatch/rate-limiter.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { openCliStore } from "../store.js";
import { loadDispatchConfig } from "./config.js";

/**
 * Opens the store and the adapters the way `dispatch` and `sync` both need.
 *
 * @throws {CliInputError} the config or the store cannot be read (exit code 3).
 *
 * @example
 * ```ts
 * const { store, dispatcher } = await openDispatch({ store: "./referrals.store", config: undefined, cwd: io.cwd });
 * ```
 */
export async function openDispatch(options: {
  store: string;
  config: string | undefined;
  cwd: string;
  concurrency?: number | undefined;
  create?: boolean;
  clock?: Clock;
  onProgress?: (event: ProgressEvent) => void;
  /** The accountability rules `enqueue` applies (registry, roles, duplicates). */
  rules?: EnqueueRules;
  /** Who the dispatcher records as the actor of what it appends. */
  actor?: string;
}): Promise<{
  store: RequestStore;
  dispatcher: Dispatcher;
  rateLimits: Record<string, readonly RateLimit[]>;
}> {
  const config = await loadDispatchConfig(options.config, options.cwd);
  const store = await openCliStore(options.store, options.cwd, { create: options.create ?? false });
  const limits: Record<string, PlatformLimits> = { ...config.limits };
  if (options.concurrency !== undefined) {
    limits.default = { ...limits.default, concurrency: options.concurrency };
  }
  try {
    const dispatcher = createDispatcher({
      adapters: config.adapters,
      store,
      limits,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...options.rules,
      ...(options.actor ? { actor: { id: options.actor } } : {}),
    });
    return { store, dispatcher, rateLimits: submitLimits(config.adapters, limits) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The submit limits each platform runs under: the config's, else those its adapter declares. */
function submitLimits(
  adapters: readonly ReportingAdapter[],
  limits: Readonly<Record<string, PlatformLimits>>,
): Record<string, readonly RateLimit[]> {
  return Object.fromEntries(
    adapters.map((adapter) => [
      adapter.platform,
      limits[adapter.platform]?.rateLimits ??
        limits.default?.rateLimits ??
        adapter.capabilities.rateLimits.filter(
          (limit) => limit.operation === "submit" || limit.operation === "all",
        ),
    ]),
  );
}

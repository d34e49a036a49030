import type { DispatchContext, PlatformRuntime } from "./context.js";
import type { HoldWatch } from "./deconfliction.js";
import type { ProgressTracker } from "./progress.js";
import type { Settler } from "./settler.js";

/**
 * What the parts of one platform's run share: the dispatcher's context, the platform and its runtime, the
 * run's signal, settler and hold watch, and the platform's progress tracker.
 */
export interface PlatformLane {
  readonly ctx: DispatchContext;
  readonly platform: string;
  readonly runtime: PlatformRuntime;
  readonly signal: AbortSignal;
  readonly settler: Settler;
  readonly holds: HoldWatch;
  readonly track: ProgressTracker;
}

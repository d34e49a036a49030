import { targetKey } from "referral-kit";
import {
  type AdapterCapabilities,
  defineAdapter,
  type ReportingAdapter,
  type StatusUpdate,
  type SubmitInput,
  type SubmitReceipt,
} from "referral-kit/adapter";
import type { Clock } from "referral-kit/dispatch";

/**
 * A hand-written adapter for dispatcher tests: models platform idempotency (a repeated key returns the
 * first receipt and creates nothing), records every call, and fails on a script.
 */
export interface FakePlatform {
  adapter: ReportingAdapter;
  /** Every submit call, in order (repeats included). */
  calls: { key: string; targets: string[]; at: number }[];
  /** Submissions the platform created, by idempotency key. */
  created: Map<string, SubmitReceipt>;
  /** How many submissions each target got (should be 1). */
  perTarget: Map<string, number>;
  /** Most calls in flight at once. */
  maxInFlight: number;
  /** What getStatus answers, by platform reference. */
  statuses: Map<string, Omit<StatusUpdate, "platformRef">>;
}

export interface FakeOptions {
  platform?: string;
  capabilities?: Partial<AdapterCapabilities>;
  clock?: Clock;
  /** Throw this error (or nothing) for call number n (0-based), before the platform creates anything. */
  failBefore?: (n: number, input: SubmitInput) => unknown;
  /** Makes each call take this long (on the given clock). */
  latencyMs?: number;
  /** Receipt target statuses. */
  targetStatus?: (key: string) => SubmitReceipt["targets"][number];
  webhook?: (request: Request) => Promise<{ updates: StatusUpdate[] }>;
}

/** Real time, ended early by the signal through a listener of its own, as a fetch in flight does. */
function listeningSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export function fakePlatform(options: FakeOptions = {}): FakePlatform {
  const platform = options.platform ?? "x";
  const clock = options.clock;
  const state: FakePlatform = {
    adapter: undefined as unknown as ReportingAdapter,
    calls: [],
    created: new Map(),
    perTarget: new Map(),
    maxInFlight: 0,
    statuses: new Map(),
  };
  let n = 0;
  let inFlight = 0;
  state.adapter = defineAdapter({
    platform,
    capabilities: {
      requestKinds: ["suspend", "remove-content"],
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: Boolean(options.webhook),
      withdrawal: false,
      maxTargetsPerCall: 10,
      rateLimits: [],
      ...options.capabilities,
    },
    async submit(input, { idempotencyKey, signal }) {
      const call = n++;
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        state.calls.push({
          key: idempotencyKey,
          targets: input.targets.map((t) => targetKey(t.target)),
          at: clock?.now() ?? Date.now(),
        });
        if (options.latencyMs) await (clock ?? { sleep: listeningSleep }).sleep(options.latencyMs, signal);
        signal?.throwIfAborted();
        const failure = options.failBefore?.(call, input);
        if (failure) throw failure;
        const existing = state.created.get(idempotencyKey);
        if (existing) return existing;
        const receipt: SubmitReceipt = {
          platformRef: `${platform}-ref-${state.created.size + 1}`,
          acceptedAt: new Date(clock?.now() ?? Date.now()).toISOString(),
          targets: input.targets.map((t) =>
            options.targetStatus
              ? options.targetStatus(targetKey(t.target))
              : { key: targetKey(t.target), status: "accepted" },
          ),
        };
        state.created.set(idempotencyKey, receipt);
        for (const t of input.targets) {
          const key = targetKey(t.target);
          state.perTarget.set(key, (state.perTarget.get(key) ?? 0) + 1);
        }
        return receipt;
      } finally {
        inFlight -= 1;
      }
    },
    async getStatus({ platformRef }) {
      const status = state.statuses.get(platformRef) ?? {
        outcome: "pending",
        at: new Date(clock?.now() ?? Date.now()).toISOString(),
        platformState: "RECEIVED",
      };
      return { ...status, platformRef } as StatusUpdate;
    },
    ...(options.webhook ? { parseWebhook: options.webhook } : {}),
  });
  return state;
}

/**
 * A virtual clock for deterministic tests: a discrete-event scheduler. `sleep` parks the caller; when
 * everything else has run (a macrotask later), time jumps to the earliest wake-up and wakes that sleeper
 * alone. So an hour of Retry-After on one platform costs nothing, and never moves another platform's time.
 */
export function virtualClock(
  start = Date.parse("2026-01-01T00:00:00Z"),
): Clock & { advance(ms: number): void } {
  let now = start;
  let seq = 0;
  const sleepers: { wake: number; seq: number; resolve: () => void }[] = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled || sleepers.length === 0) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      sleepers.sort((a, b) => a.wake - b.wake || a.seq - b.seq);
      const next = sleepers.shift();
      if (next) {
        now = Math.max(now, next.wake);
        next.resolve();
      }
      schedule();
    }, 0);
  };
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const sleeper = { wake: now + Math.max(0, ms), seq: seq++, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          "abort",
          () => {
            const index = sleepers.indexOf(sleeper);
            if (index >= 0) sleepers.splice(index, 1);
            resolve();
          },
          { once: true },
        );
        schedule();
      });
    },
  };
}

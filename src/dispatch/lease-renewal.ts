import type { DispatchContext } from "./context.js";
import type { ClaimedJob } from "./store/port.js";

/**
 * Renews the leases of `held()` jobs every third of the lease (at least every second) until the returned
 * function is called, so no other worker takes a job this one is still sending or about to send.
 */
export function renewLeases(ctx: DispatchContext, held: () => ClaimedJob[]): () => void {
  const { store, clock, workerId, leaseMs } = ctx;
  const timer = setInterval(
    () => {
      const jobs = held();
      if (jobs.length > 0) {
        store.renew({ jobs, workerId, leaseMs, now: clock.now() }).catch(() => {
          // A failed renewal is retried at the next tick; the idempotency key covers a lost lease.
        });
      }
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  timer.unref?.();
  return () => clearInterval(timer);
}

import { systemClock } from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { planBatches, targetsFor } from "../../src/dispatch/batching.js";
import { CircuitBreaker } from "../../src/dispatch/circuit-breaker.js";
import { mergeStatuses } from "../../src/dispatch/merge-status.js";
import { RateLimiter } from "../../src/dispatch/rate-limiter.js";
import { virtualClock } from "./support/fake-adapter.js";
import { approvedRequest } from "./support/requests.js";

describe("RateLimiter", () => {
  it("never lets more than the limit through in any window, across several limits", () => {
    const clock = virtualClock(0);
    const limiter = new RateLimiter(
      [
        { limit: 3, windowMs: 1000 },
        { limit: 5, windowMs: 10_000 },
      ],
      clock,
    );
    const times: number[] = [];
    while (times.length < 12) {
      const wait = limiter.waitMs();
      if (wait > 0) clock.advance(wait);
      else {
        limiter.take();
        times.push(clock.now());
      }
    }
    for (let i = 3; i < times.length; i += 1) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(1000);
    for (let i = 5; i < times.length; i += 1)
      expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(10_000);
    expect(() => new RateLimiter([{ limit: 0, windowMs: 1 }], clock)).toThrow(RangeError);
  });
});

describe("CircuitBreaker", () => {
  it("opens after the threshold, lets one probe through after the cool-down, and closes on success", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });
    expect(breaker.onFailure(0)).toBe(false);
    expect(breaker.onFailure(0)).toBe(true);
    expect(breaker.state(500)).toBe("open");
    expect(breaker.waitMs(500)).toBe(500);
    expect(breaker.state(1000)).toBe("half-open");
    expect(breaker.allowance(1000)).toBe(1);
    breaker.onStart(1000);
    expect(breaker.allowance(1000)).toBe(0);
    expect(breaker.onFailure(1001)).toBe(true);
    expect(breaker.state(1500)).toBe("open");
    breaker.onStart(2001);
    breaker.onSuccess();
    expect(breaker.state(2001)).toBe("closed");
    expect(breaker.allowance(2001)).toBe(Number.POSITIVE_INFINITY);
  });

  it("pauses the whole platform for a Retry-After, whatever the state", () => {
    const breaker = new CircuitBreaker();
    breaker.onFailure(0, 60_000);
    expect(breaker.state(1)).toBe("closed");
    expect(breaker.waitMs(1)).toBe(59_999);
    expect(breaker.allowance(1)).toBe(0);
    expect(breaker.waitMs(60_000)).toBe(0);
  });
});

describe("batching", () => {
  it("splits targets into calls of the adapter's size, in order, and maps keys back", () => {
    const request = approvedRequest("r", { targets: 5 });
    const batches = planBatches(request.targets, 2);
    expect(batches).toEqual([["x:r-t0", "x:r-t1"], ["x:r-t2", "x:r-t3"], ["x:r-t4"]]);
    expect(targetsFor(request.targets, batches[1]!).map((t) => t.target)).toEqual([
      request.targets[2]!.target,
      request.targets[3]!.target,
    ]);
  });
});

describe("mergeStatuses", () => {
  const at = "2026-01-01T00:00:00Z";
  const update = (outcome: "pending" | "acknowledged" | "actioned", ref = "p") =>
    ({ platformRef: ref, at, platformState: outcome.toUpperCase(), outcome }) as const;
  const rejected = {
    platformRef: "q",
    at,
    platformState: "NO",
    outcome: "rejected",
    reason: "no violation",
  } as const;

  it("passes one batch through and decides several only when every batch has", () => {
    expect(mergeStatuses([])).toBeUndefined();
    expect(mergeStatuses([{ update: update("actioned"), targetKeys: ["x:a"] }])).toEqual(update("actioned"));
    expect(
      mergeStatuses([
        { update: update("actioned"), targetKeys: ["x:a"] },
        { update: update("pending"), targetKeys: ["x:b"] },
      ])?.outcome,
    ).toBe("acknowledged");
    expect(
      mergeStatuses([
        { update: update("pending"), targetKeys: ["x:a"] },
        { update: update("pending"), targetKeys: ["x:b"] },
      ])?.outcome,
    ).toBe("pending");
    expect(
      mergeStatuses([
        { update: update("actioned"), targetKeys: ["x:a"] },
        { update: rejected, targetKeys: ["x:b"] },
      ]),
    ).toMatchObject({
      outcome: "partially-actioned",
      targets: [
        { key: "x:a", outcome: "actioned" },
        { key: "x:b", outcome: "rejected" },
      ],
    });
    expect(
      mergeStatuses([
        { update: rejected, targetKeys: ["x:a"] },
        { update: rejected, targetKeys: ["x:b"] },
      ]),
    ).toMatchObject({ outcome: "rejected", reason: "no violation" });
  });

  it("treats a part the platform records as withdrawn as final: all withdrawn stays withdrawn, never actioned", () => {
    const withdrawn = {
      platformRef: "p",
      at,
      platformState: "WITHDRAWN",
      outcome: "withdrawn",
      reason: "agency withdrew",
    } as const;
    const rejected = {
      platformRef: "p",
      at,
      platformState: "DECLINED",
      outcome: "rejected",
      reason: "no violation",
    } as const;
    expect(
      mergeStatuses([
        { update: withdrawn, targetKeys: ["x:a"] },
        { update: withdrawn, targetKeys: ["x:b"] },
      ]),
    ).toMatchObject({ outcome: "withdrawn", reason: "agency withdrew" });
    expect(
      mergeStatuses([
        { update: withdrawn, targetKeys: ["x:a"] },
        { update: rejected, targetKeys: ["x:b"] },
      ]),
    ).toMatchObject({ outcome: "rejected", reason: "agency withdrew; no violation" });
    expect(
      mergeStatuses([
        { update: update("actioned"), targetKeys: ["x:a"] },
        { update: withdrawn, targetKeys: ["x:b"] },
      ]),
    ).toMatchObject({
      outcome: "partially-actioned",
      targets: [
        { key: "x:a", outcome: "actioned" },
        { key: "x:b", outcome: "rejected" },
      ],
    });
  });
});

describe("systemClock", () => {
  it("wakes every sleeper on one signal when it aborts, without a listener each", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const started = Date.now();
      const sleepers = Array.from({ length: 30 }, () => systemClock.sleep(60_000, controller.signal));
      setTimeout(() => controller.abort(), 20);
      await Promise.all(sleepers);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Let a warning emitted on the next tick arrive.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
      // A sleep that ends by itself leaves nothing behind on the signal.
      const other = new AbortController();
      await Promise.all(Array.from({ length: 30 }, () => systemClock.sleep(1, other.signal)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

import { DEFAULT_RETRY_POLICY } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";
import { abortableSleep, raceAbort } from "../../src/adapter/http/abort.js";
import {
  backoffDelay,
  decideRetry,
  isRetrySafe,
  parseRetryAfter,
  type RetryContext,
  rateLimitResetDelay,
} from "../../src/adapter/http/retry.js";

const now = Date.parse("2026-01-01T00:00:00Z");
const context = (overrides: Partial<RetryContext> = {}): RetryContext => ({
  retriesSoFar: 0,
  retrySafe: true,
  remainingMs: Number.POSITIVE_INFINITY,
  now,
  random: () => 0.5,
  ...overrides,
});
const status = (code: number, headers: Record<string, string> = {}) =>
  ({ kind: "status", status: code, headers: new Headers(headers) }) as const;

describe("backoffDelay", () => {
  it("doubles per retry, is capped, and is a uniform share of the ceiling (full jitter)", () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(200);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay seconds and HTTP-dates, and nothing else", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:09 GMT", now)).toBe(9000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-3", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("rateLimitResetDelay", () => {
  it("reads delay seconds, epoch seconds and epoch milliseconds", () => {
    expect(rateLimitResetDelay(new Headers({ "ratelimit-reset": "12" }), now)).toBe(12_000);
    expect(rateLimitResetDelay(new Headers({ "x-ratelimit-reset-after": "0.5" }), now)).toBe(500);
    expect(rateLimitResetDelay(new Headers({ "x-ratelimit-reset": String(now / 1000 + 30) }), now)).toBe(
      30_000,
    );
    expect(rateLimitResetDelay(new Headers({ "x-rate-limit-reset": String(now + 4000) }), now)).toBe(4000);
    expect(rateLimitResetDelay(new Headers({ "x-rate-limit-reset": String(now / 1000 - 30) }), now)).toBe(0);
    expect(rateLimitResetDelay(new Headers(), now)).toBeUndefined();
  });
});

describe("isRetrySafe", () => {
  it("is true for idempotent methods, any method with a key, or an explicit override", () => {
    expect(isRetrySafe("GET", undefined)).toBe(true);
    expect(isRetrySafe("put", undefined)).toBe(true);
    expect(isRetrySafe("DELETE", undefined)).toBe(true);
    expect(isRetrySafe("POST", undefined)).toBe(false);
    expect(isRetrySafe("PATCH", "")).toBe(false);
    expect(isRetrySafe("POST", "k")).toBe(true);
    expect(isRetrySafe("POST", undefined, true)).toBe(true);
    expect(isRetrySafe("GET", undefined, false)).toBe(false);
  });
});

describe("decideRetry", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxRetries: 2, maxRetryAfterMs: 10_000 };

  it("retries 408, 429, 5xx, network errors and timeouts", () => {
    for (const failure of [
      status(408),
      status(429),
      status(500),
      status(503),
      { kind: "network" as const },
      { kind: "timeout" as const },
    ]) {
      expect(decideRetry(failure, policy, context())).toEqual({
        retry: true,
        delayMs: 50,
        serverDelay: false,
      });
    }
  });

  it("does not retry other statuses", () => {
    for (const code of [400, 401, 403, 404, 409, 413, 422]) {
      expect(decideRetry(status(code), policy, context())).toMatchObject({
        retry: false,
        reason: "not-retryable",
      });
    }
  });

  it("does not retry what is not safe to repeat, but still reports the server's wait", () => {
    expect(decideRetry(status(429, { "retry-after": "3" }), policy, context({ retrySafe: false }))).toEqual({
      retry: false,
      reason: "not-retry-safe",
      retryAfterMs: 3000,
    });
  });

  it("stops after maxRetries", () => {
    expect(decideRetry(status(503), policy, context({ retriesSoFar: 2 }))).toMatchObject({
      retry: false,
      reason: "retries-exhausted",
    });
  });

  it("uses the server's wait as is, up to the cap", () => {
    expect(decideRetry(status(429, { "retry-after": "4" }), policy, context())).toEqual({
      retry: true,
      delayMs: 4000,
      serverDelay: true,
    });
    expect(decideRetry(status(503, { "retry-after": "11" }), policy, context())).toEqual({
      retry: false,
      reason: "retry-after-too-long",
      retryAfterMs: 11_000,
    });
  });

  it("uses a wait the body gave (failure.retryAfterMs) when the headers give none, with the same cap", () => {
    const fromBody = (code: number, ms: number, headers: Record<string, string> = {}) =>
      ({ ...status(code, headers), retryAfterMs: ms }) as const;
    expect(decideRetry(fromBody(429, 5000), policy, context())).toEqual({
      retry: true,
      delayMs: 5000,
      serverDelay: true,
    });
    expect(decideRetry(fromBody(429, 30_000), policy, context())).toEqual({
      retry: false,
      reason: "retry-after-too-long",
      retryAfterMs: 30_000,
    });
    // The headers win when they say.
    expect(decideRetry(fromBody(429, 5000, { "retry-after": "2" }), policy, context())).toMatchObject({
      retry: true,
      delayMs: 2000,
    });
  });

  it("reads rate-limit reset headers as the wait on a 429 only; a 503 still honours Retry-After", () => {
    const reset = { "x-rate-limit-reset": String(now / 1000 + 900) };
    expect(decideRetry(status(503, reset), policy, context())).toEqual({
      retry: true,
      delayMs: 50,
      serverDelay: false,
    });
    expect(decideRetry(status(429, reset), policy, context())).toEqual({
      retry: false,
      reason: "retry-after-too-long",
      retryAfterMs: 900_000,
    });
    expect(decideRetry(status(503, { ...reset, "retry-after": "2" }), policy, context())).toMatchObject({
      retry: true,
      delayMs: 2000,
    });
  });

  it("does not wait past the deadline", () => {
    expect(
      decideRetry(status(429, { "retry-after": "4" }), policy, context({ remainingMs: 3000 })),
    ).toMatchObject({
      retry: false,
      reason: "deadline",
      retryAfterMs: 4000,
    });
  });
});

describe("abort helpers", () => {
  it("abortableSleep waits, and rejects with the reason on abort (also when already aborted)", async () => {
    await expect(abortableSleep(5)).resolves.toBeUndefined();
    const reason = new Error("stop");
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it("raceAbort stops waiting on abort", async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => undefined);
    const raced = raceAbort(never, controller.signal);
    controller.abort("gone");
    await expect(raced).rejects.toBe("gone");
    await expect(raceAbort(Promise.resolve(1), controller.signal)).rejects.toBe("gone");
    await expect(raceAbort(Promise.resolve(2), undefined)).resolves.toBe(2);
  });
});

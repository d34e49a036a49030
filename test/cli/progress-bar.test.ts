import { PassThrough } from "node:stream";
import type { PlatformProgress, ProgressEvent } from "referral-kit/dispatch";
import { describe, expect, it } from "vitest";
import { progressBar } from "../../src/cli/dispatch/progress-bar.js";

const START = Date.parse("2026-03-02T10:00:00Z");

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  // The last frame drawn: the text after the last cursor move, without the escape codes (ESC shown as ^).
  const lastFrame = () =>
    (
      chunks
        .join("")
        .replaceAll("\u001b", "^")
        .split(/\^\[\d+F\^\[0J/)
        .at(-1) ?? ""
    )
      .replace(/\^\[[0-9;]*[A-Za-z]/g, "")
      .trim();
  return { stream, lastFrame };
}

const progress = (over: Partial<PlatformProgress>): PlatformProgress => ({
  platform: "x",
  total: 100,
  submitted: 0,
  failed: 0,
  inFlight: 0,
  retries: 0,
  ratePerSecond: 0,
  etaMs: undefined,
  pausedUntil: undefined,
  ...over,
});

describe("the dispatch progress bar", () => {
  it("never fills on failures: failed requests are drawn apart from sent ones", () => {
    const { stream, lastFrame } = capture();
    const bar = progressBar(stream, () => START);
    bar.onProgress({
      type: "failed",
      platform: "x",
      at: START,
      requestId: "r1",
      batch: 0,
      code: "authentication_failed",
      message: "401",
      progress: progress({ total: 1, failed: 1 }),
    });
    bar.finish();
    const frame = lastFrame();
    expect(frame).not.toContain("█");
    expect(frame).toContain("×".repeat(24));
    expect(frame).toMatch(/1\/1 .* 1 failed/);
  });

  it("shows a wait for the rate window with the time it reopens, and an ETA from the declared limits", () => {
    let now = START;
    const { stream, lastFrame } = capture();
    const bar = progressBar(stream, () => now, { x: [{ limit: 50, windowMs: 15 * 60_000 }] });
    for (let n = 1; n <= 50; n++) {
      const event: ProgressEvent = {
        type: "started",
        platform: "x",
        at: now,
        requestId: `r${n}`,
        batch: 0,
        idempotencyKey: `k${n}`,
        attempt: 1,
        progress: progress({ total: 120, submitted: n - 1, inFlight: 1, ratePerSecond: 10 }),
      };
      bar.onProgress(event);
    }
    // All 50 sent within the first seconds; 70 left, and the window allows the next call at 10:15.
    now += 5_000;
    bar.onProgress({
      type: "submitted",
      platform: "x",
      at: now,
      requestId: "r50",
      batch: 0,
      platformRef: "p50",
      progress: progress({ total: 120, submitted: 50, ratePerSecond: 10, etaMs: 7_000 }),
    });
    bar.finish();
    const frame = lastFrame();
    expect(frame).toContain("waiting for the rate window (50 per 15m00s), reopens 10:15:00Z");
    // 70 left at 50 per 15 minutes: two more windows, not the 7 s the recent rate suggests.
    expect(frame).toContain("eta 30m00s");
  });

  it("shows a pause with the time it ends, and the last retry's reason", () => {
    const { stream, lastFrame } = capture();
    const bar = progressBar(stream, () => START);
    bar.onProgress({
      type: "retrying",
      platform: "x",
      at: START,
      requestId: "r1",
      batch: 0,
      code: "rate_limited",
      retryAt: START + 60_000,
      progress: progress({ total: 3, retries: 1, pausedUntil: START + 60_000 }),
    });
    bar.finish();
    expect(lastFrame()).toMatch(/paused until 10:01:00Z \(1m00s\).*1 retries \(last: rate_limited\)/);
  });
});

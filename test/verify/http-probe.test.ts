import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Target } from "referral-kit";
import { targetKey } from "referral-kit";
import { createHttpProbe, type ProbeTarget } from "referral-kit/verify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pageHandlers } from "./pages.js";

const seen: { url: string; headers: Headers }[] = [];
const server = setupServer(...pageHandlers(seen));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function xTarget(username: string): ProbeTarget {
  const target: Target = { type: "account", account: { kind: "username", platform: "x", username } };
  return {
    requestId: "req-1",
    platform: "x",
    key: targetKey(target),
    target,
    url: `https://x.com/${username}`,
  };
}

const fast = () => createHttpProbe({ rateLimit: { requests: 1000, perMs: 1 }, timeoutMs: 2_000 });

describe("the reference HTTP probe on the modelled public pages", () => {
  it.each([
    ["live_account", "still-available", 200],
    ["gone_account", "verified-removed", 404],
    ["deleted_account", "verified-removed", 410],
    ["withheld_account", "verified-withheld", 451],
    ["suspended_account", "verified-removed", 302],
    ["suspended_page", "verified-removed", 200],
    ["withheld_page", "verified-withheld", 200],
    ["login_walled", "verification-failed", 302],
    ["broken_account", "verification-failed", 503],
    ["moved_account", "still-available", 200],
  ])("classifies x.com/%s as %s", async (username, result, status) => {
    const seenBy = await fast().check(xTarget(username), {});
    expect(seenBy).toMatchObject({ result, httpStatus: status });
  });

  it("reads Instagram's removed page and the availability meta marker", async () => {
    const target = (username: string): ProbeTarget => {
      const t: Target = { type: "account", account: { kind: "username", platform: "instagram", username } };
      return {
        requestId: "r",
        platform: "instagram",
        key: targetKey(t),
        target: t,
        url: `https://www.instagram.com/${username}/`,
      };
    };
    expect((await fast().check(target("gone_insta"), {})).result).toBe("verified-removed");
    expect(await fast().check(target("meta_marked"), {})).toMatchObject({
      result: "verified-withheld",
      reason: "marker availability=withheld",
    });
  });

  it("sends no cookies or credentials and says what it is", async () => {
    await fast().check(xTarget("live_account"), {});
    expect(seen[0]!.headers.get("cookie")).toBeNull();
    expect(seen[0]!.headers.get("authorization")).toBeNull();
    expect(seen[0]!.headers.get("user-agent")).toMatch(/referral-kit-verify/);
  });

  it("returns availability only: nothing of the page is in the observation", async () => {
    const observation = await fast().check(xTarget("suspended_page"), {});
    expect(JSON.stringify(observation)).not.toContain("X suspends accounts");
    expect(Object.keys(observation).sort()).toEqual(["httpStatus", "reason", "result"]);
  });

  it("reads no more of a page than it needs for markers", async () => {
    let pulled = 0;
    server.use(
      http.get("https://x.com/huge_page", () => {
        const chunk = new TextEncoder().encode("x".repeat(16_384));
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            if (pulled > 1000) controller.close();
            else controller.enqueue(chunk);
          },
        });
        return new HttpResponse(stream, { status: 200 });
      }),
    );
    const probe = createHttpProbe({ rateLimit: { requests: 1000, perMs: 1 }, maxBodyBytes: 32_768 });
    expect((await probe.check(xTarget("huge_page"), {})).result).toBe("still-available");
    expect(pulled).toBeLessThan(10);
  });

  it("gives up after the timeout with verification-failed, never a result", async () => {
    server.use(
      http.get("https://x.com/slow_account", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return new HttpResponse("late", { status: 404 });
      }),
    );
    const probe = createHttpProbe({ rateLimit: { requests: 1000, perMs: 1 }, timeoutMs: 50 });
    expect(await probe.check(xTarget("slow_account"), {})).toEqual({
      result: "verification-failed",
      reason: "timeout after 50 ms",
    });
  });

  it("stops a check when the caller aborts, with the caller's reason, and many checks can share one signal", async () => {
    server.use(
      http.get("https://x.com/hanging_account", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        return new HttpResponse("late", { status: 404 });
      }),
    );
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const probe = createHttpProbe({ rateLimit: { requests: 1000, perMs: 1 }, timeoutMs: 10_000 });
      const checks = Array.from({ length: 30 }, () =>
        probe.check(xTarget("hanging_account"), { signal: controller.signal }),
      );
      setTimeout(() => controller.abort(new Error("operator stopped")), 50);
      const results = await Promise.allSettled(checks);
      expect(results.every((r) => r.status === "rejected" && r.reason.message === "operator stopped")).toBe(
        true,
      );
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("maps a network failure to verification-failed", async () => {
    server.use(http.get("https://x.com/unreachable", () => HttpResponse.error()));
    expect(await fast().check(xTarget("unreachable"), {})).toMatchObject({
      result: "verification-failed",
      reason: expect.stringMatching(/^network error/),
    });
  });

  it("spaces calls to one host by the rate limit and backs off after a 429", async () => {
    let clock = 0;
    const waits: number[] = [];
    const probe = createHttpProbe({
      rateLimit: { requests: 2, perMs: 1_000 },
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    await probe.check(xTarget("live_account"), {});
    await probe.check(xTarget("live_account"), {});
    await probe.check(xTarget("live_account"), {});
    expect(waits).toEqual([500, 500]);
    expect(await probe.check(xTarget("busy_account"), {})).toMatchObject({
      result: "verification-failed",
      httpStatus: 429,
    });
    await probe.check(xTarget("live_account"), {});
    expect(waits.at(-1)).toBe(1_000);
  });

  it("checks the sandbox instead of the platform when given a base URL", async () => {
    server.use(
      http.get(
        "http://sandbox.test/public/x/live_account",
        () => new HttpResponse("<p>live</p>", { status: 200 }),
      ),
    );
    const probe = createHttpProbe({
      rateLimit: { requests: 1000, perMs: 1 },
      baseUrls: { x: "http://sandbox.test/public/x/" },
    });
    expect(await probe.check(xTarget("live_account"), {})).toMatchObject({
      result: "still-available",
      url: "http://sandbox.test/public/x/live_account",
    });
  });

  it("says when a target has no public URL", async () => {
    expect(await fast().check({ ...xTarget("a"), url: undefined }, {})).toEqual({
      result: "verification-failed",
      reason: "no public URL for this target",
    });
  });
});

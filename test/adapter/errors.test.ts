import { ReferralKitError } from "referral-kit";
import {
  AdapterError,
  type AdapterErrorCode,
  AuthenticationError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  PlatformServerError,
  ProtocolError,
  RateLimitedError,
  RejectedByPlatformError,
  TimeoutError,
  UnsupportedCapabilityError,
  UnsupportedSpecVersionError,
} from "referral-kit/adapter";
import { describe, expect, it } from "vitest";
import { errorFromResponse } from "../../src/adapter/http/errors-from-response.js";

const all = [
  [
    new AuthenticationError({ platform: "x", status: 401 }),
    AuthenticationError,
    "authentication_failed",
    false,
  ],
  [
    new PermissionDeniedError({ platform: "x", status: 403 }),
    PermissionDeniedError,
    "permission_denied",
    false,
  ],
  [
    new RateLimitedError({ platform: "x", status: 429, retryAfterMs: 5000 }),
    RateLimitedError,
    "rate_limited",
    true,
  ],
  [
    new RejectedByPlatformError({ platform: "x", status: 400 }),
    RejectedByPlatformError,
    "rejected_by_platform",
    false,
  ],
  [new NotFoundError({ platform: "x", status: 404 }), NotFoundError, "not_found", false],
  [new TimeoutError({ platform: "x", kind: "attempt", timeoutMs: 10 }), TimeoutError, "timeout", true],
  [new NetworkError({ platform: "x" }), NetworkError, "network_error", true],
  [new ProtocolError({ platform: "x", reason: "bad" }), ProtocolError, "protocol_error", false],
  [new PlatformServerError({ platform: "x", status: 502 }), PlatformServerError, "platform_error", true],
  [
    new UnsupportedCapabilityError({ platform: "x", capability: "withdrawal", requested: "withdraw" }),
    UnsupportedCapabilityError,
    "unsupported_capability",
    false,
  ],
  [
    new UnsupportedSpecVersionError({ received: "v9", accepted: ["v1"] }),
    UnsupportedSpecVersionError,
    "unsupported_spec_version",
    false,
  ],
] as const;

describe("adapter error classes", () => {
  for (const [error, ErrorClass, code, retryable] of all) {
    it(`${error.name}: code ${code}, retryable ${retryable}, a ReferralKitError and an AdapterError`, () => {
      expect(error.code satisfies AdapterErrorCode).toBe(code);
      expect(error.retryable).toBe(retryable);
      expect(error).toBeInstanceOf(Error);
      expect(ReferralKitError.isInstance(error)).toBe(true);
      expect(AdapterError.isInstance(error)).toBe(true);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(error.name).toBe(ErrorClass.name);
      expect(String(error.stack).startsWith(`${ErrorClass.name}: `)).toBe(true);
      // Exactly one subclass claims it.
      expect(all.filter(([, Other]) => Other.isInstance(error))).toHaveLength(1);
      const json = JSON.parse(JSON.stringify(error));
      expect(json).toMatchObject({ name: ErrorClass.name, code, retryable, message: error.message });
    });
  }

  it("isInstance is false for other errors and non-errors", () => {
    expect(AdapterError.isInstance(new Error("x"))).toBe(false);
    expect(AdapterError.isInstance(null)).toBe(false);
    expect(AdapterError.isInstance("rate_limited")).toBe(false);
    expect(RateLimitedError.isInstance(new NotFoundError())).toBe(false);
  });

  it("isInstance works across two installed copies of the package", async () => {
    // A query string makes the module loader evaluate a second, independent copy of the module.
    const specifier = "../../src/adapter/errors.ts?second-copy";
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import("referral-kit/adapter");
    expect(copy.RateLimitedError).not.toBe(RateLimitedError);
    const foreign = new copy.RateLimitedError({ platform: "x", retryAfterMs: 1 });
    expect(foreign instanceof RateLimitedError).toBe(false);
    expect(RateLimitedError.isInstance(foreign)).toBe(true);
    expect(AdapterError.isInstance(foreign)).toBe(true);
    expect(ReferralKitError.isInstance(foreign)).toBe(true);
    expect(NotFoundError.isInstance(foreign)).toBe(false);
    expect(copy.AdapterError.isInstance(new NotFoundError())).toBe(true);
  });

  it("messages say what happened and where", () => {
    expect(
      new RateLimitedError({ platform: "x", status: 429, requestId: "r1", retryAfterMs: 2000 }).message,
    ).toBe("x: rate limited (HTTP 429, request id r1); retry after 2000 ms");
    expect(
      new UnsupportedCapabilityError({
        platform: "telegram",
        capability: "requestKind",
        requested: "disclose-data",
        supported: ["suspend", "remove-content"],
      }).message,
    ).toBe(
      'telegram: the adapter does not support requestKind "disclose-data"; supported: suspend, remove-content',
    );
    expect(new UnsupportedSpecVersionError({ received: "v3", accepted: ["v1"] }).message).toContain(
      'accepts "v1"',
    );
  });
});

describe("the platform's own code and message on every class", () => {
  const secret = "sk_live_platform_secret";
  for (const status of [401, 403, 404, 408, 429, 400, 503]) {
    it(`HTTP ${status}: errorFromResponse keeps platformCode and platformMessage, redacted`, () => {
      const error = errorFromResponse({
        platform: "x",
        method: "POST",
        url: "https://api.example.test/v1/reports",
        status,
        headers: new Headers(),
        text: JSON.stringify({ error: { code: 4711, message: `refused for token ${secret}` } }),
        secrets: [secret],
      });
      expect(AdapterError.isInstance(error)).toBe(true);
      expect(error.platformCode).toBe("4711");
      expect(error.platformMessage).toBe("refused for token [REDACTED]");
      expect(JSON.stringify(error)).not.toContain(secret);
    });
  }

  it("the base class and every constructor take them", () => {
    const limited = new RateLimitedError({ platform: "x", platformCode: "88", platformMessage: "slow down" });
    expect(limited).toMatchObject({ platformCode: "88", platformMessage: "slow down" });
    const timeout = new TimeoutError({ kind: "server", platformCode: "408" });
    expect(timeout.platformCode).toBe("408");
    expect(new RejectedByPlatformError({ platformCode: "131" }).platformCode).toBe("131");
  });
});

describe("ProtocolError.fromZod", () => {
  it("keeps every issue with its path (after a prefix) and names the first in the reason", async () => {
    const { z } = await import("zod");
    const parsed = z.object({ id: z.string(), n: z.number() }).safeParse({ n: "x" });
    expect(parsed.success).toBe(false);
    const error = ProtocolError.fromZod(parsed.error!, {
      platform: "tiktok",
      status: 200,
      what: "data",
      pathPrefix: ["data"],
    });
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect(error.issues.map((i) => i.path)).toEqual([
      ["data", "id"],
      ["data", "n"],
    ]);
    expect(error.message).toMatch(
      /^tiktok: unexpected response \(HTTP 200\): data does not match the expected shape at data\.id: /,
    );
    const symbol = Symbol("key");
    const custom = ProtocolError.fromZod(
      { issues: [{ path: [symbol, 0], message: "bad" }] },
      { reason: "the webhook body is not an event" },
    );
    expect(custom.issues).toEqual([{ path: ["Symbol(key)", 0], message: "bad" }]);
    expect(custom.message).toContain("the webhook body is not an event");
  });
});

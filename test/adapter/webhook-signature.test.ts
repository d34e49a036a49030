import { hmac, verifyWebhookSignature } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";

const secret = "whsec_test_0123456789";
const body = '{"events":[{"status":"actioned"}]}';
const now = Date.parse("2026-01-05T09:00:00Z");
const ts = String(now / 1000);

describe("verifyWebhookSignature", () => {
  it("accepts a body signed with the secret (prefix, hex), and refuses a tampered body or another secret", async () => {
    const header = `sha256=${await hmac("SHA-256", secret, body)}`;
    const base = { signatureHeader: header, secret, algorithm: "SHA-256", prefix: "sha256=" } as const;
    expect(await verifyWebhookSignature({ ...base, rawBody: body })).toEqual({ valid: true });
    expect(await verifyWebhookSignature({ ...base, rawBody: body.replace("actioned", "declined") })).toEqual({
      valid: false,
      reason: "signature does not match",
    });
    expect(await verifyWebhookSignature({ ...base, rawBody: body, secret: "other" })).toMatchObject({
      valid: false,
    });
    expect(await verifyWebhookSignature({ ...base, rawBody: body, signatureHeader: null })).toEqual({
      valid: false,
      reason: "missing signature",
    });
  });

  it("signs <timestamp>.<body> when a timestamp is given, and refuses one outside the window", async () => {
    const header = `sha256=${await hmac("SHA-256", secret, `${ts}.${body}`)}`;
    const base = { rawBody: body, signatureHeader: header, secret, prefix: "sha256=", toleranceMs: 300_000 };
    expect(await verifyWebhookSignature({ ...base, timestamp: ts, now })).toEqual({ valid: true });
    expect(await verifyWebhookSignature({ ...base, timestamp: ts, now: now + 301_000 })).toEqual({
      valid: false,
      reason: "timestamp outside the 300 s tolerance",
    });
    expect(await verifyWebhookSignature({ ...base, timestamp: null, now })).toEqual({
      valid: false,
      reason: "missing timestamp",
    });
    expect(await verifyWebhookSignature({ ...base, timestamp: "soon", now })).toMatchObject({ valid: false });
  });

  it("takes base64 digests and a custom signed payload", async () => {
    const header = await hmac("SHA-512", secret, `v1:${ts}:${body}`, "base64");
    expect(
      await verifyWebhookSignature({
        rawBody: body,
        signatureHeader: header,
        secret,
        algorithm: "SHA-512",
        encoding: "base64",
        timestamp: ts,
        now,
        toleranceMs: 60_000,
        signedPayload: ({ rawBody, timestamp }) => `v1:${timestamp}:${rawBody}`,
      }),
    ).toEqual({ valid: true });
  });
});

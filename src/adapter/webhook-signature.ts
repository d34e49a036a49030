import { hmac, timingSafeEqual } from "./http/auth/hmac.js";

/** The verdict of `verifyWebhookSignature`. */
type WebhookSignatureVerdict = Awaited<ReturnType<typeof verifyWebhookSignature>>;

/**
 * Verifies an HMAC-signed webhook: recomputes the signature over the raw body (with the timestamp when the
 * platform signs one), compares in constant time, and checks the timestamp is within the tolerance
 * window (replays of old deliveries are refused). Returns a verdict rather than throwing, so each adapter
 * raises its own error (usually `AuthenticationError`): valid, or why not (a reason that never contains the
 * secret or the expected signature).
 *
 * @example
 * ```ts
 * import { AuthenticationError, verifyWebhookSignature } from "referral-kit/adapter";
 *
 * const rawBody = await request.text();
 * const verdict = await verifyWebhookSignature({
 *   rawBody,
 *   signatureHeader: request.headers.get("x-hub-signature-256"),
 *   secret: appSecret,
 *   algorithm: "SHA-256",
 *   prefix: "sha256=",
 * });
 * if (!verdict.valid) throw new AuthenticationError({ platform: "facebook", platformMessage: `webhook refused: ${verdict.reason}` });
 * ```
 */
export async function verifyWebhookSignature(options: {
  /** The body exactly as received (read it once with `request.text()`). */
  rawBody: string;
  /** The signature header's value (`null` when the header is missing). */
  signatureHeader: string | null | undefined;
  /** The shared secret the platform signs with. */
  secret: string;
  /** The HMAC hash (default `"SHA-256"`). */
  algorithm?: "SHA-256" | "SHA-512";
  /** What precedes the digest in the header, e.g. `"sha256="` (default none). */
  prefix?: string;
  /** The digest's encoding (default `"hex"`). */
  encoding?: "hex" | "base64";
  /**
   * The signature's timestamp in Unix seconds (a header's value), for platforms that sign one. When given
   * (even `null`, which is then refused), it must be within `toleranceMs` of `now`, and the signed payload
   * is `<timestamp>.<rawBody>` unless `signedPayload` says otherwise.
   */
  timestamp?: string | null;
  /** How far the timestamp may be from `now` (default 5 minutes). */
  toleranceMs?: number;
  /** The current time, epoch ms (default `Date.now()`). */
  now?: number;
  /** Builds the signed string from the parts (default: the body, or `<timestamp>.<body>` with a timestamp). */
  signedPayload?(parts: { rawBody: string; timestamp: string | undefined }): string;
}): Promise<{ readonly valid: true } | { readonly valid: false; readonly reason: string }> {
  const refuse = (reason: string): WebhookSignatureVerdict => ({ valid: false, reason });
  if (!options.secret) return refuse("no webhook secret is configured");
  if (!options.signatureHeader) return refuse("missing signature");
  const signed = "timestamp" in options;
  let timestamp: string | undefined;
  if (signed) {
    if (!options.timestamp) return refuse("missing timestamp");
    if (!/^\d{1,12}$/.test(options.timestamp)) return refuse("malformed timestamp");
    const toleranceMs = options.toleranceMs ?? 300_000;
    const age = Math.abs((options.now ?? Date.now()) - Number(options.timestamp) * 1000);
    if (age > toleranceMs) return refuse(`timestamp outside the ${toleranceMs / 1000} s tolerance`);
    timestamp = options.timestamp;
  }
  const payload =
    options.signedPayload?.({ rawBody: options.rawBody, timestamp }) ??
    (timestamp === undefined ? options.rawBody : `${timestamp}.${options.rawBody}`);
  const digest = await hmac(
    options.algorithm ?? "SHA-256",
    options.secret,
    payload,
    options.encoding ?? "hex",
  );
  const expected = `${options.prefix ?? ""}${digest}`;
  return timingSafeEqual(expected, options.signatureHeader)
    ? { valid: true }
    : refuse("signature does not match");
}

/**
 * Verifying and reading X's webhooks: HMAC-SHA256 over `<timestamp>.<raw body>` in `x-signature:
 * sha256=<hex>`, the timestamp in `x-signature-timestamp`, checked against a tolerance window so a
 * captured call cannot be replayed later; and X's CRC handshake (`GET ?crc_token=`).
 */

import type { CallOptions, WebhookResult } from "referral-kit/adapter";
import { AuthenticationError, hmac, ProtocolError, verifyWebhookSignature } from "referral-kit/adapter";
import { toStatusUpdate } from "./map.js";
import { XWebhookBodySchema } from "./wire.js";

/**
 * What verification needs.
 *
 * @example
 * ```ts
 * const verifier: XWebhookVerifier = { secret: process.env.X_WEBHOOK_SECRET, toleranceSeconds: 300, now: Date.now };
 * ```
 */
export interface XWebhookVerifier {
  /** The shared secret; without it nothing can be verified. */
  secret: string | undefined;
  /** How far the timestamp may be from now, in seconds. */
  toleranceSeconds: number;
  /** The clock, epoch ms. */
  now: () => number;
}

const refuse = (reason: string) =>
  new AuthenticationError({ platform: "x", platformMessage: `webhook refused: ${reason}` });

/**
 * Verifies one webhook call and turns it into status updates (or answers X's CRC challenge).
 *
 * @throws {AuthenticationError} no secret configured, signature missing, wrong or stale.
 * @throws {ProtocolError} the verified body is not X's webhook shape.
 *
 * @example
 * ```ts
 * const { updates, reply } = await parseXWebhook(request, { secret, toleranceSeconds: 300, now: Date.now });
 * ```
 */
export async function parseXWebhook(
  request: Request,
  verifier: XWebhookVerifier,
  options: Pick<CallOptions, "signal"> = {},
): Promise<WebhookResult> {
  const { secret } = verifier;
  if (!secret) throw refuse("no webhook secret is configured (webhookSecret)");
  if (request.method === "GET") {
    const crc = new URL(request.url).searchParams.get("crc_token");
    if (!crc) throw refuse("GET without crc_token");
    const token = `sha256=${await hmac("SHA-256", secret, crc, "base64")}`;
    return { updates: [], reply: Response.json({ response_token: token }) };
  }
  const signature = request.headers.get("x-signature");
  const timestamp = request.headers.get("x-signature-timestamp");
  if (!signature || !timestamp) throw refuse("missing x-signature or x-signature-timestamp");
  const raw = await request.text();
  options.signal?.throwIfAborted();
  // X signs `<timestamp>.<body>` (the verifier's default with a timestamp).
  const verdict = await verifyWebhookSignature({
    rawBody: raw,
    signatureHeader: signature,
    secret,
    algorithm: "SHA-256",
    prefix: "sha256=",
    timestamp,
    toleranceMs: verifier.toleranceSeconds * 1000,
    now: verifier.now(),
  });
  if (!verdict.valid) throw refuse(verdict.reason);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ProtocolError({ platform: "x", reason: "the webhook body is not valid JSON", cause: error });
  }
  const parsed = XWebhookBodySchema.safeParse(json);
  if (!parsed.success) {
    throw ProtocolError.fromZod(parsed.error, {
      platform: "x",
      reason: "the webhook body is not an X legal_request event",
    });
  }
  return { updates: parsed.data.events.map((event) => toStatusUpdate(event.data, event)) };
}

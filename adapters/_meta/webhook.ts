/**
 * Graph webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`,
 * replay refused by each entry's signed `time`, and the `GET ?hub.mode=subscribe&hub.verify_token=
 * &hub.challenge=` handshake answered with the challenge.
 */

import { createHash, timingSafeEqual } from "node:crypto";
import type { CallOptions, StatusUpdate, WebhookResult } from "referral-kit/adapter";
import { AuthenticationError, ProtocolError, verifyWebhookSignature } from "referral-kit/adapter";
import type { z } from "zod";
import type { GraphLegalRequest } from "./wire.js";

/** The webhook envelope, as `graphWebhookBodySchema` validates it. */
interface GraphWebhookEnvelope<T> {
  entry: { time: number; changes: { value: GraphLegalRequest<T> }[] }[];
}

/**
 * What verifying and reading a Graph webhook needs.
 *
 * @example
 * ```ts
 * const verifier: GraphWebhookVerifier<FacebookWireTarget> = { platform: "facebook", appSecret: () => secret, verifyToken, toleranceSeconds: 300, now: Date.now, schema, toUpdate };
 * ```
 */
export interface GraphWebhookVerifier<T> {
  readonly platform: string;
  /** The app secret, resolved when a webhook arrives (throws when there is none). */
  appSecret(): string;
  /** The token the agency set when subscribing; without it the GET handshake is refused. */
  readonly verifyToken: string | undefined;
  /** How far an entry's `time` may be from now, in seconds. */
  readonly toleranceSeconds: number;
  readonly now: () => number;
  /** The platform's webhook body schema (`graphWebhookBodySchema` with its target schema). */
  readonly schema: z.ZodType;
  readonly toUpdate: (node: GraphLegalRequest<T>, raw: unknown) => StatusUpdate;
}

/**
 * Verifies one Graph webhook call and turns it into status updates, or answers the subscription
 * handshake.
 *
 * @throws {AuthenticationError} signature missing or wrong, an entry outside the tolerance window, or a
 * handshake with the wrong verify token.
 * @throws {ProtocolError} a verified body that is not a legal_request webhook.
 *
 * @example
 * ```ts
 * const { updates, reply } = await parseGraphWebhook(request, verifier, { signal });
 * ```
 */
export async function parseGraphWebhook<T>(
  request: Request,
  verifier: GraphWebhookVerifier<T>,
  options: Pick<CallOptions, "signal"> = {},
): Promise<WebhookResult> {
  const refuse = (reason: string) =>
    new AuthenticationError({ platform: verifier.platform, platformMessage: `webhook refused: ${reason}` });
  if (request.method === "GET") {
    const params = new URL(request.url).searchParams;
    const challenge = params.get("hub.challenge");
    if (params.get("hub.mode") !== "subscribe" || !challenge) throw refuse("not a subscription handshake");
    if (!verifier.verifyToken) throw refuse("no webhook verify token is configured (webhookVerifyToken)");
    if (!sameSecret(params.get("hub.verify_token") ?? "", verifier.verifyToken)) {
      throw refuse("hub.verify_token does not match");
    }
    return { updates: [], reply: new Response(challenge, { headers: { "content-type": "text/plain" } }) };
  }
  const signature = request.headers.get("x-hub-signature-256");
  if (!signature) throw refuse("missing X-Hub-Signature-256");
  const secret = verifier.appSecret();
  const raw = await request.text();
  options.signal?.throwIfAborted();
  // Graph signs the body only; its time is inside the body, checked below once the body is parsed.
  const verdict = await verifyWebhookSignature({
    rawBody: raw,
    signatureHeader: signature,
    secret,
    algorithm: "SHA-256",
    prefix: "sha256=",
  });
  if (!verdict.valid) throw refuse(verdict.reason);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ProtocolError({
      platform: verifier.platform,
      reason: "the webhook body is not valid JSON",
      cause: error,
    });
  }
  const parsed = verifier.schema.safeParse(json);
  if (!parsed.success) {
    throw ProtocolError.fromZod(parsed.error, {
      platform: verifier.platform,
      reason: "the webhook body is not a legal_request webhook",
    });
  }
  const body = parsed.data as GraphWebhookEnvelope<T>;
  // The signature has no timestamp of its own; `time` is inside the signed body, so it cannot be moved.
  const nowSeconds = verifier.now() / 1000;
  for (const entry of body.entry) {
    if (Math.abs(nowSeconds - entry.time) > verifier.toleranceSeconds) {
      throw refuse(`entry time outside the ${verifier.toleranceSeconds} s tolerance`);
    }
  }
  return {
    updates: body.entry.flatMap((entry) =>
      entry.changes.map((change) => verifier.toUpdate(change.value, entry)),
    ),
  };
}

/** Compares two secrets in constant time: their SHA-256 digests have the same length whatever theirs. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The reference token and Message-ID of a referral email. Both are derived, never random, so the same
 * logical send (same idempotency key) always carries the same ones: a retried message is recognisable
 * as the same message by the platform and by the inbound parser.
 */
import { createHash } from "node:crypto";

/**
 * The reference token in a referral's subject, `RK-<request id>-<8 hex>`: the request id for people, and
 * a hash of the idempotency key so two sends of different batches (or generations) are told apart.
 *
 * @example
 * ```ts
 * referenceToken("req-1", "req-1:batch-0"); // "RK-req-1-3f2a9c1b"
 * ```
 */
export function referenceToken(requestId: string, idempotencyKey: string): string {
  return `RK-${requestId}-${shortHash(idempotencyKey, 8)}`;
}

/** Request ids are letters, digits, `.`, `_`, `:` and `-`; the hash is the last 8 hex digits. */
const TOKEN_PATTERN = /\[?\b(RK-([A-Za-z0-9][A-Za-z0-9._:-]*)-([0-9a-f]{8}))\b\]?/;

/**
 * Finds a reference token in text (a subject, a quoted body): the token, and the request id inside it.
 *
 * @example
 * ```ts
 * findReferenceToken("Re: [RK-req-1-3f2a9c1b] Referral"); // { token: "RK-req-1-3f2a9c1b", requestId: "req-1" }
 * ```
 */
export function findReferenceToken(text: string): { token: string; requestId: string } | undefined {
  const match = TOKEN_PATTERN.exec(text);
  return match ? { token: match[1]!, requestId: match[2]! } : undefined;
}

/**
 * The Message-ID of a referral email, `<rk.<32 hex>@<domain>>`, from the idempotency key. SMTP has no
 * server-side deduplication: a retry after a lost answer may deliver the message twice, but both copies
 * carry this same Message-ID, which mail clients and ticketing systems thread and deduplicate on.
 *
 * @example
 * ```ts
 * messageIdFor("req-1:batch-0", "ctu.gov.example"); // "<rk.9b1f…@ctu.gov.example>"
 * ```
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<rk.${shortHash(idempotencyKey, 32)}@${domain}>`;
}

function shortHash(text: string, length: number): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

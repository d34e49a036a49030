import { createHash, createHmac } from "node:crypto";
import type { SecretSource } from "./bearer.js";
import type { AuthStrategy } from "./types.js";

/** The hash functions HMAC signing supports. */
export type HmacAlgorithm = "SHA-256" | "SHA-512";

/** The parts of a request a signature covers (what `canonicalize` of {@link hmacSignature} receives). */
export type SignatureParts = Parameters<NonNullable<Parameters<typeof hmacSignature>[0]["canonicalize"]>>[0];

/**
 * The default string to sign: timestamp, method, path and query, and the body's SHA-256 in hex, one per
 * line. Shared with the mocks, so they compute the same string.
 *
 * @example
 * ```ts
 * await defaultCanonicalString({ method: "POST", pathAndQuery: "/v1/reports", timestamp: "1767225600", body: "{}" });
 * // "1767225600\nPOST\n/v1/reports\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
 * ```
 */
export async function defaultCanonicalString(parts: SignatureParts): Promise<string> {
  return [parts.timestamp, parts.method, parts.pathAndQuery, await sha256Hex(parts.body)].join("\n");
}

/**
 * Signs every attempt with an HMAC of a canonical string that includes a timestamp, so a platform can
 * refuse replays. The signature is computed again on each retry (fresh timestamp). Uses Web Crypto, so
 * it runs in Node, browsers and edge runtimes.
 *
 * @example
 * ```ts
 * import { hmacSignature } from "referral-kit/adapter";
 *
 * const auth = hmacSignature({ secret: process.env.PORTAL_SECRET!, keyId: "agency-17", signaturePrefix: "v1=" });
 * // A platform's own string to sign:
 * hmacSignature({ secret, canonicalize: (p) => `${p.method} ${p.pathAndQuery}\n${p.timestamp}\n${p.body}` });
 * ```
 */
export function hmacSignature(options: {
  /** The shared secret, or a function read on every attempt. */
  secret: SecretSource;
  /** A key id the platform uses to find the secret, sent in `keyIdHeader`. */
  keyId?: string;
  /** The hash function: `SHA-256` (default) or `SHA-512`. */
  algorithm?: "SHA-256" | "SHA-512";
  /** Default `X-Signature`. */
  signatureHeader?: string;
  /** Default `X-Timestamp` (Unix seconds). */
  timestampHeader?: string;
  /** Default `X-Key-Id`. */
  keyIdHeader?: string;
  /** Text before the signature, e.g. `"sha256="` or `"v1="`. Default none. */
  signaturePrefix?: string;
  /** Hex (default) or base64. */
  encoding?: "hex" | "base64";
  /**
   * The string to sign. Default: timestamp, method, path and query, and the body's SHA-256 in hex, one
   * per line.
   */
  canonicalize?: (parts: {
    /** Upper-case method. */
    method: string;
    /** Path and query of the URL, e.g. `/v1/reports?page=2`. */
    pathAndQuery: string;
    /** Unix time in seconds, as sent in the timestamp header. */
    timestamp: string;
    /** The exact body, or `""` without one. */
    body: string;
  }) => string | Promise<string>;
}): AuthStrategy {
  let last = typeof options.secret === "string" ? options.secret : undefined;
  return {
    name: "hmac",
    async apply(request, context) {
      last = typeof options.secret === "string" ? options.secret : await options.secret();
      const url = new URL(request.url);
      const parts: SignatureParts = {
        method: request.method.toUpperCase(),
        pathAndQuery: `${url.pathname}${url.search}`,
        timestamp: String(Math.floor(context.now() / 1000)),
        body: context.body ?? "",
      };
      const canonical = await (options.canonicalize ?? defaultCanonicalString)(parts);
      const signature = await hmac(
        options.algorithm ?? "SHA-256",
        last,
        canonical,
        options.encoding ?? "hex",
      );
      request.headers.set(options.timestampHeader ?? "X-Timestamp", parts.timestamp);
      request.headers.set(
        options.signatureHeader ?? "X-Signature",
        `${options.signaturePrefix ?? ""}${signature}`,
      );
      if (options.keyId) request.headers.set(options.keyIdHeader ?? "X-Key-Id", options.keyId);
    },
    secrets: () => (last ? [last] : []),
  };
}

/**
 * An HMAC of `data` under `secret`, hex or base64: for a platform's own signing scheme (see
 * `verifyWebhookSignature` for checking a webhook's).
 *
 * @example
 * ```ts
 * const signature = await hmac("SHA-256", appSecret, `${appKey}\n${timestamp}\n${rawBody}`);
 * ```
 */
export async function hmac(
  algorithm: "SHA-256" | "SHA-512",
  secret: string,
  data: string,
  encoding: "hex" | "base64" = "hex",
): Promise<string> {
  // node:crypto, not Web Crypto: synchronous and several times cheaper per call (measured on the
  // dispatch benchmark, where a signed platform paid about 0.2 ms a call for async digest and sign).
  // The function stays async only because its public signature (and every caller) awaits it.
  return createHmac(NODE_ALGORITHMS[algorithm], secret).update(data, "utf8").digest(encoding);
}

const NODE_ALGORITHMS: Readonly<Record<HmacAlgorithm, string>> = { "SHA-256": "sha256", "SHA-512": "sha512" };

/**
 * Compares two strings in time that depends only on their length, so a signature check does not leak how
 * many leading characters matched. Internal (the webhook verifier and the mocks use it).
 *
 * @example
 * ```ts
 * timingSafeEqual("sha256=abc", "sha256=abc"); // true
 * ```
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  for (let index = 0; index < left.length; index++) {
    difference |= (left[index] ?? 0) ^ (right[index % Math.max(1, right.length)] ?? 0);
  }
  return difference === 0;
}

async function sha256Hex(text: string): Promise<string> {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

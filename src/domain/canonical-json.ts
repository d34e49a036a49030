import { createHash } from "node:crypto";

/**
 * The canonical JSON of a value: the form referral-kit hashes (registry versions, the request history
 * chain) and compares (stored request content). It follows RFC 8785 (JSON Canonicalization Scheme) for
 * the JSON data referral-kit handles:
 *
 * - object members sorted by key, comparing UTF-16 code units (JavaScript's `<` on strings);
 * - members whose value is `undefined` left out (as `JSON.stringify` does); array order kept;
 * - no whitespace; strings and numbers written as `JSON.stringify` writes them (which is what RFC 8785
 *   prescribes: ECMAScript number serialisation, minimal string escaping).
 *
 * Non-finite numbers, `BigInt`s and cyclic values are not JSON and are not expected here (schemas refuse
 * them before anything is hashed).
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, { d: undefined, c: "x" }] }); // '{"a":[true,{"c":"x"}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
  }
  return value;
}

/**
 * A content hash as referral-kit writes it: `sha256:` and 64 lower-case hex digits.
 *
 * @example
 * ```ts
 * const version: ContentHash = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
 * ```
 */
export type ContentHash = `sha256:${string}`;

/**
 * The SHA-256 of a value's canonical JSON (RFC 8785: members sorted by key, `undefined` members left out, no whitespace) (UTF-8), as `sha256:<hex>`.
 *
 * @example
 * ```ts
 * contentHash({ b: 1, a: 2 }) === contentHash({ a: 2, b: 1 }); // true
 * ```
 */
export function contentHash(value: unknown): ContentHash {
  return sha256(canonicalJson(value));
}

/** `sha256:<hex>` of a string's UTF-8 bytes. */
export function sha256(text: string): ContentHash {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

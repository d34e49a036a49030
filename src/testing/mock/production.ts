/** The files a platform mock produces for a disclosure: synthetic, deterministic, with real hashes. */
import { createHash } from "node:crypto";

/**
 * The bytes of one file of a mock's data production: a small JSON document naming the platform's
 * request, the data category (in the platform's own words) and the accounts, all fictional.
 */
function productionBytes(ref: string, category: string, accounts: readonly string[]): Uint8Array {
  return new TextEncoder().encode(
    `${JSON.stringify({ request: ref, category, accounts, records: "synthetic (mock)" })}\n`,
  );
}

/**
 * One file of a mock's data production, as the platform declares it (`<ref>-<category>.json`, its SHA-256,
 * size and media type) and with its `bytes`: a small JSON document naming the platform's request, the
 * data category (in the platform's own words) and the accounts, all fictional. The hash and size a mock
 * declares are those of these bytes, so a test can write them to disk and check them as a received
 * production (`receiveProduction`).
 *
 * @example
 * ```ts
 * import { mockProductionFile } from "referral-kit/testing";
 *
 * const file = mockProductionFile("wa-er-000001", "subscriber", ["whatsapp:tel:+447946000001"]);
 * file.name; // "wa-er-000001-subscriber.json"
 * writeFileSync(join(downloads, file.name), file.bytes);
 * ```
 */
export function mockProductionFile(
  ref: string,
  category: string,
  accounts: readonly string[],
): { name: string; sha256: string; size: number; mediaType: string; bytes: Uint8Array } {
  const bytes = productionBytes(ref, category, accounts);
  return {
    name: `${ref}-${category.toLowerCase()}.json`,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    size: bytes.byteLength,
    mediaType: "application/json",
    bytes,
  };
}

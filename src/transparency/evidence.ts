import type { ReferralRequest } from "../domain/schemas/request.js";

/**
 * The distinct evidence hashes of a request, in order of appearance: the only form in which evidence
 * leaves referral-kit's exports.
 *
 * @example
 * ```ts
 * evidenceHashes(request); // ["sha256:ab12..."]
 * ```
 */
export function evidenceHashes(request: Pick<ReferralRequest, "targets">): string[] {
  return [
    ...new Set(request.targets.flatMap((entry) => (entry.evidence ?? []).map((item) => item.contentHash))),
  ];
}

import { ReferralChainError } from "./errors.js";

/**
 * Links requests into re-referral chains through `supersedes`. Every request given is in exactly one
 * chain (a request nobody re-referred is a chain of one). Order of the input does not matter.
 *
 * @throws {ReferralChainError} a request that supersedes itself, a cycle, two requests superseding the
 * same request, or a request superseding one on another platform.
 *
 * @example
 * ```ts
 * import { referralChains } from "referral-kit";
 *
 * for (const chain of referralChains(requests)) {
 *   if (chain.ids.length > 1) console.log(chain.first, "re-referred as", chain.ids.slice(1).join(", "));
 * }
 * ```
 */
export function referralChains(
  requests: Iterable<{
    readonly id: string;
    readonly platform: string;
    readonly supersedes?: string | undefined;
  }>,
): {
  /** Request ids, first try first. */
  ids: string[];
  first: string;
  /** The latest request of the chain: its result is the chain's result. */
  final: string;
  /**
   * Set when the first request given supersedes a request that was not given (the data starts mid-chain):
   * the id it names.
   */
  missing?: string;
}[] {
  const byId = new Map<
    string,
    { readonly id: string; readonly platform: string; readonly supersedes?: string | undefined }
  >();
  for (const request of requests) {
    if (byId.has(request.id))
      throw new ReferralChainError([request.id], `request ${request.id} is given twice`);
    byId.set(request.id, request);
  }
  const successor = new Map<string, string>();
  for (const request of byId.values()) {
    const previous = request.supersedes;
    if (previous === undefined) continue;
    if (previous === request.id) {
      throw new ReferralChainError([request.id], `request ${request.id} supersedes itself`);
    }
    const other = successor.get(previous);
    if (other !== undefined) {
      throw new ReferralChainError(
        [previous, other, request.id],
        `requests ${other} and ${request.id} both supersede ${previous}: a re-referral chain cannot fork`,
      );
    }
    successor.set(previous, request.id);
    const before = byId.get(previous);
    if (before && before.platform !== request.platform) {
      throw new ReferralChainError(
        [previous, request.id],
        `request ${request.id} (${request.platform}) supersedes ${previous} (${before.platform}): a re-referral goes to the same platform`,
      );
    }
  }
  const chains: ReturnType<typeof referralChains> = [];
  const placed = new Set<string>();
  for (const request of byId.values()) {
    // A chain starts at a request whose predecessor is absent (or was never named).
    if (request.supersedes !== undefined && byId.has(request.supersedes)) continue;
    const ids = [request.id];
    let next = successor.get(request.id);
    while (next !== undefined) {
      ids.push(next);
      next = successor.get(next);
    }
    for (const id of ids) placed.add(id);
    const chain: ReturnType<typeof referralChains>[number] = {
      ids,
      first: ids[0]!,
      final: ids[ids.length - 1]!,
    };
    if (request.supersedes !== undefined) chain.missing = request.supersedes;
    chains.push(chain);
  }
  if (placed.size < byId.size) {
    const looped = [...byId.keys()].filter((id) => !placed.has(id));
    throw new ReferralChainError(looped, `requests ${looped.join(", ")} supersede each other in a cycle`);
  }
  return chains;
}

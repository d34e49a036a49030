import type { ReferralRequest } from "../domain/schemas/request.js";
import { targetKey } from "../domain/targets/target-key.js";
import type { KnownAccount } from "../mirrors/account.js";
import type { Reinstatement } from "./recheck.js";

/**
 * Turns reinstated targets into known accounts for `createMirrorIndex`, so the mirror-candidate work
 * watches them again: an account that came back is as likely to spread into new look-alike accounts as
 * one that stayed gone. One row per reinstated account with a handle (username accounts; content
 * targets, numeric ids, phones and invites have no handle to compare and are left out), with the group
 * of the request's first designation and `actionedAt` = when it was last seen gone. Pure; duplicates
 * (the same account reinstated in several requests) are kept once, with the latest time.
 *
 * @example
 * ```ts
 * import { createMirrorIndex } from "referral-kit/mirrors";
 * import { findReinstatements, reinstatementsAsKnownAccounts } from "referral-kit/verify";
 *
 * const back = findReinstatements(records);
 * const index = createMirrorIndex([...knownAccounts, ...reinstatementsAsKnownAccounts(back, requests)]);
 * ```
 */
export function reinstatementsAsKnownAccounts(
  reinstatements: Iterable<Reinstatement>,
  requests: Iterable<ReferralRequest>,
): KnownAccount[] {
  const byId = new Map<string, ReferralRequest>();
  for (const request of requests) byId.set(request.id, request);
  const rows = new Map<string, KnownAccount>();
  for (const back of reinstatements) {
    const request = byId.get(back.requestId);
    const target = request?.targets.find((t) => targetKey(t.target) === back.target)?.target;
    if (!request || target?.type !== "account" || target.account.kind !== "username") continue;
    const group = request.designations[0]?.groupId;
    const row: KnownAccount = {
      platform: target.account.platform,
      handle: target.account.username,
      ...(group ? { group } : {}),
      actionedAt: back.goneAt,
    };
    const seen = rows.get(back.target);
    if (!seen || Date.parse(String(seen.actionedAt)) < Date.parse(back.goneAt)) rows.set(back.target, row);
  }
  return [...rows.values()];
}

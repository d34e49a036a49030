import type { Reinstatement } from "../verify/recheck.js";

/**
 * An account that came back after the platform suspended or terminated it: found available again by the
 * agency's own checks (`reinstatement-verified`), or a new account a person confirmed as its mirror
 * (`mirror-confirmed`). Compliance joins it to account targets by key (`target`) for the recidivism
 * figures; a return counts only after the suspension it follows.
 *
 * @example
 * ```ts
 * const back: AccountReturn = { target: "x:somename", at: "2025-06-01T00:00:00Z", source: "mirror-confirmed" };
 * ```
 */
export interface AccountReturn {
  /** The suspended account's key (`targetKey` / `mirrorAccountKey`). */
  readonly target: string;
  /** When it came back: the reappearance, or the mirror account's creation (else its confirmation). */
  readonly at: string | number;
  readonly source: "reinstatement-verified" | "mirror-confirmed";
  /** The mirror account's key, for a confirmed mirror. */
  readonly returnedAs?: string;
}

/**
 * Returns from the reinstatements verification found (`findReinstatements` of referral-kit/verify).
 *
 * @example
 * ```ts
 * import { findReinstatements } from "referral-kit/verify";
 * import { computeCompliance, returnsFromReinstatements } from "referral-kit/compliance";
 *
 * computeCompliance(requests, { asOf, returns: returnsFromReinstatements(findReinstatements(records)) });
 * ```
 */
export function returnsFromReinstatements(reinstatements: Iterable<Reinstatement>): AccountReturn[] {
  return [...reinstatements].map((found) => ({
    target: found.target,
    at: found.reappearedAt,
    source: "reinstatement-verified" as const,
  }));
}

/**
 * Returns from confirmed mirror accounts: each dated from the mirror's creation when known, else from
 * the confirmation.
 *
 * @example
 * ```ts
 * computeCompliance(requests, { asOf, returns: returnsFromMirrors(confirmed) });
 * ```
 */
export function returnsFromMirrors(
  confirmed: Iterable<{
    /** The suspended account's key (the candidate's `known`). */
    readonly known: string;
    /** The mirror account's key (the candidate's `new`). */
    readonly new: string;
    /** When the person confirmed it. */
    readonly confirmedAt: string;
    /** When the mirror account was created, where known: the return is dated from it. */
    readonly createdAt?: string;
  }>,
): AccountReturn[] {
  return [...confirmed].map((mirror) => ({
    target: mirror.known,
    at: mirror.createdAt ?? mirror.confirmedAt,
    source: "mirror-confirmed" as const,
    returnedAs: mirror.new,
  }));
}

/**
 * Returns by target, sorted, for the calculators. Internal.
 *
 * @internal
 */
export function returnIndex(returns: Iterable<AccountReturn>): {
  firstAfter(target: string, time: number): number | undefined;
} {
  const byTarget = new Map<string, number[]>();
  for (const back of returns) {
    const at = typeof back.at === "number" ? back.at : Date.parse(back.at);
    if (!Number.isFinite(at))
      throw new RangeError(`the return of ${back.target} has no valid time: ${String(back.at)}`);
    const list = byTarget.get(back.target);
    if (list) list.push(at);
    else byTarget.set(back.target, [at]);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a - b);
  return {
    firstAfter(target, time) {
      return byTarget.get(target)?.find((at) => at >= time);
    },
  };
}

import { ValidationError } from "./errors.js";
import type { DisclosureInstrument } from "./schemas/disclosure.js";
import type { Priority, RequestKind } from "./schemas/request.js";

/** One rule of a deadline policy: how many hours a platform has, for a kind, priority and/or instrument. */
export interface DeadlineRule {
  kind?: RequestKind;
  priority?: Priority;
  /** The disclosure instrument (`disclosure.instrument` of a `disclose-data` request) the rule is for. */
  instrument?: DisclosureInstrument;
  /**
   * Hours from submission (or drafting, when not yet sent) to the deadline; `null` when no time limit
   * applies, so a request under this rule carries no deadline (never one borrowed from another rule).
   */
  hours: number | null;
  /** Where the figure comes from, so every deadline can be justified. */
  source: string;
}

/**
 * Rules and a fallback; the most specific matching rule wins: a rule naming the instrument beats any
 * other, then kind and priority, then kind, then priority.
 */
export interface DeadlinePolicy {
  rules: readonly DeadlineRule[];
  fallback: DeadlineRule;
}

/**
 * The time limits for data requests, by instrument. Regulation (EU) 2023/1543 (e-Evidence) gives the
 * addressee of a European Production Order 10 days (Art. 10(2)) and, in an emergency, 8 hours (Art. 10(4))
 * from receipt. No other instrument here has a time limit in law: a mutual legal assistance request runs
 * at the pace of the requested state, a domestic order or letter rogatory sets its own date, an emergency
 * disclosure is voluntary, and a European Preservation Order is executed "without undue delay" (Art. 11(1))
 * with no figure. So a standard disclosure other than a European Production Order, and a standard
 * preservation, have **no deadline** (`hours: null`), never the 48 hours or the one hour of a removal; an
 * emergency disclosure or preservation of any instrument takes the 8 hours of Art. 10(4), said so in its
 * source. Give them a rule of your own where your law, the order or an agreement sets one
 * (`createDeadlinePolicy({ rules: [{ kind: "preserve", hours: 24, source: "..." }] })`: a rule you give
 * comes first and wins a tie). They are part of `DEADLINE_POLICIES.default`.
 *
 * @example
 * ```ts
 * import { computeDeadline } from "referral-kit";
 *
 * computeDeadline(
 *   { kind: "disclose-data", priority: "emergency", instrument: "european-production-order" },
 *   "2025-03-01T10:00:00Z",
 * ); // "2025-03-01T18:00:00.000Z"
 * ```
 */
export const DISCLOSURE_DEADLINE_RULES: readonly DeadlineRule[] = Object.freeze([
  {
    kind: "disclose-data",
    instrument: "european-production-order",
    hours: 240,
    source:
      "Regulation (EU) 2023/1543 (e-Evidence), Art. 10(2): produce within 10 days of receiving the order",
  },
  {
    kind: "disclose-data",
    instrument: "european-production-order",
    priority: "emergency",
    hours: 8,
    source:
      "Regulation (EU) 2023/1543 (e-Evidence), Art. 10(4): in an emergency, produce within 8 hours of receipt",
  },
  ...(["disclose-data", "preserve"] as const).map((kind) => ({
    kind,
    priority: "emergency" as const,
    hours: 8,
    source:
      "Regulation (EU) 2023/1543 (e-Evidence), Art. 10(4): 8 hours, the one time limit in law for an emergency data request " +
      "(a European Production Order); applied to every emergency disclosure and preservation, which have none of their own",
  })),
  {
    kind: "disclose-data",
    hours: null,
    source:
      "no deadline: no time limit in law for a disclosure other than a European Production Order (10 days, " +
      "Regulation (EU) 2023/1543, Art. 10(2)); the order, the requested state or an agreement with the platform sets one",
  },
  {
    kind: "preserve",
    hours: null,
    source:
      'no deadline: Regulation (EU) 2023/1543 (e-Evidence), Art. 11(1): a European Preservation Order is executed "without ' +
      'undue delay", with no time limit in hours (nor does 18 U.S.C. § 2703(f) set one)',
  },
]);

/** The kinds a removal order covers: the one hour of TCO Art. 3(3) is for these, not for data requests. */
const REMOVAL_KINDS = ["suspend", "remove-content", "restrict-locally"] as const;

/**
 * The default policy (`DEADLINE_POLICIES.default`). Figures and their sources:
 * - `emergency` removals (`suspend`, `remove-content`, `restrict-locally`): 1 hour, the time limit for
 *   removal orders under Regulation (EU) 2021/784 on terrorist content online (TCO), Article 3(3), the
 *   strictest published standard for terrorist content;
 * - disclosures and preservations: `DISCLOSURE_DEADLINE_RULES` (10 days for a European Production
 *   Order, 8 hours for it and for any other emergency data request, Regulation (EU) 2023/1543, Art. 10;
 *   no deadline for any other standard disclosure or preservation);
 * - any other `standard` request (a removal): 48 hours, the time Pakistan's Removal and Blocking of Unlawful Online Content (Procedure,
 *   Oversight and Safeguards) Rules 2021 give a platform to comply with a direction of the PTA (the 2020
 *   rules had 24 hours). Check the instrument in force for your jurisdiction and configure your own.
 * @internal
 */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = Object.freeze({
  rules: Object.freeze([
    ...DISCLOSURE_DEADLINE_RULES,
    ...REMOVAL_KINDS.map((kind) => ({
      kind,
      priority: "emergency" as const,
      hours: 1,
      source: "Regulation (EU) 2021/784 (TCO), Art. 3(3): removal within one hour of receipt",
    })),
  ]) as readonly DeadlineRule[],
  fallback: {
    hours: 48,
    source: "Pakistan, Removal and Blocking of Unlawful Online Content Rules 2021: 48 hours to comply",
  },
});

const PAKISTAN_2021_SOURCE =
  "Pakistan, Removal and Blocking of Unlawful Online Content (Procedure, Oversight and Safeguards) Rules 2021 (under PECA 2016 s. 37)";
const SECONDARY =
  "as reported by secondary sources (press reports of the rules notified in October 2021); the primary text was not at hand: check the Gazette";

/** The Pakistan 2021 preset (`DEADLINE_POLICIES["pakistan-2021"]`). @internal */
export const PAKISTAN_2021_DEADLINE_POLICY: DeadlinePolicy = Object.freeze({
  rules: Object.freeze([
    {
      priority: "emergency",
      hours: 12,
      source: `${PAKISTAN_2021_SOURCE}: 12 hours in an emergency, ${SECONDARY}`,
    },
  ]) as readonly DeadlineRule[],
  fallback: {
    hours: 48,
    source: `${PAKISTAN_2021_SOURCE}: 48 hours to comply with a PTA direction, ${SECONDARY}`,
  },
});

/**
 * The built-in deadline policies, by id:
 * - `default`: 1 hour for an `emergency` removal (`suspend`, `remove-content`, `restrict-locally`), the
 *   time limit for removal orders under Regulation (EU) 2021/784 on terrorist content online (TCO),
 *   Article 3(3); the time limits of Regulation (EU) 2023/1543 for data requests (10 days for a European
 *   Production Order, 8 hours for it and for any other emergency data request, Art. 10; no deadline for
 *   any other standard disclosure or preservation); 48 hours for any other `standard` request, the time
 *   Pakistan's Removal and Blocking of Unlawful Online Content (Procedure, Oversight and Safeguards)
 *   Rules 2021 give a platform to comply with a direction of the PTA. `computeDeadline` uses it unless
 *   given another; check the instrument in force for your jurisdiction and configure your own
 *   (`createDeadlinePolicy`).
 * - `pakistan-2021`: referrals under those Pakistan Rules 2021: 48 hours to comply with a direction of
 *   the PTA, 12 hours in an emergency. The figures come from secondary sources (press reports of the
 *   rules as notified in October 2021); each rule's `source` says so, because the primary text was not at
 *   hand when it was written.
 *
 * @example
 * ```ts
 * import { DEADLINE_POLICIES, computeDeadline } from "referral-kit";
 *
 * computeDeadline({ kind: "suspend", priority: "emergency" }, "2025-03-01T10:00:00Z", DEADLINE_POLICIES["pakistan-2021"]);
 * // "2025-03-01T22:00:00.000Z"
 * DEADLINE_POLICIES.default.fallback.hours; // 48
 * ```
 */
export const DEADLINE_POLICIES: Readonly<{ default: DeadlinePolicy; "pakistan-2021": DeadlinePolicy }> =
  Object.freeze({ default: DEFAULT_DEADLINE_POLICY, "pakistan-2021": PAKISTAN_2021_DEADLINE_POLICY });

/**
 * Builds a deadline policy from rules, checking each (hours must be positive and finite). Rules you give
 * come before the defaults' rules unless `replaceDefaults` is set.
 *
 * @example
 * ```ts
 * import { createDeadlinePolicy } from "referral-kit";
 *
 * const policy = createDeadlinePolicy({
 *   rules: [{ kind: "preserve", hours: 24, source: "agency standing order 12/2025" }],
 * });
 * ```
 */
export function createDeadlinePolicy(options: {
  rules?: readonly DeadlineRule[];
  fallback?: DeadlineRule;
  replaceDefaults?: boolean;
}): DeadlinePolicy {
  const rules = [...(options.rules ?? []), ...(options.replaceDefaults ? [] : DEFAULT_DEADLINE_POLICY.rules)];
  const fallback = options.fallback ?? DEFAULT_DEADLINE_POLICY.fallback;
  const bad = [...rules, fallback].findIndex(
    (rule) => rule.hours !== null && !(Number.isFinite(rule.hours) && rule.hours > 0),
  );
  if (bad >= 0) {
    throw new ValidationError("DeadlinePolicy", [
      {
        path: bad < rules.length ? ["rules", bad, "hours"] : ["fallback", "hours"],
        message: "hours must be a positive number (or null: no deadline)",
        code: "custom",
      },
    ]);
  }
  return { rules, fallback };
}

/**
 * What a deadline depends on: the request's kind and priority and, for a disclosure, its instrument
 * (given as `instrument`, or read from the request's `disclosure`, so a request can be passed as it is).
 * @internal
 */
export interface DeadlineSubject {
  kind: RequestKind;
  priority: Priority;
  instrument?: DisclosureInstrument;
  disclosure?: { instrument: DisclosureInstrument };
}

/**
 * The rule that applies to a request of this kind, priority and (for a disclosure) instrument.
 *
 * @example
 * ```ts
 * deadlineRule({ kind: "suspend", priority: "emergency" }).hours; // 1
 * ```
 */
export function deadlineRule(
  request: DeadlineSubject,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): DeadlineRule {
  const instrument = request.instrument ?? request.disclosure?.instrument;
  const score = (rule: DeadlineRule): number => {
    if (rule.kind !== undefined && rule.kind !== request.kind) return -1;
    if (rule.priority !== undefined && rule.priority !== request.priority) return -1;
    if (rule.instrument !== undefined && rule.instrument !== instrument) return -1;
    return (
      (rule.instrument !== undefined ? 4 : 0) +
      (rule.kind !== undefined ? 2 : 0) +
      (rule.priority !== undefined ? 1 : 0)
    );
  };
  let best: DeadlineRule = policy.fallback;
  let bestScore = -1;
  for (const rule of policy.rules) {
    const ruleScore = score(rule);
    if (ruleScore > bestScore) {
      best = rule;
      bestScore = ruleScore;
    }
  }
  return best;
}

/**
 * The deadline (ISO string, UTC) for a request of this kind, priority and instrument sent at `from`, or
 * `undefined` when the rule that applies sets no time limit (`hours: null`): such a request carries no
 * deadline.
 *
 * @example
 * ```ts
 * import { computeDeadline } from "referral-kit";
 *
 * computeDeadline({ kind: "remove-content", priority: "standard" }, "2025-03-01T10:00:00Z");
 * // "2025-03-03T10:00:00.000Z"
 * ```
 */
export function computeDeadline(
  request: {
    kind: RequestKind;
    priority: Priority;
    /** The disclosure instrument; read from `disclosure.instrument` when left out. */
    instrument?: DisclosureInstrument;
    disclosure?: { instrument: DisclosureInstrument };
  },
  from: Date | string,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): string | undefined {
  const start = typeof from === "string" ? Date.parse(from) : from.getTime();
  if (!Number.isFinite(start)) {
    throw new ValidationError("deadline start", [
      { path: [], message: `not a valid time: ${String(from)}`, code: "custom" },
    ]);
  }
  const { hours } = deadlineRule(request, policy);
  return hours === null ? undefined : new Date(start + hours * 3_600_000).toISOString();
}

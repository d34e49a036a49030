/**
 * Disclosure and preservation figures: per platform and instrument, the share of disclosure requests
 * where some data was produced (the form TikTok and Meta publish) and the time to production; per
 * platform and preservation rule, the preservations that lapsed before the legal process for production
 * was issued. Computed from requests and their events as of a time, never stored.
 */
import { disclosureState } from "../domain/disclosure.js";
import { preservationState } from "../domain/preservation.js";
import type { DeclineReason } from "../domain/schemas/outcome.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { toTime } from "./record.js";
import { kaplanMeier } from "./stats/kaplan-meier.js";
import { type ProportionInterval, wilsonInterval } from "./stats/wilson.js";

/**
 * What each disclosure and preservation figure means, in words; docs/disclosure.md quotes them verbatim.
 *
 * @example
 * ```ts
 * import { DISCLOSURE_DEFINITIONS } from "referral-kit/compliance";
 *
 * console.log(DISCLOSURE_DEFINITIONS.someDataRate);
 * ```
 */
export const DISCLOSURE_DEFINITIONS = Object.freeze({
  disclosures:
    "disclose-data requests with a submitted event at or before the as-of time, grouped by platform and instrument (disclosure.instrument; (none) when the request names none).",
  answers:
    "produced, partiallyProduced, noData, rejected: the request's answer at the as-of time (a partial production completed later counts as produced); pending: none yet; withdrawn: withdrawn by the agency before an answer.",
  rejectedByReason:
    "The rejected disclosures by why the platform refused, in the outcome taxonomy (legal-process-required, insufficient-information, outside-jurisdiction, ...): each counted once, under the reason code of its refusal's first per-target outcome; unspecified when the platform gave no code. The counts add up to rejected.",
  someDataRate:
    "(produced + partiallyProduced) / n, where n = disclosures that were not withdrawn (pending ones included, as platforms count requests received), with a Wilson score interval (someDataRateLow, someDataRateHigh). Null when n = 0.",
  timeToProduction:
    "Kaplan-Meier estimate over hours from submission to the first production (full or partial). Requests answered with no data or rejected are censored at their answer, withdrawn ones at withdrawal, pending ones at the as-of time. medianHoursToProduction and p90HoursToProduction are its quantiles, null when not reached.",
  preservations:
    "preserve requests the platform confirmed (a preserved event) at or before the as-of time, grouped by platform and preservation rule (preservation.rule; (none) when the request names none).",
  lapsedBeforeProductionRequest:
    "Confirmed preservations whose end (preservedUntil, after any extension) passed before a production-requested event, or before the as-of time when there is none: the data may be gone before the legal process arrived. productionRequested counts those with a production-requested event by the as-of time.",
  lapseRate:
    "lapsedBeforeProductionRequest / preservations, with a Wilson score interval (lapseRateLow, lapseRateHigh). Null when preservations = 0.",
} as const);

/** Disclosure figures for one platform and instrument (or the total). @internal */
export type DisclosureRow = DisclosureFigures["disclosureTotal"];

/** Preservation figures for one platform and rule (or the total). @internal */
export type PreservationRow = DisclosureFigures["preservationTotal"];

/** What {@link computeDisclosureFigures} returns. */
export interface DisclosureFigures {
  asOf: string;
  confidence: number;
  /** Disclosure figures for each platform and instrument. */
  disclosures: DisclosureFigures["disclosureTotal"][];
  /** Disclosure figures for all platforms and instruments; each of `disclosures` has the same fields. */
  disclosureTotal: {
    platform: string | null;
    instrument: string | null;
    disclosures: number;
    produced: number;
    partiallyProduced: number;
    noData: number;
    rejected: number;
    /** The rejected ones by the platform's reason code, `unspecified` without one (see `DISCLOSURE_DEFINITIONS.rejectedByReason`). */
    rejectedByReason: Partial<Record<DeclineReason | "unspecified", number>>;
    pending: number;
    withdrawn: number;
    someDataRate: number | null;
    someDataRateLow: number | null;
    someDataRateHigh: number | null;
    medianHoursToProduction: number | null;
    p90HoursToProduction: number | null;
  };
  /** Preservation figures for each platform and rule. */
  preservations: DisclosureFigures["preservationTotal"][];
  /** Preservation figures for all platforms and rules; each of `preservations` has the same fields. */
  preservationTotal: {
    platform: string | null;
    rule: string | null;
    preservations: number;
    productionRequested: number;
    lapsedBeforeProductionRequest: number;
    lapseRate: number | null;
    lapseRateLow: number | null;
    lapseRateHigh: number | null;
  };
  definitions: typeof DISCLOSURE_DEFINITIONS;
}

interface DisclosureTally {
  counts: Record<"produced" | "partiallyProduced" | "noData" | "rejected" | "pending" | "withdrawn", number>;
  rejectedByReason: Map<DeclineReason | "unspecified", number>;
  events: number[];
  censored: number[];
}

interface PreservationTally {
  preservations: number;
  productionRequested: number;
  lapsed: number;
}

/**
 * Computes the disclosure and preservation figures of a set of requests as of a time (requests of other
 * kinds are ignored). Rows are sorted by platform, then instrument or rule; each table has a total row.
 *
 * @throws {RangeError} an invalid `asOf` or a `confidence` outside (0, 1).
 * @throws {IllegalTransitionError} a request's history breaks its lifecycle.
 *
 * @example
 * ```ts
 * import { computeDisclosureFigures } from "referral-kit/compliance";
 *
 * const figures = computeDisclosureFigures(requests, { asOf: "2026-01-01T00:00:00Z" });
 * for (const row of figures.disclosures) console.log(row.platform, row.instrument, row.someDataRate);
 * ```
 */
export function computeDisclosureFigures(
  requests: Iterable<ReferralRequest>,
  options: { asOf: Date | string | number; confidence?: number },
): DisclosureFigures {
  const asOf = toTime(options.asOf);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const disclosures = new Map<string, DisclosureTally>();
  const disclosureTotal = newDisclosureTally();
  const preservations = new Map<string, PreservationTally>();
  const preservationTotal: PreservationTally = { preservations: 0, productionRequested: 0, lapsed: 0 };

  for (const full of requests) {
    if (full.kind !== "disclose-data" && full.kind !== "preserve") continue;
    // What was known at the as-of time: later events are left out.
    const request = { ...full, events: full.events.filter((event) => Date.parse(event.at) <= asOf) };
    if (request.events.length === 0) continue;
    if (request.kind === "disclose-data") {
      const state = disclosureState(request);
      if (state.submittedAt === undefined) continue;
      const key = JSON.stringify([request.platform, state.instrument ?? null]);
      const tally = disclosures.get(key) ?? newDisclosureTally();
      disclosures.set(key, tally);
      for (const target of [tally, disclosureTotal]) addDisclosure(target, state, asOf);
    } else {
      const state = preservationState(request, { asOf });
      if (state.preservedAt === undefined) continue;
      const key = JSON.stringify([request.platform, state.rule ?? null]);
      const tally = preservations.get(key) ?? { preservations: 0, productionRequested: 0, lapsed: 0 };
      preservations.set(key, tally);
      for (const target of [tally, preservationTotal]) {
        target.preservations += 1;
        if (state.productionRequestedAt !== undefined) target.productionRequested += 1;
        if (state.lapsedAt !== undefined) target.lapsed += 1;
      }
    }
  }

  const byKey = <T>(map: Map<string, T>) =>
    [...map]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, tally]) => [JSON.parse(key), tally] as const);
  return {
    asOf: new Date(asOf).toISOString(),
    confidence,
    disclosures: byKey(disclosures).map(([[platform, instrument], tally]) =>
      disclosureRow(platform, instrument, tally, confidence),
    ),
    disclosureTotal: disclosureRow(null, null, disclosureTotal, confidence),
    preservations: byKey(preservations).map(([[platform, rule], tally]) =>
      preservationRow(platform, rule, tally, confidence),
    ),
    preservationTotal: preservationRow(null, null, preservationTotal, confidence),
    definitions: DISCLOSURE_DEFINITIONS,
  };
}

function newDisclosureTally(): DisclosureTally {
  return {
    counts: { produced: 0, partiallyProduced: 0, noData: 0, rejected: 0, pending: 0, withdrawn: 0 },
    rejectedByReason: new Map(),
    events: [],
    censored: [],
  };
}

function addDisclosure(
  tally: DisclosureTally,
  state: ReturnType<typeof disclosureState>,
  asOf: number,
): void {
  const submitted = Date.parse(state.submittedAt!);
  const hours = (time: number) => (time - submitted) / 3_600_000;
  const counts = tally.counts;
  switch (state.outcome) {
    case "produced":
      counts.produced += 1;
      break;
    case "partially-produced":
      counts.partiallyProduced += 1;
      break;
    case "no-data":
      counts.noData += 1;
      break;
    case "rejected": {
      counts.rejected += 1;
      const reason = state.reasonCodes[0] ?? "unspecified";
      tally.rejectedByReason.set(reason, (tally.rejectedByReason.get(reason) ?? 0) + 1);
      break;
    }
    case "withdrawn":
      counts.withdrawn += 1;
      break;
    case "pending":
      counts.pending += 1;
      break;
  }
  if (state.firstProductionAt !== undefined) tally.events.push(hours(Date.parse(state.firstProductionAt)));
  else tally.censored.push(hours(state.outcomeAt === undefined ? asOf : Date.parse(state.outcomeAt)));
}

function disclosureRow(
  platform: string | null,
  instrument: string | null,
  tally: DisclosureTally,
  confidence: number,
): DisclosureRow {
  const { counts } = tally;
  const disclosures = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const n = disclosures - counts.withdrawn;
  const x = counts.produced + counts.partiallyProduced;
  const km = kaplanMeier(tally.events, tally.censored);
  return {
    platform,
    instrument,
    disclosures,
    ...counts,
    rejectedByReason: Object.fromEntries(
      [...tally.rejectedByReason].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    ...rate("someDataRate", x, n, confidence),
    medianHoursToProduction: km.median,
    p90HoursToProduction: km.p90,
  } as DisclosureRow;
}

function preservationRow(
  platform: string | null,
  rule: string | null,
  tally: PreservationTally,
  confidence: number,
): PreservationRow {
  return {
    platform,
    rule,
    preservations: tally.preservations,
    productionRequested: tally.productionRequested,
    lapsedBeforeProductionRequest: tally.lapsed,
    ...rate("lapseRate", tally.lapsed, tally.preservations, confidence),
  } as PreservationRow;
}

function rate<N extends string>(
  name: N,
  x: number,
  n: number,
  confidence: number,
): Record<string, number | null> {
  const interval: ProportionInterval | null = wilsonInterval(x, n, confidence);
  return {
    [name]: n === 0 ? null : x / n,
    [`${name}Low`]: interval?.low ?? null,
    [`${name}High`]: interval?.high ?? null,
  };
}

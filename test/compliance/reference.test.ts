import fc from "fast-check";
import {
  type ComplianceOutcome,
  type ComplianceRecord,
  type ComplianceResult,
  type ComplianceRow,
  computeCompliance,
  type GroupField,
} from "referral-kit/compliance";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_DEFINITIONS } from "../../src/compliance/definitions.js";
import { hourLabel } from "../../src/compliance/hour.js";
import { kaplanMeier } from "../../src/compliance/stats/kaplan-meier.js";
import { zForConfidence } from "../../src/compliance/stats/normal.js";
import { wilsonWithZ } from "../../src/compliance/stats/wilson.js";
import { DECLINE_REASONS, OUTCOME_MEASURES } from "../../src/domain/schemas/outcome.js";

/**
 * The calculator's fast path (typed-array counters, one pass, shared sample buffers) against a
 * straightforward reference: each row's records filtered out of the input, each figure computed from them
 * with plain arrays, as `COMPLIANCE_DEFINITIONS` words it. Random small data with many ties.
 */

const HOUR = 3_600_000;
const BASE = Date.parse("2025-01-31T00:00:00Z");
const AS_OF = BASE + 24 * 40 * HOUR;
type Wait = readonly [number, number | null];

const MEASURES = [...OUTCOME_MEASURES, "unspecified"] as const;
const REASONS = [...DECLINE_REASONS, "unspecified"] as const;
const ACCOUNT_MEASURES = new Set(["account-suspended", "account-terminated"]);
const GLOBAL_REMOVALS = new Set(["content-removed", "account-suspended", "account-terminated"]);

const outcomeArb = (submittedAt: number): fc.Arbitrary<ComplianceOutcome> =>
  fc
    .record({
      targetType: fc.constantFrom("account", "content", "unspecified"),
      measure: fc.constantFrom(...MEASURES),
      scope: fc.constantFrom("global", "country", "unspecified"),
      ground: fc.constantFrom("terms-of-service", "local-law", "unspecified"),
      temporary: fc.boolean(),
      reason: fc.constantFrom(...REASONS),
      atH: fc.integer({ min: 0, max: 24 * 45 }),
      returnH: fc.option(fc.integer({ min: 0, max: 24 * 30 }), { nil: undefined }),
      verified: fc.option(fc.constantFrom("removed", "withheld", "available"), { nil: undefined }),
    })
    .map((o) => {
      const at = submittedAt + o.atH * HOUR;
      const outcome: ComplianceOutcome = {
        targetType: o.targetType as ComplianceOutcome["targetType"],
        measure: o.measure,
        scope: o.scope as ComplianceOutcome["scope"],
        ground: o.ground as ComplianceOutcome["ground"],
        temporary: o.temporary,
        at,
      };
      if (o.measure === "no-action") outcome.reasonCode = o.reason;
      if (o.returnH !== undefined) outcome.returnedAt = at + o.returnH * HOUR;
      if (o.verified !== undefined) outcome.verified = o.verified as ComplianceOutcome["verified"];
      return outcome;
    });

/** Valid flat records with every optional field of issue 21, times on an hour grid so ties are common. */
const recordArb: fc.Arbitrary<ComplianceRecord> = fc
  .record({
    id: fc.uuid(),
    platform: fc.constantFrom("facebook", "x", "telegram"),
    groups: fc.constantFrom([], ["bla"], ["ttp"], ["bla", "ttp"], ["ttp", "iskp"]),
    kind: fc.constantFrom("suspend", "remove-content"),
    priority: fc.constantFrom("standard", "emergency"),
    tier: fc.constantFrom(undefined, null, 1, 3),
    campaign: fc.constantFrom(undefined, null, "c-1"),
    submittedH: fc.integer({ min: 0, max: 24 * 45 }),
    outcome: fc.constantFrom("actioned", "partially-actioned", "rejected", "pending", "withdrawn"),
    actionH: fc.integer({ min: 0, max: 24 * 10 }),
    laterH: fc.integer({ min: 0, max: 24 * 5 }),
    deadlineH: fc.option(fc.integer({ min: 0, max: 96 }), { nil: null }),
    verifiedH: fc.option(fc.option(fc.integer({ min: 0, max: 24 * 20 }), { nil: null }), { nil: undefined }),
    ackH: fc.option(fc.option(fc.integer({ min: 0, max: 48 }), { nil: null }), { nil: undefined }),
    waits: fc.array(fc.tuple(fc.integer({ min: 0, max: 48 }), fc.option(fc.integer({ min: 0, max: 96 }))), {
      maxLength: 3,
    }),
    escalationH: fc.option(fc.tuple(fc.integer({ min: 0, max: 24 * 10 }), fc.option(fc.nat(24 * 10))), {
      nil: undefined,
    }),
    supersedes: fc.option(fc.constant("earlier"), { nil: undefined }),
    outcomeSeeds: fc.array(fc.nat(), { maxLength: 3 }),
  })
  .chain((r) => {
    const submittedAt = BASE + r.submittedH * HOUR;
    return fc
      .tuple(...r.outcomeSeeds.map(() => outcomeArb(submittedAt)))
      .map((outcomes) => ({ r, submittedAt, outcomes }));
  })
  .map(({ r, submittedAt, outcomes }): ComplianceRecord => {
    const firstAction = submittedAt + r.actionH * HOUR;
    const acted = r.outcome === "actioned" || r.outcome === "partially-actioned";
    const outcomeAt =
      r.outcome === "pending" ? null : r.outcome === "actioned" ? firstAction + r.laterH * HOUR : firstAction;
    const record: ComplianceRecord = {
      id: r.id,
      platform: r.platform,
      groups: r.groups,
      kind: r.kind,
      priority: r.priority,
      submittedAt,
      outcome: r.outcome,
      outcomeAt,
      firstActionAt: acted ? firstAction : null,
      deadline: r.deadlineH === null ? null : submittedAt + r.deadlineH * HOUR,
    };
    if (r.tier !== undefined) record.tier = r.tier as ComplianceRecord["tier"];
    if (r.campaign !== undefined) record.campaign = r.campaign;
    if (r.verifiedH !== undefined)
      record.verifiedAt = r.verifiedH === null ? null : submittedAt + r.verifiedH * HOUR;
    if (r.ackH !== undefined) record.acknowledgedAt = r.ackH === null ? null : submittedAt + r.ackH * HOUR;
    // Questions in order: each asked after the previous answer; only the last may stay open.
    const waits: Wait[] = [];
    let previous = submittedAt;
    for (const [gap, answer] of r.waits) {
      const asked = previous + gap * HOUR;
      const last = waits.length === r.waits.length - 1;
      const answered = answer === null && last ? null : asked + (answer ?? 1) * HOUR;
      waits.push([asked, answered]);
      if (answered === null) break;
      previous = answered;
    }
    if (waits.length > 0) record.agencyWaits = waits;
    if (r.escalationH !== undefined) {
      const [escalated, after] = r.escalationH;
      record.escalatedAt = submittedAt + escalated * HOUR;
      record.escalationLevel = "regulator";
      record.actionAfterEscalationAt = after === null ? null : record.escalatedAt + after * HOUR;
    }
    if (r.supersedes !== undefined) record.supersedes = r.supersedes;
    if (outcomes.length > 0) record.outcomes = outcomes;
    return record;
  });

const byArb: fc.Arbitrary<GroupField[]> = fc.shuffledSubarray<GroupField>(
  ["platform", "group", "kind", "priority", "tier", "campaign", "month", "hour"],
  { maxLength: 3 },
);

// ---- The reference -------------------------------------------------------------------------------------

/** What one record contributes, as known at the as-of time. */
interface Contribution {
  record: ComplianceRecord;
  outcome: ComplianceRecord["outcome"];
  acted: boolean;
  hours: number;
  due: boolean;
  onTime: boolean;
  platformBreach: boolean;
  verified: boolean;
  acknowledged: boolean;
  ackHours: number;
  asked: boolean;
  awaiting: boolean;
  waitHours: number;
  escalated: boolean;
  actionedAfterEscalation: boolean;
  decided: ComplianceOutcome[];
}

/** Milliseconds of [from, to] spent waiting on the agency; an open (or later-answered) wait runs to asOf. */
function waited(waits: readonly Wait[], from: number, to: number, asOf: number): number {
  return waits
    .map(([asked, answered]) => {
      const end = Math.min(answered === null || answered > asOf ? asOf : answered, to);
      return Math.max(0, end - Math.max(asked, from));
    })
    .reduce((sum, part) => sum + part, 0);
}

function contribution(record: ComplianceRecord, asOf: number): Contribution {
  let { outcome, outcomeAt, firstActionAt } = record;
  if (outcomeAt !== null && outcomeAt > asOf) {
    if (outcome === "actioned" && firstActionAt !== null && firstActionAt <= asOf) {
      outcome = "partially-actioned";
      outcomeAt = firstActionAt;
    } else {
      outcome = "pending";
      outcomeAt = null;
      firstActionAt = null;
    }
  }
  const acted = outcome === "actioned" || outcome === "partially-actioned";
  const waits = record.agencyWaits ?? [];
  const end = outcome === "pending" ? asOf : acted ? firstActionAt! : outcomeAt!;
  const due = outcome !== "withdrawn" && record.deadline !== null && record.deadline <= asOf;
  const onTime = due && acted && firstActionAt! <= record.deadline!;
  const asked = waits.length > 0 && waits[0]![0] <= asOf;
  let platformBreach = due && !onTime;
  if (platformBreach && asked) {
    // The deadline in force restarts from each answer with the request's full allowance.
    const allowance = Math.max(0, record.deadline! - record.submittedAt);
    let inForce: number | null = record.deadline!;
    for (const [at, answered] of waits) {
      if (at > asOf || at > inForce) break;
      if (answered === null || answered > asOf) {
        inForce = null;
        break;
      }
      inForce = answered + allowance;
    }
    platformBreach =
      inForce !== null && inForce <= asOf && (firstActionAt === null || firstActionAt > inForce);
  }
  const responses = [record.acknowledgedAt ?? null].filter(
    (time): time is number => time !== null && time <= asOf,
  );
  if (outcome !== "pending" && outcome !== "withdrawn" && outcomeAt !== null) responses.push(outcomeAt);
  const response = responses.length > 0 ? Math.min(...responses) : null;
  const started = waits.filter(([at]) => at <= asOf);
  const last = started.at(-1);
  const escalated = record.escalatedAt != null && record.escalatedAt <= asOf;
  return {
    record,
    outcome,
    acted,
    hours: (end - record.submittedAt - waited(waits, record.submittedAt, end, asOf)) / HOUR,
    due,
    onTime,
    platformBreach,
    verified: outcome !== "withdrawn" && record.verifiedAt != null && record.verifiedAt <= asOf,
    acknowledged: response !== null,
    ackHours: ((response ?? (outcome === "withdrawn" ? outcomeAt! : asOf)) - record.submittedAt) / HOUR,
    asked,
    awaiting: last !== undefined && (last[1] === null || last[1] > asOf),
    waitHours: waited(waits, record.submittedAt, asOf, asOf) / HOUR,
    escalated,
    actionedAfterEscalation:
      escalated && record.actionAfterEscalationAt != null && record.actionAfterEscalationAt <= asOf,
    decided: outcome === "withdrawn" ? [] : (record.outcomes ?? []).filter((o) => o.at <= asOf),
  };
}

const count = <T>(items: readonly T[], test: (item: T) => boolean) => items.filter(test).length;

function medianOf(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function referenceRow(all: Contribution[], z: number, verification: boolean, curves: boolean): ComplianceRow {
  const live = all.filter((c) => c.outcome !== "withdrawn");
  const n = live.length;
  const rate = (x: number, of: number) => {
    const interval = of > 0 ? wilsonWithZ(x, of, z) : null;
    return [interval?.estimate ?? null, interval?.low ?? null, interval?.high ?? null] as const;
  };
  const actioned = count(all, (c) => c.acted);
  const rejected = count(all, (c) => c.outcome === "rejected");
  const km = kaplanMeier(
    all.filter((c) => c.acted).map((c) => c.hours),
    all.filter((c) => !c.acted).map((c) => c.hours),
  );
  const ack = kaplanMeier(
    all.filter((c) => c.acknowledged).map((c) => c.ackHours),
    all.filter((c) => !c.acknowledged).map((c) => c.ackHours),
  );
  const targets = live.flatMap((c) => c.decided);
  const actions = targets.filter((o) => o.measure !== "no-action");
  const declines = targets.filter((o) => o.measure === "no-action");
  const suspended = actions.filter((o) => o.targetType === "account" && ACCOUNT_MEASURES.has(o.measure));
  const back = (o: ComplianceOutcome) => o.returnedAt != null && o.returnedAt <= AS_OF;
  const returns = kaplanMeier(
    suspended.filter(back).map((o) => (o.returnedAt! - o.at) / HOUR),
    suspended.filter((o) => !back(o)).map((o) => (AS_OF - o.at) / HOUR),
  );
  const accounts = count(targets, (o) => o.targetType === "account");
  const permanent = count(suspended, (o) => o.measure === "account-terminated" && o.scope === "global");
  const returned = count(suspended, back);
  const escalated = live.filter((c) => c.escalated);
  const reReferrals = live.filter((c) => c.record.supersedes !== undefined);
  const due = count(all, (c) => c.due);
  const onTime = count(all, (c) => c.onTime);
  const verified = count(all, (c) => c.verified);
  const [actionRate, actionRateLow, actionRateHigh] = rate(actioned, n);
  const [verifiedRate, verifiedRateLow, verifiedRateHigh] = verification
    ? rate(verified, n)
    : [null, null, null];
  const [escalationActionRate, escalationActionRateLow, escalationActionRateHigh] = rate(
    count(escalated, (c) => c.actionedAfterEscalation),
    escalated.length,
  );
  const [reReferralActionRate, reReferralActionRateLow, reReferralActionRateHigh] = rate(
    count(reReferrals, (c) => c.acted),
    reReferrals.length,
  );
  const [permanentSuspensionRate, permanentSuspensionRateLow, permanentSuspensionRateHigh] = rate(
    permanent,
    accounts,
  );
  const [returnRate, returnRateLow, returnRateHigh] = rate(returned, suspended.length);
  const platformBreaches = count(all, (c) => c.platformBreach);
  const byName = (names: readonly string[], of: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, count(of, (value) => value === name)]));
  const row: ComplianceRow = {
    submitted: all.length,
    actioned,
    partiallyActioned: count(all, (c) => c.outcome === "partially-actioned"),
    rejected,
    pending: count(all, (c) => c.outcome === "pending"),
    withdrawn: all.length - n,
    actionRate,
    actionRateLow,
    actionRateHigh,
    decidedRate: actioned + rejected > 0 ? actioned / (actioned + rejected) : null,
    medianHours: km.median,
    p90Hours: km.p90,
    due,
    onTime,
    breaches: due - onTime,
    onTimeRate: due > 0 ? onTime / due : null,
    verified,
    verifiedRate,
    verifiedRateLow,
    verifiedRateHigh,
    medianHoursToAcknowledge: ack.median,
    informationRequested: count(live, (c) => c.asked),
    awaitingAgency: count(live, (c) => c.asked && c.awaiting),
    medianAgencyWaitHours: medianOf(live.filter((c) => c.asked).map((c) => c.waitHours)),
    platformBreaches,
    agencyBreaches: due - onTime - platformBreaches,
    escalated: escalated.length,
    actionedAfterEscalation: count(escalated, (c) => c.actionedAfterEscalation),
    escalationActionRate,
    escalationActionRateLow,
    escalationActionRateHigh,
    reReferrals: reReferrals.length,
    reReferralsActioned: count(reReferrals, (c) => c.acted),
    reReferralActionRate,
    reReferralActionRateLow,
    reReferralActionRateHigh,
    decidedTargets: targets.length,
    actionedTargets: actions.length,
    declinedTargets: declines.length,
    globalActions: count(actions, (o) => o.scope === "global"),
    countryActions: count(actions, (o) => o.scope === "country"),
    unspecifiedScopeActions: count(actions, (o) => o.scope === "unspecified"),
    termsOfServiceActions: count(actions, (o) => o.ground === "terms-of-service"),
    localLawActions: count(actions, (o) => o.ground === "local-law"),
    unspecifiedGroundActions: count(actions, (o) => o.ground === "unspecified"),
    actionsByMeasure: byName(
      MEASURES.filter((m) => m !== "no-action"),
      actions.map((o) => o.measure),
    ),
    declinesByReason: byName(
      REASONS,
      declines.map((o) => o.reasonCode ?? "unspecified"),
    ),
    decidedAccountTargets: accounts,
    permanentSuspensions: permanent,
    permanentSuspensionRate,
    permanentSuspensionRateLow,
    permanentSuspensionRateHigh,
    temporarySuspensions: count(suspended, (o) => o.measure === "account-suspended"),
    suspendedAccounts: suspended.length,
    returnedAccounts: returned,
    returnRate,
    returnRateLow,
    returnRateHigh,
    medianHoursToReturn: returns.median,
    reportedGlobalFoundWithheld: count(
      actions,
      (o) => o.verified === "withheld" && o.scope === "global" && GLOBAL_REMOVALS.has(o.measure),
    ),
  };
  if (curves) row.survival = km.steps;
  return row;
}

function fieldValue(record: ComplianceRecord, field: GroupField, group: string): string {
  switch (field) {
    case "group":
      return group;
    case "tier":
      return record.tier == null ? "(none)" : String(record.tier);
    case "campaign":
      return record.campaign ?? "(none)";
    case "month":
      return new Date(record.submittedAt).toISOString().slice(0, 7);
    case "hour":
      return hourLabel(record.submittedAt);
    default:
      return record[field];
  }
}

function referenceCompliance(
  records: ComplianceRecord[],
  by: GroupField[],
  confidence: number,
  curves: boolean,
): ComplianceResult {
  const z = zForConfidence(confidence);
  const verification = records.some((record) => record.verifiedAt !== undefined);
  const counted = records.filter((record) => record.submittedAt <= AS_OF).map((r) => contribution(r, AS_OF));
  const rows = new Map<string, { values: string[]; members: Contribution[] }>();
  for (const c of counted) {
    const groups =
      by.includes("group") && c.record.groups.length > 1 ? c.record.groups : [c.record.groups[0] ?? "(none)"];
    for (const group of groups) {
      const values = by.map((field) => fieldValue(c.record, field, group));
      const key = JSON.stringify(values);
      const row = rows.get(key) ?? { values, members: [] };
      row.members.push(c);
      rows.set(key, row);
    }
  }
  const compare = (a: string[], b: string[]) => {
    for (let index = 0; index < a.length; index++) {
      if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
    }
    return 0;
  };
  const sorted = by.length === 0 ? [] : [...rows.values()].sort((a, b) => compare(a.values, b.values));
  const iso = (times: number[], pick: (...values: number[]) => number) =>
    times.length === 0 ? null : new Date(pick(...times)).toISOString();
  const submitted = counted.map((c) => c.record.submittedAt);
  const lastEvents = counted.map((c) => {
    const { outcome, outcomeAt, firstActionAt } = c.record;
    if (outcomeAt === null) return c.record.submittedAt;
    if (outcomeAt <= AS_OF) return outcomeAt;
    return outcome === "actioned" && firstActionAt !== null && firstActionAt <= AS_OF
      ? firstActionAt
      : c.record.submittedAt;
  });
  return {
    by,
    asOf: new Date(AS_OF).toISOString(),
    confidence,
    rows: sorted.map(({ values, members }) => ({
      ...Object.fromEntries(by.map((field, index) => [field, values[index]!])),
      ...referenceRow(members, z, verification, curves),
    })),
    total: referenceRow(counted, z, verification, curves),
    issues: [],
    counts: {
      records: records.length,
      counted: counted.length,
      notSubmitted: records.length - counted.length,
      invalid: 0,
    },
    span: {
      firstSubmittedAt: iso(submitted, Math.min),
      lastSubmittedAt: iso(submitted, Math.max),
      lastEventAt: iso(lastEvents, Math.max),
    },
    definitions: COMPLIANCE_DEFINITIONS,
    verification,
  };
}

describe("the calculator against a straightforward reference", () => {
  it("gives every figure of every row exactly as the reference does", () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 50 }),
        byArb,
        fc.constantFrom(0.9, 0.95, 0.99),
        fc.boolean(),
        (records, by, confidence, curves) => {
          const result = computeCompliance(records, { by, asOf: AS_OF, confidence, curves });
          expect(result.issues).toEqual([]);
          expect(result).toEqual(referenceCompliance(records, by, confidence, curves));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("agrees when the same records are added one at a time in another order", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 80 }), byArb, (records, by) => {
        const reversed = [...records].reverse();
        const result = computeCompliance(reversed, { by, asOf: AS_OF });
        expect(result).toEqual(referenceCompliance(records, by, 0.95, false));
      }),
      { numRuns: 100 },
    );
  });
});

import { IllegalTransitionError, SafeguardError, ValidationError } from "../domain/errors.js";
import { KNOWN_PLATFORM_IDS } from "../domain/platforms.js";
import type { DisclosureInstrument } from "../domain/schemas/disclosure.js";
import { REQUEST_KINDS, type ReferralRequest, type RequestKind } from "../domain/schemas/request.js";
import { platformName } from "../domain/targets/builtin-platforms.js";
import { targetKey } from "../domain/targets/target-key.js";
import type { ContentTier } from "../domain/tiers.js";
import type { GroupRegistry } from "../registry/registry.js";
import { TRANSPARENCY_DEFINITIONS } from "./definitions.js";
import { type RequestFacts, requestFacts } from "./history.js";
import { resolvePeriod } from "./period.js";

/**
 * Every figure of a row or of the total (see `TRANSPARENCY_DEFINITIONS` for each).
 *
 * @example
 * ```ts
 * const figures: TransparencyFigures = report.total;
 * console.log(figures.itemsActioned, "of", figures.itemsSpecified, "items actioned");
 * ```
 */
export interface TransparencyFigures {
  requests: number;
  requestsWithAction: number;
  rejected: number;
  withdrawn: number;
  pending: number;
  itemsSpecified: number;
  itemsActioned: number;
  shareActioned: number | null;
  challenges: number;
  challengesByAccountHolder: number;
  challengesByPlatform: number;
  challengesByOther: number;
  upheld: number;
  reinstated: number;
  challengesPending: number;
  reinstatedWithoutChallenge: number;
  /** Each legal basis used, with the number of requests relying on it. */
  legalBases: { instrument: string; section: string; jurisdiction: string | null; requests: number }[];
  /**
   * Each group concerned, with the number of requests relying on its designation; `name` is the group's
   * name from the registry passed in options, null without one or for an unknown id.
   */
  groups: { id: string; name: string | null; requests: number }[];
  /**
   * Items (targets) per content tier (see `CONTENT_TIERS`; `null` for targets given none), specified and
   * actioned, tiers in order and targets without a tier last.
   */
  tiers: { tier: ContentTier | null; itemsSpecified: number; itemsActioned: number }[];
  /**
   * Each disclosure instrument used, with its `disclose-data` requests and their answers by the end of
   * the period: `dataProduced` some data produced (in full or in part), `noData` answered holding none.
   */
  instruments: { instrument: DisclosureInstrument; requests: number; dataProduced: number; noData: number }[];
  /**
   * Each preservation rule used, with its `preserve` requests, how many the platform confirmed, and how many
   * of those ended before a production request.
   */
  preservationRules: {
    rule: string;
    requests: number;
    preserved: number;
    lapsedBeforeProductionRequest: number;
  }[];
}

type LegalBasisCount = TransparencyFigures["legalBases"][number];
type TierCount = TransparencyFigures["tiers"][number];
type InstrumentCount = TransparencyFigures["instruments"][number];
type PreservationRuleCount = TransparencyFigures["preservationRules"][number];

/**
 * The names of the numeric figures, in the order every output shows them.
 *
 * @example
 * ```ts
 * for (const name of TRANSPARENCY_COUNT_COLUMNS) console.log(name, report.total[name]);
 * ```
 */
export const TRANSPARENCY_COUNT_COLUMNS = Object.freeze([
  "requests",
  "requestsWithAction",
  "rejected",
  "withdrawn",
  "pending",
  "itemsSpecified",
  "itemsActioned",
  "shareActioned",
  "challenges",
  "challengesByAccountHolder",
  "challengesByPlatform",
  "challengesByOther",
  "upheld",
  "reinstated",
  "challengesPending",
  "reinstatedWithoutChallenge",
] as const satisfies readonly (keyof TransparencyFigures)[]);

/**
 * A transparency report for a period: rows per platform and request kind, the total, the definitions
 * used, and what was skipped.
 *
 * @example
 * ```ts
 * const report: TransparencyReport = computeTransparencyReport(requests, { period });
 * report.total.shareActioned;
 * ```
 */
export interface TransparencyReport {
  period: { from: string; to: string };
  /** What each figure counts, in words (`TRANSPARENCY_DEFINITIONS`). */
  definitions: Readonly<Record<keyof typeof TRANSPARENCY_DEFINITIONS, string>>;
  /** One row per platform and request kind. */
  rows: (TransparencyFigures & {
    platform: string;
    /** The platform's display name (its id for a custom platform). */
    platformName: string;
    kind: RequestKind;
  })[];
  total: TransparencyFigures;
  counts: {
    /** Inputs given. */
    read: number;
    /** Requests submitted in the period (the total's `requests`). */
    inPeriod: number;
    /** Requests submitted before the period or not submitted before its end. */
    outsidePeriod: number;
    /** Inputs left out (see `skipped`). */
    skipped: number;
  };
  /** Requests left out of the report, each with a stable code and the reason. */
  skipped: {
    /** The request's id, when the input had a usable one. */
    requestId: string | null;
    code: "validation_failed" | "illegal_transition" | "safeguard_violation";
    reason: string;
  }[];
}

type SkippedRequest = TransparencyReport["skipped"][number];

/**
 * Options of {@link computeTransparencyReport}.
 *
 * @example
 * ```ts
 * const options: TransparencyOptions = { period: { from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" }, registry };
 * ```
 */
export interface TransparencyOptions {
  /**
   * The reporting period, half-open: requests submitted at or after `from` and before `to` are counted,
   * and events at or after `to` are ignored (they belong to a later report). Each bound is an ISO 8601
   * time with a zone, a `Date`, or epoch milliseconds.
   */
  period: { from: string | Date | number; to: string | Date | number };
  /** Used only to name the groups concerned. */
  registry?: Pick<GroupRegistry, "has" | "get">;
}

/**
 * Computes a transparency report in the shape platforms publish for government requests: per platform and
 * request kind, requests sent, items specified and actioned, share actioned, challenges and their
 * outcomes, the legal bases used and the groups concerned. Pure: the same input gives the same output.
 * Invalid requests are listed in `skipped`, never counted.
 *
 * @throws {InvalidPeriodError} a bad period.
 *
 * @example
 * ```ts
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 * import { computeTransparencyReport, formatTransparencyMarkdown } from "referral-kit/transparency";
 *
 * const report = computeTransparencyReport(requests, {
 *   period: { from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" },
 *   registry: createRegistry(knownGroups),
 * });
 * console.log(formatTransparencyMarkdown(report));
 * ```
 */
export function computeTransparencyReport(
  requests: Iterable<ReferralRequest>,
  options: TransparencyOptions,
): TransparencyReport {
  const period = resolvePeriod(options.period);
  const rows = new Map<string, { platform: string; kind: RequestKind; tally: Tally }>();
  const total = new Tally();
  const skipped: SkippedRequest[] = [];
  let read = 0;
  let outsidePeriod = 0;

  for (const request of requests) {
    read += 1;
    let facts: RequestFacts | null;
    try {
      facts = requestFacts(request, period.toTime);
    } catch (error) {
      skipped.push(skippedEntry(request, error));
      continue;
    }
    if (facts === null || Date.parse(facts.submittedAt) < period.fromTime) {
      outsidePeriod += 1;
      continue;
    }
    const key = `${facts.request.platform}\u0000${facts.request.kind}`;
    let row = rows.get(key);
    if (!row) {
      row = { platform: facts.request.platform, kind: facts.request.kind, tally: new Tally() };
      rows.set(key, row);
    }
    row.tally.add(facts);
    total.add(facts);
  }

  const registry = options.registry;
  return {
    period: { from: period.from, to: period.to },
    definitions: TRANSPARENCY_DEFINITIONS,
    rows: [...rows.values()].sort(compareRows).map(({ platform, kind, tally }) => ({
      platform,
      platformName: platformName(platform),
      kind,
      ...tally.figures(registry),
    })),
    total: total.figures(registry),
    counts: { read, inPeriod: total.requests, outsidePeriod, skipped: skipped.length },
    skipped,
  };
}

/** Running counts for one row. */
class Tally {
  requests = 0;
  requestsWithAction = 0;
  rejected = 0;
  withdrawn = 0;
  pending = 0;
  itemsSpecified = 0;
  itemsActioned = 0;
  challenges = 0;
  challengesByAccountHolder = 0;
  challengesByPlatform = 0;
  challengesByOther = 0;
  upheld = 0;
  reinstated = 0;
  challengesPending = 0;
  reinstatedWithoutChallenge = 0;
  readonly legalBases = new Map<string, LegalBasisCount>();
  readonly groups = new Map<string, number>();
  readonly tiers = new Map<ContentTier | null, TierCount>();
  readonly instruments = new Map<DisclosureInstrument, InstrumentCount>();
  readonly preservationRules = new Map<string, PreservationRuleCount>();

  add(facts: RequestFacts): void {
    this.requests += 1;
    if (facts.outcome === "actioned" || facts.outcome === "partially-actioned") this.requestsWithAction += 1;
    else if (facts.outcome === "rejected") this.rejected += 1;
    else if (facts.outcome === "withdrawn") this.withdrawn += 1;
    else this.pending += 1;
    this.itemsSpecified += facts.targetKeys.length;
    this.itemsActioned += facts.actionedKeys.size;
    for (const challenge of facts.challenges) {
      this.challenges += 1;
      if (challenge.appellant === "account-holder") this.challengesByAccountHolder += 1;
      else if (challenge.appellant === "platform") this.challengesByPlatform += 1;
      else this.challengesByOther += 1;
      if (challenge.outcome === "upheld") this.upheld += 1;
      else if (challenge.outcome === "reinstated") this.reinstated += 1;
      else this.challengesPending += 1;
    }
    this.reinstatedWithoutChallenge += facts.reinstatedWithoutChallenge;

    const basis = facts.request.legalBasis;
    if (basis) {
      const jurisdiction = basis.jurisdiction ?? null;
      const key = JSON.stringify([basis.instrument, basis.section, jurisdiction]);
      const entry = this.legalBases.get(key);
      if (entry) entry.requests += 1;
      else
        this.legalBases.set(key, {
          instrument: basis.instrument,
          section: basis.section,
          jurisdiction,
          requests: 1,
        });
    }
    for (const id of new Set(facts.request.designations.map((designation) => designation.groupId))) {
      this.groups.set(id, (this.groups.get(id) ?? 0) + 1);
    }
    for (const entry of facts.request.targets) {
      const tier = entry.tier ?? null;
      let count = this.tiers.get(tier);
      if (!count) {
        count = { tier, itemsSpecified: 0, itemsActioned: 0 };
        this.tiers.set(tier, count);
      }
      count.itemsSpecified += 1;
      if (facts.actionedKeys.has(targetKey(entry.target))) count.itemsActioned += 1;
    }
    const instrument = facts.request.disclosure?.instrument;
    if (facts.request.kind === "disclose-data" && instrument !== undefined) {
      const entry = this.instruments.get(instrument) ?? {
        instrument,
        requests: 0,
        dataProduced: 0,
        noData: 0,
      };
      this.instruments.set(instrument, entry);
      const outcome = facts.disclosure?.outcome;
      entry.requests += 1;
      if (outcome === "produced" || outcome === "partially-produced") entry.dataProduced += 1;
      if (outcome === "no-data") entry.noData += 1;
    }
    const kept = facts.preservation;
    if (facts.request.kind === "preserve" && kept?.rule !== undefined) {
      const entry = this.preservationRules.get(kept.rule) ?? {
        rule: kept.rule,
        requests: 0,
        preserved: 0,
        lapsedBeforeProductionRequest: 0,
      };
      this.preservationRules.set(kept.rule, entry);
      entry.requests += 1;
      if (kept.preservedAt !== undefined) entry.preserved += 1;
      if (kept.lapsedAt !== undefined) entry.lapsedBeforeProductionRequest += 1;
    }
  }

  figures(registry: TransparencyOptions["registry"]): TransparencyFigures {
    return {
      requests: this.requests,
      requestsWithAction: this.requestsWithAction,
      rejected: this.rejected,
      withdrawn: this.withdrawn,
      pending: this.pending,
      itemsSpecified: this.itemsSpecified,
      itemsActioned: this.itemsActioned,
      shareActioned: this.itemsSpecified === 0 ? null : this.itemsActioned / this.itemsSpecified,
      challenges: this.challenges,
      challengesByAccountHolder: this.challengesByAccountHolder,
      challengesByPlatform: this.challengesByPlatform,
      challengesByOther: this.challengesByOther,
      upheld: this.upheld,
      reinstated: this.reinstated,
      challengesPending: this.challengesPending,
      reinstatedWithoutChallenge: this.reinstatedWithoutChallenge,
      // Most used first, then alphabetical, so the order does not depend on input order.
      legalBases: [...this.legalBases.values()]
        .map((entry) => ({ ...entry }))
        .sort(
          (a, b) =>
            b.requests - a.requests ||
            a.instrument.localeCompare(b.instrument) ||
            a.section.localeCompare(b.section) ||
            (a.jurisdiction ?? "").localeCompare(b.jurisdiction ?? ""),
        ),
      groups: [...this.groups.entries()]
        .map(([id, requests]) => ({ id, name: groupName(registry, id), requests }))
        .sort((a, b) => b.requests - a.requests || a.id.localeCompare(b.id)),
      tiers: [...this.tiers.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => (a.tier ?? 5) - (b.tier ?? 5)),
      instruments: [...this.instruments.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => b.requests - a.requests || a.instrument.localeCompare(b.instrument)),
      preservationRules: [...this.preservationRules.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => b.requests - a.requests || a.rule.localeCompare(b.rule)),
    };
  }
}

function groupName(registry: TransparencyOptions["registry"], id: string): string | null {
  return registry?.has(id) ? registry.get(id).name : null;
}

const platformOrder = new Map<string, number>(KNOWN_PLATFORM_IDS.map((id, index) => [id, index]));
const kindOrder = new Map<string, number>(REQUEST_KINDS.map((kind, index) => [kind, index]));

function compareRows(a: { platform: string; kind: string }, b: { platform: string; kind: string }): number {
  const pa = platformOrder.get(a.platform) ?? KNOWN_PLATFORM_IDS.length;
  const pb = platformOrder.get(b.platform) ?? KNOWN_PLATFORM_IDS.length;
  return pa - pb || a.platform.localeCompare(b.platform) || kindOrder.get(a.kind)! - kindOrder.get(b.kind)!;
}

function skippedEntry(request: unknown, error: unknown): SkippedRequest {
  const id = (request as { id?: unknown } | null)?.id;
  const requestId = typeof id === "string" && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id) ? id : null;
  // Reasons are rebuilt from structured fields, not copied from messages: a safeguard message names target
  // keys (handles, phone numbers) and a lifecycle message can name an approver, neither of which may leave.
  if (ValidationError.isInstance(error)) {
    const first = error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
    return {
      requestId,
      code: "validation_failed",
      reason: `not a valid request${where}: ${first?.code ?? "invalid"}${error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : ""}`,
    };
  }
  if (IllegalTransitionError.isInstance(error)) {
    return {
      requestId,
      code: "illegal_transition",
      reason: `event ${error.index} (${error.event}) is not allowed after ${error.from ?? "the start"} or is out of time order`,
    };
  }
  if (SafeguardError.isInstance(error)) {
    return {
      requestId,
      code: "safeguard_violation",
      reason: `submitted without safeguards: ${error.violations.map((violation) => violation.rule).join(", ")}`,
    };
  }
  throw error;
}

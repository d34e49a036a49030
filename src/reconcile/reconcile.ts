import { toTime } from "../compliance/record.js";
import { wilsonInterval } from "../compliance/stats/wilson.js";
import type { DeclineReason } from "../domain/schemas/outcome.js";
import { checkCountry } from "./countries.js";
import type { PublishedFormat } from "./definitions.js";
import type { PublishedFigure } from "./figures.js";
import type { ItemCounts, Ledger, LedgerEntry } from "./ledger.js";
import { type LedgerFigures, ledgerFigures } from "./ledger-figures.js";
import type { MetricUnit, PublishedMetric } from "./metrics.js";
import { type PublishedPeriod, periodBounds, periodLabel, toPeriod } from "./period.js";
import { RECONCILIATION_DEFINITIONS, type ReconciliationMeasure } from "./reconcile-definitions.js";

/** Internal name of a type the public signatures write out. */
export type ReconcileOptions = Parameters<typeof reconcileWithPublished>[2];

/** Internal name of a type the public signatures write out. */
export type ReconciliationSection = ReconciliationReport["sections"][number];

/** Internal name of a type the public signatures write out. */
export type PublishedCell = ReconciliationLine["published"];

/** Internal name of a type the public signatures write out. */
export type LedgerCell = ReconciliationLine["ledger"];

/**
 * One line of a reconciliation: the same question asked of both sides, the two answers, their difference
 * (published minus ledger, only when the line is comparable), and a plain note for each definitional
 * mismatch.
 *
 * @example
 * ```ts
 * for (const line of section.lines) console.log(line.label, line.ledger.value, line.published.value, line.notes);
 * ```
 */
export interface ReconciliationLine {
  /** Unique in its section, stable: the JSON key of the line. */
  key: string;
  label: string;
  /** Which {@link RECONCILIATION_DEFINITIONS} text the ledger cell follows. */
  measure: keyof typeof RECONCILIATION_DEFINITIONS;
  unit: PublishedFigure["unit"];
  /**
   * The agency's side of a line: a value (with its Wilson interval for a rate), or `null` and why.
   */
  ledger: {
    value: number | null;
    /** Interval bounds of a rate. */
    low?: number;
    high?: number;
    /** The rate's denominator. */
    n?: number;
    definition: string;
    /** Why `value` is null. */
    reason?: string;
  };
  /**
   * The publisher's side of a line: the published figures combined (summed for counts; a rate or median is
   * taken from its one row, or computed from published counts where the line says so), their definitions,
   * the publisher's note, and the rows they came from.
   */
  published: {
    value: number | null;
    metrics: readonly PublishedMetric[];
    definition: string;
    publisherNote?: string;
    /** Every row summed or read, by file and line. */
    sources: readonly Pick<PublishedFigure["source"], "file" | "line">[];
    /** Why `value` is null. */
    reason?: string;
  };
  /** published − ledger; null unless both have a value and the line is comparable. */
  difference: number | null;
  /** True when both sides measure the same kind of quantity (the notes still say how their scopes differ). */
  comparable: boolean;
  notes: readonly string[];
}

/**
 * What {@link reconcileWithPublished} returns. Its JSON form (`JSON.stringify`) is the documented, stable
 * output of `referral-kit reconcile --format json`.
 *
 * @example
 * ```ts
 * const report: ReconciliationReport = reconcileWithPublished(ledger, figures, { country: "PK" });
 * console.log(JSON.stringify(report, null, 2));
 * ```
 */
export interface ReconciliationReport {
  country: string;
  /** The ledger's as-of time. */
  asOf: string;
  confidence: number;
  /** The days the ledger covers, and whether that was inferred. */
  ledgerCoverage: Ledger["coverage"];
  /**
   * The reconciliation of one publisher and period.
   */
  sections: readonly {
    /** The publisher (`google`, `tiktok`, `x`...). */
    platform: string;
    /** The ledger's platform ids counted against it. */
    ledgerPlatforms: readonly string[];
    format: PublishedFormat;
    period: PublishedPeriod;
    periodLabel: string;
    /** Whether the ledger covers the whole period; when it does not, every ledger cell is null. */
    coverage: "covered" | "partial" | "not-covered";
    /** The published rows combined, and the dimension filter applied. */
    rows: number;
    dimensions: Readonly<Record<string, readonly string[]>>;
    /** Ledger requests counted in the section (all kinds). */
    ledgerRequests: number;
    /** Notes that apply to the whole section: how the two sides' scopes differ. */
    notes: readonly string[];
    lines: readonly ReconciliationLine[];
  }[];
  /** Notes that apply to the whole report (nothing published for the country, ledger records skipped). */
  notes: readonly string[];
}

type Family = "removal" | "information" | "legal" | "emergency" | "preservation" | "data";

type LedgerValue =
  | { value: number; low?: number; high?: number; n?: number }
  | { value: null; reason: string };

interface LineSpec {
  key: string;
  label: string;
  measure: ReconciliationMeasure;
  unit: MetricUnit;
  family: Family;
  /** Published metrics summed (counts) or read from one row (rates, medians); `ratio` divides two sums. */
  published:
    | readonly PublishedMetric[]
    | { numerator: readonly PublishedMetric[]; denominator: readonly PublishedMetric[] }
    | null;
  /** Why the publisher has no such figure. */
  unpublished?: string;
  ledger(figures: LedgerFigures, confidence: number): LedgerValue;
  comparable: boolean;
  notes?: readonly string[];
  /** Notes that depend on the ledger's figures. */
  moreNotes?(figures: LedgerFigures): string[];
}

/** Targets named: only domain requests list them. */
function named(part?: keyof ItemCounts) {
  return (figures: LedgerFigures): LedgerValue => {
    if (figures.named === null) {
      return {
        value: null,
        reason: `${figures.flat} of the ${figures.compliance.submitted} requests are flat records, which do not list the targets a request named`,
      };
    }
    return {
      value: part === undefined ? figures.named.account + figures.named.content : figures.named[part],
    };
  };
}

/** Why a count of decided targets cannot be given, or undefined when it can. */
function undecidable(figures: LedgerFigures): string | undefined {
  if (figures.decidedWithoutOutcomes > 0) {
    return `${figures.decidedWithoutOutcomes} decided requests have no per-target outcome recorded`;
  }
  return undefined;
}

/** A count of decided targets (compliance's target figures), or why not. */
function decided(pick: (figures: LedgerFigures) => number) {
  return (figures: LedgerFigures): LedgerValue => {
    const reason = undecidable(figures);
    return reason === undefined ? { value: pick(figures) } : { value: null, reason };
  };
}

/** Decided targets of one type. */
function decidedOfType(pick: (figures: LedgerFigures) => ItemCounts, part: keyof ItemCounts) {
  return (figures: LedgerFigures): LedgerValue => {
    const reason =
      undecidable(figures) ??
      (figures.untyped > 0
        ? `${figures.untyped} decided targets have no type (account or content) recorded`
        : undefined);
    return reason === undefined ? { value: pick(figures)[part] } : { value: null, reason };
  };
}

/** Actioned targets on one ground. */
function onGround(ground: "localLawActions" | "termsOfServiceActions") {
  return (figures: LedgerFigures): LedgerValue => {
    const row = figures.compliance;
    const reason =
      undecidable(figures) ??
      (row.unspecifiedGroundActions > 0
        ? `${row.unspecifiedGroundActions} of the ${row.actionedTargets} actioned targets have no ground recorded`
        : undefined);
    return reason === undefined ? { value: row[ground] } : { value: null, reason };
  };
}

/** Declined targets with one reason code. */
function declinedFor(code: DeclineReason) {
  return (figures: LedgerFigures): LedgerValue => {
    const row = figures.compliance;
    const unspecified = row.declinesByReason.unspecified ?? 0;
    const reason =
      undecidable(figures) ??
      (unspecified > 0
        ? `${unspecified} of the ${row.declinedTargets} declined targets have no reason recorded`
        : undefined);
    return reason === undefined ? { value: row.declinesByReason[code] ?? 0 } : { value: null, reason };
  };
}

/** Actioned / decided targets, with a Wilson interval. */
function itemRate(figures: LedgerFigures, confidence: number): LedgerValue {
  const reason = undecidable(figures);
  if (reason !== undefined) return { value: null, reason };
  const row = figures.compliance;
  const interval = wilsonInterval(row.actionedTargets, row.decidedTargets, confidence);
  if (interval === null) return { value: null, reason: "no decided targets in the period" };
  return { value: interval.estimate, low: interval.low, high: interval.high, n: row.decidedTargets };
}

function requestRate(figures: LedgerFigures): LedgerValue {
  const row = figures.compliance;
  if (row.actionRate === null)
    return { value: null, reason: "no requests in the period (withdrawn ones aside)" };
  return {
    value: row.actionRate,
    low: row.actionRateLow!,
    high: row.actionRateHigh!,
    n: row.submitted - row.withdrawn,
  };
}

const submitted = (figures: LedgerFigures): LedgerValue => ({ value: figures.compliance.submitted });

function median(pick: "medianHours" | "medianHoursToAcknowledge", what: string) {
  return (figures: LedgerFigures): LedgerValue => {
    if (figures.compliance.submitted === 0) return { value: null, reason: "no requests in the period" };
    const value = figures.compliance[pick];
    return value === null
      ? {
          value: null,
          reason: `fewer than half the requests ${what} by the as-of time: the median is not reached`,
        }
      : { value };
  };
}

const medianToAction = median("medianHours", "were actioned");
const medianToAnswer = median("medianHoursToAcknowledge", "had a response");

/** The ledger's declines with reasons the publisher has no column for, counted in the total only. */
function otherReasons(known: readonly string[]) {
  return (figures: LedgerFigures): string[] => {
    const others = Object.entries(figures.compliance.declinesByReason)
      .filter(([code, count]) => count > 0 && code !== "unspecified" && !known.includes(code))
      .map(([code, count]) => `${code} ${count}`);
    return others.length === 0
      ? []
      : [
          `The ledger's declines for reasons the publisher has no column for (${others.join(", ")}) are in the total only.`,
        ];
  };
}

const CENSORED_NOTE =
  "The ledger's Kaplan-Meier median counts requests not (yet) actioned as censored; a publisher's median over the orders it chose to include (see its note) is earlier whenever it leaves slow or unanswered orders out.";
const ALL_OF_COUNTRY =
  "The publisher counts every request from the country's government bodies, for every reason; the ledger counts this agency's own requests.";
const RATE_QUANTITIES =
  "Different quantities: the ledger's rate counts requests the platform reported acting on (at least one target); the publisher's rate counts items (accounts and content together) actioned over items received, for every request from the country.";

/** The two lines of actions by ground: under the law, and under the platform's terms. */
function groundLines(
  law: readonly PublishedMetric[],
  terms: readonly PublishedMetric[],
  lawLabel: string,
  termsLabel: string,
): LineSpec[] {
  return [
    {
      key: "items-actioned-law",
      label: lawLabel,
      measure: "items-actioned-law",
      unit: "count",
      family: "removal",
      published: law,
      ledger: onGround("localLawActions"),
      comparable: true,
    },
    {
      key: "items-actioned-terms",
      label: termsLabel,
      measure: "items-actioned-terms",
      unit: "count",
      family: "removal",
      published: terms,
      ledger: onGround("termsOfServiceActions"),
      comparable: true,
    },
  ];
}

const GOOGLE_LINES: readonly LineSpec[] = [
  {
    key: "requests",
    label: "Requests",
    measure: "requests",
    unit: "count",
    family: "removal",
    published: ["requests"],
    ledger: submitted,
    comparable: true,
  },
  {
    key: "items",
    label: "Items named",
    measure: "items",
    unit: "count",
    family: "removal",
    published: ["items"],
    ledger: named(),
    comparable: true,
  },
  {
    key: "items-actioned",
    label: "Items actioned (law or terms)",
    measure: "items-actioned",
    unit: "count",
    family: "removal",
    published: ["items-actioned-law", "items-actioned-terms"],
    ledger: decided((f) => f.compliance.actionedTargets),
    comparable: true,
  },
  ...groundLines(
    ["items-actioned-law"],
    ["items-actioned-terms"],
    "Items actioned under the law",
    "Items actioned under the platform's terms",
  ),
  {
    key: "items-not-actioned",
    label: "Items not actioned (every reason)",
    measure: "items-not-actioned",
    unit: "count",
    family: "removal",
    published: [
      "items-not-found",
      "items-not-enough-information",
      "items-no-action",
      "items-already-removed",
    ],
    ledger: decided((f) => f.compliance.declinedTargets),
    comparable: true,
    moreNotes: otherReasons([
      "content-not-found",
      "insufficient-information",
      "not-violating",
      "already-removed",
    ]),
  },
  ...(
    [
      ["items-not-found", "Declined: content not found", "content-not-found"],
      ["items-not-enough-information", "Declined: not enough information", "insufficient-information"],
      ["items-no-action", "Declined: no action taken", "not-violating"],
      ["items-already-removed", "Declined: already removed", "already-removed"],
    ] as const
  ).map(
    ([metric, label, code]): LineSpec => ({
      key: metric,
      label,
      measure: metric,
      unit: "count",
      family: "removal",
      published: [metric],
      ledger: declinedFor(code),
      comparable: true,
    }),
  ),
  {
    key: "item-action-rate",
    label: "Share of items actioned",
    measure: "item-action-rate",
    unit: "fraction",
    family: "removal",
    published: {
      numerator: ["items-actioned-law", "items-actioned-terms"],
      denominator: ["items"],
    },
    ledger: itemRate,
    comparable: true,
    notes: [
      "Google publishes no rate: the published share is computed here from its counts (actioned / items named; Google's six outcome columns add up to the items, so every item is decided).",
    ],
  },
  {
    key: "request-action-rate",
    label: "Share of requests actioned",
    measure: "request-action-rate",
    unit: "fraction",
    family: "removal",
    published: null,
    unpublished: "Google publishes no outcome per request, only per item.",
    ledger: (figures) => requestRate(figures),
    comparable: false,
  },
];

const TIKTOK_REMOVAL_LINES: readonly LineSpec[] = [
  {
    key: "requests",
    label: "Requests",
    measure: "requests",
    unit: "count",
    family: "removal",
    published: ["requests"],
    ledger: submitted,
    comparable: true,
  },
  {
    key: "content-items",
    label: "Content named",
    measure: "content-items",
    unit: "count",
    family: "removal",
    published: ["content-items"],
    ledger: named("content"),
    comparable: true,
  },
  {
    key: "account-items",
    label: "Accounts named",
    measure: "account-items",
    unit: "count",
    family: "removal",
    published: ["account-items"],
    ledger: named("account"),
    comparable: true,
  },
  {
    key: "items-actioned",
    label: "Content and accounts actioned (law or terms)",
    measure: "items-actioned",
    unit: "count",
    family: "removal",
    published: [
      "content-actioned-terms",
      "content-actioned-law",
      "account-actioned-terms",
      "account-actioned-law",
    ],
    ledger: decided((f) => f.compliance.actionedTargets),
    comparable: true,
  },
  ...groundLines(
    ["content-actioned-law", "account-actioned-law"],
    ["content-actioned-terms", "account-actioned-terms"],
    "Actioned under local law only",
    "Actioned under TikTok's guidelines",
  ),
  {
    key: "content-not-actioned",
    label: "Content not actioned",
    measure: "content-not-actioned",
    unit: "count",
    family: "removal",
    published: ["content-not-actioned"],
    ledger: decidedOfType((f) => f.declined, "content"),
    comparable: true,
  },
  {
    key: "account-not-actioned",
    label: "Accounts not actioned",
    measure: "account-not-actioned",
    unit: "count",
    family: "removal",
    published: ["account-not-actioned"],
    ledger: decidedOfType((f) => f.declined, "account"),
    comparable: true,
  },
  {
    key: "item-action-rate",
    label: "Removal rate (items)",
    measure: "item-action-rate",
    unit: "fraction",
    family: "removal",
    published: ["removal-rate"],
    ledger: itemRate,
    comparable: true,
    notes: [
      "TikTok's removal rate is over every request from the country, for every reason, accounts and content together.",
    ],
  },
  {
    key: "request-action-rate",
    label: "Share of requests actioned",
    measure: "request-action-rate",
    unit: "fraction",
    family: "removal",
    published: ["removal-rate"],
    ledger: (figures) => requestRate(figures),
    comparable: false,
    notes: [RATE_QUANTITIES],
  },
];

const TIKTOK_INFORMATION_LINES: readonly LineSpec[] = [
  {
    key: "information-requests",
    label: "Requests for user information (all)",
    measure: "information-requests",
    unit: "count",
    family: "data",
    published: ["information-requests"],
    ledger: submitted,
    comparable: true,
  },
  ...(
    [
      [
        "legal",
        "Legal requests",
        "legal-requests",
        "legal-request-accounts",
        "legal-requests-disclosed-rate",
      ],
      [
        "emergency",
        "Emergency requests",
        "emergency-requests",
        "emergency-request-accounts",
        "emergency-requests-disclosed-rate",
      ],
      [
        "preservation",
        "Preservation requests",
        "preservation-requests",
        "preservation-request-accounts",
        undefined,
      ],
    ] as const
  ).flatMap(([family, label, requests, accounts, rate]): LineSpec[] => [
    {
      key: requests,
      label,
      measure: requests,
      unit: "count",
      family,
      published: [requests],
      ledger: submitted,
      comparable: true,
    },
    {
      key: accounts,
      label: `${label}: accounts named`,
      measure: "request-accounts",
      unit: "count",
      family,
      published: [accounts],
      ledger: named("account"),
      comparable: true,
    },
    ...(rate === undefined
      ? []
      : [
          {
            key: rate,
            label: `${label}: share where data was disclosed`,
            measure: "disclosure-rate",
            unit: "fraction",
            family,
            published: [rate],
            ledger: (figures: LedgerFigures) => requestRate(figures),
            comparable: true,
          } satisfies LineSpec,
        ]),
  ]),
];

const DSA_LINES: readonly LineSpec[] = [
  {
    key: "orders-to-act",
    label: "Orders to act (Art. 9)",
    measure: "requests",
    unit: "count",
    family: "removal",
    published: ["orders-to-act"],
    ledger: submitted,
    comparable: true,
    notes: [
      "An Art. 9 order is a legal order; the ledger's requests may be referrals under the platform's terms as well.",
    ],
  },
  {
    key: "order-to-act-items",
    label: "Items named in orders to act",
    measure: "items",
    unit: "count",
    family: "removal",
    published: ["order-to-act-items"],
    ledger: named(),
    comparable: true,
  },
  {
    key: "median-hours-to-acknowledge-order-to-act",
    label: "Median hours to acknowledge (orders to act)",
    measure: "median-hours-to-answer",
    unit: "hours",
    family: "removal",
    published: ["median-hours-to-acknowledge-order-to-act"],
    ledger: medianToAnswer,
    comparable: true,
    notes: [
      "Publishers acknowledge with an automatic receipt; the ledger's first response is the first acknowledgement, question or decision it recorded.",
    ],
  },
  {
    key: "median-hours-to-effect-order-to-act",
    label: "Median hours to give effect (orders to act)",
    measure: "median-hours-to-action",
    unit: "hours",
    family: "removal",
    published: ["median-hours-to-effect-order-to-act"],
    ledger: medianToAction,
    comparable: true,
    notes: [CENSORED_NOTE],
  },
  {
    key: "request-action-rate",
    label: "Share of requests actioned",
    measure: "request-action-rate",
    unit: "fraction",
    family: "removal",
    published: null,
    unpublished: "DSA table 3 publishes no outcome of orders, only their number and median times.",
    ledger: (figures) => requestRate(figures),
    comparable: false,
  },
  {
    key: "orders-to-provide-information",
    label: "Orders to provide information (Art. 10)",
    measure: "information-orders",
    unit: "count",
    family: "information",
    published: ["orders-to-provide-information"],
    ledger: submitted,
    comparable: true,
  },
  {
    key: "median-hours-to-acknowledge-information-order",
    label: "Median hours to acknowledge (information orders)",
    measure: "median-hours-to-answer",
    unit: "hours",
    family: "information",
    published: ["median-hours-to-acknowledge-information-order"],
    ledger: medianToAnswer,
    comparable: true,
  },
  {
    key: "median-hours-to-effect-information-order",
    label: "Median hours to give effect (information orders)",
    measure: "median-hours-to-action",
    unit: "hours",
    family: "information",
    published: ["median-hours-to-effect-information-order"],
    ledger: medianToAction,
    comparable: true,
    notes: [CENSORED_NOTE],
  },
];

const SPECS: Readonly<Record<PublishedFormat, readonly LineSpec[]>> = {
  "google-removals": GOOGLE_LINES,
  "google-detailed-removals": [],
  "tiktok-removals": TIKTOK_REMOVAL_LINES,
  "tiktok-information": TIKTOK_INFORMATION_LINES,
  "dsa-member-state-orders": DSA_LINES,
};

const REMOVAL_KINDS = new Set(["suspend", "remove-content", "restrict-locally"]);

function inFamily(entry: LedgerEntry, family: Family): boolean {
  const { kind, priority } = entry.record;
  switch (family) {
    case "removal":
      return REMOVAL_KINDS.has(kind);
    case "information":
      return kind === "disclose-data";
    case "legal":
      return kind === "disclose-data" && priority !== "emergency";
    case "emergency":
      return kind === "disclose-data" && priority === "emergency";
    case "preservation":
      return kind === "preserve";
    case "data":
      return kind === "disclose-data" || kind === "preserve";
  }
}

/**
 * The default of the `ledgerPlatforms` option of {@link reconcileWithPublished}.
 *
 * @example
 * ```ts
 * DEFAULT_LEDGER_PLATFORMS.google; // ["google", "youtube"]
 * ```
 */
export const DEFAULT_LEDGER_PLATFORMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  google: Object.freeze(["google", "youtube"]),
});

/**
 * Puts the agency's ledger beside what the platforms published, for one country: for each publisher and
 * period in `published` (one section each), the agency's own counts (requests, items, items actioned,
 * declined, rates with Wilson intervals, median times) beside the published ones, the difference, and a
 * plain note for each definitional mismatch, so a reader sees whether "90%" is the same quantity on both
 * sides. Published counts are summed over the rows that match the country and the dimension filter; a
 * rate or median is only read from a single row. The ledger's requests are bucketed by the UTC date of
 * their submission. A cell the ledger cannot fill (a period it does not cover, targets a flat record does
 * not list, a ground it does not record) is `null` with its reason, never 0.
 *
 * @throws {RangeError} a bad country, period or confidence.
 *
 * @example
 * ```ts
 * import { buildLedger, collectPublishedFigures, reconcileWithPublished } from "referral-kit/reconcile";
 *
 * const published = await collectPublishedFigures(["tiktok-government-removal-requests.csv"], { country: "PK" });
 * const report = reconcileWithPublished(ledger, published.figures, { country: "PK", period: "2025-H1" });
 * for (const line of report.sections[0]?.lines ?? []) console.log(line.label, line.ledger.value, line.published.value);
 * ```
 */
export function reconcileWithPublished(
  ledger: Ledger,
  published: Iterable<PublishedFigure>,
  /**
   * Options of {@link reconcileWithPublished}.
   */
  options: {
    /** The country both sides are read for (ISO 3166-1 alpha-2): published rows of that country, ledger requests of its authorities. */
    country: string;
    /** Only this period (`2025-H1`, `2025-07-01/2025-12-31`, `{ start, end }`); default every published period. */
    period?: string | PublishedPeriod;
    /** Only these publishers (`google`, `tiktok`, `x`, `facebook`, `instagram`...); default all. */
    platform?: string | readonly string[];
    /** Confidence of the Wilson intervals, strictly between 0 and 1. Default 0.95. */
    confidence?: number;
    /**
     * Keep only published rows whose dimensions have these values (e.g. `{ reason: "National security" }` for
     * Google, `{ category: "KEYWORD_TERRORIST_CONTENT" }` for DSA table 3). DSA table 3 rows are nested
     * (TOTAL, categories, sub-categories), so without a `category` its `TOTAL` rows are used.
     */
    dimensions?: Readonly<Record<string, string | readonly string[]>>;
    /**
     * The ledger's platform ids each publisher's figures cover. Default: `google` covers `google` and
     * `youtube`; any other publisher its own id.
     */
    ledgerPlatforms?: Readonly<Record<string, readonly string[]>>;
  },
): ReconciliationReport {
  const country = checkCountry(options.country);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence ${confidence} is not between 0 and 1`);
  const period = options.period === undefined ? undefined : toPeriod(options.period, "period");
  const platforms = options.platform === undefined ? undefined : new Set([options.platform].flat());
  const asOf = toTime(ledger.asOf);

  // Published figures of the country, grouped by publisher, format and period.
  const groups = new Map<
    string,
    { platform: string; format: PublishedFormat; period: PublishedPeriod; figures: PublishedFigure[] }
  >();
  for (const figure of published) {
    if (figure.country !== country) continue;
    if (platforms !== undefined && !platforms.has(figure.platform)) continue;
    if (period !== undefined && (figure.period.start !== period.start || figure.period.end !== period.end))
      continue;
    const format = figure.source.format;
    if (SPECS[format].length === 0) continue;
    if (!matchesDimensions(figure, format, options.dimensions)) continue;
    const key = `${figure.platform}\u0000${format}\u0000${figure.period.start}/${figure.period.end}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { platform: figure.platform, format, period: figure.period, figures: [] };
      groups.set(key, group);
    }
    group.figures.push(figure);
  }

  const notes: string[] = [];
  if (groups.size === 0) {
    notes.push(
      `No published figures for ${country}${period ? ` in ${periodLabel(period)}` : ""} in the files given${platforms ? ` for ${[...platforms].join(", ")}` : ""}.`,
    );
  }
  if (ledger.counts.invalid > 0) {
    notes.push(`${ledger.counts.invalid} ledger records could not be counted (see the ledger's issues).`);
  }
  if (ledger.coverage?.inferred) {
    notes.push(
      `The ledger's coverage, ${ledger.coverage.start} to ${ledger.coverage.end}, is inferred from its submissions (whole months from the first to the last); give it when it is known (buildLedger's coverage, reconcile's --coverage).`,
    );
  }

  const sections = [...groups.values()]
    .sort(
      (a, b) =>
        a.platform.localeCompare(b.platform) ||
        a.format.localeCompare(b.format) ||
        a.period.start.localeCompare(b.period.start),
    )
    .map((group) => section(group, ledger, country, asOf, confidence, options));
  return {
    country,
    asOf: ledger.asOf,
    confidence,
    ledgerCoverage: ledger.coverage,
    sections,
    notes,
  };
}

function section(
  group: { platform: string; format: PublishedFormat; period: PublishedPeriod; figures: PublishedFigure[] },
  ledger: Ledger,
  country: string,
  asOf: number,
  confidence: number,
  options: ReconcileOptions,
): ReconciliationSection {
  const ledgerPlatforms = options.ledgerPlatforms?.[group.platform] ??
    DEFAULT_LEDGER_PLATFORMS[group.platform] ?? [group.platform];
  const { from, to } = periodBounds(group.period);
  const entries = ledger.entries.filter(
    (entry) =>
      entry.country === country &&
      ledgerPlatforms.includes(entry.record.platform) &&
      entry.record.submittedAt >= from &&
      entry.record.submittedAt < to,
  );
  const coverage = coverageOf(ledger, group.period);
  const notCovered =
    coverage === "covered"
      ? undefined
      : ledger.coverage === null
        ? "the ledger is empty"
        : `the ledger covers ${ledger.coverage.start} to ${ledger.coverage.end}${ledger.coverage.inferred ? " (inferred)" : ""}, not the whole period`;
  const figuresByFamily = new Map<Family, LedgerFigures>();
  const ledgerFor = (family: Family) => {
    let figures = figuresByFamily.get(family);
    if (figures === undefined) {
      figures = ledgerFigures(
        entries.filter((entry) => inFamily(entry, family)),
        asOf,
        confidence,
      );
      figuresByFamily.set(family, figures);
    }
    return figures;
  };
  const rows = new Set(group.figures.map((figure) => `${figure.source.file}\u0000${figure.source.line}`))
    .size;
  const lines = SPECS[group.format].map((spec): ReconciliationLine => {
    const ledgerValue: LedgerValue =
      notCovered === undefined
        ? spec.ledger(ledgerFor(spec.family), confidence)
        : { value: null, reason: notCovered };
    const ledgerCell: LedgerCell = {
      ...ledgerValue,
      definition: RECONCILIATION_DEFINITIONS[spec.measure],
    } as LedgerCell;
    const publishedCell = publishedValue(spec, group.figures);
    const both = ledgerCell.value !== null && publishedCell.value !== null;
    const line: ReconciliationLine = {
      key: spec.key,
      label: spec.label,
      measure: spec.measure,
      unit: spec.unit,
      ledger: ledgerCell,
      published: publishedCell,
      difference: both && spec.comparable ? publishedCell.value! - ledgerCell.value! : null,
      comparable: spec.comparable,
      notes: [
        ...(spec.notes ?? []),
        ...(notCovered === undefined && spec.moreNotes ? spec.moreNotes(ledgerFor(spec.family)) : []),
      ],
    };
    if (spec.unit === "fraction" && publishedCell.value === 0 && group.format === "tiktok-removals") {
      (line.notes as string[]).push("TikTok publishes 0 where it received nothing; check the counts above.");
    }
    return line;
  });
  return {
    platform: group.platform,
    ledgerPlatforms: [...ledgerPlatforms],
    format: group.format,
    period: group.period,
    periodLabel: periodLabel(group.period),
    coverage,
    rows,
    dimensions: dimensionsSeen(group.figures, group.format, options.dimensions),
    ledgerRequests: entries.length,
    notes: sectionNotes(group, ledgerPlatforms, entries.length, notCovered),
    lines,
  };
}

function publishedValue(spec: LineSpec, figures: readonly PublishedFigure[]): PublishedCell {
  if (spec.published === null) {
    return {
      value: null,
      metrics: [],
      definition: spec.unpublished ?? "",
      sources: [],
      reason: spec.unpublished,
    };
  }
  if (!Array.isArray(spec.published)) {
    const { numerator, denominator } = spec.published as {
      numerator: readonly PublishedMetric[];
      denominator: readonly PublishedMetric[];
    };
    const top = sum(figures, numerator);
    const bottom = sum(figures, denominator);
    const metrics = [...numerator, ...denominator];
    const cell = describe(figures, metrics);
    if (top.value === null || bottom.value === null)
      return { ...cell, value: null, reason: top.reason ?? bottom.reason };
    if (bottom.value === 0)
      return { ...cell, value: null, reason: "nothing was named, so there is no share" };
    return { ...cell, value: top.value / bottom.value };
  }
  const metrics = spec.published as readonly PublishedMetric[];
  const cell = describe(figures, metrics);
  if (spec.unit === "count") {
    const total = sum(figures, metrics);
    return total.value === null
      ? { ...cell, value: null, reason: total.reason }
      : { ...cell, value: total.value };
  }
  const matching = figures.filter((figure) => metrics.includes(figure.metric));
  if (matching.length === 0) return { ...cell, value: null, reason: "not in the published rows" };
  if (matching.length > 1) {
    return {
      ...cell,
      value: null,
      reason: `${matching.length} published rows: a rate or median cannot be combined`,
    };
  }
  const value = matching[0]!.value;
  return value === null
    ? { ...cell, value: null, reason: "blank in the published file" }
    : { ...cell, value };
}

function sum(
  figures: readonly PublishedFigure[],
  metrics: readonly PublishedMetric[],
): { value: number; reason?: undefined } | { value: null; reason: string } {
  let total = 0;
  let found = 0;
  let blank = 0;
  for (const figure of figures) {
    if (!metrics.includes(figure.metric)) continue;
    found++;
    if (figure.value === null) blank++;
    else total += figure.value;
  }
  if (found === 0) return { value: null, reason: "not in the published rows" };
  if (blank > 0)
    return { value: null, reason: `${blank} of ${found} published cells are blank or unreadable` };
  return { value: total };
}

function describe(
  figures: readonly PublishedFigure[],
  metrics: readonly PublishedMetric[],
): Omit<PublishedCell, "value"> {
  const matching = figures.filter((figure) => metrics.includes(figure.metric));
  const definitions = [...new Set(matching.map((figure) => figure.definition))];
  const notes = [
    ...new Set(matching.map((figure) => figure.publisherNote).filter((note) => note !== undefined)),
  ];
  const sources = new Map<string, Pick<PublishedFigure["source"], "file" | "line">>();
  for (const figure of matching)
    sources.set(`${figure.source.file}\u0000${figure.source.line}`, {
      file: figure.source.file,
      line: figure.source.line,
    });
  const cell: Omit<PublishedCell, "value"> = {
    metrics: [...metrics],
    definition: definitions.join(" "),
    sources: [...sources.values()],
  };
  if (notes.length > 0) cell.publisherNote = notes.join("\n\n");
  return cell;
}

function matchesDimensions(
  figure: PublishedFigure,
  format: PublishedFormat,
  filter: ReconcileOptions["dimensions"],
): boolean {
  const wanted: Record<string, string | readonly string[]> = { ...filter };
  if (format === "dsa-member-state-orders" && wanted.category === undefined) wanted.category = "TOTAL";
  for (const [name, values] of Object.entries(wanted)) {
    const value = figure.dimensions[name];
    if (value === undefined) continue;
    if (!(typeof values === "string" ? value === values : values.includes(value))) return false;
  }
  return true;
}

function dimensionsSeen(
  figures: readonly PublishedFigure[],
  format: PublishedFormat,
  filter: ReconcileOptions["dimensions"],
): Record<string, string[]> {
  const names =
    format === "google-removals"
      ? ["requester", "reason", "product"]
      : format === "dsa-member-state-orders"
        ? ["category"]
        : [];
  const seen: Record<string, string[]> = {};
  for (const name of [...names, ...Object.keys(filter ?? {})]) {
    if (seen[name]) continue;
    const values = [
      ...new Set(figures.map((figure) => figure.dimensions[name]).filter((v) => v !== undefined)),
    ];
    if (values.length > 0) seen[name] = values.sort();
  }
  return seen;
}

function sectionNotes(
  group: { platform: string; format: PublishedFormat; figures: PublishedFigure[] },
  ledgerPlatforms: readonly string[],
  requests: number,
  notCovered: string | undefined,
): string[] {
  const notes = [ALL_OF_COUNTRY];
  if (group.format === "google-removals") {
    const count = (name: string) => new Set(group.figures.map((figure) => figure.dimensions[name])).size;
    notes.push(
      `Google's rows here span ${count("requester")} requester types, ${count("reason")} reasons and ${count("product")} products, summed; the ledger's requests are to ${ledgerPlatforms.join(" and ")}.`,
    );
  }
  if (group.format === "dsa-member-state-orders") {
    const categories = new Set(group.figures.map((figure) => figure.dimensions.category));
    notes.push(
      categories.has("TOTAL")
        ? "DSA table 3's TOTAL category: orders about every kind of illegal content, not only terrorism."
        : `DSA table 3 rows of ${[...categories].join(", ")} only.`,
    );
  }
  if (notCovered !== undefined) notes.push(`Ledger cells are empty: ${notCovered}.`);
  else if (requests === 0)
    notes.push(`The ledger has no requests to ${ledgerPlatforms.join(" or ")} in this period.`);
  return notes;
}

function coverageOf(ledger: Ledger, period: PublishedPeriod): ReconciliationSection["coverage"] {
  const coverage = ledger.coverage;
  if (coverage === null || coverage.end < period.start || coverage.start > period.end) return "not-covered";
  return coverage.start <= period.start && coverage.end >= period.end ? "covered" : "partial";
}

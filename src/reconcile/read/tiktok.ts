import { TIKTOK_COUNTRY_CODES } from "../countries.js";
import type { PublishedMetric } from "../metrics.js";
import { halfYear, type PublishedPeriod } from "../period.js";
import { readNumber, unknownValue } from "./checks.js";
import { csvRecords } from "./csv.js";
import {
  type PublishedInput,
  type PublishedSource,
  ReaderState,
  type ReadPublishedOptions,
} from "./source.js";

/**
 * The 15 columns of TikTok's long-format transparency CSVs, in the files' order.
 *
 * @example
 * ```ts
 * TIKTOK_COLUMNS.includes("metric_name"); // true
 * ```
 */
export const TIKTOK_COLUMNS = [
  "replication_info",
  "entity",
  "aspect",
  "metric_name",
  "period",
  "period_value",
  "policy",
  "policy_value",
  "task",
  "task_value",
  "location",
  "location_value",
  "result",
  "base",
  "date",
] as const;

/**
 * Which TikTok report a file is: government removal requests (aspect `GRFCR`) or requests for user
 * information (aspect `LRFUI`).
 *
 * @example
 * ```ts
 * const report: TikTokReport = "removals";
 * ```
 */
export type TikTokReport = "removals" | "information";

/** Per aspect: the report, and its metric names (country rows, then the global `All` rows) as metrics. */
const ASPECTS: Record<
  string,
  {
    report: TikTokReport;
    country: ReadonlyMap<string, PublishedMetric>;
    global: ReadonlyMap<string, PublishedMetric>;
  }
> = {
  GRFCR: {
    report: "removals",
    country: new Map<string, PublishedMetric>([
      ["Total requests received", "requests"],
      ["Total content received", "content-items"],
      ["Content actioned due to community guidelines violations", "content-actioned-terms"],
      ["Content actioned due to (local) law violations", "content-actioned-law"],
      ["Content not actioned", "content-not-actioned"],
      ["Total accounts received", "account-items"],
      ["Accounts actioned due to community guidelines violations", "account-actioned-terms"],
      ["Accounts actioned due to (local) law violations", "account-actioned-law"],
      ["Accounts not actioned", "account-not-actioned"],
      ["Removal rate", "removal-rate"],
    ]),
    global: new Map<string, PublishedMetric>([["Total Government Requests", "requests"]]),
  },
  LRFUI: {
    report: "information",
    country: new Map<string, PublishedMetric>([
      ["Total requests", "information-requests"],
      ["Legal requests", "legal-requests"],
      ["Legal request accounts specified", "legal-request-accounts"],
      ["Percentage of legal requests where some data was disclosed", "legal-requests-disclosed-rate"],
      ["Preservation requests", "preservation-requests"],
      ["Preservation request accounts specified", "preservation-request-accounts"],
      ["Emergency requests", "emergency-requests"],
      ["Emergency request accounts specified", "emergency-request-accounts"],
      ["Percentage of emergency requests where some data was disclosed", "emergency-requests-disclosed-rate"],
    ]),
    global: new Map<string, PublishedMetric>([
      ["Total legal requests", "legal-requests"],
      ["Total preservation requests", "preservation-requests"],
      ["Total emergency requests", "emergency-requests"],
    ]),
  },
};

/** Metrics TikTok publishes as fractions of 1 (the "Percentage" ones included). */
const FRACTIONS = new Set<PublishedMetric>([
  "removal-rate",
  "legal-requests-disclosed-rate",
  "emergency-requests-disclosed-rate",
]);

/** Columns whose value never varies in these files, with that value. */
const FIXED: ReadonlyArray<readonly [(typeof TIKTOK_COLUMNS)[number], string]> = [
  ["replication_info", ""],
  ["entity", "LIGR"],
  ["period", "half-year"],
  ["policy", "all"],
  ["policy_value", "all"],
  ["task", "all"],
  ["task_value", "all"],
  ["base", ""],
];

/**
 * One row of a TikTok long-format CSV: one metric for one country (or for `All`) in one half-year.
 *
 * @example
 * ```ts
 * const row: TikTokRow = { line: 682, report: "removals", metricName: "Total requests received",
 *   metric: "requests", period: { start: "2025-07-01", end: "2025-12-31" }, periodText: "Jul-Dec 2025",
 *   countryName: "Pakistan", country: "PK", value: 935, date: "" };
 * ```
 */
export interface TikTokRow {
  line: number;
  report: TikTokReport;
  /** `metric_name` as written. */
  metricName: string;
  metric: PublishedMetric;
  period: PublishedPeriod;
  /** `period_value` as written, e.g. `Jul-Dec 2025`. */
  periodText: string;
  /** `location_value` as written (`Pakistan`, `All`). */
  countryName: string;
  /** ISO 3166-1 alpha-2; null for the global `All` rows. */
  country: string | null;
  /** `result`: a count, or a fraction of 1 for rates; null when blank or unreadable (an issue). */
  value: number | null;
  /** `date` as written (a stamp such as `20230120.0` on older periods, else empty). */
  date: string;
}

/**
 * Reads one of TikTok's long-format transparency CSVs (government removal requests, or requests for user
 * information; the `aspect` column says which), streaming, as typed rows. Every metric name, country name,
 * period and fixed column is checked; counts must be whole numbers (`935.0`) and rates fractions of 1. At
 * the end, every country and half-year must have every metric the report publishes for a country (a
 * truncated file is reported as `incomplete`), and a metric appearing twice for one country and half-year
 * is reported and read once. Rows are grouped by key, never by order (TikTok's order varies by period).
 *
 * @throws {PublishedReportError} for a file of another format, a file that cannot be read, malformed CSV;
 * in strict mode, the first issue.
 *
 * @example
 * ```ts
 * for await (const row of readTikTokReport("tiktok-government-removal-requests.csv")) {
 *   if (row.country === "PK" && row.metric === "removal-rate") console.log(row.periodText, row.value);
 * }
 * ```
 */
export function readTikTokReport(
  input: PublishedInput,
  options: ReadPublishedOptions = {},
): PublishedSource<TikTokRow> {
  const state = ReaderState.from(input, options);
  return state.source(() => tiktokRows(input, state));
}

async function* tiktokRows(input: PublishedInput, state: ReaderState): AsyncGenerator<TikTokRow> {
  let aspect: string | undefined;
  const periods = new Map<string, PublishedPeriod | undefined>();
  // Per half-year and country: the line of its first row and the metrics seen, for the completeness check.
  const groups = new Map<
    string,
    { line: number; countryName: string; metrics: Map<PublishedMetric, number> }
  >();
  const header = { known: TIKTOK_COLUMNS, required: TIKTOK_COLUMNS, format: "TikTok transparency" };
  for await (const { line, cell } of csvRecords(input, state, header)) {
    const rowAspect = cell("aspect");
    const definition = ASPECTS[rowAspect];
    if (definition === undefined) {
      unknownValue(
        state,
        line,
        "aspect",
        rowAspect,
        "GRFCR (removal requests) or LRFUI (information requests)",
      );
      continue;
    }
    if (aspect === undefined) aspect = rowAspect;
    else if (rowAspect !== aspect) {
      unknownValue(state, line, "aspect", rowAspect, `${aspect}, the aspect of this file's first row`);
      continue;
    }
    for (const [name, expected] of FIXED) {
      const value = cell(name);
      if (value !== expected) {
        state.report({
          line,
          column: name,
          code: "unknown-value",
          message: `${name} is ${JSON.stringify(value)} where TikTok's files always have ${JSON.stringify(expected)}; the row is read as if it were not there`,
        });
      }
    }
    const periodText = cell("period_value");
    let period = periods.get(periodText);
    if (!periods.has(periodText)) {
      period = tiktokPeriod(periodText);
      periods.set(periodText, period);
    }
    if (period === undefined) {
      unknownValue(state, line, "period_value", periodText, 'a half-year such as "Jan-Jun 2025"');
      continue;
    }
    const location = cell("location");
    const countryName = cell("location_value");
    let country: string | null;
    let metrics: ReadonlyMap<string, PublishedMetric>;
    if (location === "country_name") {
      const code = TIKTOK_COUNTRY_CODES.get(countryName);
      if (code === undefined) {
        unknownValue(state, line, "location_value", countryName, "a country name the reader knows");
        continue;
      }
      country = code;
      metrics = definition.country;
    } else if (location === "all" && countryName === "All") {
      country = null;
      metrics = definition.global;
    } else {
      unknownValue(
        state,
        line,
        "location",
        `${location}/${countryName}`,
        "country_name/<country> or all/All",
      );
      continue;
    }
    const metricName = cell("metric_name");
    const metric = metrics.get(metricName);
    if (metric === undefined) {
      state.report({
        line,
        column: "metric_name",
        code: "unknown-metric",
        message: `metric_name ${JSON.stringify(metricName)} is not a ${definition.report} metric for ${country === null ? "the All rows" : "a country"}; the row is not read`,
      });
      continue;
    }
    const date = cell("date");
    if (date !== "" && !/^\d{8}\.0$/.test(date)) {
      state.report({
        line,
        column: "date",
        code: "unknown-value",
        message: `date ${JSON.stringify(date)} is not a stamp like 20230120.0; the row is read with it as written`,
      });
    }
    const key = `${periodText}\u0000${country ?? ""}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { line, countryName, metrics: new Map() };
      groups.set(key, group);
    }
    const first = group.metrics.get(metric);
    if (first !== undefined) {
      state.report({
        line,
        column: "metric_name",
        code: "inconsistent-row",
        message: `${metricName} for ${countryName} ${periodText} appears twice (first on line ${first}); this row is not read`,
      });
      continue;
    }
    group.metrics.set(metric, line);
    yield {
      line,
      report: definition.report,
      metricName,
      metric,
      period,
      periodText,
      countryName,
      country,
      value: resultCell(state, line, cell("result"), FRACTIONS.has(metric)),
      date,
    };
  }
  const expected = aspect === undefined ? undefined : ASPECTS[aspect]!.country;
  if (expected === undefined) return;
  for (const [key, group] of groups) {
    if (key.endsWith("\u0000")) continue;
    const missing = [...expected.entries()]
      .filter(([, metric]) => !group.metrics.has(metric))
      .map(([name]) => name);
    if (missing.length > 0) {
      state.report({
        line: group.line,
        code: "incomplete",
        message: `${group.countryName} ${key.slice(0, key.indexOf("\u0000"))} lacks ${missing.join(", ")} (a truncated or edited file?)`,
      });
    }
  }
}

/** `Jan-Jun 2025` or `Jul-Dec 2025`; undefined for anything else. */
function tiktokPeriod(text: string): PublishedPeriod | undefined {
  const match = /^(Jan-Jun|Jul-Dec) (\d{4})$/.exec(text);
  if (!match) return undefined;
  return halfYear(Number(match[2]), match[1] === "Jan-Jun" ? 1 : 2);
}

/** `result`: a whole number for counts (TikTok writes `935.0`), a fraction of 1 for rates. */
function resultCell(state: ReaderState, line: number, text: string, fraction: boolean): number | null {
  const cell = readNumber(text);
  if (cell.value === null) {
    state.report({
      line,
      column: "result",
      code: cell.problem === "blank" ? "missing-value" : "unreadable-number",
      message:
        cell.problem === "blank"
          ? `result is ${text.trim() === "" ? "empty" : JSON.stringify(text.trim())}: no value (kept as missing, not 0)`
          : `result ${JSON.stringify(text.trim())} is not a number`,
    });
    return null;
  }
  if (fraction ? cell.value > 1 : !Number.isInteger(cell.value)) {
    state.report({
      line,
      column: "result",
      code: "unreadable-number",
      message: `result ${JSON.stringify(text.trim())} is not ${fraction ? "a fraction of 1" : "a whole number"}`,
    });
    return null;
  }
  return cell.value;
}

import { halfYear, isIsoDate, type PublishedPeriod } from "../period.js";
import { countCell, unknownValue } from "./checks.js";
import { csvRecords } from "./csv.js";
import {
  type PublishedInput,
  type PublishedSource,
  ReaderState,
  type ReadPublishedOptions,
} from "./source.js";

/**
 * The columns of Google's government removal requests CSV (by requester type), in the file's order.
 *
 * @example
 * ```ts
 * GOOGLE_REMOVAL_COLUMNS[0]; // "time_period"
 * ```
 */
export const GOOGLE_REMOVAL_COLUMNS = [
  "time_period",
  "country",
  "cldr_territory",
  "requestor",
  "product",
  "reason",
  "number_of_requests",
  "items_requested_removal",
  "items_removed_legal",
  "items_removed_policy",
  "items_content_not_found",
  "items_not_enough_info",
  "items_no_action_taken",
  "items_content_already_removed",
] as const;

/**
 * The columns of Google's detailed removal requests CSV (by product and reason), in the file's order.
 *
 * @example
 * ```ts
 * GOOGLE_DETAILED_COLUMNS.at(-1); // "Total"
 * ```
 */
export const GOOGLE_DETAILED_COLUMNS = [
  "Period Ending",
  "Country/Region",
  "CLDR Territory Code",
  "Product",
  "Reason",
  "Total",
] as const;

/** Requester types Google uses (the misspelt "Supression Orders" is Google's own). */
const REQUESTERS = new Set([
  "Consumer Protection Authority",
  "Court Order directed at 3rd party",
  "Court Order directed at Google",
  "Data Protection Authority",
  "Government Officials",
  "Information and Communications Authority",
  "Military",
  "Other",
  "Police",
  "Supression Orders",
]);

/** Reasons as the requester file writes them (sentence case). */
const REASONS = new Set([
  "Adult content",
  "Bullying harassment",
  "Business complaints",
  "Copyright",
  "Defamation",
  "Drug abuse",
  "Electoral law",
  "Fraud",
  "Geographical dispute",
  "Government criticism",
  "Hate speech",
  "Impersonation",
  "National security",
  "Obscenity/Nudity",
  "Other",
  "Privacy and security",
  "Regulated goods and services",
  "Religious offense",
  "Suicide promotion",
  "Trademark",
  "Unspecified",
  "Violence",
]);

/** Reasons as the detailed file writes them (title case, "Reason Unspecified"). */
const DETAILED_REASONS = new Set([
  "Adult Content",
  "Bullying/Harassment",
  "Business Complaints",
  "Copyright",
  "Defamation",
  "Drug Abuse",
  "Electoral Law",
  "Fraud",
  "Geographical Dispute",
  "Government Criticism",
  "Hate Speech",
  "Impersonation",
  "National Security",
  "Obscenity/Nudity",
  "Other",
  "Privacy and Security",
  "Reason Unspecified",
  "Regulated Goods and Services",
  "Religious Offense",
  "Suicide Promotion",
  "Trademark",
  "Violence",
]);

/** Territory values that are no country: Google's `UNKNOWN` requester row and Europol/Interpol. */
const NO_COUNTRY = new Set(["EUROPOL", "null", ""]);

/**
 * One row of Google's government removal requests CSV: one half-year × country × requester type × product
 * × reason. Counts are `null` when the cell was blank or unreadable (reported as an issue), never 0.
 *
 * @example
 * ```ts
 * const row: GoogleRemovalRow = { line: 1185, period: { start: "2025-01-01", end: "2025-06-30" },
 *   periodText: "January - June 2025", countryName: "Pakistan", territory: "PK", country: "PK",
 *   requester: "Government Officials", product: "YouTube", reason: "National security", requests: 5,
 *   items: 23, itemsRemovedLegal: 19, itemsRemovedPolicy: 0, itemsNotFound: 0, itemsNotEnoughInformation: 2,
 *   itemsNoAction: 1, itemsAlreadyRemoved: 1 };
 * ```
 */
export interface GoogleRemovalRow {
  /** The line the row is on. */
  line: number;
  period: PublishedPeriod;
  /** `time_period` as written, e.g. `January - June 2025`. */
  periodText: string;
  /** `country` as written (`Pakistan`, `UNKNOWN`). */
  countryName: string;
  /** `cldr_territory` as written (`PK`, `EUROPOL`, `null`). */
  territory: string;
  /** ISO 3166-1 alpha-2, or null for a requester that is no one country (Google's `UNKNOWN` rows). */
  country: string | null;
  requester: string;
  product: string;
  reason: string;
  /** `number_of_requests`. */
  requests: number | null;
  /** `items_requested_removal`. */
  items: number | null;
  /** `items_removed_legal`. */
  itemsRemovedLegal: number | null;
  /** `items_removed_policy`. */
  itemsRemovedPolicy: number | null;
  /** `items_content_not_found`. */
  itemsNotFound: number | null;
  /** `items_not_enough_info`. */
  itemsNotEnoughInformation: number | null;
  /** `items_no_action_taken`. */
  itemsNoAction: number | null;
  /** `items_content_already_removed`. */
  itemsAlreadyRemoved: number | null;
}

/**
 * One row of Google's detailed removal requests CSV: one half-year (by its last day) × country × product ×
 * reason, with Google's single `Total` count (the header does not say what it counts; it is not the
 * requester file's `number_of_requests`).
 *
 * @example
 * ```ts
 * for await (const row of readGoogleDetailedRemovals("detailed.csv")) console.log(row.period.end, row.total);
 * ```
 */
export interface GoogleDetailedRow {
  line: number;
  period: PublishedPeriod;
  /** `Period Ending` as written, e.g. `2025-06-30`. */
  periodText: string;
  countryName: string;
  /** `CLDR Territory Code` as written (empty for Europol and Interpol). */
  territory: string;
  /** ISO 3166-1 alpha-2, or null for Europol and Interpol. */
  country: string | null;
  product: string;
  reason: string;
  /** `Total`. */
  total: number | null;
}

const MONTHS_H1 = "January - June";
const MONTHS_H2 = "July - December";

/**
 * Reads Google's government removal requests CSV (the requester-type file), streaming, as typed rows.
 * Checks every row: the period (`January - June 2025`), the territory code, the requester type and reason
 * against Google's lists, the counts (blank or unreadable cells are issues and `null`, never 0), and that
 * the six outcome columns add up to `items_requested_removal`. Unknown columns and values are reported
 * with their line ({@link PublishedSource.issues}); `strict` turns the first into an error.
 *
 * @throws {PublishedReportError} for a file of another format (its header lacks Google's columns), a file
 * that cannot be read, malformed CSV; in strict mode, the first issue.
 *
 * @example
 * ```ts
 * let requests = 0;
 * for await (const row of readGoogleRemovals("google-government-removal-requests.csv")) {
 *   if (row.country === "PK" && row.periodText === "January - June 2025") requests += row.requests ?? 0;
 * }
 * ```
 */
export function readGoogleRemovals(
  input: PublishedInput,
  options: ReadPublishedOptions = {},
): PublishedSource<GoogleRemovalRow> {
  const state = ReaderState.from(input, options);
  return state.source(() => googleRows(input, state));
}

async function* googleRows(input: PublishedInput, state: ReaderState): AsyncGenerator<GoogleRemovalRow> {
  const periods = new Map<string, PublishedPeriod | undefined>();
  const header = {
    known: GOOGLE_REMOVAL_COLUMNS,
    required: GOOGLE_REMOVAL_COLUMNS,
    format: "Google removal requests",
  };
  for await (const { line, cell } of csvRecords(input, state, header)) {
    const periodText = cell("time_period");
    let period = periods.get(periodText);
    if (!periods.has(periodText)) {
      period = requesterPeriod(periodText);
      periods.set(periodText, period);
    }
    if (period === undefined) {
      unknownValue(state, line, "time_period", periodText, 'a half-year such as "January - June 2025"');
      continue;
    }
    const territory = cell("cldr_territory");
    const country = countryCode(territory);
    if (country === undefined) {
      unknownValue(state, line, "cldr_territory", territory, "a two-letter territory code");
      continue;
    }
    const requester = cell("requestor");
    if (!REQUESTERS.has(requester)) notInList(state, line, "requestor", requester);
    const reason = cell("reason");
    if (!REASONS.has(reason)) notInList(state, line, "reason", reason);
    const count = (name: (typeof GOOGLE_REMOVAL_COLUMNS)[number]) => countCell(state, line, name, cell(name));
    const row: GoogleRemovalRow = {
      line,
      period,
      periodText,
      countryName: cell("country"),
      territory,
      country,
      requester,
      product: cell("product"),
      reason,
      requests: count("number_of_requests"),
      items: count("items_requested_removal"),
      itemsRemovedLegal: count("items_removed_legal"),
      itemsRemovedPolicy: count("items_removed_policy"),
      itemsNotFound: count("items_content_not_found"),
      itemsNotEnoughInformation: count("items_not_enough_info"),
      itemsNoAction: count("items_no_action_taken"),
      itemsAlreadyRemoved: count("items_content_already_removed"),
    };
    checkOutcomesAddUp(state, row);
    yield row;
  }
}

/**
 * Reads Google's detailed removal requests CSV (by product and reason), streaming, as typed rows. Checks
 * the period end (a 30 June or 31 December), the territory code, the reason against Google's list and the
 * count. Same issue and strict rules as {@link readGoogleRemovals}.
 *
 * @throws {PublishedReportError} for a file of another format, a file that cannot be read, malformed CSV;
 * in strict mode, the first issue.
 *
 * @example
 * ```ts
 * for await (const row of readGoogleDetailedRemovals("google-government-detailed-removal-requests.csv")) {
 *   if (row.country === "PK") console.log(row.period.end, row.product, row.reason, row.total);
 * }
 * ```
 */
export function readGoogleDetailedRemovals(
  input: PublishedInput,
  options: ReadPublishedOptions = {},
): PublishedSource<GoogleDetailedRow> {
  const state = ReaderState.from(input, options);
  return state.source(() => detailedRows(input, state));
}

async function* detailedRows(input: PublishedInput, state: ReaderState): AsyncGenerator<GoogleDetailedRow> {
  const header = {
    known: GOOGLE_DETAILED_COLUMNS,
    required: GOOGLE_DETAILED_COLUMNS,
    format: "Google detailed removal requests",
  };
  for await (const { line, cell } of csvRecords(input, state, header)) {
    const periodText = cell("Period Ending");
    const period = periodEnding(periodText);
    if (period === undefined) {
      unknownValue(
        state,
        line,
        "Period Ending",
        periodText,
        "the last day of a half-year (YYYY-06-30 or YYYY-12-31)",
      );
      continue;
    }
    const territory = cell("CLDR Territory Code");
    const country = countryCode(territory);
    if (country === undefined) {
      unknownValue(state, line, "CLDR Territory Code", territory, "a two-letter territory code");
      continue;
    }
    const reason = cell("Reason");
    if (!DETAILED_REASONS.has(reason)) notInList(state, line, "Reason", reason);
    yield {
      line,
      period,
      periodText,
      countryName: cell("Country/Region"),
      territory,
      country,
      product: cell("Product"),
      reason,
      total: countCell(state, line, "Total", cell("Total")),
    };
  }
}

/** `January - June 2025` and `July - December 2025`; undefined for anything else. */
function requesterPeriod(text: string): PublishedPeriod | undefined {
  const match = /^(January - June|July - December) (\d{4})$/.exec(text);
  if (!match) return undefined;
  return halfYear(Number(match[2]), match[1] === MONTHS_H1 ? 1 : match[1] === MONTHS_H2 ? 2 : 1);
}

/** A half-year from its last day; undefined unless it is a 30 June or a 31 December. */
function periodEnding(text: string): PublishedPeriod | undefined {
  if (!isIsoDate(text)) return undefined;
  const year = Number(text.slice(0, 4));
  if (text.endsWith("-06-30")) return halfYear(year, 1);
  if (text.endsWith("-12-31")) return halfYear(year, 2);
  return undefined;
}

/** ISO alpha-2 for a territory code; null for no country; undefined when the code is not understood. */
function countryCode(territory: string): string | null | undefined {
  if (/^[A-Z]{2}$/.test(territory)) return territory;
  if (NO_COUNTRY.has(territory)) return null;
  return undefined;
}

function checkOutcomesAddUp(state: ReaderState, row: GoogleRemovalRow): void {
  const parts = [
    row.itemsRemovedLegal,
    row.itemsRemovedPolicy,
    row.itemsNotFound,
    row.itemsNotEnoughInformation,
    row.itemsNoAction,
    row.itemsAlreadyRemoved,
  ];
  if (row.items === null || parts.some((part) => part === null)) return;
  const sum = parts.reduce<number>((total, part) => total + part!, 0);
  if (sum !== row.items) {
    state.report({
      line: row.line,
      column: "items_requested_removal",
      code: "inconsistent-row",
      message: `the six items_* outcome columns add up to ${sum}, not to items_requested_removal ${row.items}`,
    });
  }
}

function notInList(state: ReaderState, line: number, column: string, value: string): void {
  state.report({
    line,
    column,
    code: "unknown-value",
    message: `${column} ${JSON.stringify(value)} is not one of Google's values; the row is read with it as written`,
  });
}

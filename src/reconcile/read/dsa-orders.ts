import type { PublishedMetric } from "../metrics.js";
import { isIsoDate, type PublishedPeriod } from "../period.js";
import {
  STATEMENT_CATEGORIES,
  STATEMENT_KEYWORDS,
  STATEMENT_TERRITORIES,
} from "../statements/enumerations.js";
import { countCell, readNumber, unknownValue } from "./checks.js";
import { csvRecords } from "./csv.js";
import {
  type PublishedInput,
  type PublishedSource,
  ReaderState,
  type ReadPublishedOptions,
} from "./source.js";

/** The identifying columns of DSA table 3. */
const KEY_COLUMNS = [
  "Applicability",
  "Service",
  "Reporting period",
  "Category of illegal content",
  'Description of the sub-category "Other"',
  "Scope",
] as const;

/**
 * The figure columns of DSA table 3 with their metric names, in the template's order.
 *
 * @example
 * ```ts
 * DSA_ORDER_METRICS[0]; // ["Number of orders to act against illegal content received", "orders-to-act"]
 * ```
 */
export const DSA_ORDER_METRICS = [
  ["Number of orders to act against illegal content received", "orders-to-act"],
  [
    "Number of specific items of information included in the total number of orders to act against illegal content",
    "order-to-act-items",
  ],
  [
    "Median time to inform the authority of the receipt of the order to act against illegal content",
    "median-hours-to-acknowledge-order-to-act",
  ],
  [
    "Median time to give effect to the order to act against illegal content",
    "median-hours-to-effect-order-to-act",
  ],
  ["Number of orders to provide information", "orders-to-provide-information"],
  [
    "Median time to inform the authority of the receipt of the order to provide information",
    "median-hours-to-acknowledge-information-order",
  ],
  [
    "Median time to give effect to the order to provide information",
    "median-hours-to-effect-information-order",
  ],
] as const satisfies ReadonlyArray<readonly [string, PublishedMetric]>;

/** The contextual-information columns, one per figure column, as the template names them. */
const CONTEXT_COLUMNS = [
  "Contextual information on number of orders to act against illegal content received",
  "Contextual information on number of specific items of information included in the total number of orders to act against illegal content",
  "Contextual information on Median time to inform the authority of the receipt of the order to act against illegal content",
  "Contextual information on Median time to give effect to the order to act against illegal content",
  "Contextual information on Number of orders to provide information",
  "Contextual information on Median time to inform the authority of the receipt of the order to provide information",
  "Contextual information on Median time to give effect to the order to provide information",
] as const;

/**
 * Every column of DSA table 3 ("Member State orders") as X and Meta publish it, in order: six identifying
 * columns, seven figures, seven contextual notes.
 *
 * @example
 * ```ts
 * DSA_ORDERS_COLUMNS.length; // 20
 * ```
 */
export const DSA_ORDERS_COLUMNS = [
  ...KEY_COLUMNS,
  ...DSA_ORDER_METRICS.map(([column]) => column),
  ...CONTEXT_COLUMNS,
] as const;

type Column = (typeof DSA_ORDERS_COLUMNS)[number];

/** Services whose platform id is known; another service is reported and read under a lower-cased id. */
const SERVICES: Readonly<Record<string, string>> = {
  X: "x",
  Facebook: "facebook",
  Instagram: "instagram",
  TikTok: "tiktok",
  YouTube: "youtube",
  WhatsApp: "whatsapp",
  Telegram: "telegram",
};

/** Category cells that are a heading of the template (the SoR categories, and the orders' "not specified"). */
const HEADINGS = new Set<string>([
  ...Object.keys(STATEMENT_CATEGORIES),
  "STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER",
]);
const KEYWORDS = new Set<string>(Object.keys(STATEMENT_KEYWORDS));
const SCOPES = new Set<string>([...STATEMENT_TERRITORIES, "EL"]);

/**
 * One row of DSA table 3: one category (the `TOTAL` row, a `STATEMENT_CATEGORY_*` heading or a `KEYWORD_*`
 * sub-category) for one scope (`TOTAL`, or a member state). Figures are `null` when the cell is blank
 * (medians often are), never 0.
 *
 * @example
 * ```ts
 * for await (const row of readDsaMemberStateOrders("3_member_states_orders.csv")) {
 *   if (row.category === "TOTAL" && row.scope === "TOTAL") console.log(row.ordersToProvideInformation);
 * }
 * ```
 */
export interface DsaOrdersRow {
  /** The line the row starts on (its quoted notes may span several). */
  line: number;
  /** `Applicability` as written (`All`). */
  applicability: string;
  /** `Service` as written, trimmed (`X`, `Facebook`). */
  service: string;
  /** The platform id of the service (`x`, `facebook`, `instagram`). */
  platform: string;
  period: PublishedPeriod;
  /** `Reporting period` as written, e.g. `2025-07-01/2025-12-31`. */
  periodText: string;
  /** `Category of illegal content` as written: `TOTAL`, `STATEMENT_CATEGORY_*` or `KEYWORD_*`. */
  category: string;
  /** The heading a `KEYWORD_*` row falls under (the last heading before it); the category itself otherwise. */
  heading: string;
  /** The description of an "other" sub-category, as written (empty when none). */
  description: string;
  /** `Scope` as written: `TOTAL` or a member-state code (Meta writes Greece `EL`). */
  scope: string;
  /** ISO 3166-1 alpha-2 of the scope (`EL` is `GR`); null for `TOTAL`. */
  country: string | null;
  /** True when the row left Applicability to Description empty and took them from the row above (Meta). */
  inherited: boolean;
  ordersToAct: number | null;
  orderToActItems: number | null;
  medianHoursToAcknowledgeOrderToAct: number | null;
  medianHoursToEffectOrderToAct: number | null;
  ordersToProvideInformation: number | null;
  medianHoursToAcknowledgeInformationOrder: number | null;
  medianHoursToEffectInformationOrder: number | null;
  /** The seven contextual notes of this row, in the figure columns' order ("" where empty). */
  context: readonly string[];
}

/**
 * Reads a DSA harmonised transparency report's table 3 ("Member State orders") CSV as X and Meta publish
 * it, streaming, as typed rows: quoted numbers with thousands separators (`"5,928"`, `"1,179.65"`),
 * multi-line notes (LF or CRLF inside quotes), Meta's blocks whose rows after the first leave the first
 * five cells empty (taken from the row above and marked `inherited`), `EL` for Greece, empty medians
 * (`null`). Category cells must be `TOTAL`, a documented `STATEMENT_CATEGORY_*` (or the orders' own
 * `STATEMENT_CATEGORY_NOT_SPECIFIED_ORDER`) or `KEYWORD_*` code; a platform's own named "other"
 * sub-category (`KEYWORD_OTHER_<NAME>`, as Meta uses) is read when it carries a description, and reported
 * when it does not. Anything else unknown is reported with its line; `strict` turns it into an error.
 *
 * @throws {PublishedReportError} for a file of another format, a file that cannot be read, malformed CSV;
 * in strict mode, the first issue.
 *
 * @example
 * ```ts
 * for await (const row of readDsaMemberStateOrders("dsa-x-member-states-orders.csv")) {
 *   if (row.category === "KEYWORD_TERRORIST_CONTENT" && row.country === "DE") console.log(row.ordersToAct);
 * }
 * ```
 */
export function readDsaMemberStateOrders(
  input: PublishedInput,
  options: ReadPublishedOptions = {},
): PublishedSource<DsaOrdersRow> {
  const state = ReaderState.from(input, options);
  return state.source(() => dsaRows(input, state));
}

async function* dsaRows(input: PublishedInput, state: ReaderState): AsyncGenerator<DsaOrdersRow> {
  let previous: string[] | undefined;
  let heading = "TOTAL";
  const services = new Map<string, string>();
  const header = {
    known: DSA_ORDERS_COLUMNS,
    required: [...KEY_COLUMNS, ...DSA_ORDER_METRICS.map(([column]) => column)],
    format: "DSA table 3 (Member State orders)",
  };
  for await (const { line, cell } of csvRecords<Column>(input, state, header)) {
    let keys = KEY_COLUMNS.slice(0, 5).map((name) => cell(name));
    const inherited = keys.every((value) => value === "") && previous !== undefined;
    if (inherited) keys = previous!;
    const [applicability, service, periodText, category, description] = keys as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (!inherited) previous = keys;
    if (applicability === "" || service === "" || periodText === "" || category === "") {
      const empty = KEY_COLUMNS.slice(0, 4).filter((_, index) => keys[index] === "");
      state.report({
        line,
        column: empty[0],
        code: "missing-value",
        message: `${empty.join(", ")} ${empty.length === 1 ? "is" : "are"} empty while other identifying cells are not; the row is not read`,
      });
      continue;
    }
    if (applicability !== "All") {
      state.report({
        line,
        column: "Applicability",
        code: "unknown-value",
        message: `Applicability ${JSON.stringify(applicability)} is not "All"; the row is read with it as written`,
      });
    }
    let platform = services.get(service);
    if (platform === undefined) {
      platform =
        SERVICES[service] ??
        service
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "");
      if (SERVICES[service] === undefined) {
        state.report({
          line,
          column: "Service",
          code: "unknown-value",
          message: `Service ${JSON.stringify(service)} is not a service the reader knows; its figures are read under the platform id ${JSON.stringify(platform)}`,
        });
      }
      services.set(service, platform);
    }
    const period = reportingPeriod(periodText);
    if (period === undefined) {
      unknownValue(state, line, "Reporting period", periodText, "a period written YYYY-MM-DD/YYYY-MM-DD");
      continue;
    }
    if (category === "TOTAL" || HEADINGS.has(category)) heading = category;
    else if (!KEYWORDS.has(category)) {
      if (/^KEYWORD_OTHER_[A-Z0-9_]+$/.test(category) && description !== "") {
        // A platform's own named "other" sub-category, described as the template asks for "other".
      } else {
        unknownValue(
          state,
          line,
          "Category of illegal content",
          category,
          "TOTAL, a STATEMENT_CATEGORY_* or KEYWORD_* code of the DSA database, or a described KEYWORD_OTHER_*",
        );
        continue;
      }
    }
    const scope = cell("Scope");
    if (scope !== "TOTAL" && !SCOPES.has(scope)) {
      unknownValue(state, line, "Scope", scope, "TOTAL or a member state's two-letter code");
      continue;
    }
    const count = (column: Column) => countCell(state, line, column, cell(column));
    const median = (column: Column) => medianCell(state, line, column, cell(column));
    const metric = (index: number) => DSA_ORDER_METRICS[index]![0];
    yield {
      line,
      applicability,
      service,
      platform,
      period,
      periodText,
      category,
      heading: category.startsWith("KEYWORD_") ? heading : category,
      description,
      scope,
      country: scope === "TOTAL" ? null : scope === "EL" ? "GR" : scope,
      inherited,
      ordersToAct: count(metric(0)),
      orderToActItems: count(metric(1)),
      medianHoursToAcknowledgeOrderToAct: median(metric(2)),
      medianHoursToEffectOrderToAct: median(metric(3)),
      ordersToProvideInformation: count(metric(4)),
      medianHoursToAcknowledgeInformationOrder: median(metric(5)),
      medianHoursToEffectInformationOrder: median(metric(6)),
      context: CONTEXT_COLUMNS.map((name) => cell(name)),
    };
  }
}

/** `2025-07-01/2025-12-31`; undefined unless both are dates and in order. */
function reportingPeriod(text: string): PublishedPeriod | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (!match || !isIsoDate(match[1]!) || !isIsoDate(match[2]!) || match[1]! > match[2]!) return undefined;
  return { start: match[1]!, end: match[2]! };
}

/** A median in hours: blank is null without an issue (no orders, or not published); text is an issue. */
function medianCell(state: ReaderState, line: number, column: string, text: string): number | null {
  const cell = readNumber(text);
  if (cell.value !== null) return cell.value;
  if (cell.problem === "not-a-number") {
    state.report({
      line,
      column,
      code: "unreadable-number",
      message: `${column} ${JSON.stringify(text)} is not a number of hours`,
    });
  }
  return null;
}

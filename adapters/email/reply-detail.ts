/**
 * What a platform's reply says it did, beyond actioned or declined: the measure, where, on what ground,
 * until when, or why it declined. Conservative by design: a field is read only from wording that can mean
 * one thing, and a reply that says two different things for a field (a post removed and an account
 * suspended, two countries' names and "worldwide") leaves that field unknown. Nothing is inferred from
 * what the request asked for.
 */
import {
  type ActionGround,
  CountryCode,
  DeclineReason,
  OutcomeMeasure,
  type OutcomeScope,
} from "referral-kit";
import type { ReplyReading } from "./classify.js";

const DECLINE_REASONS = DeclineReason.options;
const OUTCOME_MEASURES = OutcomeMeasure.options;
const isCountryCode = (code: string) => CountryCode.safeParse(code).success;

/** What a reply says about the decision, field by field; a field it does not say clearly is absent. */
export type ReplyDetail = NonNullable<ReplyReading["detail"]>;

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * Measures by wording, most specific first: what a specific wording matched is blanked before the
 * general ones run, so "permanently suspended" is a termination and not also a suspension.
 */
const MEASURE_WORDING: readonly {
  measure: Exclude<OutcomeMeasure, "no-action">;
  pattern: RegExp;
}[] = [
  {
    measure: "account-terminated",
    pattern:
      /\b(?:permanently (?:suspended|banned|disabled|removed|terminated)|(?:suspended|banned) permanently|permanent(?:ly)? ban(?:ned)?|terminated)\b/gi,
  },
  {
    measure: "account-suspended",
    pattern: /\b(?:temporarily suspended|suspended(?: for \d+ days?)?|temporary suspension)\b/gi,
  },
  { measure: "content-disabled", pattern: /\b(?:withheld|geo-?blocked)\b/gi },
  {
    measure: "labelled",
    pattern: /\b(?:labell?ed|(?:a|with an?) (?:warning )?label)\b/gi,
  },
  {
    measure: "content-removed",
    pattern:
      /\b(?:(?:post|posts|content|video|videos|message|messages|photo|photos|tweet|tweets|material|item|items) (?:(?:has|have) been|was|were) (?:removed|deleted|taken down))\b/gi,
  },
];

const GONE = "(?:removed|taken down|deleted|suspended|terminated|banned|disabled)";

/**
 * "Already removed" (by the platform before the request, or by the user): a decline in the taxonomy, not
 * an action, although it says "removed". Passive wording only: "we have already removed it" may mean
 * "done, in answer to your report" and is left to a person (`AMBIGUOUS_ALREADY`).
 */
export const ALREADY_REMOVED = new RegExp(
  String.raw`\b(?:(?:was|were|is|are) (?:already|previously) ${GONE}|(?:already|previously) been ${GONE}|(?:removed|deleted|taken down) by (?:the |its )?(?:user|uploader|owner|account holder|author|poster|creator)s?|(?:removed|deleted|taken down) (?:before|prior to) (?:we|your|the request|receiving))\b`,
  "i",
);

/** "We have already removed ...": now, or before the report? Not said, so neither an action nor a decline. */
export const AMBIGUOUS_ALREADY = new RegExp(
  String.raw`\b(?:we|i)(?:'ve|'d| have| had)? already ${GONE.replace("removed", "removed|actioned")}\b`,
  "i",
);

const THING =
  "(?:reported )?(?:account|accounts|content|post|posts|profile|channel|video|user|page|number|link|material|item)";

/** The reply says the target is not there to act on: "could not locate the account", "does not exist". */
const NOT_FOUND_DETAIL = new RegExp(
  String.raw`\b(?:(?:could not|couldn't|cannot|can't|unable to|(?:were|was) not able to) (?:find|locate) (?:the|this|that|these|those|any such) ${THING}|${THING} (?:could not be (?:found|located)|was not found|cannot be (?:found|located)|does not exist|no longer exists))\b`,
  "i",
);

/** Decline reasons by wording; a reply matching two different reasons gives none. */
const REASON_WORDING: readonly { reason: DeclineReason; pattern: RegExp }[] = [
  {
    reason: "not-violating",
    pattern: /\b(?:no violation|does not violate|do not violate|not in violation|not violat(?:e|ing))\b/i,
  },
  { reason: "content-not-found", pattern: NOT_FOUND_DETAIL },
  { reason: "already-removed", pattern: ALREADY_REMOVED },
  {
    reason: "insufficient-information",
    pattern:
      /\b(?:insufficient information|not enough information|unable to identify|could not identify|incomplete)\b/i,
  },
  {
    reason: "legal-process-required",
    pattern: /\b(?:court order|legal process|subpoena|search warrant|MLAT|mutual legal assistance)\b/i,
  },
  {
    reason: "private-or-end-to-end-encrypted",
    pattern: /\b(?:end-to-end encrypt(?:ed|ion)|private (?:chat|group|message|account)s?)\b/i,
  },
  {
    reason: "duplicate",
    pattern: /\b(?:duplicate|already (?:received|reported|under review))\b/i,
  },
  { reason: "outside-jurisdiction", pattern: /\b(?:jurisdiction)\b/i },
];

/** A country name (as Node's ICU spells it in English) to its code, built once. */
let countryNames: ReadonlyMap<string, string> | undefined;

function countryByName(name: string): string | undefined {
  if (!countryNames) {
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    const map = new Map<string, string>();
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (const first of letters) {
      for (const second of letters) {
        const code = first + second;
        if (!isCountryCode(code)) continue;
        const display = names.of(code);
        if (display && display !== code) map.set(display.toLowerCase(), code);
      }
    }
    countryNames = map;
  }
  const word = name.trim();
  if (/^[A-Z]{2}$/.test(word) && isCountryCode(word)) return word;
  return countryNames.get(word.toLowerCase().replace(/^the /, ""));
}

/**
 * The country a phrase starts with ("Pakistan only", "the United Kingdom for users"), tried from the
 * longest run of words down. A list ("Pakistan and India") is not read: `"?"`, so the scope stays unknown.
 */
function placeAt(phrase: string): string | undefined {
  const words = phrase.trim().split(/\s+/).slice(0, 5);
  for (let n = words.length; n > 0; n--) {
    const code = countryByName(words.slice(0, n).join(" "));
    if (!code) continue;
    const rest = words.slice(n).join(" ");
    return /^(?:,|&|and\b|or\b|as well\b)/i.test(rest) ? "?" : code;
  }
  return undefined;
}

/** Wording that says where a measure applies, followed by the place. */
const PLACE_WORDING =
  /\b(?:withheld|restricted|blocked|geo-?blocked|unavailable|not available|not accessible|disabled|removed|suspended|actioned)(?: (?:the|this|that|these|those|reported|account|accounts|content|post|posts|profile|channel|video|videos|tweet|tweets|it|them)){0,3}(?: only)? (?:in|within|for (?:users|viewers|people) in) ([^.;:\n]+)/gi;
const ONLY_WORDING = /\b(?:only in|in|within) ([^.;:\n]+?) only\b/gi;

/** The scope the reply names: one value, or none when it says none or several. */
function scopeOf(text: string): OutcomeScope | undefined {
  const found = new Set<string>();
  if (/\b(?:worldwide|globally|in all (?:countries|regions)|for all users)\b/i.test(text))
    found.add("global");
  for (const wording of [PLACE_WORDING, ONLY_WORDING]) {
    for (const match of text.matchAll(wording)) {
      const code = placeAt(match[1]!);
      if (code) found.add(code);
    }
  }
  if (found.size !== 1 || found.has("?")) return undefined;
  const [only] = found;
  return only === "global" ? "global" : [only!];
}

function groundOf(text: string): ActionGround | undefined {
  const law = /\b(?:local laws?|applicable laws?|laws? of [A-Z][a-z]+|illegal in|legal grounds)\b/i.test(
    text,
  );
  const terms =
    /\b(?:community (?:guidelines|standards)|terms of (?:service|use)|our (?:[A-Z][a-z]+ ){0,3}(?:policy|policies|rules|terms)|platform (?:policies|rules)|X Rules)\b/i.test(
      text,
    );
  if (law === terms) return undefined;
  return law ? "local-law" : "terms-of-service";
}

/** "until 1 April 2025", "until April 1, 2025", "until 2025-04-01[T...Z]": the date, as ISO 8601. */
function untilOf(text: string, decidedAt: number): string | undefined {
  const dates = new Set<string>();
  for (const match of text.matchAll(/\buntil ([^.,;\n]*(?:, \d{4})?)/gi)) {
    const iso = parseDate(match[1]!.trim());
    if (iso) dates.add(iso);
  }
  if (dates.size !== 1) return undefined;
  const [iso] = dates;
  // An end not after the reply cannot be the end of a restriction decided by then: not read.
  return Date.parse(iso!) > decidedAt ? iso : undefined;
}

function parseDate(text: string): string | undefined {
  const isoTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))/.exec(text);
  if (isoTime) {
    const ms = Date.parse(isoTime[1]!);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  const isoDay = /^(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})\b/.exec(text);
  const monthFirst = /^([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/.exec(text);
  if (isoDay) [year, month, day] = [Number(isoDay[1]), Number(isoDay[2]), Number(isoDay[3])];
  else if (dayFirst)
    [day, month, year] = [Number(dayFirst[1]), monthNumber(dayFirst[2]!), Number(dayFirst[3])];
  else if (monthFirst)
    [month, day, year] = [monthNumber(monthFirst[1]!), Number(monthFirst[2]), Number(monthFirst[3])];
  if (day === undefined || month === undefined || year === undefined) return undefined;
  // A day without a time is read as its start in UTC (docs/channels.md); a date that does not exist is not read.
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString();
}

function monthNumber(name: string): number | undefined {
  const index = MONTHS.indexOf(name.toLowerCase());
  return index < 0 ? undefined : index + 1;
}

/** The taxonomy's own words, as a platform may write them on an `RK-STATUS:` line (`account-terminated`). */
function taxonomyWord<T extends string>(text: string, words: readonly T[]): T | undefined {
  // Plain English words ("other", "duplicate", "labelled") are read by the wording rules, never as a
  // code: "suspended for other violations" says no reason.
  const found = words
    .filter((word) => word.includes("-"))
    .filter((word) => new RegExp(`(?:^|[\\s(:])${word}(?=$|[\\s).,;])`, "i").test(text));
  return found.length === 1 ? found[0] : undefined;
}

function measureOf(text: string): Exclude<OutcomeMeasure, "no-action"> | undefined {
  const stated = taxonomyWord(
    text,
    OUTCOME_MEASURES.filter((m): m is Exclude<OutcomeMeasure, "no-action"> => m !== "no-action"),
  );
  if (stated) return stated;
  const found = new Set<Exclude<OutcomeMeasure, "no-action">>();
  let rest = text.replace(
    /\b(?:restricted|blocked|unavailable|not available|not accessible)(?: only)? (?:in|within|for (?:users|viewers|people) in) ([^.;:\n]+)/gi,
    (match, place: string) => {
      // Restricted in a named country is "withheld" (access disabled there); elsewhere the words say nothing.
      if (!placeAt(place)) return match;
      found.add("content-disabled");
      return " ".repeat(match.length);
    },
  );
  for (const { measure, pattern } of MEASURE_WORDING) {
    rest = rest.replace(pattern, (match) => {
      found.add(measure);
      return " ".repeat(match.length);
    });
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function reasonOf(text: string): DeclineReason | undefined {
  const stated = taxonomyWord(text, DECLINE_REASONS);
  if (stated) return stated;
  const found = REASON_WORDING.filter(({ pattern }) => pattern.test(text)).map(({ reason }) => reason);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Reads what a reply says the platform did (an `actioned` reply) or why it declined (a `rejected` one),
 * from its own text (quotes already removed). `decidedAt` (epoch ms, the reply's date) bounds `until`.
 * Returns `undefined` when it says nothing clear.
 *
 * @example
 * ```ts
 * replyDetail("actioned", "The account has been temporarily suspended until 1 June 2025.", Date.parse("2025-03-04T09:15:00Z"));
 * // { measure: "account-suspended", until: "2025-06-01T00:00:00.000Z" }
 * replyDetail("rejected", "We require a court order before we can act.", 0); // { reasonCode: "legal-process-required" }
 * ```
 */
export function replyDetail(
  outcome: "actioned" | "rejected",
  text: string,
  decidedAt: number,
): ReplyDetail | undefined {
  if (outcome === "rejected") {
    const reasonCode = reasonOf(text);
    return reasonCode ? { reasonCode } : undefined;
  }
  const measure = measureOf(text);
  // Where, on what ground and until when describe a measure: without one they say nothing a history keeps.
  if (!measure) return undefined;
  const scope = scopeOf(text);
  const ground = groundOf(text);
  const until =
    measure === "account-terminated" || measure === "content-removed" ? undefined : untilOf(text, decidedAt);
  return {
    measure,
    ...(scope === undefined ? {} : { scope }),
    ...(ground === undefined ? {} : { ground }),
    ...(until === undefined ? {} : { until }),
  };
}

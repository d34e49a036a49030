/**
 * Reading what a platform's reply says. An explicit machine line wins (`RK-STATUS: <outcome> [reason]`,
 * which the referral email asks for); otherwise documented keyword rules run over the reply's own text
 * (quoted lines and the quoted original are removed first), in this order, first match wins:
 *
 * 1. `rejected`: no violation, already removed (a decline in the taxonomy, though it says "removed"), not
 *    found (could not locate, does not exist), unable to act, will not act, not removed, no action taken,
 *    declined, rejected, refused;
 * 2. `needs-information`: more/additional/further information, please provide/clarify, court order required;
 * 3. `actioned`: removed, suspended, taken down, withheld, restricted, disabled, blocked, terminated;
 * 4. `acknowledged`: received, acknowledged, under review, reviewing, case number, ticket.
 *
 * Negative wording is checked before positive, so "we have not removed" is never read as an action.
 * Wording that can mean either ("we have already removed", "no longer available" alone) is never read as
 * an action: such a reply is listed for a person.
 * Nothing matched: the reply is listed for a person, never guessed. An action or a decline may also say
 * what exactly the platform did, or why it declined (`detail`, read by `replyDetail`).
 */
import type { ActionGround, DeclineReason, OutcomeMeasure, OutcomeScope } from "referral-kit";
import { ALREADY_REMOVED, AMBIGUOUS_ALREADY, replyDetail } from "./reply-detail.js";

/**
 * The outcomes a reply can carry.
 *
 * @example
 * ```ts
 * const outcome: ReplyOutcome = "needs-information";
 * ```
 */
export type ReplyOutcome = "acknowledged" | "actioned" | "rejected" | "needs-information";

/**
 * Why a reply reads as it does, as a stable code: what a history may keep of it. The words themselves may
 * carry personal data (an account holder's name, a phone number) and never enter a request's history.
 *
 * | outcome | codes |
 * | --- | --- |
 * | `rejected` | `no-violation`, `already-removed`, `not-found`, `unable-to-act`, `not-actioned`, `no-action`, `declined` |
 * | `needs-information` | `court-order-required`, `more-information` |
 * | `actioned` | `removed`, `suspended`, `withheld`, `actioned` |
 * | `acknowledged` | `received`, `under-review` |
 * | any, from an `RK-STATUS:` line whose words match no rule | `stated` |
 * | a reply to a `disclose-data` request: attachments produced, or no data held | `produced`, `no-data` |
 *
 * @example
 * ```ts
 * const code: ReplyReasonCode = "court-order-required";
 * ```
 */
export type ReplyReasonCode =
  | "no-violation"
  | "already-removed"
  | "not-found"
  | "unable-to-act"
  | "no-action"
  | "not-actioned"
  | "declined"
  | "court-order-required"
  | "more-information"
  | "removed"
  | "suspended"
  | "withheld"
  | "actioned"
  | "received"
  | "under-review"
  | "stated"
  | "produced"
  | "no-data";

/**
 * What a reply says, and why the parser thinks so.
 *
 * @example
 * ```ts
 * const reading: ReplyReading = { outcome: "rejected", reasonCode: "no-violation", reason: "No violation of our policies found.", rule: "keyword" };
 * ```
 */
export interface ReplyReading {
  readonly outcome: ReplyOutcome;
  /** Why, as a stable code: what a history keeps. */
  readonly reasonCode: ReplyReasonCode;
  /**
   * The platform's words (the rest of the RK-STATUS line, or the sentence that matched), for a person
   * reading the reply now. They may carry personal data: never store them in a history or an export.
   */
  readonly reason: string | undefined;
  /** `status-line` for an explicit `RK-STATUS:` line, `keyword` for the keyword rules. */
  readonly rule: "status-line" | "keyword";
  /**
   * What an `actioned` reply says the platform did (measure, and with it scope, ground, until) or why a
   * `rejected` one declined (`reasonCode` in the decline taxonomy), where its wording says so clearly.
   * Absent when it does not: unknown stays unknown.
   */
  readonly detail?: {
    /** What the platform did (an action reply). */
    readonly measure?: Exclude<OutcomeMeasure, "no-action">;
    /** `global` ("worldwide") or the one country it names ("withheld in Pakistan"). */
    readonly scope?: OutcomeScope;
    /** `local-law` ("under local law") or `terms-of-service` ("our Community Guidelines"). */
    readonly ground?: ActionGround;
    /** The end of a temporary measure, after the reply's date (ISO 8601). */
    readonly until?: string;
    /** Why it declined (a declining reply), in the decline taxonomy. */
    readonly reasonCode?: DeclineReason;
  };
}

const STATUS_LINE = /^\s*RK-STATUS:\s*(acknowledged|actioned|rejected|needs-information)\b[ \t:-]*(.*)$/im;

/** The keyword rules, in the order they are tried: negative wording before positive. */
const RULES: readonly {
  outcome: ReplyOutcome;
  code: ReplyReasonCode;
  pattern: RegExp;
}[] = [
  {
    outcome: "rejected",
    code: "no-violation",
    pattern: /\b(no violation|does not violate|not in violation)\b/i,
  },
  { outcome: "rejected", code: "already-removed", pattern: ALREADY_REMOVED },
  {
    outcome: "rejected",
    code: "not-found",
    pattern:
      /\b((?:could not|couldn't|cannot|can't|unable to|(?:were|was) not able to) (?:find|locate)\b(?! any violation| a violation| violations?)|(?:could not|cannot|can't) be (?:found|located)|was not (?:found|located)|(?:does|do) not exist)\b/i,
  },
  {
    outcome: "rejected",
    code: "unable-to-act",
    pattern:
      /\b((?:unable to|will not|won't|cannot|can't|can not|(?:are|is|am) not able to|not in a position to) (?:act|take action|comply|remove|suspend|restrict|withhold|take down|delete|block|disable|terminate))\b/i,
  },
  {
    outcome: "rejected",
    code: "not-actioned",
    pattern:
      /\b((?:not|never) (?:been |be )?(?:removed|suspended|actioned|taken down|withheld|restricted|blocked|disabled|terminated|deleted)|(?:did not|didn't|have not|haven't|has not|hasn't|do not|does not) (?:remove|suspend|take down|withhold|restrict|block|disable|terminate|delete|action))\b/i,
  },
  {
    outcome: "rejected",
    code: "no-action",
    pattern:
      /\b(no action (?:was|has been|will be|can be|could be|is being) taken|(?:take|taken|taking) no action|not (?:to )?take any action)\b/i,
  },
  {
    outcome: "rejected",
    code: "declined",
    pattern: /\b(declined?|reject(?:ed)?|refused?)\b/i,
  },
  {
    outcome: "needs-information",
    code: "court-order-required",
    pattern:
      /\b(court order (?:is )?required|(?:provide|send|need(?:s)?) (?:a |an )?(?:valid )?court order)\b/i,
  },
  {
    outcome: "needs-information",
    code: "more-information",
    pattern:
      /\b((?:more|additional|further) (?:information|details)|please (?:provide|send|clarify|confirm)|could you (?:provide|clarify)|need(?:s)? (?:more|additional|a valid))\b/i,
  },
  {
    outcome: "actioned",
    code: "removed",
    pattern: /\b(removed|taken down)\b/i,
  },
  {
    outcome: "actioned",
    code: "suspended",
    pattern: /\b(suspended|disabled|terminated)\b/i,
  },
  {
    outcome: "actioned",
    code: "withheld",
    pattern: /\b(withheld|restricted|blocked)\b/i,
  },
  {
    outcome: "actioned",
    code: "actioned",
    pattern: /\b(actioned|has been actioned)\b/i,
  },
  {
    outcome: "acknowledged",
    code: "received",
    pattern: /\b(received|acknowledge[sd]?|case (?:number|id)|ticket)\b/i,
  },
  {
    outcome: "acknowledged",
    code: "under-review",
    pattern: /\b(under review|reviewing|being reviewed)\b/i,
  },
];

/**
 * The reply's own text: quoted lines (`>`) and everything from a quote header (`On ... wrote:`,
 * `-----Original Message-----`) on are dropped, so the agency's own words are never read as the answer.
 *
 * @example
 * ```ts
 * ownText("Removed.\n\nOn Mon, CTU wrote:\n> Suspend the account"); // "Removed."
 * ```
 */
export function ownText(text: string): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*On .+wrote:\s*$/i.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

/**
 * Reads the outcome of a reply from its subject and text, or `undefined` when nothing matched. `at` (the
 * reply's date) bounds what an "until" may be: an end not after the reply is not read as one.
 *
 * @example
 * ```ts
 * classifyReply("Re: [RK-req-1-3f2a9c1b]", "RK-STATUS: rejected no violation of local law"); // { outcome: "rejected", reasonCode: "no-violation", reason: "no violation of local law", rule: "status-line" }
 * classifyReply("Re: referral", "The account has been suspended."); // { outcome: "actioned", ... }
 * ```
 */
export function classifyReply(
  subject: string,
  text: string,
  options: { readonly at?: string | number } = {},
): ReplyReading | undefined {
  const own = ownText(text);
  const at = options.at === undefined ? Number.NEGATIVE_INFINITY : new Date(options.at).getTime();
  const withDetail = (reading: ReplyReading, words: string): ReplyReading => {
    if (reading.outcome !== "actioned" && reading.outcome !== "rejected") return reading;
    const detail = replyDetail(reading.outcome, words, Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at);
    return detail ? { ...reading, detail } : reading;
  };
  const line = STATUS_LINE.exec(own);
  if (line) {
    const outcome = line[1]!.toLowerCase() as ReplyOutcome;
    const reason = line[2]?.trim() || undefined;
    const code = reason
      ? RULES.find((rule) => rule.outcome === outcome && rule.pattern.test(reason))?.code
      : undefined;
    return withDetail({ outcome, reasonCode: code ?? "stated", reason, rule: "status-line" }, own);
  }
  const body = `${stripReplyPrefix(subject)}\n${own}`;
  // The first outcome with any match wins (negative before positive); its first matching code says why.
  const ambiguous = AMBIGUOUS_ALREADY.test(body);
  for (const outcome of OUTCOME_ORDER) {
    // Wording that may mean "done before your report" reads as no action and no acknowledgement either.
    if (ambiguous && (outcome === "actioned" || outcome === "acknowledged")) break;
    for (const rule of RULES) {
      if (rule.outcome !== outcome) continue;
      const match = rule.pattern.exec(body);
      if (match) {
        const reason = sentenceAround(body, match.index);
        return withDetail({ outcome, reasonCode: rule.code, reason, rule: "keyword" }, own);
      }
    }
  }
  return undefined;
}

const OUTCOME_ORDER: readonly ReplyOutcome[] = ["rejected", "needs-information", "actioned", "acknowledged"];

function stripReplyPrefix(subject: string): string {
  return subject.replace(/^\s*((re|fw|fwd|aw|antw)\s*:\s*)+/i, "").replace(/\[?RK-[^\s\]]+\]?/g, "");
}

/** The sentence (or line) holding the match, trimmed to 500 characters. */
function sentenceAround(text: string, index: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf("\n"), before.search(/[.!?]\s[^.!?]*$/) + 1, 0);
  const rest = text.slice(index);
  const endMatch = /[.!?](\s|$)|\n/.exec(rest);
  const end = endMatch ? index + endMatch.index + 1 : text.length;
  return text.slice(start, end).replace(/\s+/g, " ").trim().slice(0, 500);
}

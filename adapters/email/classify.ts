/**
 * Reading what a platform's reply says. An explicit machine line wins (`RK-STATUS: <outcome> [reason]`,
 * which the referral email asks for); otherwise documented keyword rules run over the reply's own text
 * (quoted lines and the quoted original are removed first), in this order, first match wins:
 *
 * 1. `rejected`: declined, rejected, refused, unable to act, will not act, no violation, not removed;
 * 2. `needs-information`: more/additional/further information, please provide/clarify, court order required;
 * 3. `actioned`: removed, suspended, taken down, withheld, restricted, disabled, blocked, terminated;
 * 4. `acknowledged`: received, acknowledged, under review, reviewing, case number, ticket.
 *
 * Negative wording is checked before positive, so "we have not removed" is never read as an action.
 * Nothing matched: the reply is listed for a person, never guessed.
 */

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
 * What a reply says, and why the parser thinks so.
 *
 * @example
 * ```ts
 * const reading: ReplyReading = { outcome: "rejected", reason: "No violation of our policies found.", rule: "keyword" };
 * ```
 */
export interface ReplyReading {
  readonly outcome: ReplyOutcome;
  /** The platform's words: the rest of the RK-STATUS line, or the sentence that matched. */
  readonly reason: string | undefined;
  /** `status-line` for an explicit `RK-STATUS:` line, `keyword` for the keyword rules. */
  readonly rule: "status-line" | "keyword";
}

const STATUS_LINE = /^\s*RK-STATUS:\s*(acknowledged|actioned|rejected|needs-information)\b[ \t:-]*(.*)$/im;

const RULES: readonly { outcome: ReplyOutcome; pattern: RegExp }[] = [
  {
    outcome: "rejected",
    pattern:
      /\b(declined?|reject(?:ed)?|refused?|unable to (?:act|take action|comply|remove)|will not (?:act|take action|remove|suspend)|cannot (?:act|take action|remove)|no violation|does not violate|not in violation|not (?:been )?(?:removed|suspended|actioned))\b/i,
  },
  {
    outcome: "needs-information",
    pattern:
      /\b((?:more|additional|further) (?:information|details)|please (?:provide|send|clarify|confirm)|could you (?:provide|clarify)|court order (?:is )?required|need(?:s)? (?:more|additional|a valid))\b/i,
  },
  {
    outcome: "actioned",
    pattern:
      /\b(removed|suspended|taken down|withheld|restricted|disabled|blocked|terminated|actioned|has been actioned)\b/i,
  },
  {
    outcome: "acknowledged",
    pattern:
      /\b(received|acknowledge[sd]?|under review|reviewing|being reviewed|case (?:number|id)|ticket)\b/i,
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
 * Reads the outcome of a reply from its subject and text, or `undefined` when nothing matched.
 *
 * @example
 * ```ts
 * classifyReply("Re: [RK-req-1-3f2a9c1b]", "RK-STATUS: rejected no violation of local law"); // { outcome: "rejected", reason: "no violation of local law", rule: "status-line" }
 * classifyReply("Re: referral", "The account has been suspended."); // { outcome: "actioned", ... }
 * ```
 */
export function classifyReply(subject: string, text: string): ReplyReading | undefined {
  const own = ownText(text);
  const line = STATUS_LINE.exec(own);
  if (line) {
    const reason = line[2]?.trim();
    return {
      outcome: line[1]!.toLowerCase() as ReplyOutcome,
      reason: reason || undefined,
      rule: "status-line",
    };
  }
  const body = `${stripReplyPrefix(subject)}\n${own}`;
  for (const rule of RULES) {
    const match = rule.pattern.exec(body);
    if (match) return { outcome: rule.outcome, reason: sentenceAround(body, match.index), rule: "keyword" };
  }
  return undefined;
}

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

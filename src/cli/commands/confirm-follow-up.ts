import { canonicalJson } from "../../domain/canonical-json.js";
import type { Actor } from "../../domain/schemas/common.js";
import { ESCALATION_LEVELS, type EscalationLevel } from "../../domain/schemas/follow-up.js";
import { RequestEvent, type RequestEventOf } from "../../domain/schemas/request.js";
import { UsageError } from "../command.js";
import { timeOption } from "../options.js";
import { closest } from "../suggest.js";

/** The follow-up events `confirm --follow-up` records. */
export const FOLLOW_UPS = [
  "acknowledged",
  "information-requested",
  "information-supplied",
  "escalated",
] as const;

/** A follow-up event `confirm` can record. */
export type FollowUpEvent =
  | RequestEventOf<"acknowledged">
  | RequestEventOf<"information-requested">
  | RequestEventOf<"information-supplied">
  | RequestEventOf<"escalated">;

/** The command line's follow-up options, as typed. */
export interface FollowUpOptions {
  readonly "follow-up"?: string | undefined;
  readonly "follow-up-at"?: string | undefined;
  readonly question?: string | undefined;
  readonly level?: string | undefined;
  readonly to?: string | undefined;
  readonly why?: string | undefined;
}

/** What a question stands for when the agency gives no summary of it. */
const NO_SUMMARY = "the platform asks for more information";

/**
 * Personal data that must not reach a history from a typed summary: an email address or a phone number,
 * international (`+92 300 1234567`) or with a trunk prefix (`0300 1234567`), so dates and case numbers
 * (`2025-03-01`, `TG-2025-0042`) pass. A person's name cannot be told apart from an office's, so the help
 * asks for the agency's own words; these two are refused outright.
 */
const PERSONAL = [
  { what: "an email address", pattern: /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/ },
  { what: "a phone number", pattern: /(?:\+\d(?:[\s().-]*\d){6,}|(?<![\w-])0\d{2,4}[\s-]?\d{6,8}\b)/ },
];

/**
 * The follow-up event the command line describes, checked by `RequestEvent`; `undefined` without
 * `--follow-up`. `platformRef` is the confirmation number (kept on `acknowledged` and the question).
 *
 * @throws {UsageError} an unknown follow-up or level, an option that belongs to another follow-up, an
 * escalation without level, recipient or reason, text that carries personal data.
 */
export function followUpEvent(
  values: FollowUpOptions,
  context: { now: string; by: Actor; platformRef: string },
): FollowUpEvent | undefined {
  const type = values["follow-up"];
  const escalation = values.level !== undefined || values.to !== undefined || values.why !== undefined;
  if (type === undefined) {
    if (escalation)
      throw new UsageError("--level, --to and --why describe an escalation: give --follow-up escalated");
    if (values.question !== undefined) {
      throw new UsageError("--question describes a question: give --follow-up information-requested");
    }
    if (values["follow-up-at"] !== undefined) throw new UsageError("--follow-up-at needs --follow-up");
    return undefined;
  }
  const known = FOLLOW_UPS.find((name) => name === type);
  if (!known) {
    const near = closest(type, FOLLOW_UPS);
    throw new UsageError(
      `--follow-up: "${type}" is not one of ${FOLLOW_UPS.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`,
    );
  }
  if (values.question !== undefined && known !== "information-requested") {
    throw new UsageError("--question goes with --follow-up information-requested");
  }
  if (escalation && known !== "escalated") {
    throw new UsageError("--level, --to and --why go with --follow-up escalated");
  }
  const at =
    values["follow-up-at"] === undefined
      ? context.now
      : timeOption("--follow-up-at", values["follow-up-at"]).iso;
  const base = { at, by: context.by, note: `recorded by hand by ${context.by.id}` };
  let event: RequestEvent;
  switch (known) {
    case "acknowledged":
      event = { type: known, ...base, platformRef: context.platformRef };
      break;
    case "information-requested":
      event = {
        type: known,
        ...base,
        question: clean("--question", values.question) ?? NO_SUMMARY,
        platformRef: context.platformRef,
      };
      break;
    case "information-supplied":
      event = { type: known, ...base };
      break;
    case "escalated": {
      const missing = (["level", "to", "why"] as const).filter((name) => !values[name]?.trim());
      if (missing.length > 0) {
        throw new UsageError(`an escalation needs ${missing.map((name) => `--${name}`).join(", ")}`);
      }
      event = {
        type: known,
        ...base,
        level: level(values.level!),
        to: clean("--to", values.to)!,
        reason: clean("--why", values.why)!,
      };
      break;
    }
  }
  const parsed = RequestEvent.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`the ${known} event is not valid: ${String(issue.path[0] ?? "")} ${issue.message}`);
  }
  return parsed.data as FollowUpEvent;
}

function level(value: string): EscalationLevel {
  const known = ESCALATION_LEVELS.find((name) => name === value);
  if (known) return known;
  const near = closest(value, ESCALATION_LEVELS);
  throw new UsageError(
    `--level: "${value}" is not one of ${ESCALATION_LEVELS.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`,
  );
}

/** Trimmed text, refused when it carries personal data. */
function clean(flag: string, value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  for (const { what, pattern } of PERSONAL) {
    if (pattern.test(text)) {
      throw new UsageError(
        `${flag} looks like it carries personal data (${what}): a history keeps the agency's own summary, never a person's details`,
      );
    }
  }
  return text;
}

/**
 * The same follow-up (its content, whatever the time) is the history's latest of its type, with no other
 * follow-up after it: recording it again would say twice that it happened.
 */
export function alreadyFollowedUp(events: readonly RequestEvent[], event: FollowUpEvent): boolean {
  const index = events.findLastIndex((e) => e.type === event.type);
  if (index < 0) return false;
  const later = events.slice(index + 1);
  if (later.some((e) => (FOLLOW_UPS as readonly string[]).includes(e.type))) return false;
  return content(events[index]!) === content(event);
}

/** An event without when, by whom and the note: what it says. */
function content(event: RequestEvent): string {
  const { at: _at, by: _by, note: _note, ...rest } = event;
  return canonicalJson(rest);
}

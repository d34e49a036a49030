/**
 * Which targets a reply names, and what it says about each. A reply to an email that listed several
 * targets may answer them one by one ("https://x.com/a has been suspended. @b: no violation found."): each
 * target named by link, handle or the target key the email listed gets the reading of the words about
 * it. Conservative like the rest of the reader: a target the reply does not name gets nothing, a target
 * named twice with two different readings gets nothing, and a named target the request does not hold is
 * reported, never recorded.
 */
import { safeParseTarget, targetKey } from "referral-kit";
import type { TargetOutcome } from "referral-kit/adapter";
import { classifyReply, type ReplyReading } from "./classify.js";

/** What a reply says about the targets it names. */
export interface NamedTargets {
  /** One per named target of the request with a clear reading, in the order first named. */
  readonly outcomes: readonly TargetOutcome[];
  /** Targets of the request the reply names (with or without a clear reading). */
  readonly named: readonly string[];
  /** Targets the reply names that the request does not hold (their keys, or the link as written). */
  readonly unknown: readonly string[];
}

/** Links to the built-in platforms, with or without a scheme (never a subdomain like `help.x.com`). */
const LINK =
  /(?:https?:\/\/[^\s<>()"'[\]]+|(?<![\w.-])(?:(?:www|mobile|m)\.)?(?:x|twitter|facebook|fb|instagram|tiktok)\.com\/[^\s<>()"'[\]]*|(?<![\w.-])(?:t|telegram|wa)\.me\/[^\s<>()"'[\]]*)/gi;
/** A bare handle: `@name`, not part of an email address or a link. */
const HANDLE = /(?<![\w@./:-])@([A-Za-z0-9_.]{1,64})/g;
const TRAILING = /[.,;:!?]+$/;

interface Context {
  /** The request's keys, by their lower-case form. */
  readonly keys: ReadonlyMap<string, string>;
  /** The one platform all the keys are on (for handles), if there is one. */
  readonly platform: string | undefined;
  /** `x|telegram`: the platforms of the keys, for key-like words the email did not list. */
  readonly keyWord: RegExp | undefined;
}

/**
 * Reads what a reply's own text (quotes removed) says about each target it names. `keys` are the target
 * keys the email listed; `at` is the reply's date (bounds an `until`).
 *
 * @example
 * ```ts
 * namedTargets("https://x.com/a has been suspended.\n@b: no violation found.", ["x:a", "x:b"], "2025-03-04T09:15:00Z");
 * // { outcomes: [{ key: "x:a", outcome: "actioned", measure: "account-suspended" },
 * //   { key: "x:b", outcome: "rejected", measure: "no-action", reasonCode: "not-violating" }], named: ["x:a", "x:b"], unknown: [] }
 * ```
 */
export function namedTargets(text: string, keys: readonly string[], at: string): NamedTargets {
  const context = contextOf(keys);
  const readings = new Map<string, (TargetOutcome | undefined)[]>();
  const unknown = new Set<string>();
  for (const paragraph of text.split(/\n\s*\n/)) {
    // A line or sentence naming targets starts a block; the sentences after it that name none belong to
    // it (a heading line with the decision below), up to the next one naming targets or the paragraph's end.
    let block: { keys: string[]; handles: string[]; first: string; rest: string[] } | undefined;
    const close = () => {
      if (!block) return;
      const reading = readingOf(block.first, at) ?? readingOf([block.first, ...block.rest].join(" "), at);
      for (const key of block.keys) {
        const list = readings.get(key) ?? [];
        list.push(reading && toTargetOutcome(key, reading));
        readings.set(key, list);
      }
      // A bare handle the request does not hold counts only when a decision is said about it: otherwise it
      // is the platform's own account in a signature or a "follow @Safety" line, not a target.
      if (reading) for (const handle of block.handles) unknown.add(handle);
      block = undefined;
    };
    for (const segment of segmentsOf(paragraph)) {
      const found = mentionsIn(segment, context);
      for (const key of found.unknown) unknown.add(key);
      if (found.known.length > 0 || found.unknownHandles.length > 0) {
        close();
        block = { keys: found.known, handles: found.unknownHandles, first: segment, rest: [] };
      } else if (found.unknown.length > 0) {
        close();
      } else block?.rest.push(segment);
    }
    close();
  }
  const outcomes: TargetOutcome[] = [];
  for (const [, list] of readings) {
    const said = list.filter((reading): reading is TargetOutcome => reading !== undefined);
    const distinct = new Set(said.map((reading) => JSON.stringify(reading)));
    if (distinct.size === 1) outcomes.push(said[0]!);
  }
  return { outcomes, named: [...readings.keys()], unknown: [...unknown] };
}

function contextOf(keys: readonly string[]): Context {
  const platforms = new Set(keys.map((key) => key.slice(0, key.indexOf(":"))).filter((p) => p.length > 0));
  const escaped = [...platforms].map((platform) => platform.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    keys: new Map(keys.map((key) => [key.toLowerCase(), key])),
    platform: platforms.size === 1 ? [...platforms][0] : undefined,
    keyWord:
      escaped.length > 0
        ? new RegExp(`(?<![\\w/.@-])(?:${escaped.join("|")}):[A-Za-z0-9_+./:-]+`, "gi")
        : undefined,
  };
}

/** Lines, then sentences. */
function segmentsOf(paragraph: string): string[] {
  return paragraph
    .split(/\r?\n/)
    .flatMap((line) => line.split(/(?<=[.!?;])\s+/))
    .map((segment) => segment.trim())
    .filter((segment) => segment.length > 0);
}

/** The targets a segment names: links, then key-like words, then handles, each masked once read. */
function mentionsIn(
  segment: string,
  context: Context,
): { known: string[]; unknown: string[]; unknownHandles: string[] } {
  const known = new Set<string>();
  const unknown = new Set<string>();
  const unknownHandles = new Set<string>();
  const note = (key: string | undefined, written: string, strangers = unknown) => {
    const own = key === undefined ? undefined : context.keys.get(key.toLowerCase());
    if (own) known.add(own);
    else strangers.add(key ?? written);
  };
  const mask = (text: string, pattern: RegExp, each: (word: string) => boolean) =>
    text.replace(pattern, (match) => (each(match) ? " ".repeat(match.length) : match));
  let rest = mask(segment, LINK, (match) => {
    const link = match.replace(TRAILING, "");
    const parsed = safeParseTarget(link);
    // A link that is no target (a help page, a policy) is not a mention.
    if (parsed.success) note(targetKey(parsed.data), link);
    return parsed.success;
  });
  if (context.keyWord) {
    rest = mask(rest, context.keyWord, (match) => {
      note(match.replace(TRAILING, ""), match);
      return true;
    });
  }
  if (context.platform) {
    const platform = context.platform;
    rest = mask(rest, HANDLE, (match) => {
      const parsed = safeParseTarget(match.replace(TRAILING, ""), { platform });
      if (parsed.success) note(targetKey(parsed.data), match, unknownHandles);
      return parsed.success;
    });
  }
  return { known: [...known], unknown: [...unknown], unknownHandles: [...unknownHandles] };
}

/** A decision (action or decline) read from the words about a target, or none. */
function readingOf(words: string, at: string): ReplyReading | undefined {
  const reading = classifyReply("", words, { at });
  return reading && (reading.outcome === "actioned" || reading.outcome === "rejected") ? reading : undefined;
}

function toTargetOutcome(key: string, reading: ReplyReading): TargetOutcome {
  const detail = reading.detail ?? {};
  if (reading.outcome === "rejected") {
    // A decline without a stated reason stays without one (never `other`, which says "a reason we know").
    return {
      key,
      outcome: "rejected",
      ...(detail.reasonCode ? { measure: "no-action" as const, reasonCode: detail.reasonCode } : {}),
    };
  }
  return { key, outcome: "actioned", ...detail };
}

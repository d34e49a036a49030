import type { PlatformId } from "../../domain/platforms.js";
import type { Actor } from "../../domain/schemas/common.js";
import {
  ACTION_GROUNDS,
  DECLINE_REASONS,
  OUTCOME_MEASURES,
  type OutcomeMeasure,
  PlatformOutcome,
} from "../../domain/schemas/outcome.js";
import { RequestEvent, type RequestEventOf } from "../../domain/schemas/request.js";
import { parseTarget } from "../../domain/targets/parse-target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { UsageError } from "../command.js";
import { timeOption } from "../options.js";
import { closest } from "../suggest.js";

/** A decision event `confirm` can record. */
export type DecisionEvent =
  | RequestEventOf<"actioned">
  | RequestEventOf<"partially-actioned">
  | RequestEventOf<"rejected">;

/** The decisions `--decision` accepts. */
export const DECISIONS = ["actioned", "partially-actioned", "rejected"] as const;

/** One `--outcome` as typed: for one target, or (no target) for every target no other names. */
interface OutcomeSpec {
  readonly text: string;
  readonly target?: string;
  readonly outcome: Omit<PlatformOutcome, "target">;
}

const FIELDS = ["scope", "ground", "until", "reason", "code"] as const;
type Field = (typeof FIELDS)[number];

/**
 * Reads one `--outcome` value: `[<target>] <measure> [scope=global|PK,IN] [ground=<ground>] [until=<time>]
 * [reason=<code>] [code=<platform code>]`, checked by `PlatformOutcome` so the command line accepts
 * exactly what a history may hold.
 *
 * @throws {UsageError} a word that is no measure or field, a value the domain refuses.
 */
export function parseOutcomeSpec(text: string): OutcomeSpec {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const flag = `--outcome ${JSON.stringify(text)}`;
  const isMeasure = (word: string | undefined): word is OutcomeMeasure =>
    word !== undefined && (OUTCOME_MEASURES as readonly string[]).includes(word);
  let target: string | undefined;
  if (!isMeasure(words[0])) target = words.shift();
  const measure = words.shift();
  if (!isMeasure(measure)) {
    const near = measure === undefined ? undefined : closest(measure, OUTCOME_MEASURES);
    throw new UsageError(
      `${flag}: ${measure === undefined ? "no measure" : `"${measure}" is not a measure`}${near ? ` (did you mean ${near}?)` : ""}; one of ${OUTCOME_MEASURES.join(", ")}`,
    );
  }
  const given = new Map<Field, string>();
  for (const word of words) {
    const equals = word.indexOf("=");
    const key = equals > 0 ? word.slice(0, equals) : word;
    if (!(FIELDS as readonly string[]).includes(key) || equals < 0) {
      const near = closest(key, FIELDS);
      throw new UsageError(
        `${flag}: "${word}" is not a field; write ${FIELDS.map((f) => `${f}=...`).join(", ")}${near ? ` (did you mean ${near}=?)` : ""}`,
      );
    }
    if (given.has(key as Field)) throw new UsageError(`${flag}: ${key} is given twice`);
    given.set(key as Field, word.slice(equals + 1));
  }
  const outcome: Record<string, unknown> = { target: target ?? "*", measure };
  const scope = given.get("scope");
  // Country codes are upper case in the taxonomy; a typed "pk" means PK, never a different country.
  if (scope !== undefined) outcome.scope = scope === "global" ? scope : scope.toUpperCase().split(",");
  const ground = given.get("ground");
  if (ground !== undefined) outcome.ground = ground;
  const until = given.get("until");
  if (until !== undefined) outcome.until = timeOption(`${flag} until`, until).iso;
  const reason = given.get("reason");
  if (reason !== undefined) outcome.reasonCode = reason;
  const code = given.get("code");
  if (code !== undefined) outcome.platformCode = code;
  const parsed = PlatformOutcome.safeParse(outcome);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const choices =
      field === "ground"
        ? ` (one of ${ACTION_GROUNDS.join(", ")})`
        : field === "reasonCode"
          ? ` (one of ${DECLINE_REASONS.join(", ")})`
          : "";
    throw new UsageError(
      `${flag}: ${field ? `${field === "reasonCode" ? "reason" : field}: ` : ""}${issue.message}${choices}`,
    );
  }
  const { target: _ignored, ...rest } = parsed.data;
  return { text, ...(target === undefined ? {} : { target }), outcome: rest };
}

/**
 * The request's target key a typed target means: the key itself, or any link or handle that parses to
 * one of the request's keys (`https://x.com/SomeName` or `@SomeName` for `x:somename`).
 */
function resolveTarget(typed: string, keys: readonly string[], platform?: PlatformId): string | undefined {
  if (keys.includes(typed)) return typed;
  try {
    const key = targetKey(parseTarget(typed, platform === undefined ? {} : { platform }));
    return keys.includes(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns the `--outcome` values into per-target outcomes for a request with `keys`: named targets first,
 * then the one unnamed value (if any) for every target no other names.
 *
 * @throws {UsageError} two values for one target, two without a target, one for no target left.
 * @throws {UnknownTargetError} a target that is not one of the request's.
 */
export function outcomesFor(
  specs: readonly OutcomeSpec[],
  keys: readonly string[],
  platform?: PlatformId,
): PlatformOutcome[] {
  const outcomes: PlatformOutcome[] = [];
  const named = new Set<string>();
  const rest = specs.filter((spec) => spec.target === undefined);
  if (rest.length > 1) {
    throw new UsageError("only one --outcome may leave out the target (it covers every target not named)");
  }
  for (const spec of specs) {
    if (spec.target === undefined) continue;
    const key = resolveTarget(spec.target, keys, platform);
    if (key === undefined) throw new UnknownTargetError(spec.target, keys);
    if (named.has(key)) throw new UsageError(`two --outcome values for ${key}`);
    named.add(key);
    outcomes.push({ target: key, ...spec.outcome });
  }
  if (rest[0]) {
    const others = keys.filter((key) => !named.has(key));
    if (others.length === 0) {
      throw new UsageError(
        `--outcome ${JSON.stringify(rest[0].text)} names no target, and every target is named`,
      );
    }
    for (const key of others) outcomes.push({ target: key, ...rest[0].outcome });
  }
  return outcomes;
}

/** An `--outcome` for a target the request does not have (exit 1: the store decides, not the syntax). */
export class UnknownTargetError extends Error {
  constructor(typed: string, keys: readonly string[]) {
    super(`the request has no target ${JSON.stringify(typed)} (its targets: ${keys.join(", ")})`);
    this.name = "UnknownTargetError";
  }
}

/**
 * The decision event for the outcomes: `--decision` when given, else the one they imply (all declined:
 * `rejected`; every target acted on: `actioned`; otherwise `partially-actioned`). Checked by
 * `RequestEvent`, so an `until` not after the decision, or a rejection that acts, is a usage error.
 *
 * @throws {UsageError} the event the command line describes is not a valid decision.
 */
export function decisionEvent(input: {
  decision: (typeof DECISIONS)[number] | undefined;
  outcomes: readonly PlatformOutcome[];
  keys: readonly string[];
  at: string;
  by: Actor;
  platformText: string | undefined;
}): DecisionEvent {
  const { outcomes, keys, at, by } = input;
  const acted = outcomes.filter((o) => o.measure !== "no-action").map((o) => o.target);
  const type =
    input.decision ??
    (acted.length === 0 ? "rejected" : acted.length === keys.length ? "actioned" : "partially-actioned");
  if (type === "partially-actioned" && acted.length === 0) {
    throw new UsageError("a partially-actioned decision needs an --outcome for each target acted on");
  }
  const detail = outcomes.length > 0 ? { outcomes: [...outcomes] } : {};
  const text = input.platformText?.trim() || undefined;
  const note = `portal answer recorded by ${by.id}`;
  const event =
    type === "rejected"
      ? {
          type,
          at,
          by,
          reason:
            text ??
            `declined through the portal${outcomes.length > 0 ? ` (${[...new Set(outcomes.map((o) => o.reasonCode ?? o.measure))].join(", ")})` : ""}`,
          ...detail,
          note,
        }
      : {
          type,
          at,
          by,
          ...(acted.length > 0 ? { targets: acted } : {}),
          ...detail,
          note: text ? `${note}: ${text}` : note,
        };
  const parsed = RequestEvent.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`the ${type} decision is not valid: ${issue.message}`);
  }
  return parsed.data as DecisionEvent;
}

/** The outcomes in one line each way a person reads them: `x:a account-suspended PK until 2025-04-01`. */
export function describeOutcome(outcome: PlatformOutcome): string {
  const parts: string[] = [outcome.target, outcome.measure];
  if (outcome.scope !== undefined)
    parts.push(outcome.scope === "global" ? "global" : outcome.scope.join(","));
  if (outcome.ground !== undefined) parts.push(outcome.ground);
  if (outcome.until !== undefined) parts.push(`until ${outcome.until}`);
  if (outcome.reasonCode !== undefined) parts.push(outcome.reasonCode);
  return parts.join(" ");
}

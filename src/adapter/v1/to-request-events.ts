import type { RequestStatus } from "../../domain/lifecycle.js";
import type { Actor } from "../../domain/schemas/common.js";
import type { PlatformOutcome } from "../../domain/schemas/outcome.js";
import { RequestEvent, type RequestKind } from "../../domain/schemas/request.js";
import { ProtocolError } from "../errors.js";
import { kindEvent } from "./disclosure-answer.js";
import type { StatusUpdate, TargetOutcome } from "./spec.js";

const MAX_TEXT = 5000;

/**
 * Turns a status update into request events, ready to append to the request's history.
 *
 * | outcome | events |
 * | --- | --- |
 * | `pending` | none: nothing has happened yet that the lifecycle records |
 * | `acknowledged` | `acknowledged` with the platform reference |
 * | `needs-information` | `information-requested` with the platform's question (its clock stops) |
 * | `actioned` | `actioned`, with the actioned target keys when the platform gave per-target outcomes |
 * | `partially-actioned` | `partially-actioned` with the actioned target keys |
 * | `rejected` | `rejected` with the platform's reason |
 * | `withdrawn` | `withdrawn` with the reason the platform records (none new when already withdrawn) |
 *
 * With `kind` given, a `disclose-data` decision becomes `produced` or `partially-produced` with a receipt
 * of the files in the update's `disclosure` answer (or `no-data`), and a `preserve` decision `preserved`.
 *
 * Per-target detail (`measure`, `scope`, `ground`, `until`, `reasonCode`, `platformCode` on the update's
 * targets) becomes the decision event's `outcomes`; targets without it add none, so an adapter that says
 * nothing about how the platform acted gives the same events as before. A rejected target's `reason` is
 * kept as the outcome's `platformText`. The caller should still act on a `needs-information` update
 * (tell a person, then record `information-supplied`). Every event's note names the platform's own state,
 * for audit.
 *
 * @throws {ProtocolError} the update cannot become valid events (a partial action naming no actioned
 * target, a time without a zone).
 *
 * @example
 * ```ts
 * import { requestState } from "referral-kit";
 * import { toRequestEvents } from "referral-kit/adapter";
 *
 * const update = await adapter.getStatus({ platformRef }, { signal });
 * const events = toRequestEvents(update, { current: requestState(request).status, by: { id: "adapter:x" } });
 * request = { ...request, events: [...request.events, ...events] };
 * ```
 */
export function toRequestEvents(
  update: StatusUpdate,
  options: {
    /**
     * The request's current status (from `requestState`). When given, events that tell nothing new are
     * left out: a repeat of the current state, or an `acknowledged` once the request is past it. Without
     * it, every mapped event is returned.
     */
    current?: RequestStatus;
    /** Who to record as the actor (e.g. `{ id: "adapter:x" }`). */
    by?: Actor;
    /**
     * The request's kind: a `disclose-data` or `preserve` decision becomes `produced`, `partially-produced`,
     * `no-data` or `preserved` from the update's `disclosure` answer (the production receipt records the
     * files the platform declares, received by `by` through `channel`).
     */
    kind?: RequestKind;
    /** The channel a production arrives through, for its receipt (default `api`). */
    channel?: string;
  } = {},
): RequestEvent[] {
  const generic = mapUpdate(update, options.by);
  const event =
    generic &&
    kindEvent(generic, {
      kind: options.kind,
      answer: update.disclosure,
      platformRef: update.platformRef,
      current: options.current,
      by: options.by,
      channel: options.channel,
    });
  if (!event) return [];
  if (options.current !== undefined && !isNews(event.type, options.current)) return [];
  const parsed = RequestEvent.safeParse(event);
  if (!parsed.success) {
    throw ProtocolError.fromZod(parsed.error, {
      reason: `status update for ${update.platformRef} does not make a valid "${event.type}" event`,
    });
  }
  return [parsed.data];
}

function mapUpdate(update: StatusUpdate, by: Actor | undefined): RequestEvent | undefined {
  const base = { at: update.at, ...(by ? { by } : {}) };
  const state = `platform state ${JSON.stringify(update.platformState)}`;
  const actioned = update.targets?.filter((target) => target.outcome === "actioned").map((t) => t.key);
  switch (update.outcome) {
    case "pending":
      return undefined;
    case "acknowledged":
      return {
        type: "acknowledged",
        ...base,
        platformRef: update.platformRef,
        note: note(state, update.reason),
      };
    case "needs-information":
      return {
        type: "information-requested",
        ...base,
        platformRef: update.platformRef,
        question: clip(update.reason.trim() || "the platform asks for more information"),
        note: note(state, undefined),
      };
    case "actioned":
      return {
        type: "actioned",
        ...base,
        ...(actioned && actioned.length > 0 ? { targets: actioned } : {}),
        ...outcomesOf(update.targets),
        note: note(state, update.reason),
      };
    case "partially-actioned":
      if (!actioned || actioned.length === 0) {
        throw new ProtocolError({
          reason: `status update for ${update.platformRef} is "partially-actioned" but names no actioned target`,
        });
      }
      return {
        type: "partially-actioned",
        ...base,
        targets: actioned,
        ...outcomesOf(update.targets),
        note: note(state, update.reason),
      };
    case "rejected":
      return {
        type: "rejected",
        ...base,
        reason: clip(update.reason.trim() || "no reason given"),
        ...outcomesOf(update.targets),
        note: note(state, undefined),
      };
    case "withdrawn":
      return {
        type: "withdrawn",
        ...base,
        reason: clip(update.reason.trim() || "no reason given"),
        note: note(state, undefined),
      };
  }
}

/**
 * The per-target outcomes an update's targets carry: one for each decided target with a `measure` (or a
 * `reasonCode`, which implies `no-action`); none when no target says how the platform acted.
 */
function outcomesOf(targets: readonly TargetOutcome[] | undefined): { outcomes?: PlatformOutcome[] } {
  const outcomes: PlatformOutcome[] = [];
  for (const target of targets ?? []) {
    if (target.outcome === "pending") continue;
    const measure = target.measure ?? (target.reasonCode !== undefined ? "no-action" : undefined);
    if (measure === undefined) continue;
    const outcome: PlatformOutcome = { target: target.key, measure };
    if (target.scope !== undefined) outcome.scope = target.scope;
    if (target.ground !== undefined) outcome.ground = target.ground;
    if (target.until !== undefined) outcome.until = target.until;
    if (target.reasonCode !== undefined) outcome.reasonCode = target.reasonCode;
    else if (measure === "no-action") outcome.reasonCode = "other";
    if (target.platformCode !== undefined) outcome.platformCode = clip(target.platformCode, 200);
    if (target.reason?.trim()) outcome.platformText = clip(target.reason.trim());
    outcomes.push(outcome);
  }
  return outcomes.length > 0 ? { outcomes } : {};
}

/** Past these states an `acknowledged` adds nothing. */
const PAST_ACKNOWLEDGED: ReadonlySet<RequestStatus> = new Set([
  "acknowledged",
  "actioned",
  "partially-actioned",
  "rejected",
  "withdrawn",
  "appealed",
  "reinstated",
]);

function isNews(type: RequestEvent["type"], current: RequestStatus): boolean {
  if (type === current) return false;
  // The same question again, or one already answered and decided since, is not news.
  // A question is news while the request waits on the platform. Once answered, the platform may still
  // show its old "needs information" state until it looks again: a second question after an answer is
  // recorded when the platform's state has moved on in between (or by hand).
  if (
    type === "information-requested" &&
    (current === "information-supplied" || (PAST_ACKNOWLEDGED.has(current) && current !== "acknowledged"))
  ) {
    return false;
  }
  if (type === "acknowledged" && PAST_ACKNOWLEDGED.has(current)) return false;
  return true;
}

function note(prefix: string, reason: string | undefined): string {
  return clip(reason?.trim() ? `${prefix}: ${reason.trim()}` : prefix);
}

function clip(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * How a status update of a `disclose-data` or `preserve` submission becomes the events of those kinds'
 * lifecycles. A platform's state still maps onto the removal outcomes (`actioned`, `rejected`, ...); the
 * update's `disclosure` answer says what that decision produced, and this module turns the generic event
 * into `produced`, `partially-produced`, `no-data` or `preserved`.
 */
import type { RequestStatus } from "../../domain/lifecycle.js";
import type { Actor } from "../../domain/schemas/common.js";
import type { DataCategory, ProducedFile } from "../../domain/schemas/disclosure.js";
import type { RequestEvent, RequestKind } from "../../domain/schemas/request.js";
import { ProtocolError } from "../errors.js";

/**
 * What a platform answered to a `disclose-data` or `preserve` submission, beside the generic outcome:
 *
 * - `produced`: the files it produced (or the package they came in), with the SHA-256 and size it
 *   declares (or, with `hashesFrom: "agency"`, that the agency computed from the bytes received), its
 *   reference for the production, the data categories it withheld, if any, and the `channel` it came
 *   through when the answer knows it (the email channel says `email`);
 * - `no-data`: it holds no data for the request (the generic outcome is then `actioned` or `rejected`,
 *   as the platform's own state says);
 * - `preserved`: it keeps the data, until `preservedUntil` when it says.
 *
 * @example
 * ```ts
 * const answer: DisclosureAnswer = {
 *   answer: "produced",
 *   productionRef: "PRD-2291",
 *   files: [{ name: "subscriber.csv", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 4 }],
 * };
 * ```
 */
export type DisclosureAnswer =
  | {
      readonly answer: "produced";
      readonly files: readonly ProducedFile[];
      readonly package?: ProducedFile;
      readonly productionRef?: string;
      readonly withheld?: readonly DataCategory[];
      /** How the production arrived, for its receipt; else `toRequestEvents`' `channel`. */
      readonly channel?: string;
      /** Who computed the hashes: `platform` (default) declared them, `agency` hashed the bytes received. */
      readonly hashesFrom?: "platform" | "agency";
    }
  | { readonly answer: "no-data" }
  | { readonly answer: "preserved"; readonly preservedUntil?: string };

/** States past the platform's answer, where an `acknowledged` tells nothing new. */
const ANSWERED: ReadonlySet<RequestStatus> = new Set([
  "produced",
  "partially-produced",
  "no-data",
  "preserved",
  "preservation-extended",
  "production-requested",
]);

/**
 * Turns the generic event of a status update into the event of the request kind's own lifecycle, or
 * `undefined` when it tells nothing new. For other kinds the event is returned as it is.
 *
 * @throws {ProtocolError} a disclosure decided as produced without the production's files.
 *
 * @internal
 */
export function kindEvent(
  event: RequestEvent,
  context: {
    kind: RequestKind | undefined;
    answer: DisclosureAnswer | undefined;
    platformRef: string;
    current: RequestStatus | undefined;
    by: Actor | undefined;
    channel: string | undefined;
  },
): RequestEvent | undefined {
  const { kind, answer } = context;
  if (kind !== "disclose-data" && kind !== "preserve") return event;
  if (event.type === "acknowledged" && context.current !== undefined && ANSWERED.has(context.current)) {
    return undefined;
  }
  const base = {
    at: event.at,
    ...(event.by ? { by: event.by } : {}),
    ...(event.note ? { note: event.note } : {}),
  };
  const decided = event.type === "actioned" || event.type === "partially-actioned";
  if (answer?.answer === "no-data" && (decided || event.type === "rejected")) {
    return { type: "no-data", ...base, platformRef: context.platformRef };
  }
  if (!decided) return event;
  if (kind === "preserve") {
    const until = answer?.answer === "preserved" ? answer.preservedUntil : undefined;
    return {
      type: "preserved",
      ...base,
      platformRef: context.platformRef,
      ...(until ? { preservedUntil: until } : {}),
    };
  }
  if (answer?.answer !== "produced") {
    throw new ProtocolError({
      reason: `status update for ${context.platformRef} decides a disclosure as "${event.type}" but does not say what was produced`,
    });
  }
  const receipt = {
    receivedAt: event.at,
    receivedBy: context.by ?? { id: "adapter" },
    channel: answer.channel ?? context.channel ?? "api",
    platformRef: answer.productionRef ?? context.platformRef,
    ...(answer.package ? { package: answer.package } : {}),
    files: [...answer.files],
    hashesFrom: answer.hashesFrom ?? "platform",
  };
  const withheld = answer.withheld && answer.withheld.length > 0 ? [...answer.withheld] : undefined;
  const targets = event.type === "partially-actioned" ? event.targets : undefined;
  if (withheld === undefined && targets === undefined) return { type: "produced", ...base, receipt };
  return {
    type: "partially-produced",
    ...base,
    receipt,
    ...(withheld ? { withheld } : {}),
    ...(targets ? { targets } : {}),
  };
}

/**
 * The disclosure answer of a request sent in several calls, once every call has one: the files of all
 * productions (with the categories any of them withheld), `no-data` when every call found none, the
 * earliest end of the preservations; `undefined` while a call has no answer (or when they disagree).
 *
 * @internal
 */
export function mergeDisclosureAnswers(answers: readonly (DisclosureAnswer | undefined)[]): {
  disclosure?: DisclosureAnswer;
} {
  if (answers.length === 0 || answers.some((answer) => answer === undefined)) return {};
  const given = answers as readonly DisclosureAnswer[];
  const produced = given.filter((answer) => answer.answer === "produced");
  if (produced.length > 0) {
    if (given.some((answer) => answer.answer === "preserved")) return {};
    const withheld = [...new Set(produced.flatMap((answer) => answer.withheld ?? []))];
    return {
      disclosure: {
        answer: "produced",
        files: produced.flatMap((answer) => [...(answer.package ? [answer.package] : []), ...answer.files]),
        ...(withheld.length > 0 ? { withheld } : {}),
      },
    };
  }
  if (given.every((answer) => answer.answer === "no-data")) return { disclosure: { answer: "no-data" } };
  if (given.every((answer) => answer.answer === "preserved")) {
    const ends = given.map((answer) => (answer.answer === "preserved" ? answer.preservedUntil : undefined));
    const known = ends
      .filter((end): end is string => end !== undefined)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    return {
      disclosure: {
        answer: "preserved",
        ...(known.length === ends.length ? { preservedUntil: known[0]! } : {}),
      },
    };
  }
  return {};
}

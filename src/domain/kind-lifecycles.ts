/**
 * The lifecycles of `disclose-data` and `preserve` requests. A platform does not "action" a disclosure:
 * it produces the data (all or part), answers that it holds none, or refuses; a preservation is confirmed,
 * extended, and followed by the legal process for production. These tables take the place of the removal
 * table for those two kinds, and {@link genericDecision} tells the compliance figures what each of their
 * decisions counts as.
 */
import { IllegalTransitionError } from "./errors.js";
import { PreservationFold } from "./preservation.js";
import type { RequestContent, RequestEvent, RequestEventType, RequestKind } from "./schemas/request.js";
import { targetKey } from "./targets/target-key.js";

/** For each state, the events allowed next; a state missing from the table allows nothing. */
export type TransitionTable = Readonly<
  Partial<Record<"initial" | RequestEventType, readonly RequestEventType[]>>
>;

const SENDING = {
  initial: ["drafted"],
  drafted: ["approved", "withdrawn"],
  approved: ["approved", "submitted", "withdrawn"],
} as const;

/** The platform's answers to a disclosure. */
const DISCLOSURE_ANSWERS = ["produced", "partially-produced", "no-data", "rejected"] as const;
/** The platform's answers to a preservation request. */
const PRESERVATION_ANSWERS = ["preserved", "no-data", "rejected"] as const;

/**
 * The `disclose-data` lifecycle:
 * - after submission the platform acknowledges, produces (`produced`, `partially-produced`), answers
 *   `no-data`, or refuses (`rejected`, with per-target reason codes such as `legal-process-required`);
 *   a late answer after `expired` is still recorded;
 * - the platform's questions (`information-requested`, `information-supplied`) and escalation work as in
 *   the removal lifecycle;
 * - a partial production may be completed by more productions;
 * - `produced`, `no-data` and `withdrawn` are final; `rejected` is final unless escalated.
 *
 * @example
 * ```ts
 * DISCLOSURE_TRANSITIONS.submitted?.includes("produced"); // true
 * ```
 */
export const DISCLOSURE_TRANSITIONS: TransitionTable = Object.freeze({
  ...SENDING,
  submitted: [
    "acknowledged",
    "information-requested",
    ...DISCLOSURE_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  acknowledged: ["information-requested", ...DISCLOSURE_ANSWERS, "expired", "escalated", "withdrawn"],
  "information-requested": ["information-supplied", ...DISCLOSURE_ANSWERS, "escalated", "withdrawn"],
  "information-supplied": [
    "acknowledged",
    "information-requested",
    ...DISCLOSURE_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  expired: ["information-requested", ...DISCLOSURE_ANSWERS, "escalated", "withdrawn"],
  escalated: [
    "acknowledged",
    "information-requested",
    "information-supplied",
    ...DISCLOSURE_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  "partially-produced": ["produced", "partially-produced", "escalated"],
  produced: [],
  "no-data": [],
  rejected: ["escalated"],
  withdrawn: [],
});

/**
 * The `preserve` lifecycle:
 * - after submission the platform acknowledges, confirms (`preserved`), answers `no-data` (nothing to
 *   preserve) or refuses; a late answer after `expired` is still recorded; questions and escalation work
 *   as in the removal lifecycle;
 * - a preservation may be extended (within its rule's maximum) and is followed by `production-requested`
 *   once the legal process for production is issued; it may still be extended after that;
 * - `withdrawn` releases the preservation; `no-data` and `withdrawn` are final, `rejected` unless escalated.
 *
 * @example
 * ```ts
 * PRESERVATION_TRANSITIONS.preserved?.includes("preservation-extended"); // true
 * ```
 */
export const PRESERVATION_TRANSITIONS: TransitionTable = Object.freeze({
  ...SENDING,
  submitted: [
    "acknowledged",
    "information-requested",
    ...PRESERVATION_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  acknowledged: ["information-requested", ...PRESERVATION_ANSWERS, "expired", "escalated", "withdrawn"],
  "information-requested": ["information-supplied", ...PRESERVATION_ANSWERS, "escalated", "withdrawn"],
  "information-supplied": [
    "acknowledged",
    "information-requested",
    ...PRESERVATION_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  expired: ["information-requested", ...PRESERVATION_ANSWERS, "escalated", "withdrawn"],
  escalated: [
    "acknowledged",
    "information-requested",
    "information-supplied",
    ...PRESERVATION_ANSWERS,
    "expired",
    "escalated",
    "withdrawn",
  ],
  preserved: ["preservation-extended", "production-requested", "withdrawn"],
  "preservation-extended": ["preservation-extended", "production-requested", "withdrawn"],
  "production-requested": ["preservation-extended", "withdrawn"],
  "no-data": [],
  rejected: ["escalated"],
  withdrawn: [],
});

/**
 * The transition table of a request kind: {@link DISCLOSURE_TRANSITIONS}, {@link PRESERVATION_TRANSITIONS},
 * or the removal table given for every other kind.
 *
 * @internal
 */
export function kindTransitions(kind: RequestKind | undefined, removal: TransitionTable): TransitionTable {
  if (kind === "disclose-data") return DISCLOSURE_TRANSITIONS;
  if (kind === "preserve") return PRESERVATION_TRANSITIONS;
  return removal;
}

const GENERIC: Partial<Record<RequestEventType, "actioned" | "partially-actioned" | "rejected">> = {
  produced: "actioned",
  "partially-produced": "partially-actioned",
  // The form platforms publish counts requests "where some data was produced": an answer of no data
  // counts with the refusals there, and in the generic outcome; the disclosure figures keep it apart.
  "no-data": "rejected",
  preserved: "actioned",
};

/**
 * What a disclosure or preservation event counts as among the removal decisions (`produced` as
 * `actioned`, `partially-produced` as `partially-actioned`, `no-data` as `rejected`, `preserved` as
 * `actioned`), so the generic outcome and the compliance figures cover every kind; any other event type
 * is returned as it is.
 *
 * @example
 * ```ts
 * genericDecision("produced"); // "actioned"
 * genericDecision("rejected"); // "rejected"
 * ```
 */
export function genericDecision(type: RequestEventType): RequestEventType {
  return GENERIC[type] ?? type;
}

/**
 * The checks a kind's events need beyond the table, applied event by event by the lifecycle fold.
 *
 * @internal
 */
export function kindEventChecks(
  content: RequestContent,
): ((event: RequestEvent, index: number, from: string | null) => void) | undefined {
  if (content.kind === "preserve") {
    const fold = new PreservationFold(content);
    return (event, index, from) => fold.apply(event, index, from);
  }
  if (content.kind === "disclose-data") {
    const asked = content.disclosure?.dataCategories;
    let keys: Set<string> | undefined;
    return (event, index, from) => {
      if (event.type !== "partially-produced") return;
      const refuse = (reason: string) =>
        new IllegalTransitionError({ from, event: event.type, index, requestId: content.id, reason });
      const unknown = asked && event.withheld?.find((category) => !asked.includes(category));
      if (unknown) {
        throw refuse(
          `withheld category "${unknown}" was not asked for (the request asks for ${asked.join(", ")})`,
        );
      }
      keys ??= new Set(content.targets.map((entry) => targetKey(entry.target)));
      const stranger = event.targets?.find((key) => !keys!.has(key));
      if (stranger !== undefined) throw refuse(`target "${stranger}" is not one of the request's targets`);
    };
  }
  return undefined;
}

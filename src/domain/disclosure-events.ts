/**
 * Builders for the disclosure and preservation events. Each returns the event only after checking it
 * against the whole history (schema, transition table, preservation limits), so a caller that appends
 * what these return never stores a history the lifecycle refuses; on a problem they throw and nothing is
 * returned to write.
 */
import type { z } from "zod";
import { appendEvents, type RequestEventInput } from "./append-events.js";
import { ValidationError } from "./errors.js";
import { preservationRule, preservationState } from "./preservation.js";
import { addPreservationDuration, type PreservationRule } from "./preservation-presets.js";
import type { Actor } from "./schemas/common.js";
import type { DataCategory, DisclosureInstrument, ProductionReceipt } from "./schemas/disclosure.js";
import type { ReferralRequest, RequestEvent } from "./schemas/request.js";

/**
 * Builds the `produced` event (or `partially-produced`, when `withheld` names categories the platform did
 * not produce) that records a production and its receipt. To check the files on disk against the receipt
 * first, use `receiveProduction` from `referral-kit/verify`.
 *
 * @throws {ValidationError} the receipt is incomplete (the path points at the field).
 * @throws {IllegalTransitionError} the request cannot take a production now (not submitted, already answered).
 *
 * @example
 * ```ts
 * import { recordProduction } from "referral-kit";
 *
 * const event = recordProduction(request, {
 *   at: "2025-03-04T09:05:00Z",
 *   receipt: {
 *     receivedAt: "2025-03-04T09:00:00Z",
 *     receivedBy: { id: "officer-12" },
 *     channel: "portal-download",
 *     files: [{ name: "subscriber.csv", sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", size: 4 }],
 *   },
 * });
 * ```
 */
export function recordProduction(
  request: ReferralRequest,
  production: {
    at: string;
    by?: Actor;
    receipt: z.input<typeof ProductionReceipt>;
    withheld?: readonly DataCategory[];
    note?: string;
  },
): Extract<RequestEvent, { type: "produced" | "partially-produced" }> {
  const base = { at: production.at, ...optional(production) };
  const event =
    production.withheld && production.withheld.length > 0
      ? {
          type: "partially-produced" as const,
          ...base,
          receipt: production.receipt,
          withheld: [...production.withheld],
        }
      : { type: "produced" as const, ...base, receipt: production.receipt };
  return checked(request, event) as Extract<RequestEvent, { type: "produced" | "partially-produced" }>;
}

/**
 * Builds the `preserved` event: the platform confirmed the preservation. Without `preservedUntil` (the
 * platform did not say), the end is the request's preservation rule's period from submission, written
 * into the event so the history says it.
 *
 * @throws {PreservationLimitError} `preservedUntil` is past the rule's maximum.
 * @throws {IllegalTransitionError} the request is not a submitted `preserve` request.
 *
 * @example
 * ```ts
 * import { confirmPreservation } from "referral-kit";
 *
 * const event = confirmPreservation(request, { at: "2025-03-01T12:00:00Z", platformRef: "PR-1001" });
 * event.preservedUntil; // 60 days after submission for "eu-e-evidence"
 * ```
 */
export function confirmPreservation(
  request: ReferralRequest,
  confirmation: { at: string; by?: Actor; preservedUntil?: string; platformRef?: string; note?: string },
): Extract<RequestEvent, { type: "preserved" }> {
  const rule = preservationRule(request);
  const startedAt =
    request.kind === "preserve" ? preservationState(request, { asOf: confirmation.at }).startedAt : undefined;
  const until =
    confirmation.preservedUntil ??
    (rule === undefined ? undefined : addPreservationDuration(startedAt ?? confirmation.at, rule.period));
  const event = {
    type: "preserved" as const,
    at: confirmation.at,
    ...optional(confirmation),
    ...(until === undefined ? {} : { preservedUntil: normaliseTime(until) }),
    ...(confirmation.platformRef === undefined ? {} : { platformRef: confirmation.platformRef }),
  };
  return checked(request, event) as Extract<RequestEvent, { type: "preserved" }>;
}

/**
 * Builds the `preservation-extended` event. Give `preservedUntil`, or `extendBy` a duration counted from
 * the current end. The new end must be later than the current one, the preservation must not have ended
 * already, and the end must be within the rule's maximum (unless a production request lifted it).
 *
 * @throws {PreservationLimitError} the extension passes the rule's maximum.
 * @throws {IllegalTransitionError} the request is not preserved, already ended, or the time does not extend it.
 * @throws {ValidationError} neither `preservedUntil` nor `extendBy` gives an end.
 *
 * @example
 * ```ts
 * import { extendPreservation } from "referral-kit";
 *
 * const event = extendPreservation(request, {
 *   at: "2025-04-20T09:00:00Z",
 *   by: { id: "officer-12" },
 *   extendBy: { days: 30 },
 *   reason: "The European Production Order is being issued",
 * });
 * ```
 */
export function extendPreservation(
  request: ReferralRequest,
  extension: {
    at: string;
    by?: Actor;
    reason: string;
    preservedUntil?: string;
    extendBy?: PreservationRule["period"];
    note?: string;
  },
): Extract<RequestEvent, { type: "preservation-extended" }> {
  const current =
    request.kind === "preserve" ? preservationState(request, { asOf: extension.at }) : undefined;
  const until =
    extension.preservedUntil ??
    (extension.extendBy !== undefined && current?.preservedUntil !== undefined
      ? addPreservationDuration(current.preservedUntil, extension.extendBy)
      : undefined);
  if (until === undefined || !Number.isFinite(Date.parse(until))) {
    throw new ValidationError("preservation extension", [
      {
        path: ["preservedUntil"],
        message: "give preservedUntil (a time with a zone), or extendBy once the preservation has an end",
        code: "custom",
      },
    ]);
  }
  const event = {
    type: "preservation-extended" as const,
    at: extension.at,
    ...optional(extension),
    preservedUntil: normaliseTime(until),
    reason: extension.reason,
  };
  return checked(request, event) as Extract<RequestEvent, { type: "preservation-extended" }>;
}

/**
 * Builds the `production-requested` event: the legal process for producing the preserved data was issued
 * (for a European Preservation Order this lifts the 90-day maximum). Name the `disclose-data` request that
 * carries it when it is in the same ledger.
 *
 * @throws {IllegalTransitionError} the request is not a preserved `preserve` request.
 *
 * @example
 * ```ts
 * import { requestProduction } from "referral-kit";
 *
 * const event = requestProduction(preservation, {
 *   at: "2025-04-01T09:00:00Z",
 *   by: { id: "officer-12" },
 *   disclosureRequestId: "req-disclose-7",
 *   instrument: "european-production-order",
 * });
 * ```
 */
export function requestProduction(
  request: ReferralRequest,
  production: {
    at: string;
    by?: Actor;
    disclosureRequestId?: string;
    instrument?: DisclosureInstrument;
    reference?: string;
    note?: string;
  },
): Extract<RequestEvent, { type: "production-requested" }> {
  const event = {
    type: "production-requested" as const,
    at: production.at,
    ...optional(production),
    ...(production.disclosureRequestId === undefined
      ? {}
      : { disclosureRequestId: production.disclosureRequestId }),
    ...(production.instrument === undefined ? {} : { instrument: production.instrument }),
    ...(production.reference === undefined ? {} : { reference: production.reference }),
  };
  return checked(request, event) as Extract<RequestEvent, { type: "production-requested" }>;
}

/** An ISO time in UTC; an unreadable one is left as given for the schema to refuse with its path. */
function normaliseTime(value: string): string {
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : value;
}

function optional(values: { by?: Actor | undefined; note?: string | undefined }): {
  by?: Actor;
  note?: string;
} {
  return {
    ...(values.by === undefined ? {} : { by: values.by }),
    ...(values.note === undefined ? {} : { note: values.note }),
  };
}

/** Validates the event and folds the history with it (through `appendEvents`); returns the parsed event. */
function checked(request: ReferralRequest, event: RequestEventInput): RequestEvent {
  return appendEvents(request, [event]).events.at(-1)!;
}

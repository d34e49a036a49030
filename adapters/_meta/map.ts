/**
 * Mapping between the domain and the Graph legal-request format, shared by Facebook and Instagram:
 * request kinds, the create body, Graph times, the receipt and the status update. Targets are the
 * platform's business, passed in as functions.
 */

import type { DataCategory, DisclosureInstrument, RequestContent, RequestKind, Target } from "referral-kit";
import { targetKey } from "referral-kit";
import type {
  DisclosureAnswer,
  StatusUpdate,
  SubmitInput,
  SubmitReceipt,
  TargetOutcome,
} from "referral-kit/adapter";
import { ProtocolError, toSubmitTargetStatus, toTargetOutcome } from "referral-kit/adapter";
import { wirePreservation } from "../_wire/preservation.js";
import { graphOutcomeDetail } from "./outcome.js";
import { graphTimeToIso } from "./time.js";
import type { GraphLegalRequest } from "./wire.js";

/**
 * Graph's request types, by request kind.
 *
 * @example
 * ```ts
 * GRAPH_REQUEST_TYPES["restrict-locally"]; // "GEO_RESTRICTION"
 * ```
 */
export const GRAPH_REQUEST_TYPES = {
  suspend: "ACCOUNT_REMOVAL",
  "remove-content": "CONTENT_REMOVAL",
  "restrict-locally": "GEO_RESTRICTION",
  preserve: "PRESERVATION",
  "disclose-data": "DATA_DISCLOSURE",
} as const satisfies Record<RequestKind, string>;

/**
 * Graph's data categories, by the domain's.
 *
 * @example
 * ```ts
 * GRAPH_DATA_CATEGORIES.subscriber; // "BASIC_SUBSCRIBER"
 * ```
 */
export const GRAPH_DATA_CATEGORIES = {
  subscriber: "BASIC_SUBSCRIBER",
  "traffic-or-non-content": "NON_CONTENT",
  content: "CONTENT",
} as const satisfies Record<DataCategory, string>;

/**
 * Graph's legal-process types, by the domain's disclosure instruments.
 *
 * @example
 * ```ts
 * GRAPH_INSTRUMENTS["european-production-order"]; // "EUROPEAN_PRODUCTION_ORDER"
 * ```
 */
export const GRAPH_INSTRUMENTS = {
  "domestic-order": "DOMESTIC_ORDER",
  mlat: "MLAT",
  "letter-rogatory": "LETTER_ROGATORY",
  "emergency-disclosure": "EMERGENCY_DISCLOSURE",
  "european-production-order": "EUROPEAN_PRODUCTION_ORDER",
} as const satisfies Record<DisclosureInstrument, string>;

/**
 * The time a response was sent, from its `Date` header (Graph's create answer carries no time), else now.
 *
 * @example
 * ```ts
 * responseTime(new Headers({ date: "Mon, 05 Jan 2026 09:00:00 GMT" }), Date.now); // "2026-01-05T09:00:00.000Z"
 * ```
 */
export function responseTime(headers: Headers, now: () => number): string {
  const date = headers.get("date");
  const ms = date ? Date.parse(date) : Number.NaN;
  return new Date(Number.isNaN(ms) ? now() : ms).toISOString();
}

/**
 * The body of `POST /{app-id}/legal_requests`. The idempotency key travels in the body, Graph-style.
 *
 * @example
 * ```ts
 * const body = toGraphSubmitBody(input, "req-1:0", (target) => toFacebookWireTarget(target));
 * body.request_type; // "ACCOUNT_REMOVAL" for a suspend
 * ```
 */
export function toGraphSubmitBody<T>(
  input: SubmitInput,
  idempotencyKey: string,
  toWireTarget: (target: Target, kind: RequestKind) => T,
): Record<string, unknown> {
  const { request, targets } = input;
  const country = (request.legalBasis?.jurisdiction ?? request.issuingAuthority.country)?.toUpperCase();
  return {
    idempotency_key: idempotencyKey,
    request_type: GRAPH_REQUEST_TYPES[request.kind],
    priority: request.priority === "emergency" ? "EMERGENCY" : "STANDARD",
    agency_reference: request.reference ?? request.id,
    issuing_authority: request.issuingAuthority,
    ...(request.legalBasis
      ? {
          legal_basis: {
            instrument: request.legalBasis.instrument,
            section: request.legalBasis.section,
            ...(request.legalBasis.jurisdiction ? { jurisdiction: request.legalBasis.jurisdiction } : {}),
          },
        }
      : {}),
    designations: request.designations.map((d) => ({
      group_id: d.groupId,
      authority: d.authority,
      ...(d.reference ? { reference: d.reference } : {}),
    })),
    respond_by: request.deadline,
    ...(request.kind === "restrict-locally" && country?.length === 2
      ? { restrict_in_countries: [country] }
      : {}),
    targets: targets.map((t) => toWireTarget(t.target, request.kind)),
    evidence: targets.flatMap((t, index) =>
      t.evidence.map((e) => ({
        target_index: index,
        url: e.url,
        captured_at: e.capturedAt,
        sha256: e.contentHash.replace(/^sha256:/, ""),
        ...(e.note ? { note: e.note } : {}),
      })),
    ),
    ...(request.note ? { note: request.note } : {}),
    ...kindFields(request),
  };
}

/** The `data_request` of a disclosure and the `preservation` of a preservation, when the request has them. */
function kindFields(request: SubmitInput["request"]): Record<string, unknown> {
  if (request.kind === "disclose-data" && request.disclosure) {
    return { data_request: toGraphDataRequest(request.disclosure) };
  }
  return wirePreservation(request, { categories: GRAPH_DATA_CATEGORIES, instruments: GRAPH_INSTRUMENTS });
}

function toGraphDataRequest(details: NonNullable<RequestContent["disclosure"]>): Record<string, unknown> {
  const { confidentiality, emergency, period } = details;
  return {
    instrument: GRAPH_INSTRUMENTS[details.instrument],
    ...(details.instrumentReference ? { instrument_reference: details.instrumentReference } : {}),
    data_categories: details.dataCategories.map((category) => GRAPH_DATA_CATEGORIES[category]),
    accounts: [...details.accounts],
    ...(period ? { date_range: { since: period.from, until: period.to } } : {}),
    statement_of_reasons: details.statementOfReasons,
    ...(confidentiality.doNotNotify
      ? {
          non_disclosure: {
            reason: confidentiality.reason,
            ...(confidentiality.until ? { until: confidentiality.until } : {}),
          },
        }
      : {}),
    ...(emergency
      ? {
          emergency: {
            harm: emergency.harm === "death" ? "DEATH" : "SERIOUS_PHYSICAL_INJURY",
            justification: emergency.justification,
          },
        }
      : {}),
  };
}

/**
 * Graph answers a create with the id only: every target is taken for review, and per-target results
 * appear later on the `decisions` edge.
 *
 * @example
 * ```ts
 * toGraphReceipt(input, "106000000000001", "2026-01-05T09:00:00.000Z", { id: "106000000000001" }).targets[0]?.status; // "accepted"
 * ```
 */
export function toGraphReceipt(
  input: SubmitInput,
  id: string,
  acceptedAt: string,
  raw: unknown,
): SubmitReceipt {
  return {
    platformRef: id,
    acceptedAt,
    targets: input.targets.map((t) => toSubmitTargetStatus(targetKey(t.target), id, { status: "accepted" })),
    raw,
  };
}

/**
 * The fields `getStatus` asks for: Graph returns only what is asked.
 *
 * @example
 * ```ts
 * await client.getJson(`/${id}`, NodeSchema, { searchParams: { fields: GRAPH_STATUS_FIELDS } });
 * ```
 */
export const GRAPH_STATUS_FIELDS =
  "id,status,status_reason,created_time,updated_time,decisions,data_result,data_production,preserved_until";

/**
 * One legal request node as a status update. Every Graph state maps to exactly one outcome.
 *
 * @example
 * ```ts
 * toGraphStatusUpdate("facebook", { id: "1", status: "NO_ACTION", status_reason: "no violation" }, raw, facebookWireTargetKey, Date.now).outcome; // "rejected"
 * ```
 */
export function toGraphStatusUpdate<T>(
  platform: string,
  node: GraphLegalRequest<T>,
  raw: unknown,
  wireTargetKey: (target: T) => string,
  now: () => number,
): StatusUpdate {
  const targets: TargetOutcome[] = (node.decisions?.data ?? []).map((d) => ({
    ...toTargetOutcome(
      wireTargetKey(d.target),
      d.decision === "ACTION_TAKEN" ? "actioned" : d.decision === "NO_ACTION" ? "rejected" : "pending",
      d.reason,
    ),
    ...graphOutcomeDetail(d.decision, d),
  }));
  const at =
    graphTimeToIso(node.updated_time) ?? graphTimeToIso(node.created_time) ?? new Date(now()).toISOString();
  const disclosure = graphDisclosureAnswer(platform, node);
  const base = {
    platformRef: node.id,
    at,
    platformState: node.status,
    raw,
    targets,
    ...(disclosure ? { disclosure } : {}),
  };
  switch (node.status) {
    case "SUBMITTED":
      return { ...base, outcome: "pending" };
    case "UNDER_REVIEW":
      return { ...base, outcome: "acknowledged" };
    case "MORE_INFO_NEEDED":
      return {
        ...base,
        outcome: "needs-information",
        reason: node.status_reason ?? "more information needed (no detail given)",
      };
    case "ACTION_TAKEN":
      return { ...base, outcome: "actioned" };
    case "PARTIAL_ACTION":
      if (!targets.some((t) => t.outcome === "actioned")) {
        throw new ProtocolError({
          platform,
          reason: `legal request ${node.id} is PARTIAL_ACTION but its decisions name no actioned target`,
        });
      }
      return { ...base, outcome: "partially-actioned" };
    case "NO_ACTION":
      return {
        ...base,
        outcome: "rejected",
        reason: node.status_reason ?? "no action taken (no reason given)",
      };
    case "WITHDRAWN":
      // The platform's record of the withdrawal: toRequestEvents makes it a `withdrawn` event.
      return {
        ...base,
        outcome: "withdrawn",
        reason: `withdrawn by the agency: ${node.status_reason ?? "no reason recorded"}`,
      };
  }
}

const DOMAIN_CATEGORIES = Object.fromEntries(
  Object.entries(GRAPH_DATA_CATEGORIES).map(([domain, graph]) => [graph, domain]),
) as Record<string, DataCategory>;

/** What a disclosure or preservation node says beside its state: the production, no records, or the end of the preservation. */
function graphDisclosureAnswer<T>(
  platform: string,
  node: GraphLegalRequest<T>,
): DisclosureAnswer | undefined {
  if (node.data_result === "NO_RECORDS") return { answer: "no-data" };
  if (node.data_result === "PRODUCED" || node.data_production) {
    const production = node.data_production;
    if (!production) {
      throw new ProtocolError({
        platform,
        reason: `legal request ${node.id} says PRODUCED but carries no data_production`,
      });
    }
    const withheld = (production.withheld_categories ?? []).map((category) => DOMAIN_CATEGORIES[category]!);
    return {
      answer: "produced",
      productionRef: production.id,
      files: production.files.map((file) => ({
        name: file.name,
        sha256: file.sha256,
        size: file.size,
        ...(file.media_type ? { mediaType: file.media_type } : {}),
      })),
      ...(withheld.length > 0 ? { withheld } : {}),
    };
  }
  if (node.preserved_until) {
    const until = graphTimeToIso(node.preserved_until);
    return { answer: "preserved", ...(until ? { preservedUntil: until } : {}) };
  }
  return undefined;
}

/**
 * Mapping between the domain and WhatsApp's wire format: request kinds, targets (and the ones WhatsApp
 * cannot take), Unix-second times, the receipt and the status update. One job per function.
 */

import type { DataCategory, DisclosureInstrument, RequestKind, Target } from "referral-kit";
import { targetKey } from "referral-kit";
import type {
  DisclosureAnswer,
  StatusUpdate,
  SubmitInput,
  SubmitReceipt,
  TargetOutcome,
} from "referral-kit/adapter";
import {
  ProtocolError,
  toReceiptTargets,
  toTargetOutcome,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import type { z } from "zod";
import { wirePreservation } from "../_wire/preservation.js";
import { whatsappOutcomeDetail } from "./outcome.js";
import { whatsappTimeToIso } from "./time.js";
import type { WhatsAppEnforcementRequest, WhatsAppSubmitResponseSchema, WhatsAppWireTarget } from "./wire.js";

/**
 * WhatsApp's request types, by the request kinds it takes. No `restrict-locally`: WhatsApp has no
 * per-country withholding of accounts or channels.
 *
 * @example
 * ```ts
 * WHATSAPP_REQUEST_TYPES.suspend; // "account_ban"
 * ```
 */
export const WHATSAPP_REQUEST_TYPES = {
  suspend: "account_ban",
  "remove-content": "channel_content_removal",
  preserve: "preservation",
  "disclose-data": "data_disclosure",
} as const satisfies Partial<Record<RequestKind, string>>;

type WhatsAppRequestKind = keyof typeof WHATSAPP_REQUEST_TYPES;

/**
 * WhatsApp's data categories, by the domain's. `content` is sent as asked; WhatsApp refuses it (messages
 * are end-to-end encrypted), so the refusal is the platform's, on the record.
 *
 * @example
 * ```ts
 * WHATSAPP_DATA_CATEGORIES["traffic-or-non-content"]; // "non_content"
 * ```
 */
export const WHATSAPP_DATA_CATEGORIES = {
  subscriber: "subscriber",
  "traffic-or-non-content": "non_content",
  content: "content",
} as const satisfies Record<DataCategory, string>;

const INSTRUMENTS = {
  "domestic-order": "domestic_order",
  mlat: "mlat",
  "letter-rogatory": "letter_rogatory",
  "emergency-disclosure": "emergency_disclosure",
  "european-production-order": "european_production_order",
} as const satisfies Record<DisclosureInstrument, string>;

const categories = (list: readonly DataCategory[]) => list.map((c) => WHATSAPP_DATA_CATEGORIES[c]);

/** The `data_request` of a disclosure and the `preservation` of a preservation (docs/wire/whatsapp.md). */
function kindFields(request: SubmitInput["request"]): Record<string, unknown> {
  const details = request.disclosure;
  if (request.kind === "disclose-data" && details) {
    const { confidentiality, emergency, period } = details;
    return {
      data_request: {
        instrument: INSTRUMENTS[details.instrument],
        ...(details.instrumentReference ? { instrument_reference: details.instrumentReference } : {}),
        data_categories: categories(details.dataCategories),
        accounts: [...details.accounts],
        ...(period ? { period: { from: toUnixSeconds(period.from), to: toUnixSeconds(period.to) } } : {}),
        statement_of_reasons: details.statementOfReasons,
        ...(confidentiality.doNotNotify
          ? {
              do_not_notify: {
                reason: confidentiality.reason,
                ...(confidentiality.until ? { until: toUnixSeconds(confidentiality.until) } : {}),
              },
            }
          : {}),
        ...(emergency
          ? {
              emergency: {
                harm: emergency.harm === "death" ? "death" : "serious_physical_injury",
                justification: emergency.justification,
              },
            }
          : {}),
      },
    };
  }
  return wirePreservation(request, { categories: WHATSAPP_DATA_CATEGORIES, instruments: INSTRUMENTS });
}

const refuse = (requested: string, supported: readonly string[], message: string) =>
  new UnsupportedCapabilityError({
    platform: "whatsapp",
    capability: "targetType",
    requested,
    supported,
    message: `whatsapp: ${message}`,
  });

/**
 * A domain target as WhatsApp names it, for a request kind. Refused before any HTTP, with the reason:
 * private messages (end-to-end encrypted: WhatsApp cannot see or remove them), group invites (groups are
 * private; refer the members' numbers), accounts without a number or channel, and `remove-content` of a
 * whole account (it takes channel messages; take an account down with `suspend`).
 *
 * @example
 * ```ts
 * toWhatsAppWireTarget({ type: "account", account: { kind: "phone", platform: "whatsapp", phone: "+447946000001" } }, "suspend");
 * // { type: "phone", phone: "+447946000001" }
 * ```
 */
export function toWhatsAppWireTarget(target: Target, kind: RequestKind): WhatsAppWireTarget {
  if (target.type === "content") {
    const channel = target.account?.kind === "channel" ? target.account.code : undefined;
    if (!channel || (target.kind !== "message" && target.kind !== "post")) {
      throw refuse(
        `${target.kind} outside a channel (private content)`,
        ["channel messages"],
        "private messages and chats are end-to-end encrypted and cannot be reviewed or removed by WhatsApp; " +
          "refer the sender's phone number (suspend, preserve or disclose-data) instead",
      );
    }
    return { type: "channel_message", channel_id: channel, message_id: target.id };
  }
  if (kind === "remove-content") {
    throw refuse(
      `account for remove-content`,
      ["channel messages"],
      "remove-content takes channel messages; to take a whole account or channel down, use suspend",
    );
  }
  const { account } = target;
  if (account.kind === "phone") return { type: "phone", phone: account.phone };
  if (account.kind === "channel") return { type: "channel", channel_id: account.code };
  throw refuse(
    `account identified by ${account.kind}`,
    ["phone", "channel"],
    account.kind === "invite"
      ? "groups are private and not referred by invite link; refer the members' phone numbers instead"
      : `an account identified by ${account.kind} cannot be named on WhatsApp; use its phone number or channel`,
  );
}

/**
 * The `targetKey` of a WhatsApp wire target.
 *
 * @example
 * ```ts
 * whatsappWireTargetKey({ type: "phone", phone: "+447946000001" }); // "whatsapp:tel:+447946000001"
 * ```
 */
export function whatsappWireTargetKey(wire: WhatsAppWireTarget): string {
  switch (wire.type) {
    case "phone":
      return targetKey({
        type: "account",
        account: { kind: "phone", platform: "whatsapp", phone: wire.phone },
      });
    case "channel":
      return targetKey({
        type: "account",
        account: { kind: "channel", platform: "whatsapp", code: wire.channel_id },
      });
    case "channel_message":
      return targetKey({
        type: "content",
        platform: "whatsapp",
        kind: "message",
        id: wire.message_id,
        account: { kind: "channel", platform: "whatsapp", code: wire.channel_id },
      });
  }
}

/** Unix seconds (as WhatsApp writes them) from an ISO time. */
function toUnixSeconds(iso: string): string {
  return String(Math.floor(Date.parse(iso) / 1000));
}

/**
 * The body of `POST /enforcement_requests`; throws `UnsupportedCapabilityError` for a target WhatsApp
 * cannot take (see {@link toWhatsAppWireTarget}).
 *
 * @example
 * ```ts
 * toWhatsAppSubmitBody({ request, targets: request.targets }).respond_by; // "1767776400"
 * ```
 */
export function toWhatsAppSubmitBody(input: SubmitInput): Record<string, unknown> {
  const { request, targets } = input;
  const { issuingAuthority: authority } = request;
  return {
    type: WHATSAPP_REQUEST_TYPES[request.kind as WhatsAppRequestKind],
    urgency: request.priority === "emergency" ? "emergency" : "normal",
    agency: {
      reference: request.reference ?? request.id,
      name: authority.name,
      ...(authority.country ? { country: authority.country } : {}),
      ...(authority.unit ? { unit: authority.unit } : {}),
      ...(authority.contact ? { contact: authority.contact } : {}),
    },
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
    ...(request.deadline ? { respond_by: toUnixSeconds(request.deadline) } : {}),
    targets: targets.map((t) => toWhatsAppWireTarget(t.target, request.kind)),
    evidence: targets.flatMap((t, index) =>
      t.evidence.map((e) => ({
        target_index: index,
        url: e.url,
        captured_at: toUnixSeconds(e.capturedAt),
        sha256: e.contentHash.replace(/^sha256:/, ""),
        ...(e.note ? { note: e.note } : {}),
      })),
    ),
    ...(request.note ? { note: request.note } : {}),
    ...kindFields(request),
  };
}

/**
 * WhatsApp's 201 as a receipt; its intake results come in the order the targets were sent. Returns the
 * problem as a string when the answer does not fit what was sent.
 *
 * @example
 * ```ts
 * const receipt = toWhatsAppReceipt(input, body);
 * if (typeof receipt === "string") throw new ProtocolError({ platform: "whatsapp", reason: receipt });
 * ```
 */
export function toWhatsAppReceipt(
  input: SubmitInput,
  body: z.output<typeof WhatsAppSubmitResponseSchema>,
): SubmitReceipt | string {
  const [created] = body.enforcement_requests;
  if (!created) return "WhatsApp answered without an enforcement request";
  const targets = toReceiptTargets(input, created.targets, {
    platformName: "WhatsApp",
    platformRef: created.id,
    intake: (answer) =>
      answer.status === "invalid"
        ? { status: "rejected", reason: answer.error ?? "WhatsApp does not know this number or channel" }
        : answer.status === "duplicate"
          ? { status: "duplicate", existingRef: answer.existing_request_id }
          : { status: "accepted" },
  });
  if (typeof targets === "string") return targets;
  return { platformRef: created.id, acceptedAt: whatsappTimeToIso(created.created_at), targets, raw: body };
}

/**
 * One enforcement request as a status update. Every WhatsApp state maps to exactly one outcome.
 *
 * @example
 * ```ts
 * toWhatsAppStatusUpdate(body.enforcement_requests[0]!, body).outcome; // e.g. "acknowledged" for "in_review"
 * ```
 */
export function toWhatsAppStatusUpdate(data: WhatsAppEnforcementRequest, raw: unknown): StatusUpdate {
  const targets: TargetOutcome[] = data.targets.map((t) => ({
    ...toTargetOutcome(
      whatsappWireTargetKey(t),
      t.outcome === "enforced" ? "actioned" : t.outcome === "not_enforced" ? "rejected" : "pending",
      t.reason,
    ),
    ...whatsappOutcomeDetail(t.outcome, t),
  }));
  const disclosure = whatsappDisclosureAnswer(data);
  const base = {
    platformRef: data.id,
    at: whatsappTimeToIso(data.updated_at),
    platformState: data.status,
    raw,
    targets,
    ...(disclosure ? { disclosure } : {}),
  };
  switch (data.status) {
    case "received":
      return { ...base, outcome: "pending" };
    case "in_review":
      return { ...base, outcome: "acknowledged" };
    case "info_required":
      return {
        ...base,
        outcome: "needs-information",
        reason: data.status_detail ?? "WhatsApp asks for more information",
      };
    case "enforced":
      return { ...base, outcome: "actioned" };
    case "partially_enforced":
      return { ...base, outcome: "partially-actioned" };
    case "declined":
      return {
        ...base,
        outcome: "rejected",
        reason: data.status_detail ?? "declined by WhatsApp without a reason",
      };
    case "not_actionable":
      // Not a policy refusal but a technical one (the content is encrypted or gone); still no action.
      return {
        ...base,
        outcome: "rejected",
        reason: data.status_detail ?? "WhatsApp cannot act on these targets",
      };
  }
}

const DOMAIN_CATEGORIES: Readonly<Record<string, DataCategory>> = {
  subscriber: "subscriber",
  non_content: "traffic-or-non-content",
  content: "content",
};

/** What a decided disclosure or preservation says beside its state: the production, no records, or the end. */
function whatsappDisclosureAnswer(data: WhatsAppEnforcementRequest): DisclosureAnswer | undefined {
  if (data.data_result === "no_records") return { answer: "no-data" };
  if (data.data_result === "produced") {
    if (!data.production) {
      throw new ProtocolError({
        platform: "whatsapp",
        reason: `enforcement request ${data.id} says produced but carries no production`,
      });
    }
    const withheld = (data.production.withheld_categories ?? []).map((c) => DOMAIN_CATEGORIES[c]!);
    return {
      answer: "produced",
      productionRef: data.production.id,
      files: data.production.files.map((file) => ({
        name: file.name,
        sha256: file.sha256,
        size: file.size,
        ...(file.media_type ? { mediaType: file.media_type } : {}),
      })),
      ...(withheld.length > 0 ? { withheld } : {}),
    };
  }
  if (data.preserved_until)
    return { answer: "preserved", preservedUntil: whatsappTimeToIso(data.preserved_until) };
  return undefined;
}

/** Mapping between the domain and TikTok's wire format: request kinds, targets, times, states. */

import type { RequestKind, Target } from "referral-kit";
import type { StatusUpdate, SubmitInput, SubmitReceipt, TargetOutcome } from "referral-kit/adapter";
import { toReceiptTargets, toTargetOutcome, UnsupportedCapabilityError } from "referral-kit/adapter";
import type { z } from "zod";
import { UPPER_CASE_WORDS, wirePreservation } from "../_wire/preservation.js";
import { tiktokOutcomeDetail } from "./outcome.js";
import { isoFromUnix } from "./time.js";
import type {
  TikTokLegalRequest,
  TikTokSubmitDataSchema,
  TikTokTargetDecision,
  TikTokWireTarget,
} from "./wire.js";

/**
 * TikTok's request types, by the request kinds the adapter supports. `disclose-data` goes through
 * TikTok's separate law-enforcement data-request process, not this channel.
 *
 * @example
 * ```ts
 * TIKTOK_REQUEST_TYPES.suspend; // "ACCOUNT_BAN"
 * ```
 */
export const TIKTOK_REQUEST_TYPES = {
  suspend: "ACCOUNT_BAN",
  "remove-content": "CONTENT_REMOVAL",
  "restrict-locally": "GEO_RESTRICTION",
  preserve: "DATA_PRESERVATION",
} as const satisfies Partial<Record<RequestKind, string>>;

type TikTokKind = keyof typeof TIKTOK_REQUEST_TYPES;

const unsupportedTarget = (requested: string, supported: string[]) =>
  new UnsupportedCapabilityError({ platform: "tiktok", capability: "targetType", requested, supported });

/**
 * A domain target as TikTok names it; anything TikTok cannot name is refused before any HTTP.
 *
 * @example
 * ```ts
 * toWireTarget({ type: "account", account: { kind: "username", platform: "tiktok", username: "somename" } });
 * // { target_type: "USER", unique_id: "somename" }
 * ```
 */
export function toWireTarget(target: Target): TikTokWireTarget {
  if (target.type === "account") {
    const { account } = target;
    if (account.kind === "username") return { target_type: "USER", unique_id: account.username };
    if (account.kind === "numeric-id") return { target_type: "USER", user_id: account.id };
    throw unsupportedTarget(`account identified by ${account.kind}`, ["username", "numeric-id"]);
  }
  if ((target.kind !== "video" && target.kind !== "photo") || !/^\d+$/.test(target.id)) {
    throw unsupportedTarget(`${target.kind} ${target.id}`, ["video or photo with a numeric item id"]);
  }
  const author = target.account?.kind === "username" ? target.account.username : undefined;
  return {
    target_type: target.kind === "video" ? "VIDEO" : "PHOTO",
    item_id: target.id,
    ...(author ? { unique_id: author } : {}),
  };
}

/**
 * The `targetKey` of a target as TikTok echoes it, so per-target decisions map back to our keys.
 *
 * @example
 * ```ts
 * wireTargetKey({ target_type: "VIDEO", item_id: "73", unique_id: "Some" }); // "tiktok:some/video/73"
 * ```
 */
export function wireTargetKey(target: TikTokWireTarget): string {
  if (target.target_type === "USER") {
    return "unique_id" in target ? `tiktok:${target.unique_id.toLowerCase()}` : `tiktok:id:${target.user_id}`;
  }
  const segment = target.target_type === "VIDEO" ? "video" : "photo";
  return target.unique_id
    ? `tiktok:${target.unique_id.toLowerCase()}/${segment}/${target.item_id}`
    : `tiktok:${segment}/${target.item_id}`;
}

/** ISO 8601 to TikTok's Unix seconds. */
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The body of `POST /legal/requests`.
 *
 * @example
 * ```ts
 * const body = toSubmitBody({ request, targets: request.targets.slice(0, 50) });
 * ```
 */
export function toSubmitBody(input: SubmitInput): Record<string, unknown> {
  const { request, targets } = input;
  const region = request.legalBasis?.jurisdiction ?? request.issuingAuthority.country;
  const { name, country, unit, contact } = request.issuingAuthority;
  return {
    request_type: TIKTOK_REQUEST_TYPES[request.kind as TikTokKind],
    priority: request.priority === "emergency" ? "URGENT" : "NORMAL",
    external_reference: request.reference ?? request.id,
    agency: {
      name,
      ...(country ? { country } : {}),
      ...(unit ? { unit } : {}),
      ...(contact ? { contact } : {}),
    },
    ...(request.legalBasis
      ? {
          legal_basis: {
            law: request.legalBasis.instrument,
            article: request.legalBasis.section,
            ...(request.legalBasis.jurisdiction ? { jurisdiction: request.legalBasis.jurisdiction } : {}),
          },
        }
      : {}),
    designations: request.designations.map((d) => ({
      group_id: d.groupId,
      authority: d.authority,
      ...(d.reference ? { reference: d.reference } : {}),
    })),
    ...(request.deadline ? { deadline: unix(request.deadline) } : {}),
    // TikTok restricts by region: the jurisdiction of the law relied on (else the agency's country).
    ...(request.kind === "restrict-locally" && region?.length === 2
      ? { region_code: region.toUpperCase() }
      : {}),
    targets: targets.map((t) => toWireTarget(t.target)),
    evidence: targets.flatMap((t, index) =>
      t.evidence.map((e) => ({
        target_index: index,
        url: e.url,
        capture_time: unix(e.capturedAt),
        sha256: e.contentHash.replace(/^sha256:/, ""),
        ...(e.note ? { note: e.note } : {}),
      })),
    ),
    ...(request.note ? { remark: request.note } : {}),
    // Required with `DATA_PRESERVATION` (code 40001 without it).
    ...wirePreservation(request, UPPER_CASE_WORDS),
  };
}

/**
 * TikTok's answer to a submit as a receipt; TikTok answers per target by index. A string says why the
 * answer does not fit what was sent.
 *
 * @example
 * ```ts
 * const receipt = toReceipt(input, data, envelope);
 * ```
 */
export function toReceipt(
  input: SubmitInput,
  data: z.output<typeof TikTokSubmitDataSchema>,
  raw: unknown,
): SubmitReceipt | string {
  const targets = toReceiptTargets(input, data.targets, {
    platformName: "TikTok",
    platformRef: data.legal_request_id,
    indexOf: (answer) => answer.target_index,
    intake: (answer) =>
      answer.result === "INVALID"
        ? { status: "rejected", reason: answer.reason ?? "TikTok could not identify this target" }
        : answer.result === "DUPLICATE"
          ? { status: "duplicate", existingRef: answer.existing_legal_request_id }
          : { status: "accepted" },
  });
  if (typeof targets === "string") return targets;
  return { platformRef: data.legal_request_id, acceptedAt: isoFromUnix(data.create_time), targets, raw };
}

/** One target's decision as a target outcome. */
function decisionOutcome(decision: TikTokTargetDecision): TargetOutcome {
  const outcome =
    decision.decision === "NOT_ACTIONED"
      ? "rejected"
      : decision.decision === "ACTIONED"
        ? "actioned"
        : "pending";
  return {
    ...toTargetOutcome(wireTargetKey(decision.target), outcome, decision.reason),
    ...tiktokOutcomeDetail(decision.decision, decision),
  };
}

/**
 * The legal request and every target (all pages) as one status update. Every TikTok state maps to
 * exactly one outcome.
 *
 * @example
 * ```ts
 * const update = toStatusUpdate(lastPage.legal_request, allDecisions, { pages });
 * ```
 */
export function toStatusUpdate(
  request: TikTokLegalRequest,
  decisions: readonly TikTokTargetDecision[],
  raw: unknown,
): StatusUpdate {
  const targets = [...decisions].sort((a, b) => a.target_index - b.target_index).map(decisionOutcome);
  const base = {
    platformRef: request.legal_request_id,
    at: isoFromUnix(request.update_time),
    platformState: request.status,
    raw,
    targets,
    // A preservation TikTok has carried out says until when it keeps the data.
    ...(request.preserve_until !== undefined
      ? { disclosure: { answer: "preserved" as const, preservedUntil: isoFromUnix(request.preserve_until) } }
      : {}),
  };
  const reason = request.status_reason;
  switch (request.status) {
    case "SUBMITTED":
      return { ...base, outcome: "pending" };
    case "UNDER_REVIEW":
      return { ...base, outcome: "acknowledged" };
    case "PENDING_INFO":
      return { ...base, outcome: "needs-information", reason: reason ?? "TikTok asks for more information" };
    case "COMPLETED":
      return { ...base, outcome: "actioned" };
    case "PARTIALLY_COMPLETED":
      return { ...base, outcome: "partially-actioned" };
    case "REJECTED":
      return { ...base, outcome: "rejected", reason: reason ?? "rejected by TikTok without a reason" };
    case "CANCELLED":
      // The platform's record of the withdrawal: toRequestEvents makes it a `withdrawn` event.
      return {
        ...base,
        outcome: "withdrawn",
        reason: `cancelled by the agency: ${reason ?? "no reason recorded"}`,
      };
  }
}

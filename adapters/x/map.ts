/** Mapping between the domain and X's wire format: request kinds, targets, states. One job per function. */

import type { RequestKind, RequestTarget, Target } from "referral-kit";
import type { StatusUpdate, SubmitInput, SubmitReceipt, TargetOutcome } from "referral-kit/adapter";
import { toReceiptTargets, toTargetOutcome, UnsupportedCapabilityError } from "referral-kit/adapter";
import type { z } from "zod";
import { SNAKE_CASE_WORDS, wirePreservation } from "../_wire/preservation.js";
import { xOutcomeDetail } from "./outcome.js";
import type { XLegalRequest, XSubmitResponseSchema, XWireTarget } from "./wire.js";

/** X's request types, by the request kinds the adapter supports. `disclose-data` has no X type here. */
export const X_REQUEST_TYPES = {
  suspend: "account_suspension",
  "remove-content": "content_removal",
  "restrict-locally": "country_withholding",
  preserve: "preservation",
} as const satisfies Partial<Record<RequestKind, string>>;

/** The request kinds this channel takes. */
export type XRequestKind = keyof typeof X_REQUEST_TYPES;

/** Content kinds X shows as a post (`x.com/<user>/status/<id>`). */
const POST_KINDS = new Set(["post", "photo", "video"]);

/** A domain target as X names it; anything X cannot name is an unsupported target type. */
export function toWireTarget(target: Target): XWireTarget {
  if (target.type === "account") {
    const { account } = target;
    if (account.kind === "username") return { type: "user", username: account.username };
    if (account.kind === "numeric-id") return { type: "user", user_id: account.id };
    throw new UnsupportedCapabilityError({
      platform: "x",
      capability: "targetType",
      requested: `account identified by ${account.kind}`,
      supported: ["username", "numeric-id"],
    });
  }
  if (!POST_KINDS.has(target.kind) || !/^\d+$/.test(target.id)) {
    throw new UnsupportedCapabilityError({
      platform: "x",
      capability: "targetType",
      requested: `${target.kind} ${target.id}`,
      supported: ["post, photo or video with a numeric status id"],
    });
  }
  const author = target.account?.kind === "username" ? target.account.username : undefined;
  return { type: "post", post_id: target.id, ...(author ? { author_username: author } : {}) };
}

/** The `targetKey` of a target as X echoes it, so X's per-target answers map back to our keys. */
export function wireTargetKey(target: XWireTarget): string {
  if (target.type === "post") {
    return target.author_username
      ? `x:${target.author_username.toLowerCase()}/status/${target.post_id}`
      : `x:status/${target.post_id}`;
  }
  return "username" in target ? `x:${target.username.toLowerCase()}` : `x:id:${target.user_id}`;
}

/** The body of `POST /legal-requests`. */
export function toSubmitBody(input: SubmitInput): Record<string, unknown> {
  const { request, targets } = input;
  const requestType = X_REQUEST_TYPES[request.kind as XRequestKind];
  const withheldIn = request.legalBasis?.jurisdiction ?? request.issuingAuthority.country;
  return {
    request_type: requestType,
    priority: request.priority,
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
      reference: d.reference ?? null,
    })),
    respond_by: request.deadline,
    ...(request.kind === "restrict-locally" && withheldIn?.length === 2
      ? { withheld_in: withheldIn.toUpperCase() }
      : {}),
    targets: targets.map((t) => toWireTarget(t.target)),
    evidence: targets.flatMap((t: RequestTarget, index) =>
      t.evidence.map((e) => ({
        target_index: index,
        url: e.url,
        captured_at: e.capturedAt,
        sha256: e.contentHash.replace(/^sha256:/, ""),
        ...(e.note ? { note: e.note } : {}),
      })),
    ),
    ...(request.note ? { notes: request.note } : {}),
    // Required with `preservation` (400, code 214, parameter `preservation` without it).
    ...wirePreservation(request, SNAKE_CASE_WORDS),
  };
}

/** X's 202 as a receipt; X answers per target in the order sent. */
export function toReceipt(
  input: SubmitInput,
  body: z.output<typeof XSubmitResponseSchema>,
): SubmitReceipt | string {
  const { data } = body;
  if (data.targets.length !== input.targets.length) {
    return `X answered for ${data.targets.length} targets, ${input.targets.length} were sent`;
  }
  const targets = toReceiptTargets(input, data.targets, {
    platformName: "X",
    platformRef: data.id,
    intake: (answer) =>
      answer.result === "not_found"
        ? { status: "rejected", reason: "X does not know this account or post" }
        : answer.result === "duplicate"
          ? { status: "duplicate", existingRef: answer.existing_request_id }
          : { status: "accepted" },
  });
  if (typeof targets === "string") return targets;
  return { platformRef: data.id, acceptedAt: data.created_at, targets, raw: body };
}

/** One legal request as a status update. Every X state maps to exactly one outcome. */
export function toStatusUpdate(data: XLegalRequest, raw: unknown): StatusUpdate {
  const targets: TargetOutcome[] = data.targets.map((t) => ({
    ...toTargetOutcome(
      wireTargetKey(t),
      t.decision === "declined" ? "rejected" : t.decision,
      t.decline_reason,
    ),
    ...xOutcomeDetail(t.decision, t),
  }));
  const base = {
    platformRef: data.id,
    at: data.updated_at,
    platformState: data.status,
    raw,
    targets,
    // A preservation X has carried out says until when it keeps the data.
    ...(data.preserved_until
      ? { disclosure: { answer: "preserved" as const, preservedUntil: data.preserved_until } }
      : {}),
  };
  switch (data.status) {
    case "received":
      return { ...base, outcome: "pending" };
    case "in_review":
      return { ...base, outcome: "acknowledged" };
    case "info_requested":
      return {
        ...base,
        outcome: "needs-information",
        reason: data.info_request?.message ?? "X asks for more information",
      };
    case "actioned":
      return { ...base, outcome: "actioned" };
    case "partially_actioned":
      return { ...base, outcome: "partially-actioned" };
    case "declined":
      return {
        ...base,
        outcome: "rejected",
        reason: data.decline_reason ?? "declined by X without a reason",
      };
    case "withdrawn":
      // The platform's record of the withdrawal: toRequestEvents makes it a `withdrawn` event.
      return {
        ...base,
        outcome: "withdrawn",
        reason: `withdrawn by the agency: ${data.withdrawal?.reason ?? "no reason recorded"}`,
      };
  }
}

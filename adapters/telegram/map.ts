/** Mapping between the domain and Telegram's wire format: actions, public chats and messages, dates, states. */

import type { RequestKind, Target } from "referral-kit";
import type { StatusUpdate, SubmitInput, SubmitReceipt, TargetOutcome } from "referral-kit/adapter";
import { toReceiptTargets, toTargetOutcome, UnsupportedCapabilityError } from "referral-kit/adapter";
import type { z } from "zod";
import { telegramOutcomeDetail } from "./outcome.js";
import { isoFromUnix } from "./time.js";
import type { TelegramReport, TelegramSubmitResultSchema, TelegramWireItem } from "./wire.js";

/**
 * Telegram's report actions, by the request kinds the adapter supports. Telegram takes no preservation
 * or disclosure requests on this channel.
 *
 * @example
 * ```ts
 * TELEGRAM_ACTIONS["restrict-locally"]; // "restrict"
 * ```
 */
export const TELEGRAM_ACTIONS = {
  suspend: "block",
  "remove-content": "delete",
  "restrict-locally": "restrict",
} as const satisfies Partial<Record<RequestKind, string>>;

type TelegramKind = keyof typeof TELEGRAM_ACTIONS;

/** Why each non-public account form is refused: Telegram acts on public chats and bots only. */
const PRIVATE_FORMS: Readonly<Record<string, string>> = {
  invite: "a private invite link (t.me/+…): Telegram acts on public channels and bots only",
  "numeric-id": "a private channel (t.me/c/…): Telegram acts on public channels and bots only",
  phone: "an account by phone number (a private chat): Telegram acts on public channels and bots only",
  channel: "a channel code: Telegram names public chats by @username",
};

const refuse = (requested: string) =>
  new UnsupportedCapabilityError({
    platform: "telegram",
    capability: "targetType",
    requested,
    supported: ["public channel, group or bot by @username", "a message in one"],
  });

/**
 * A domain target as a Telegram report item. Private chats, invites and phone numbers are refused here,
 * before any HTTP: Telegram's channel for government reports only covers public chats.
 *
 * @example
 * ```ts
 * toWireItem({ type: "account", account: { kind: "username", platform: "telegram", username: "some_channel" } });
 * // { chat_id: "@some_channel" }
 * ```
 */
export function toWireItem(target: Target): TelegramWireItem {
  const account = target.type === "account" ? target.account : target.account;
  if (!account) throw refuse(`${target.type === "content" ? target.kind : "target"} without its public chat`);
  if (account.kind !== "username") throw refuse(PRIVATE_FORMS[account.kind] ?? account.kind);
  if (target.type === "account") return { chat_id: `@${account.username}` };
  if ((target.kind !== "message" && target.kind !== "post") || !/^\d{1,15}$/.test(target.id)) {
    throw refuse(`${target.kind} ${target.id}`);
  }
  return { chat_id: `@${account.username}`, message_id: Number(target.id) };
}

/**
 * The `targetKey` of an item as Telegram echoes it, so per-item decisions map back to our keys.
 *
 * @example
 * ```ts
 * wireItemKey({ chat_id: "@Some_Channel", message_id: 5 }); // "telegram:some_channel/5"
 * ```
 */
export function wireItemKey(item: TelegramWireItem): string {
  const chat = `telegram:${item.chat_id.slice(1).toLowerCase()}`;
  return item.message_id === undefined ? chat : `${chat}/${item.message_id}`;
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The body of `submitReport`; the idempotency key travels as `client_report_id`.
 *
 * @example
 * ```ts
 * const body = toSubmitBody({ request, targets: request.targets }, "req-1:0");
 * ```
 */
export function toSubmitBody(input: SubmitInput, idempotencyKey: string): Record<string, unknown> {
  const { request, targets } = input;
  const { name, country, unit, contact } = request.issuingAuthority;
  const region = request.legalBasis?.jurisdiction ?? country;
  return {
    client_report_id: idempotencyKey,
    action: TELEGRAM_ACTIONS[request.kind as TelegramKind],
    priority: request.priority === "emergency" ? "urgent" : "normal",
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
    ...(request.deadline ? { deadline: unix(request.deadline) } : {}),
    ...(request.kind === "restrict-locally" && region?.length === 2
      ? { country_code: region.toUpperCase() }
      : {}),
    // `delete` takes messages, never a whole chat: TELEGRAM_CAPABILITIES.targetTypesByKind, which
    // defineAdapter enforces before this runs.
    items: targets.map((t) => toWireItem(t.target)),
    evidence: targets.flatMap((t, index) =>
      t.evidence.map((e) => ({
        item_index: index,
        url: e.url,
        date: unix(e.capturedAt),
        sha256: e.contentHash.replace(/^sha256:/, ""),
      })),
    ),
    ...(request.note ? { comment: request.note } : {}),
  };
}

/**
 * Telegram's `submitReport` result as a receipt; Telegram answers per item by index. A string says why
 * the result does not fit what was sent.
 *
 * @example
 * ```ts
 * const receipt = toReceipt(input, result, envelope);
 * ```
 */
export function toReceipt(
  input: SubmitInput,
  result: z.output<typeof TelegramSubmitResultSchema>,
  raw: unknown,
): SubmitReceipt | string {
  const platformRef = String(result.report_id);
  const targets = toReceiptTargets(input, result.items, {
    platformName: "Telegram",
    noun: "items",
    platformRef,
    indexOf: (item) => item.item_index,
    intake: (item) =>
      item.result === "chat_not_found"
        ? { status: "rejected", reason: "chat not found" }
        : item.result === "duplicate"
          ? { status: "duplicate", existingRef: item.duplicate_of ? String(item.duplicate_of) : undefined }
          : { status: "accepted" },
  });
  if (typeof targets === "string") return targets;
  return { platformRef, acceptedAt: isoFromUnix(result.date), targets, raw };
}

/**
 * A report as a status update. Every Telegram state maps to exactly one outcome.
 *
 * @example
 * ```ts
 * const update = toStatusUpdate(report, envelope);
 * ```
 */
export function toStatusUpdate(report: TelegramReport, raw: unknown): StatusUpdate {
  const targets: TargetOutcome[] = [...report.items]
    .sort((a, b) => a.item_index - b.item_index)
    .map((item) => ({
      ...toTargetOutcome(
        wireItemKey(item),
        item.status === "declined" ? "rejected" : item.status,
        item.reason,
      ),
      ...telegramOutcomeDetail(item.status, item),
    }));
  const base = {
    platformRef: String(report.report_id),
    at: isoFromUnix(report.edit_date),
    platformState: report.status,
    raw,
    targets,
  };
  switch (report.status) {
    case "pending":
      return { ...base, outcome: "pending" };
    case "reviewing":
      return { ...base, outcome: "acknowledged" };
    case "actioned":
      return { ...base, outcome: "actioned" };
    case "partially_actioned":
      return { ...base, outcome: "partially-actioned" };
    case "declined":
      return {
        ...base,
        outcome: "rejected",
        reason: report.reason ?? "declined by Telegram without a reason",
      };
  }
}

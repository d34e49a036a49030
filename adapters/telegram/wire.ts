/**
 * The modelled Telegram government-reports wire format (docs/wire/telegram.md), as zod schemas. Every
 * answer is an envelope: `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }`.
 * The adapter reads the envelope first and validates `result` only when `ok` is true.
 */
import { z } from "zod";
import { TelegramOutcomeFieldsSchema } from "./outcome.js";

/**
 * One item of a report as Telegram names it: a public chat (channel, group or bot) by `@username`, or
 * one message in it.
 *
 * @example
 * ```ts
 * const item: TelegramWireItem = { chat_id: "@some_channel", message_id: 120 };
 * ```
 */
export const TelegramWireItemSchema = z.object({
  chat_id: z.string().regex(/^@\w+$/),
  message_id: z.number().int().positive().optional(),
});
/**
 * One item of a report as Telegram names it.
 *
 * @example
 * ```ts
 * const channel: TelegramWireItem = { chat_id: "@some_channel" };
 * ```
 */
export type TelegramWireItem = z.infer<typeof TelegramWireItemSchema>;

/**
 * Every state of a Telegram report.
 *
 * @example
 * ```ts
 * TelegramReportStatusSchema.parse("reviewing");
 * ```
 */
export const TelegramReportStatusSchema = z.enum([
  "pending",
  "reviewing",
  "actioned",
  "partially_actioned",
  "declined",
]);
/**
 * A state of a Telegram report.
 *
 * @example
 * ```ts
 * const done: TelegramReportStatus = "actioned";
 * ```
 */
export type TelegramReportStatus = z.infer<typeof TelegramReportStatusSchema>;

/**
 * The envelope of every Telegram answer.
 *
 * @example
 * ```ts
 * const envelope = TelegramEnvelopeSchema.parse({ ok: false, error_code: 429, description: "Too Many Requests: retry after 5", parameters: { retry_after: 5 } });
 * ```
 */
export const TelegramEnvelopeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string(),
    parameters: z.object({ retry_after: z.number().nonnegative().optional() }).loose().optional(),
  }),
]);
/**
 * The envelope of every Telegram answer.
 *
 * @example
 * ```ts
 * if (!envelope.ok) console.error(envelope.description);
 * ```
 */
export type TelegramEnvelope = z.infer<typeof TelegramEnvelopeSchema>;

/** Unix seconds, as Telegram sends every date. */
const UnixSeconds = z.number().int().nonnegative();

/**
 * `result` of `submitReport`: the report and what Telegram said about each item, by its index.
 *
 * @example
 * ```ts
 * const result = TelegramSubmitResultSchema.parse(envelope.result);
 * ```
 */
export const TelegramSubmitResultSchema = z.object({
  report_id: z.number().int().positive(),
  status: TelegramReportStatusSchema,
  date: UnixSeconds,
  items: z.array(
    z.object({
      item_index: z.number().int().nonnegative(),
      result: z.enum(["accepted", "duplicate", "chat_not_found"]),
      duplicate_of: z.number().int().positive().optional(),
    }),
  ),
});

/**
 * A report as `getReportStatus` and `getUpdates` show it.
 *
 * @example
 * ```ts
 * const report: TelegramReport = TelegramReportSchema.parse(envelope.result);
 * ```
 */
export const TelegramReportSchema = z.object({
  report_id: z.number().int().positive(),
  status: TelegramReportStatusSchema,
  date: UnixSeconds,
  edit_date: UnixSeconds,
  /** The reason for a decline. */
  reason: z.string().optional(),
  items: z.array(
    TelegramWireItemSchema.extend({
      item_index: z.number().int().nonnegative(),
      status: z.enum(["pending", "actioned", "declined"]),
      reason: z.string().optional(),
    }).extend(TelegramOutcomeFieldsSchema.shape),
  ),
});
/**
 * A report as Telegram shows it.
 *
 * @example
 * ```ts
 * const when = new Date(report.edit_date * 1000).toISOString();
 * ```
 */
export type TelegramReport = z.infer<typeof TelegramReportSchema>;

/**
 * `result` of `getUpdates`: report changes, oldest first, each with its `update_id`.
 *
 * @example
 * ```ts
 * const updates = TelegramUpdatesResultSchema.parse(envelope.result);
 * const next = (updates.at(-1)?.update_id ?? offset - 1) + 1;
 * ```
 */
export const TelegramUpdatesResultSchema = z.array(
  z.object({ update_id: z.number().int().nonnegative(), report: TelegramReportSchema }),
);

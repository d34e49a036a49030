import { z } from "zod";
import { PlatformIdSchema } from "../platforms.js";

/**
 * How an account is identified on its platform. Exactly one identifier: a username (X, Instagram, TikTok,
 * Telegram, Facebook vanity names), a numeric profile id (Facebook), a phone number in E.164 form or a
 * channel code (WhatsApp), or a private invite code (Telegram).
 *
 * @example
 * ```ts
 * AccountRef.parse({ kind: "phone", platform: "whatsapp", phone: "+923001234567" });
 * ```
 */
export const AccountRef = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("username"),
    platform: PlatformIdSchema,
    /** Canonical form: lower-cased, without `@`. */
    username: z.string().min(1).max(100),
  }),
  z.object({
    kind: z.literal("numeric-id"),
    platform: PlatformIdSchema,
    id: z.string().regex(/^\d{1,25}$/, "a numeric id is digits only"),
  }),
  z.object({
    kind: z.literal("phone"),
    platform: PlatformIdSchema,
    /** E.164: `+` then 8 to 15 digits. */
    phone: z.string().regex(/^\+[1-9]\d{7,14}$/, "a phone number is E.164: + and 8 to 15 digits"),
  }),
  z.object({
    kind: z.literal("channel"),
    platform: PlatformIdSchema,
    code: z.string().min(1).max(100),
  }),
  z.object({
    kind: z.literal("invite"),
    platform: PlatformIdSchema,
    /** Invite codes are case-sensitive and kept as given. */
    code: z.string().min(1).max(100),
  }),
]);

/**
 * A canonical reference to one account on one platform.
 *
 * @example
 * ```ts
 * const ref: AccountRef = { kind: "invite", platform: "telegram", code: "AbCdEf123" };
 * ```
 */
export type AccountRef = z.infer<typeof AccountRef>;

/**
 * The kinds of content a target can point at.
 *
 * @example
 * ```ts
 * ContentKind.parse("reel"); // "reel"
 * ```
 */
export const ContentKind = z.enum(["post", "photo", "video", "reel", "story", "message", "comment"]);
/**
 * A kind of content: post, photo, video, reel, story, message or comment.
 *
 * @example
 * ```ts
 * const kind: ContentKind = "message";
 * ```
 */
export type ContentKind = z.infer<typeof ContentKind>;

/**
 * A target that is a whole account.
 *
 * @example
 * ```ts
 * AccountTargetSchema.parse(parseTarget("t.me/somechannel"));
 * ```
 */
export const AccountTargetSchema = z.object({
  type: z.literal("account"),
  account: AccountRef,
});

/**
 * A target that is one piece of content, with the account it belongs to where the link shows it
 * (an Instagram `/p/<code>` link does not, an `x.com/<user>/status/<id>` link does).
 *
 * @example
 * ```ts
 * ContentTargetSchema.parse(parseTarget("t.me/somechannel/42"));
 * ```
 */
export const ContentTargetSchema = z.object({
  type: z.literal("content"),
  platform: PlatformIdSchema,
  kind: ContentKind,
  /** The platform's id for the content (status id, video id, shortcode, message number). */
  id: z.string().min(1).max(200),
  account: AccountRef.optional(),
});

/**
 * Something a request acts on: an account, or a piece of content.
 *
 * @example
 * ```ts
 * const target = Target.parse(JSON.parse(line)); // a target stored as JSON, checked on the way in
 * ```
 */
export const Target = z.discriminatedUnion("type", [AccountTargetSchema, ContentTargetSchema]);

/**
 * A whole account as a target.
 *
 * @example
 * ```ts
 * const target: AccountTarget = { type: "account", account: { kind: "numeric-id", platform: "facebook", id: "1000123" } };
 * ```
 */
export type AccountTarget = z.infer<typeof AccountTargetSchema>;
/**
 * One piece of content as a target.
 *
 * @example
 * ```ts
 * const target: ContentTarget = { type: "content", platform: "instagram", kind: "post", id: "CabcDEF123" };
 * ```
 */
export type ContentTarget = z.infer<typeof ContentTargetSchema>;
/**
 * An account or a piece of content. Use `targetKey` for a canonical string.
 *
 * @example
 * ```ts
 * const target: Target = parseTarget("https://x.com/somename/status/1234");
 * if (target.type === "content") console.log(target.kind, target.id); // "post" "1234"
 * ```
 */
export type Target = z.infer<typeof Target>;

/**
 * The platform a target lives on.
 *
 * @example
 * ```ts
 * targetPlatform(parseTarget("https://t.me/somechannel/42")); // "telegram"
 * ```
 */
export function targetPlatform(target: Target): string {
  return target.type === "account" ? target.account.platform : target.platform;
}

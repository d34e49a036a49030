/**
 * Replies from platforms, read from `.eml` files or an mbox, turned into status updates. A reply is
 * matched to a sent referral by the reference token in its subject (or an `X-Referral-Reference`
 * header), or by `In-Reply-To`/`References` naming a Message-ID the agency sent. Mail that matches no
 * referral, delivery failure reports, and replies whose meaning the rules cannot read are listed for a
 * person, never dropped and never guessed. A reply to a disclosure (see `kindOf`) is read by
 * `readDisclosureReply`: its attachments, hashed, are the production.
 */
import { readFile } from "node:fs/promises";
import type { RequestKind } from "referral-kit";
import type { DisclosureAnswer, StatusUpdate, TargetOutcome } from "referral-kit/adapter";
import { loadOptional } from "referral-kit/adapter";
import { classifyReply, ownText, type ReplyReading } from "./classify.js";
import { producedFiles, readDisclosureReply } from "./disclosure-reply.js";
import { isMbox, splitMbox } from "./mbox.js";
import { type NamedTargets, namedTargets } from "./reply-targets.js";
import { findReferenceToken } from "./token.js";

/** Internal name of a type the public signatures write out. */
export type SentReferral = NonNullable<ReadRepliesOptions["sent"]> extends Iterable<infer S> ? S : never;

/** Internal name of a type the public signatures write out. */
export type ReviewItem = ReplyReport["review"][number];

/** Internal name of a type the public signatures write out. */
export type ReplyUpdate = ReplyReport["updates"][number];

/**
 * What {@link readReplies} found.
 *
 * @example
 * ```ts
 * const { updates, review } = await readReplies(messages, { sent });
 * ```
 */
export interface ReplyReport {
  /**
   * A reply read as a status update, with the request it belongs to.
   */
  readonly updates: readonly {
    /** The request id inside the reference token. */
    readonly requestId: string;
    /** Ready for `toRequestEvents`; `platformRef` is the reference token. */
    readonly update: StatusUpdate;
    /** How the outcome was read: from an `RK-STATUS:` line the platform wrote, or from keywords. */
    readonly rule: "status-line" | "keyword";
    /** Where the reply came from (`file.mbox#3`), for audit. */
    readonly source: string;
  }[];
  /**
   * A message for a person to look at, with enough to find it.
   */
  readonly review: readonly {
    /**
     * `unmatched`: no reference; `unclassified`: matched, meaning unclear; `bounce`: a delivery failure;
     * `unknown-target`: the reply names targets the request does not hold (in `targets`; nothing is
     * recorded for them, and a reply naming only such targets is not recorded at all).
     */
    readonly why: "unmatched" | "unclassified" | "bounce" | "unknown-target";
    readonly from: string;
    readonly subject: string;
    /** The Date header (ISO 8601), when the message had one. */
    readonly date: string | undefined;
    readonly messageId: string | undefined;
    /** The reference the message matched, for `unclassified`, `bounce` and `unknown-target`. */
    readonly reference?: string;
    /** For `unknown-target`: the targets named that the request does not hold (keys, or links as written). */
    readonly targets?: readonly string[];
    readonly source: string;
  }[];
}

/**
 * Options of {@link readReplies}.
 *
 * @example
 * ```ts
 * const options: ReadRepliesOptions = { sent: receipts.map((r) => ({ reference: r.platformRef, messageId: (r.raw as { messageId: string }).messageId })) };
 * ```
 */
export interface ReadRepliesOptions {
  /** The referrals sent, for matching by `In-Reply-To`/`References`. */
  readonly sent?: Iterable<{
    readonly messageId: string;
    readonly reference: string;
    /**
     * The `targetKey`s the email named (the dispatch job's `targetKeys`). A reply that names targets (by
     * link, handle or these keys) gives each named target the reading of the words about it; with exactly
     * one key, a reply that names none gives that target the whole reply's reading. A reply to an email
     * naming several targets that names none of them leaves every target without detail (never assumed).
     */
    readonly targets?: readonly string[];
  }>;
  /** The time to use for a reply without a Date header (default: now). */
  readonly now?: () => number;
  /**
   * The kind of the request a reply answers (by its id), where the caller knows it. A reply to a
   * `disclose-data` request is read as an answer to a disclosure: its attachments are the production,
   * hashed into the update's `disclosure` answer (`produced`, or `partially-produced` when it names a data
   * category as withheld), or it says the platform holds no data, or refuses (with the decline reason its
   * wording names, `legal-process-required` for a demand for a court order). Without it, every reply is
   * read as an answer to a removal.
   */
  readonly kindOf?: (requestId: string) => RequestKind | undefined | Promise<RequestKind | undefined>;
}

/**
 * Reads messages (each the bytes of one `.eml`) into status updates and a review list. Replies match by
 * reference token (subject, `X-Referral-Reference`) or by a sent Message-ID in `In-Reply-To` or
 * `References`; the outcome is read by `classifyReply`, or, for a reply to a `disclose-data` request
 * (`kindOf`), as a production (the attachments, hashed), no data or a refusal.
 *
 * @throws {MissingDependencyError} mailparser is not installed.
 *
 * @example
 * ```ts
 * import { readReplies } from "referral-kit/adapters/email";
 * import { toRequestEvents } from "referral-kit/adapter";
 *
 * const report = await readReplies([readFileSync("reply-1.eml"), readFileSync("reply-2.eml")], { sent });
 * for (const { requestId, update } of report.updates) console.log(requestId, toRequestEvents(update));
 * for (const mail of report.review) console.log("look at:", mail.why, mail.from, mail.subject);
 * ```
 */
export async function readReplies(
  messages: Iterable<Buffer | string | { readonly content: Buffer | string; readonly source: string }>,
  options: ReadRepliesOptions = {},
): Promise<ReplyReport> {
  const { simpleParser } = await loadOptional<typeof import("mailparser")>(
    "mailparser",
    "reading email replies",
  );
  const byMessageId = new Map<string, string>();
  const targetsOf = new Map<string, readonly string[]>();
  for (const sent of options.sent ?? []) {
    byMessageId.set(normaliseId(sent.messageId), sent.reference);
    if (sent.targets) targetsOf.set(sent.reference, sent.targets);
  }
  const now = options.now ?? Date.now;
  const updates: ReplyUpdate[] = [];
  const review: ReviewItem[] = [];
  let index = 0;
  for (const entry of messages) {
    index++;
    const { content, source } =
      typeof entry === "object" && !Buffer.isBuffer(entry)
        ? entry
        : { content: entry, source: `message ${index}` };
    const mail = await simpleParser(content, {
      skipHtmlToText: false,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    const subject = mail.subject ?? "";
    const from = mail.from?.text ?? "";
    const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
    const messageId = mail.messageId;
    const seen = { from, subject, date, messageId, source };
    const reference = matchReference(mail, byMessageId);
    if (!reference) {
      review.push({ why: "unmatched", ...seen });
      continue;
    }
    const requestId = findReferenceToken(reference)?.requestId;
    if (isBounce(mail, from) || !requestId) {
      review.push({ why: isBounce(mail, from) ? "bounce" : "unmatched", reference, ...seen });
      continue;
    }
    const at = date ?? new Date(now()).toISOString();
    const text = mail.text ?? "";
    const isDisclosure = (await options.kindOf?.(requestId)) === "disclose-data";
    const read = isDisclosure
      ? readDisclosureReply(subject, text, producedFiles(mail.attachments ?? []), { at })
      : { reading: classifyReply(subject, text, { at }), answer: undefined };
    if (!read?.reading) {
      review.push({ why: "unclassified", reference, ...seen });
      continue;
    }
    const { reading } = read;
    const keys = targetsOf.get(reference);
    // A disclosure is answered as a whole; a reply about removals may answer target by target.
    const named =
      !isDisclosure && keys && keys.length > 0 ? namedTargets(ownText(text), keys, at) : undefined;
    if (named && named.unknown.length > 0) {
      review.push({ why: "unknown-target", reference, targets: named.unknown, ...seen });
      // About other targets only: not an answer about this request's.
      if (named.named.length === 0) continue;
    }
    updates.push({
      requestId,
      update: toUpdate(
        reading,
        { reference, at, targets: keys, named, from, subject, messageId, source },
        isDisclosure ? { answer: read.answer } : undefined,
      ),
      rule: reading.rule,
      source,
    });
  }
  return { updates, review };
}

/**
 * Reads `.eml` files and mbox files (recognised by their `From ` first line) into status updates and a
 * review list, as {@link readReplies}.
 *
 * @example
 * ```ts
 * import { readReplyFiles } from "referral-kit/adapters/email";
 *
 * const report = await readReplyFiles(["inbox/1.eml", "inbox/archive.mbox"], { sent });
 * ```
 */
export async function readReplyFiles(
  paths: readonly string[],
  options: ReadRepliesOptions = {},
): Promise<ReplyReport> {
  const messages: { content: Buffer; source: string }[] = [];
  for (const path of paths) {
    const content = await readFile(path);
    if (isMbox(content)) {
      splitMbox(content).forEach((message, i) => {
        messages.push({ content: message, source: `${path}#${i + 1}` });
      });
    } else messages.push({ content, source: path });
  }
  return readReplies(messages, options);
}

interface ParsedReply {
  subject?: string;
  inReplyTo?: string;
  references?: string | string[];
  headers: Map<string, unknown>;
}

function matchReference(mail: ParsedReply, byMessageId: ReadonlyMap<string, string>): string | undefined {
  const inSubject = findReferenceToken(mail.subject ?? "");
  if (inSubject) return inSubject.token;
  const header = mail.headers.get("x-referral-reference");
  if (typeof header === "string") {
    const found = findReferenceToken(header);
    if (found) return found.token;
  }
  const references = [mail.inReplyTo ?? "", ...[mail.references ?? []].flat()]
    .flatMap((value) => value.match(/<[^>]+>/g) ?? (value ? [value] : []))
    .map(normaliseId);
  for (const id of references) {
    const reference = byMessageId.get(id);
    if (reference) return reference;
  }
  return undefined;
}

function normaliseId(id: string): string {
  return id.trim().replace(/^<|>$/g, "").toLowerCase();
}

/** Delivery status notifications: the referral did not arrive, which a person must know. */
function isBounce(mail: ParsedReply, from: string): boolean {
  const type = mail.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (type?.value === "multipart/report" && type.params?.["report-type"] === "delivery-status") return true;
  return /mailer-daemon|postmaster/i.test(from);
}

function toUpdate(
  reading: ReplyReading,
  mail: {
    reference: string;
    at: string;
    from: string;
    subject: string;
    messageId: string | undefined;
    source: string;
    targets: readonly string[] | undefined;
    named: NamedTargets | undefined;
  },
  /** Present for a reply to a disclosure, with what it produced or that no data is held. */
  disclosure: { answer: DisclosureAnswer | undefined } | undefined,
): StatusUpdate {
  // What the history keeps: the classification, the reason code and where the message is. Never the
  // reply's words, which can name the account holder, a phone number or an address.
  const pointer = mail.messageId ? `email reply ${mail.messageId}` : `email reply ${mail.source}`;
  const why = `${reading.reasonCode} (${pointer})`;
  const base = {
    platformRef: mail.reference,
    at: mail.at,
    platformState: `email reply: ${reading.outcome}`,
    // Who answered and what about, for the audit trail; never the body.
    raw: {
      from: mail.from,
      subject: mail.subject,
      messageId: mail.messageId,
      rule: reading.rule,
      reasonCode: reading.reasonCode,
      ...(reading.detail ? { detail: reading.detail } : {}),
    },
    ...(disclosure?.answer ? { disclosure: disclosure.answer } : {}),
  };
  const perTarget = mail.named?.outcomes ?? [];
  if (perTarget.length > 0) return withNamedTargets(reading, base, why, perTarget);
  // The detail is the one target's outcome; never the reply's words (`reason` stays off the target). A
  // disclosure is refused as a whole, so its refusal's reason is every target's.
  const answered = disclosure || mail.targets?.length === 1 ? (mail.targets ?? []) : [];
  const targets = (outcome: "actioned" | "rejected"): { targets?: TargetOutcome[] } =>
    answered.length > 0 && reading.detail
      ? {
          targets: answered.map((key) => ({
            key,
            outcome,
            ...reading.detail,
            ...(outcome === "rejected" ? { measure: "no-action" as const } : {}),
          })),
        }
      : {};
  switch (reading.outcome) {
    case "rejected":
      return { ...base, outcome: "rejected", reason: why, ...targets("rejected") };
    case "needs-information":
      return { ...base, outcome: "needs-information", reason: why };
    case "actioned":
      return { ...base, outcome: "actioned", reason: why, ...(disclosure ? {} : targets("actioned")) };
    case "acknowledged":
      return { ...base, outcome: "acknowledged", reason: why };
  }
}

/**
 * The update of a reply that says what happened to the targets it names. Actions and declines among them
 * make a partial action; named actions in a reply that otherwise declines or asks something make one too
 * (the rest is not acted on as far as the reply says); otherwise the reply's own reading stands. Targets
 * not named get no outcome.
 */
function withNamedTargets(
  reading: ReplyReading,
  base: Omit<StatusUpdate, "outcome" | "reason" | "targets">,
  why: string,
  targets: readonly TargetOutcome[],
): StatusUpdate {
  const acted = targets.some((target) => target.outcome === "actioned");
  const declined = targets.some((target) => target.outcome === "rejected");
  if (acted && (declined || reading.outcome !== "actioned")) {
    return { ...base, outcome: "partially-actioned", reason: why, targets };
  }
  if (acted) return { ...base, outcome: "actioned", reason: why, targets };
  return { ...base, outcome: "rejected", reason: why, targets };
}

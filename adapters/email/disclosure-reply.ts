/**
 * Reading a platform's reply to a `disclose-data` request sent by email. The attachments are the
 * production: each is hashed (SHA-256 and size of its bytes) into the production receipt. The words are
 * read conservatively, as the removal rules are: a reply that says two things (files attached and "no
 * data", or a refusal), or says the production is partial without naming what was withheld, is left for a
 * person, never guessed.
 *
 * | the reply | reading |
 * | --- | --- |
 * | attachments, nothing against them | `produced` (code `produced`) |
 * | attachments, and a data category it names as withheld or not produced | `partially-produced`, with `withheld` |
 * | no attachments, "no data / no records / do not hold any" | `no-data` (code `no-data`) |
 * | no attachments, a refusal, or a demand for legal process ("a court order is required") | `rejected`, with the decline reason its wording names (`legal-process-required`, ...) |
 * | no attachments, a question or an acknowledgement | as for any reply |
 * | anything else (an action without files, contradictory or partial wording) | nothing: for a person |
 */
import { createHash } from "node:crypto";
import type { DataCategory, ProducedFile } from "referral-kit";
import type { DisclosureAnswer } from "referral-kit/adapter";
import { classifyReply, ownText, type ReplyReading } from "./classify.js";
import { replyDetail } from "./reply-detail.js";

/** One attachment as mailparser gives it. */
export interface MailAttachment {
  readonly filename?: string | undefined;
  readonly contentType: string;
  readonly content: Buffer;
  /** An inline part the HTML body refers to (a logo in a signature), not a file sent. */
  readonly related?: boolean;
}

/** A reading of a reply to a disclosure, with what it produced. */
export interface DisclosureReading {
  readonly reading: ReplyReading;
  readonly answer?: DisclosureAnswer;
}

const NO_DATA =
  /\b(?:no (?:responsive |relevant )?(?:data|records|information) (?:(?:was|were|could be) )?(?:found|located|available|exists?)|(?:do|does|did) not (?:have|hold|retain|possess) any (?:responsive |relevant )?(?:data|records|information)|(?:hold|have|retain) no (?:responsive |relevant )?(?:data|records|information)|no (?:data|records) (?:is|are) held)\b/i;

/** Wording that a production is partial; without a category named as withheld it cannot be recorded. */
const PARTIAL = /\b(?:partial(?:ly)?|some of the (?:data|records|information)|in part)\b/i;

const CATEGORY_WORDS: readonly { category: DataCategory; words: string }[] = [
  { category: "subscriber", words: "(?:basic )?subscriber(?: information| data| records| details)?" },
  {
    category: "traffic-or-non-content",
    words:
      "(?:traffic(?: data)?|non-content(?: data| information| records)?|IP (?:logs|addresses)|log(?:in|on) (?:data|records|history))",
  },
  { category: "content", words: "(?<!non-)(?:stored |message )?contents?(?: data| of (?:the )?messages)?" },
];

const WITHHELD_AFTER =
  "(?:(?:is|are|was|were|has been|have been) )?(?:withheld|not (?:been )?(?:produced|provided|disclosed|included))";
const WITHHELD_BEFORE =
  "(?:withh(?:e|o)ld(?:ing)?|(?:can ?not|cannot|will not|do not|did not) (?:produce|provide|disclose))";

/** The data categories the reply clearly names as withheld, in the order of the taxonomy. */
function withheldCategories(text: string): DataCategory[] {
  return CATEGORY_WORDS.filter(({ words }) => {
    const after = new RegExp(`\\b${words}\\b[^.;\\n]{0,40}?\\b${WITHHELD_AFTER}\\b`, "i");
    const before = new RegExp(`\\b${WITHHELD_BEFORE}\\b[^.;\\n]{0,20}?\\b${words}\\b`, "i");
    return after.test(text) || before.test(text);
  }).map(({ category }) => category);
}

/**
 * The attachments that are the production, hashed: inline parts and the agency's own referral attachment
 * sent back (`referral-<id>.json`) are not. Each file is named by its place in the message
 * (`attachment-1.csv`), never by the platform's file name, which can carry the account holder's name; its
 * SHA-256 identifies the bytes.
 */
export function producedFiles(attachments: readonly MailAttachment[]): ProducedFile[] {
  const files: ProducedFile[] = [];
  for (const attachment of attachments) {
    if (attachment.related) continue;
    if (/^referral-.+\.json$/i.test(attachment.filename ?? "")) continue;
    const extension = /\.([a-z0-9]{1,8})$/i.exec(attachment.filename ?? "")?.[1]?.toLowerCase();
    files.push({
      name: `attachment-${files.length + 1}${extension ? `.${extension}` : ""}`,
      sha256: createHash("sha256").update(attachment.content).digest("hex"),
      size: attachment.content.length,
      ...(/^[\w.+-]+\/[\w.+-]+$/.test(attachment.contentType) ? { mediaType: attachment.contentType } : {}),
    });
  }
  return files;
}

/**
 * Reads a reply to a disclosure (see the table above), or `undefined` when it is for a person.
 *
 * @example
 * ```ts
 * readDisclosureReply("Re: [RK-disc-7-3f2a9c1b]", "We do not hold any data for this account.", [], {});
 * // { reading: { outcome: "actioned", reasonCode: "no-data", ... }, answer: { answer: "no-data" } }
 * ```
 */
export function readDisclosureReply(
  subject: string,
  text: string,
  files: readonly ProducedFile[],
  options: { readonly at?: string },
): DisclosureReading | undefined {
  const generic = classifyReply(subject, text, options);
  const own = ownText(text);
  const noData = NO_DATA.exec(own);
  const refuses = generic?.outcome === "rejected" || generic?.reasonCode === "court-order-required";
  if (files.length > 0) {
    if (noData || refuses || generic?.outcome === "needs-information") return undefined;
    const withheld = withheldCategories(own);
    if (withheld.length === 0 && PARTIAL.test(own)) return undefined;
    return {
      reading: {
        outcome: "actioned",
        reasonCode: "produced",
        reason: undefined,
        rule: generic?.rule ?? "keyword",
      },
      answer: {
        answer: "produced",
        files,
        ...(withheld.length > 0 ? { withheld } : {}),
        channel: "email",
        hashesFrom: "agency",
      },
    };
  }
  if (noData) {
    if (refuses || generic?.outcome === "needs-information") return undefined;
    return {
      reading: { outcome: "actioned", reasonCode: "no-data", reason: noData[0], rule: "keyword" },
      answer: { answer: "no-data" },
    };
  }
  if (generic === undefined || generic.outcome === "actioned") return undefined;
  if (generic.reasonCode !== "court-order-required") return { reading: generic };
  // For a disclosure, a demand for legal process is the platform's refusal to produce without it.
  const at = options.at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(options.at);
  const detail = replyDetail("rejected", own, Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at);
  return { reading: { ...generic, outcome: "rejected", ...(detail ? { detail } : {}) } };
}

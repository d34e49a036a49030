/**
 * referral-kit/adapters/email: the email submission channel. `createEmailAdapter` sends each request as
 * an email to a platform's address over SMTP (nodemailer) with a reference token in the subject and a
 * JSON attachment; `readReplies` and `readReplyFiles` read replies (`.eml` files or an mbox, with mailparser) into status
 * updates, a reply to a disclosure with its attachments hashed into a production. nodemailer and mailparser are optional peer dependencies, loaded when first used.
 *
 * @packageDocumentation
 */
export {
  createEmailAdapter,
  type EmailAdapter,
  type EmailAdapterConfig,
} from "./adapter.js";
export { type ReadRepliesOptions, type ReplyReport, readReplies, readReplyFiles } from "./inbound.js";
export type { EmailTransportConfig, MailTransport } from "./transport.js";

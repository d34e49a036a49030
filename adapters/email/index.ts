/**
 * referral-kit/adapters/email: the email submission channel. `createEmailAdapter` sends each request as
 * an email to a platform's address over SMTP (nodemailer) with a reference token in the subject and a
 * JSON attachment; `parseReplies` reads replies (`.eml` files or an mbox, with mailparser) into status
 * updates; `startSmtpSink` is a loopback SMTP server for tests and demos.
 *
 * @packageDocumentation
 */
export {
  createEmailAdapter,
  type EmailAdapter,
  type EmailAdapterConfig,
  SMTP_PASSWORD_ENV,
} from "./adapter.js";
export type { ReplyOutcome, ReplyReading } from "./classify.js";
export {
  type ReadRepliesOptions,
  type ReplyReport,
  type ReplyUpdate,
  type ReviewItem,
  readReplies,
  readReplyFiles,
  type SentReferral,
} from "./inbound.js";
export { MissingDependencyError } from "./lazy.js";
export { type SinkMessage, type SmtpSink, type SmtpSinkOptions, startSmtpSink } from "./testing.js";
export {
  createSmtpTransport,
  type EmailTransportConfig,
  type MailTransport,
  type OutgoingMail,
  type SentMail,
} from "./transport.js";

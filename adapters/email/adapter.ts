import type { PlatformId } from "referral-kit";
import { RequestKind, targetKey as targetKeyOf } from "referral-kit";
import type { AdapterCapabilities, SubmitInput, SubmitReceipt } from "referral-kit/adapter";
import {
  AuthenticationError,
  type DefinedAdapter,
  defineAdapter,
  PlatformServerError,
  ProtocolError,
  RejectedByPlatformError,
} from "referral-kit/adapter";
import { composeReferral } from "./compose.js";
import { smtpError } from "./errors.js";
import { messageIdFor, referenceToken } from "./token.js";
import {
  createSmtpTransport,
  type EmailTransportConfig,
  type MailTransport,
  type SentMail,
} from "./transport.js";

/**
 * Configuration of {@link createEmailAdapter}.
 *
 * @example
 * ```ts
 * const config: EmailAdapterConfig<"telegram"> = {
 *   platform: "telegram",
 *   to: "abuse-gov@telegram.example",
 *   from: "CTU Referrals <referrals@ctu.gov.example>",
 *   transport: { host: "smtp.ctu.gov.example", port: 587, requireTLS: true, auth: { user: "referrals", pass }, pool: true },
 * };
 * ```
 */
export interface EmailAdapterConfig<P extends PlatformId = PlatformId> {
  /** The platform this address belongs to. */
  readonly platform: P;
  /** The platform's address (or addresses) for government requests. */
  readonly to: string | readonly string[];
  /** The agency's sending address; replies come back to it (or to `replyTo`). */
  readonly from: string;
  readonly cc?: readonly string[];
  readonly replyTo?: string;
  /** SMTP settings, or a ready {@link MailTransport} (a test double, a shared pool). */
  readonly transport: EmailTransportConfig | MailTransport;
  /** The domain of generated Message-IDs. Default: the domain of `from`. */
  readonly messageIdDomain?: string;
  /** Text before the reference token in the subject, e.g. `"[LE request]"` when a platform asks for one. */
  readonly subjectPrefix?: string;
  /** Request kinds the platform takes by email. Default: every kind. */
  readonly requestKinds?: readonly RequestKind[];
  /** Default: accounts and content. */
  readonly targetTypes?: AdapterCapabilities["targetTypes"];
  /** Targets per email. Default 50. */
  readonly maxTargetsPerCall?: number;
  /** Limits the platform (or the agency's mail server) sets. Default none. */
  readonly rateLimits?: AdapterCapabilities["rateLimits"];
  /** The clock (epoch ms) for receipts. */
  readonly now?: () => number;
}

/**
 * An email adapter: a v1 adapter, plus `close()` to release pooled SMTP connections.
 *
 * @example
 * ```ts
 * const adapter: EmailAdapter<"x"> = createEmailAdapter({ platform: "x", to, from, transport });
 * try { await adapter.submit(input, { idempotencyKey }); } finally { adapter.close(); }
 * ```
 */
export type EmailAdapter<P extends PlatformId = PlatformId> = DefinedAdapter<P> & {
  /** Closes the SMTP connection(s). The adapter may be used again: it reconnects on the next send. */
  close(): void;
};

/**
 * Creates an adapter that sends each `submit` call as one email to the platform's address over SMTP
 * (nodemailer, loaded on first send): a readable body (targets, legal basis, designations, deadline), the
 * reference token `[RK-<request id>-<hash>]` in the subject, and a JSON attachment; evidence by hash only.
 *
 * The receipt's `platformRef` is the reference token (what a reply cites); `raw` keeps the server's
 * answer, the Message-ID and the accepted and rejected recipients. A send is a success only when the
 * server answered DATA with 2xx and accepted every recipient: any rejected recipient is a
 * `RejectedByPlatformError`, never a receipt. Email has no status polling, webhooks or withdrawal:
 * replies are read with `parseReplies`.
 *
 * Idempotency: the Message-ID is derived from the idempotency key, so a retried send carries the same
 * Message-ID and reference. SMTP cannot deduplicate on the server: if an answer is lost, the platform may
 * receive the message twice, recognisably the same.
 *
 * @example
 * ```ts
 * import { createEmailAdapter } from "referral-kit/adapters/email";
 *
 * const email = createEmailAdapter({
 *   platform: "telegram",
 *   to: "abuse-gov@telegram.example",
 *   from: "referrals@ctu.gov.example",
 *   transport: { host: "smtp.ctu.gov.example", port: 587, requireTLS: true, auth: { user: "referrals", pass }, pool: true },
 * });
 * const receipt = await email.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * receipt.platformRef; // "RK-req-1-3f2a9c1b"
 * email.close();
 * ```
 */
export function createEmailAdapter<const P extends PlatformId>(
  config: EmailAdapterConfig<P>,
): EmailAdapter<P> {
  const { platform } = config;
  const to = typeof config.to === "string" ? [config.to] : [...config.to];
  if (to.length === 0) throw new TypeError("createEmailAdapter needs at least one `to` address");
  const domain = config.messageIdDomain ?? domainOf(config.from);
  const now = config.now ?? Date.now;
  const secrets: string[] = [];
  const timeoutMs = isTransport(config.transport) ? undefined : config.transport.socketTimeoutMs;
  let transport: Promise<MailTransport> | undefined;
  const getTransport = () => {
    if (isTransport(config.transport)) return Promise.resolve(config.transport);
    if (transport) return transport;
    const settings = withPassword(config.transport, platform);
    if (settings.auth?.pass && !secrets.includes(settings.auth.pass)) secrets.push(settings.auth.pass);
    transport = createSmtpTransport(settings).catch((error: unknown) => {
      transport = undefined;
      throw error;
    });
    return transport;
  };

  const capabilities: AdapterCapabilities = {
    requestKinds: config.requestKinds ?? RequestKind.options,
    targetTypes: config.targetTypes ?? ["account", "content"],
    statusPolling: false,
    webhooks: false,
    withdrawal: false,
    maxTargetsPerCall: config.maxTargetsPerCall ?? 50,
    rateLimits: config.rateLimits ?? [],
  };

  const defined = defineAdapter({
    platform,
    capabilities,
    async submit(input, { signal, idempotencyKey }) {
      const reference = referenceToken(input.request.id, idempotencyKey);
      const messageId = messageIdFor(idempotencyKey, domain);
      const email = composeReferral(input, {
        reference,
        idempotencyKey,
        ...(config.subjectPrefix ? { subjectPrefix: config.subjectPrefix } : {}),
      });
      const mailer = await getTransport();
      let info: SentMail;
      try {
        info = await mailer.sendMail({
          from: config.from,
          to,
          ...(config.cc ? { cc: config.cc } : {}),
          ...(config.replyTo ? { replyTo: config.replyTo } : {}),
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          headers: { "X-Referral-Reference": reference },
          attachments: [
            {
              filename: email.attachment.filename,
              content: email.attachment.content,
              contentType: "application/json",
            },
          ],
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw smtpError(error, { platform, secrets, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
      }
      return toReceipt(input, info, { platform, reference, expected: [...to, ...(config.cc ?? [])], now });
    },
    async getStatus() {
      // Not reached: statusPolling is false, so defineAdapter refuses before calling this.
      throw new ProtocolError({
        platform,
        reason: "email has no status polling; read replies with parseReplies",
      });
    },
  });
  return Object.freeze({
    ...defined,
    close() {
      const pending = transport;
      transport = undefined;
      void pending?.then((t) => t.close()).catch(() => undefined);
      if (isTransport(config.transport)) config.transport.close();
    },
  });
}

/**
 * The receipt for a sent referral, or an error when the server did not take it for every recipient.
 */
function toReceipt(
  input: SubmitInput,
  info: SentMail,
  context: { platform: string; reference: string; expected: readonly string[]; now: () => number },
): SubmitReceipt {
  const raw = {
    messageId: info.messageId,
    response: info.response,
    accepted: [...info.accepted],
    rejected: [...info.rejected],
    ...(info.envelope ? { envelope: info.envelope } : {}),
  };
  const accepted = new Set(info.accepted.map((a) => bare(a)));
  const missing = context.expected.map(bare).filter((a) => !accepted.has(a));
  if (info.rejected.length > 0 || missing.length > 0) {
    const refused = info.rejected.length > 0 ? info.rejected.map(bare) : missing;
    const copies =
      accepted.size > 0 ? ` (it accepted ${[...accepted].join(", ")}: a copy may have gone there)` : "";
    // RFC 5321: a 4xx is temporary. When every refusal was one, sending again later may pass; the retry
    // carries the same Message-ID, so a recipient that already has the message can tell it is the same.
    const codes = info.rejectedErrors ?? [];
    const deferred =
      info.rejected.length > 0 &&
      info.rejected.every((address) => {
        const code = codes.find((e) => bare(e.recipient) === bare(address))?.responseCode;
        return code !== undefined && code >= 400 && code < 500;
      });
    if (deferred) {
      const said = codes.map((e) => e.response).find((r) => r !== undefined);
      throw new PlatformServerError({
        platform: context.platform,
        platformMessage: `the SMTP server deferred ${refused.join(", ")}${copies}${said ? `: ${said}` : ""} (temporary)`,
      });
    }
    throw new RejectedByPlatformError({
      platform: context.platform,
      platformMessage: `the SMTP server did not accept ${refused.join(", ")}${copies}; ${info.response}`,
    });
  }
  if (!/^2\d\d\b/.test(info.response.trim())) {
    throw new ProtocolError({
      platform: context.platform,
      reason: `the SMTP server's answer to the message was not a 2xx: ${JSON.stringify(info.response.slice(0, 200))}`,
    });
  }
  return {
    platformRef: context.reference,
    acceptedAt: new Date(context.now()).toISOString(),
    targets: input.targets.map(({ target }) => ({
      key: targetKeyOf(target),
      status: "accepted" as const,
      platformRef: context.reference,
    })),
    raw,
  };
}

/**
 * The environment variable the SMTP password is read from when `transport.auth.pass` is not given.
 *
 * @example
 * ```ts
 * process.env[SMTP_PASSWORD_ENV] = password; // read when the adapter first sends
 * ```
 */
export const SMTP_PASSWORD_ENV = "REFERRAL_KIT_SMTP_PASSWORD";

/** Fills in the password from the environment, or fails naming both places it looked. */
function withPassword(config: EmailTransportConfig, platform: string): EmailTransportConfig {
  if (!config.auth || config.auth.pass !== undefined) return config;
  const pass = typeof process === "undefined" ? undefined : process.env[SMTP_PASSWORD_ENV];
  if (!pass) {
    throw new AuthenticationError({
      platform,
      platformMessage: `no SMTP password: pass \`transport.auth.pass\` to createEmailAdapter or set the ${SMTP_PASSWORD_ENV} environment variable`,
    });
  }
  return { ...config, auth: { user: config.auth.user, pass } };
}

function isTransport(value: EmailTransportConfig | MailTransport): value is MailTransport {
  return typeof (value as MailTransport).sendMail === "function";
}

/** `Name <a@b>` -> `a@b`, lower-cased, for comparing addresses. */
function bare(address: string): string {
  const match = /<([^>]+)>/.exec(address);
  return (match ? match[1]! : address).trim().toLowerCase();
}

function domainOf(from: string): string {
  const address = bare(from);
  const at = address.lastIndexOf("@");
  const domain = at >= 0 ? address.slice(at + 1) : "";
  return /^[a-z0-9.-]+$/.test(domain) && domain.length > 0 ? domain : "referral-kit.invalid";
}

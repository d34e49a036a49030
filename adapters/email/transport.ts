/**
 * The SMTP transport: nodemailer, configured from plain options, behind a two-method interface so the
 * adapter does not depend on nodemailer's types (and a test can pass its own).
 */
import { loadOptional } from "referral-kit/adapter";

/** Internal name of a type the public signatures write out. */
export type SentMail = Awaited<ReturnType<MailTransport["sendMail"]>>;

/** Internal name of a type the public signatures write out. */
export type OutgoingMail = Parameters<MailTransport["sendMail"]>[0];

/**
 * How to reach the SMTP server. `secure: true` is implicit TLS (port 465); otherwise set `requireTLS` to
 * refuse to send unless the server upgrades the connection with STARTTLS (recommended: referrals must
 * never cross the network in clear). `tls.ca` pins the server's certificate authority.
 *
 * @example
 * ```ts
 * const transport: EmailTransportConfig = {
 *   host: "smtp.ministry.example", port: 587, requireTLS: true,
 *   auth: { user: "referrals", pass: process.env.SMTP_PASSWORD! }, pool: true,
 * };
 * ```
 */
export interface EmailTransportConfig {
  readonly host: string;
  /** Default 587 (465 when `secure`). */
  readonly port?: number;
  /** Implicit TLS from the first byte (port 465). Default false. */
  readonly secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. Default true unless `secure`. */
  readonly requireTLS?: boolean;
  /**
   * SMTP AUTH credentials. The password never appears in errors or receipts. Without `pass`, the
   * email adapter reads `REFERRAL_KIT_SMTP_PASSWORD` when it first sends (so config files hold no secret).
   */
  readonly auth?: { readonly user: string; readonly pass?: string };
  /** Keep connections open and reuse them (nodemailer's pool). `true`, or limits. Default false. */
  readonly pool?: boolean | { readonly maxConnections?: number; readonly maxMessages?: number };
  /** TLS options passed to Node's `tls.connect`: `ca` to pin, `servername`, `minVersion`. */
  readonly tls?: {
    readonly ca?: string | Buffer | readonly (string | Buffer)[];
    readonly servername?: string;
    readonly minVersion?: "TLSv1.2" | "TLSv1.3";
    /** Only for tests against a local server; never turn verification off in production. */
    readonly rejectUnauthorized?: boolean;
  };
  /** Milliseconds to wait for the connection. Default 30 s. */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds to wait for the greeting. Default 30 s. */
  readonly greetingTimeoutMs?: number;
  /** Milliseconds of socket inactivity before giving up. Default 60 s. */
  readonly socketTimeoutMs?: number;
  /** The name to announce in EHLO. Default: the machine's host name. */
  readonly name?: string;
}

/**
 * The two things the adapter needs from a transport.
 *
 * @example
 * ```ts
 * const transport: MailTransport = await createSmtpTransport({ host: "127.0.0.1", port: 2525 });
 * await transport.sendMail(message);
 * transport.close();
 * ```
 */
export interface MailTransport {
  /**
   * Sends one message as the adapter hands it to a transport, and resolves with what the server said
   * when it took it (nodemailer's `info`).
   */
  sendMail(message: {
    readonly from: string;
    readonly to: readonly string[];
    readonly cc?: readonly string[];
    readonly replyTo?: string;
    readonly subject: string;
    readonly text: string;
    readonly html: string;
    readonly messageId: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly attachments: readonly {
      readonly filename: string;
      readonly content: string;
      readonly contentType: string;
    }[];
    readonly signal?: AbortSignal;
  }): /**
   * What the server said when it took a message (nodemailer's `info`).
   */
  Promise<{
    readonly messageId: string;
    /** The server's final answer to DATA, e.g. `250 2.0.0 OK queued as 4Fq...`. */
    readonly response: string;
    readonly accepted: readonly string[];
    readonly rejected: readonly string[];
    /** What the server answered for each rejected recipient (a 4xx is temporary, a 5xx permanent). */
    readonly rejectedErrors?: readonly {
      readonly recipient: string;
      readonly responseCode?: number;
      readonly response?: string;
    }[];
    readonly envelope?: { readonly from?: string | false; readonly to?: readonly string[] };
  }>;
  close(): void;
}

/**
 * Creates a nodemailer SMTP transport (loaded on first use) from plain options.
 *
 * @throws {MissingDependencyError} nodemailer is not installed.
 *
 * @example
 * ```ts
 * const transport = await createSmtpTransport({ host: "smtp.ministry.example", port: 587, requireTLS: true, auth });
 * ```
 */
export async function createSmtpTransport(config: EmailTransportConfig): Promise<MailTransport> {
  const nodemailer = await loadOptional<typeof import("nodemailer")>("nodemailer", "the email channel");
  const secure = config.secure ?? false;
  const pool = config.pool ?? false;
  const options = {
    host: config.host,
    port: config.port ?? (secure ? 465 : 587),
    secure,
    requireTLS: config.requireTLS ?? !secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass ?? "" } } : {}),
    ...(config.tls ? { tls: { ...config.tls, ca: toCa(config.tls.ca) } } : {}),
    connectionTimeout: config.connectionTimeoutMs ?? 30_000,
    greetingTimeout: config.greetingTimeoutMs ?? 30_000,
    socketTimeout: config.socketTimeoutMs ?? 60_000,
    ...(config.name ? { name: config.name } : {}),
    // Never log: the SMTP dialogue carries the AUTH exchange.
    logger: false,
    debug: false,
  };
  const transporter = pool
    ? nodemailer.createTransport({
        ...options,
        pool: true,
        ...(typeof pool === "object" ? pool : {}),
      })
    : nodemailer.createTransport(options);
  return {
    async sendMail(message) {
      const info = await transporter.sendMail({
        from: message.from,
        to: [...message.to],
        ...(message.cc ? { cc: [...message.cc] } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        ...(message.headers ? { headers: { ...message.headers } } : {}),
        attachments: message.attachments.map((a) => ({ ...a })),
        ...(message.signal ? { signal: message.signal } : {}),
      });
      return {
        messageId: String(info.messageId),
        response: String(info.response ?? ""),
        accepted: (info.accepted ?? []).map(address),
        rejected: (info.rejected ?? []).map(address),
        ...(info.rejectedErrors?.length ? { rejectedErrors: info.rejectedErrors.map(rejection) } : {}),
        ...(info.envelope ? { envelope: { from: info.envelope.from, to: info.envelope.to ?? [] } } : {}),
      };
    },
    close() {
      transporter.close();
    },
  };
}

function toCa(ca: string | Buffer | readonly (string | Buffer)[] | undefined) {
  if (ca === undefined) return undefined;
  return Array.isArray(ca) ? [...ca] : (ca as string | Buffer);
}

/** A recipient's rejection as the server gave it. */
function rejection(error: { recipient?: unknown; responseCode?: unknown; response?: unknown }) {
  return {
    recipient: address(error.recipient),
    ...(typeof error.responseCode === "number" ? { responseCode: error.responseCode } : {}),
    ...(typeof error.response === "string" ? { response: error.response } : {}),
  };
}

function address(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && "address" in value) {
    return String((value as { address: unknown }).address);
  }
  return String(value);
}

/**
 * SMTP failures as adapter errors. nodemailer tags its errors with a `code` (`EAUTH`, `EENVELOPE`, ...)
 * and, when the server answered, a `responseCode`; the mapping below follows RFC 5321: 5xx is permanent
 * (the message as it stands will never be taken), 4xx is temporary.
 */
import {
  type AdapterError,
  AuthenticationError,
  NetworkError,
  PlatformServerError,
  ProtocolError,
  RejectedByPlatformError,
  TimeoutError,
} from "referral-kit/adapter";

/**
 * What nodemailer puts on its errors (all optional: a plain socket error has only `code`).
 *
 * @example
 * ```ts
 * const failure: SmtpFailure = { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 no such user", command: "RCPT TO" };
 * ```
 */
export interface SmtpFailure {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
  readonly message?: string;
}

/**
 * Maps an SMTP send failure to an adapter error: `EAUTH`/`ENOAUTH` -> `AuthenticationError`; a 5xx
 * answer (recipient, sender or message refused) -> `RejectedByPlatformError`; a 4xx answer ->
 * `PlatformServerError` (retryable); `ETIMEDOUT` -> `TimeoutError`; a dropped or refused connection,
 * TLS failure or socket error -> `NetworkError` (retryable: whether the server kept the message is
 * unknown, and the retry carries the same Message-ID). The SMTP password is scrubbed from every text.
 *
 * @example
 * ```ts
 * try { await transport.sendMail(message); } catch (error) { throw smtpError(error, { platform: "x", secrets: [password] }); }
 * ```
 */
export function smtpError(
  error: unknown,
  options: { platform: string; secrets: readonly string[]; timeoutMs?: number },
): AdapterError {
  const failure = (typeof error === "object" && error !== null ? error : {}) as SmtpFailure;
  const base = { platform: options.platform, secrets: options.secrets, cause: error };
  const serverSaid = failure.response ? oneLine(failure.response) : undefined;
  const code = failure.code;
  if (code === "EAUTH" || code === "ENOAUTH") {
    return new AuthenticationError({
      ...base,
      platformMessage: serverSaid ?? "the SMTP server refused the credentials",
      ...(failure.responseCode ? { platformCode: String(failure.responseCode) } : {}),
    });
  }
  const status = failure.responseCode;
  if (status !== undefined && status >= 500 && status < 600) {
    return new RejectedByPlatformError({
      ...base,
      platformMessage: `${failure.command ? `${failure.command}: ` : ""}${serverSaid ?? `SMTP ${status}`}`,
      platformCode: String(status),
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new PlatformServerError({
      ...base,
      platformMessage: `${failure.command ? `${failure.command}: ` : ""}${serverSaid ?? `SMTP ${status}`} (temporary)`,
    });
  }
  if (code === "ETIMEDOUT") {
    return new TimeoutError({
      ...base,
      kind: "attempt",
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }
  if (
    code === "ECONNECTION" ||
    code === "ESOCKET" ||
    code === "ETLS" ||
    code === "EDNS" ||
    code === "EPROXY" ||
    code === "ECONNRESET" ||
    code === "ECONNREFUSED"
  ) {
    return new NetworkError(base);
  }
  return new ProtocolError({
    ...base,
    reason: `the SMTP exchange failed${code ? ` (${code})` : ""}${serverSaid ? `: ${serverSaid}` : ""}`,
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 500);
}

/**
 * A loopback SMTP sink for the tests and the demo: a real SMTP server (smtp-server, a dev dependency) on
 * 127.0.0.1 that keeps every message it takes, with switches for the failures an agency's mail path
 * really has (refused credentials, refused recipients, a connection that drops during DATA). Not part of
 * the package; never for production mail.
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

/**
 * One message the sink took.
 *
 * @example
 * ```ts
 * const [mail] = sink.messages;
 * console.log(mail?.to, mail?.raw.toString("utf8").slice(0, 200));
 * ```
 */
export interface SinkMessage {
  readonly from: string;
  readonly to: readonly string[];
  /** The message as received (headers and body), as an `.eml` file would hold it. */
  readonly raw: Buffer;
  readonly receivedAt: string;
  /** The user that authenticated, when the sink required authentication. */
  readonly user?: string;
}

/**
 * Options of {@link startSmtpSink}.
 *
 * @example
 * ```ts
 * const options: SmtpSinkOptions = { auth: { user: "demo", pass: "demo-pass" }, rejectRecipient: (to) => to.endsWith("@bounce.example") };
 * ```
 */
export interface SmtpSinkOptions {
  /** Require SMTP AUTH with these credentials (PLAIN or LOGIN). Default: no authentication. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Offer STARTTLS with this certificate and key (PEM). Default: no STARTTLS (plain, loopback only). */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Refuse a recipient with `550 5.1.1` when this returns true. */
  readonly rejectRecipient?: (address: string) => boolean;
  /** Destroy the connection in the middle of DATA, after the first chunk arrives. */
  readonly dropDuringData?: boolean;
  /** Write each message as `<n>.eml` into this directory (created when missing), for the inbound parser. */
  readonly maildir?: string;
  /** Port to listen on. Default 0 (any free port). */
  readonly port?: number;
}

/**
 * A running sink.
 *
 * @example
 * ```ts
 * const sink = await startSmtpSink();
 * const transport = { host: sink.host, port: sink.port, requireTLS: false };
 * await sink.close();
 * ```
 */
export interface SmtpSink {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Every message taken so far, in order. */
  readonly messages: readonly SinkMessage[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts a loopback SMTP server that keeps what it receives. For the demo and for tests: point
 * `createEmailAdapter({ transport: { host: sink.host, port: sink.port, requireTLS: false } })` at it.
 *
 * @example
 * ```ts
 * import { startSmtpSink } from "../../test/support/smtp-sink.js";
 *
 * const sink = await startSmtpSink({ maildir: "./demo-mail" });
 * // ... send with the email adapter ...
 * console.log(sink.messages.length);
 * await sink.close();
 * ```
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  if (options.maildir) await mkdir(options.maildir, { recursive: true });
  const server = new SMTPServer({
    logger: false,
    // Pooled clients keep connections open; do not wait long for them on close.
    closeTimeout: 200,
    authOptional: !options.auth,
    // Authentication over the loopback without TLS is fine for a local sink, never for a real server.
    allowInsecureAuth: true,
    disabledCommands: options.tls ? [] : ["STARTTLS"],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        callback(
          Object.assign(new Error(`5.1.1 <${address.address}>: recipient unknown`), { responseCode: 550 }),
        );
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let dropped = false;
      stream.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (options.dropDuringData && !dropped) {
          dropped = true;
          // Simulates a network failure mid-message: the client must see an error, never a receipt.
          for (const connection of server.connections) connection._socket.destroy();
        }
      });
      stream.on("end", () => {
        if (dropped) return;
        const raw = Buffer.concat(chunks);
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          receivedAt: new Date().toISOString(),
          ...(typeof session.user === "string" ? { user: session.user } : {}),
        };
        messages.push(message);
        const id = `queued-${messages.length}`;
        if (options.maildir) {
          writeFile(join(options.maildir, `${messages.length}.eml`), raw).then(
            () => callback(null, `OK ${id}`),
            (error: unknown) => callback(error as Error),
          );
        } else callback(null, `OK ${id}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/**
 * A misbehaving SMTP server on 127.0.0.1, written on node:net so every reply is under the test's control
 * (smtp-server behaves too well for this): it can stall after EHLO, refuse STARTTLS or upgrade with a
 * certificate the client must not trust, answer 4xx then 2xx, or drop the connection in the middle of
 * DATA. It records what it received, and whether the connection was encrypted at the time.
 */
import { createServer, type Socket } from "node:net";
import { TLSSocket } from "node:tls";

/** One command as the server received it, and whether TLS was on. */
export interface ReceivedCommand {
  readonly line: string;
  readonly encrypted: boolean;
}

/** What a session (one connection) may do differently. All replies include their code. */
export interface SmtpScript {
  /** Stay silent after answering EHLO (and never answer anything else). */
  readonly stallAfterEhlo?: boolean;
  /** Advertise STARTTLS and upgrade with this certificate, or refuse it with 454. */
  readonly starttls?: { readonly key: string; readonly cert: string } | "refuse";
  /** The reply to RCPT TO, per recipient (default `250 2.1.5 OK`). */
  rcpt?(address: string, session: number): string;
  /** The reply after the message's final dot (default `250 2.0.0 OK queued`). */
  dataEnd?(session: number): string;
  /** Destroy the connection once this many bytes of DATA have arrived. */
  readonly dropAfterDataBytes?: number;
}

/** A running scripted server. */
export interface ScriptedSmtp {
  readonly port: number;
  /** Every command line, in order, over all sessions (AUTH lines included, as sent). */
  readonly commands: ReceivedCommand[];
  /** Every message the server took (answered 2xx after its final dot), raw, over all sessions. */
  readonly messages: string[];
  /** Every message transmitted whole, taken or not (a 4xx after the dot included). */
  readonly transmitted: string[];
  /** Sessions (connections) so far. */
  sessions(): number;
  close(): Promise<void>;
}

/**
 * Starts a scripted SMTP server on a free loopback port.
 *
 * @example
 * ```ts
 * const smtp = await startScriptedSmtp({ dataEnd: (session) => (session === 1 ? "451 4.3.0 try later" : "250 OK") });
 * ```
 */
export async function startScriptedSmtp(script: SmtpScript = {}): Promise<ScriptedSmtp> {
  const commands: ReceivedCommand[] = [];
  const messages: string[] = [];
  const transmitted: string[] = [];
  const sockets = new Set<Socket>();
  let sessions = 0;

  const server = createServer((raw) => {
    sessions += 1;
    const session = sessions;
    sockets.add(raw);
    raw.on("close", () => sockets.delete(raw));
    let socket: Socket = raw;
    let encrypted = false;
    let buffer = "";
    let inData = false;
    let stalled = false;
    /** Set by STARTTLS: the rest of the plain buffer is dropped (RFC 3207: the client waits for 220). */
    let switched = false;
    const reply = (text: string) => {
      if (!socket.destroyed) socket.write(`${text}\r\n`);
    };
    const ehlo = () =>
      [
        "250-hostile.test",
        "250-AUTH PLAIN LOGIN",
        ...(script.starttls && !encrypted ? ["250-STARTTLS"] : []),
        "250 8BITMIME",
      ].join("\r\n");

    const onLine = (line: string) => {
      commands.push({ line, encrypted });
      if (stalled) return;
      const verb = line.split(" ")[0]!.toUpperCase();
      switch (verb) {
        case "EHLO":
        case "HELO":
          reply(ehlo());
          if (script.stallAfterEhlo) stalled = true;
          return;
        case "STARTTLS": {
          if (!script.starttls || script.starttls === "refuse") return reply("454 4.7.0 TLS not available");
          reply("220 2.0.0 Ready to start TLS");
          socket.removeAllListeners("data");
          const upgraded = new TLSSocket(socket, {
            isServer: true,
            key: script.starttls.key,
            cert: script.starttls.cert,
          });
          // A client that refuses the certificate aborts the handshake: that is the point.
          upgraded.on("error", () => upgraded.destroy());
          socket = upgraded;
          encrypted = true;
          switched = true;
          buffer = "";
          listen();
          return;
        }
        case "AUTH":
          return reply("235 2.7.0 Authentication successful");
        case "MAIL":
          return reply("250 2.1.0 OK");
        case "RCPT":
          return reply(script.rcpt?.(/<([^>]*)>/.exec(line)?.[1] ?? "", session) ?? "250 2.1.5 OK");
        case "DATA":
          inData = true;
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
        case "NOOP":
          return reply("250 2.0.0 OK");
        case "QUIT":
          reply("221 2.0.0 Bye");
          socket.end();
          return;
        default:
          return reply("502 5.5.2 Command not recognised");
      }
    };

    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          if (script.dropAfterDataBytes !== undefined && buffer.length >= script.dropAfterDataBytes) {
            socket.destroy();
            raw.destroy();
            return;
          }
          // The whole message stays in the buffer until its end arrives (the end may span two chunks).
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          transmitted.push(data);
          const answer = script.dataEnd?.(session) ?? "250 2.0.0 OK queued";
          if (answer.startsWith("2")) messages.push(data);
          reply(answer);
          continue;
        }
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
        if (switched) {
          switched = false;
          return;
        }
      }
    };
    const listen = () => socket.on("data", onData);
    listen();
    reply("220 hostile.test ESMTP");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    commands,
    messages,
    transmitted,
    sessions: () => sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

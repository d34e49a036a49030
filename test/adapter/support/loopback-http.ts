/**
 * A real HTTP server on 127.0.0.1 for tests that need what msw cannot show: what reached another origin,
 * how many bytes a server managed to send, a body that drips. Each server records every request it got.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** What a handler gets: the request (its body read) and the response to write. */
export type LoopbackHandler = (
  request: ReceivedRequest,
  response: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

/**
 * Starts a server on a free loopback port; `handler` answers every request (after its body is read).
 *
 * @example
 * ```ts
 * const server = await startLoopback((request, response) => response.end("{}"));
 * await fetch(`${server.origin}/x`);
 * server.requests[0]?.path; // "/x"
 * ```
 */
export async function startLoopback(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (raw, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const request: ReceivedRequest = {
      method: raw.method ?? "GET",
      path: raw.url ?? "/",
      headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(request);
    try {
      await handler(request, response, raw);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes `totalBytes` of JSON-ish filler in 64 KiB chunks, respecting backpressure (it waits for `drain`
 * rather than buffering), and resolves with how many bytes the socket took before the client hung up or
 * the end was reached.
 *
 * @example
 * ```ts
 * const sent = await streamFiller(response, 50 * 1024 * 1024);
 * ```
 */
export function streamFiller(response: ServerResponse, totalBytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  return new Promise<number>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(written);
    };
    response.on("close", finish);
    const pump = () => {
      while (written < totalBytes) {
        if (response.destroyed) return finish();
        const size = Math.min(chunk.length, totalBytes - written);
        const more = response.write(size === chunk.length ? chunk : chunk.subarray(0, size));
        written += size;
        if (!more) {
          response.once("drain", pump);
          return;
        }
      }
      response.end(finish);
    };
    pump();
  });
}

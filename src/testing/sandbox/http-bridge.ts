/**
 * Between Node's HTTP server and the Fetch API the mocks speak: an incoming request becomes a `Request`
 * (aborted when the client goes away), a `Response` is streamed back with backpressure, and msw's
 * network-error response becomes a reset connection.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** Headers about this one connection, meaningless to the mocks (and some refused by `Request`). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "expect",
  "host",
  "proxy-connection",
  "te",
  "trailer",
]);

/** The request body was larger than the sandbox takes. */
export class BodyTooLarge extends Error {}

/** Reads the whole body (the mocks read it several times: record, idempotency fingerprint, signature). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLarge(`request body over ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The Fetch `Request` for an incoming request, addressed to `url` (the sandbox's own origin). Without
 * `body`, the request carries none (the body then goes to the mock as text, see {@link bodyText}).
 */
export function toFetchRequest(
  req: IncomingMessage,
  url: URL,
  body: Buffer | undefined,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (HOP_BY_HOP.has(name) || name.startsWith(":") || !values) continue;
    for (const value of values) headers.append(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = body !== undefined && method !== "GET" && method !== "HEAD" && body.length > 0;
  return new Request(url, { method, headers, signal, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}

const utf8 = new TextDecoder();

/**
 * The body as the mock would read it from the request {@link toFetchRequest} builds (`request.text()`):
 * UTF-8 with a leading byte order mark dropped, and `""` for GET, HEAD or an empty body.
 */
export function bodyText(method: string, body: Buffer): string {
  return method !== "GET" && method !== "HEAD" && body.length > 0 ? utf8.decode(body) : "";
}

/** Streams `response` to the client, honouring backpressure; a client that leaves mid-body is not an error. */
export async function writeResponse(res: ServerResponse, response: Response, method: string): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name === "set-cookie" || HOP_BY_HOP.has(name)) continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body || method === "HEAD") {
    await response.body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  // A body of a stated length (every JSON answer of the mocks) goes in one write: the same bytes and
  // framing as streaming it, without a stream pipeline per call.
  if (response.headers.has("content-length")) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      res.destroy();
      return;
    }
    res.end(bytes);
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch {
    // The client went away (or the sandbox closed) while the body was on its way: nothing left to answer.
  }
}

/** Answers a plain JSON body (the sandbox's own answers: admin endpoints, unknown routes). */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, jsonReplacer, 2)}\n`;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** `Infinity` (an injection for every call) has no JSON form: it is written as `"all"`. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return value === Number.POSITIVE_INFINITY ? "all" : value;
}

/** Drops the connection with a TCP reset, as a platform's load balancer does when it fails mid-call. */
export function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

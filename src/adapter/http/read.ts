/**
 * Reading an answer's body within a size limit: the declared `Content-Length` is checked before any
 * byte is read, then the bytes are counted as they stream in, and the read stops (the stream is
 * cancelled, the connection released) the moment the count passes the limit. Memory stays bounded by
 * the limit, whatever the server sends. One job.
 */
import { type AdapterErrorOptions, ResponseTooLargeError } from "../errors.js";

/**
 * The largest answer the HTTP client reads by default: 10 MiB. A platform's JSON answers are kilobytes
 * (a status with a hundred targets is about 50 KB); anything near this is a broken or hostile endpoint.
 *
 * @example
 * ```ts
 * createHttpClient({ platform: "x", baseUrl, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES / 10 });
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const decoder = new TextDecoder("utf-8");

/**
 * The body as UTF-8 text (as `response.text()` decodes it), or a `ResponseTooLargeError` when it
 * declares or turns out to be larger than `limitBytes`. `context` names the call in the error.
 *
 * @example
 * ```ts
 * const text = await readBodyWithin(response, 1_048_576, { platform: "x", method: "GET", url });
 * ```
 */
export async function readBodyWithin(
  response: Response,
  limitBytes: number,
  context: AdapterErrorOptions,
): Promise<string> {
  const tooLarge = (declaredBytes?: number) =>
    new ResponseTooLargeError({
      ...context,
      status: response.status,
      limitBytes,
      ...(declaredBytes === undefined ? {} : { declaredBytes }),
    });
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limitBytes) {
    // Not awaited: cancelling a body another reader teed can stay pending forever.
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared);
  }
  const body = response.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limitBytes) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(all);
}

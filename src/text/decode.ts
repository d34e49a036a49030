import { TextDecoder } from "node:util";

/**
 * Reading text from bytes without guessing. UTF-8 is the default and is checked: a byte sequence that is
 * not UTF-8 (a Latin-1 export, a truncated file) is an {@link InvalidTextError} naming its line, because
 * a silently replaced character (U+FFFD) in a handle or a name would be stored, sent and matched wrongly.
 * Another encoding is decoded only when the caller names it (`latin1`, `windows-1252`, any WHATWG label).
 */

/**
 * Bytes that are not text in the expected encoding, or an encoding label nobody knows.
 *
 * @example
 * ```ts
 * try {
 *   decodeText(bytes);
 * } catch (error) {
 *   if (error instanceof InvalidTextError) console.error(`line ${error.line}: ${error.reason}`);
 * }
 * ```
 */
export class InvalidTextError extends Error {
  /** 1-based line of the first bad byte (0 for an unknown encoding label). */
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = "InvalidTextError";
    this.line = line;
    this.reason = reason;
  }
}

/**
 * A decoder for `encoding` (default UTF-8, strict). The byte-order mark is dropped.
 *
 * @throws {InvalidTextError} an encoding label that is not known.
 */
function decoderFor(encoding: string | undefined): TextDecoder {
  const label = encoding ?? "utf-8";
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new InvalidTextError(0, `unknown encoding "${label}" (e.g. utf-8, latin1, windows-1252, utf-16le)`);
  }
}

function notText(encoding: string | undefined, line: number): InvalidTextError {
  const label = encoding ?? "utf-8";
  return new InvalidTextError(
    line,
    /^utf-?8$/i.test(label)
      ? "the file is not valid UTF-8 (saved as Latin-1 or Windows-1252? convert it, or name its encoding with --encoding)"
      : `the bytes are not valid ${label}`,
  );
}

/** The line of the first byte `lenient` decoding turns into U+FFFD, counting from `firstLine`. */
function lineOfBadBytes(bytes: Uint8Array, firstLine: number): number {
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const bad = lenient.indexOf("\uFFFD");
  const before = bad === -1 ? lenient : lenient.slice(0, bad);
  return firstLine + (before.match(/\n/g)?.length ?? 0);
}

/**
 * Decodes a whole file's bytes.
 *
 * @throws {InvalidTextError} bytes that are not `encoding` (default UTF-8), with their line.
 *
 * @example
 * ```ts
 * const text = decodeText(await readFile("requests.jsonl"));
 * const legacy = decodeText(await readFile("old.csv"), "windows-1252");
 * ```
 */
export function decodeText(bytes: Uint8Array, encoding?: string): string {
  const decoder = decoderFor(encoding);
  try {
    return decoder.decode(bytes);
  } catch {
    throw notText(encoding, lineOfBadBytes(bytes, 1));
  }
}

/**
 * Decodes a stream of bytes (or strings, passed through) into text chunks as they arrive.
 *
 * @throws {InvalidTextError} bytes that are not `encoding` (default UTF-8), with their line.
 *
 * @example
 * ```ts
 * for await (const chunk of decodeTextStream(createReadStream("requests.jsonl"))) process(chunk);
 * ```
 */
export async function* decodeTextStream(
  input: AsyncIterable<Uint8Array | string>,
  encoding?: string,
): AsyncGenerator<string> {
  const decoder = decoderFor(encoding);
  let line = 1;
  const decode = (bytes: Uint8Array, stream: boolean) => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw notText(encoding, lineOfBadBytes(bytes, line));
    }
  };
  for await (const chunk of input) {
    const text = typeof chunk === "string" ? chunk : decode(chunk, true);
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) line += 1;
    if (text.length > 0) yield text;
  }
  const rest = decode(new Uint8Array(0), false);
  if (rest.length > 0) yield rest;
}

/**
 * A value cut to a short excerpt for an error message: a 10 MB field must not be echoed whole into a
 * terminal or a log.
 *
 * @example
 * ```ts
 * excerpt("x".repeat(1000)); // "xxxx…(1000 characters)"
 * ```
 */
export function excerpt(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max)}…(${value.length} characters)`;
}

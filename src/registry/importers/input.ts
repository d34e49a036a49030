import { type ListFormat, ListFormatError } from "./errors.js";
import type { ListInput } from "./types.js";

/**
 * Decodes a list input into text chunks, as they arrive. Bytes must be UTF-8 (a byte-order mark is
 * dropped); an invalid byte sequence is a {@link ListFormatError} on the line where it occurs, because
 * a silently replaced character in a name would make it unmatchable.
 */
export async function* textChunks(
  input: ListInput,
  format: ListFormat,
  file?: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let first = true;
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return decoder.decode(bytes, { stream });
    } catch (cause) {
      // Find the line of the bad bytes: decode leniently and look for the first replacement character.
      const lenient = new TextDecoder("utf-8").decode(bytes);
      const bad = lenient.indexOf("\uFFFD");
      const before = bad === -1 ? "" : lenient.slice(0, bad);
      throw new ListFormatError({
        format,
        line: line + (before.match(/\n/g)?.length ?? 0),
        reason: "the file is not valid UTF-8",
        ...(file === undefined ? {} : { file }),
        cause,
      });
    }
  };
  const emit = (text: string): string => {
    let out = text;
    if (first && out.length > 0) {
      if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
      first = false;
    }
    for (let index = out.indexOf("\n"); index !== -1; index = out.indexOf("\n", index + 1)) line += 1;
    return out;
  };

  if (typeof input === "string") {
    yield emit(input);
    return;
  }
  if (input instanceof Uint8Array) {
    yield emit(decode(input, false));
    return;
  }
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    const text = typeof chunk === "string" ? chunk : decode(chunk, true);
    if (text.length > 0) yield emit(text);
  }
  const rest = decode(new Uint8Array(0), false);
  if (rest.length > 0) yield emit(rest);
}

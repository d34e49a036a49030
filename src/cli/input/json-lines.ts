import { createReadStream } from "node:fs";
import { decodeTextStream, excerpt, InvalidTextError } from "../../text/decode.js";
import { CliInputError } from "../command.js";
import { messageOf } from "../options.js";
import { fileProblem } from "./files.js";

/**
 * Reads a JSON Lines file: one value per line, blank lines skipped. Any problem is one
 * {@link CliInputError} naming the file and line: a missing file, bytes that are not UTF-8 (or not
 * `encoding`), a line that is not JSON (quoted as a short excerpt, however long the line).
 *
 * @example
 * ```ts
 * const lines = await readJsonLines("/home/me/requests.jsonl", "requests.jsonl");
 * ```
 */
export async function readJsonLines(
  path: string,
  name: string,
  encoding?: string,
): Promise<{ line: number; value: unknown }[]> {
  const out: { line: number; value: unknown }[] = [];
  let line = 0;
  let rest = "";
  const take = (text: string) => {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
    if (trimmed.trim() === "") return;
    try {
      out.push({ line, value: JSON.parse(trimmed) });
    } catch (error) {
      throw new CliInputError(
        `not JSON (${excerpt(messageOf(error).split("\n")[0]!, 80)}): ${excerpt(trimmed)}`,
        `${name}:${line}`,
      );
    }
  };
  try {
    for await (const chunk of decodeTextStream(createReadStream(path), encoding)) {
      rest += chunk;
      let at = rest.indexOf("\n");
      while (at !== -1) {
        take(rest.slice(0, at));
        rest = rest.slice(at + 1);
        at = rest.indexOf("\n");
      }
    }
    if (rest !== "") take(rest);
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    if (error instanceof InvalidTextError) {
      throw new CliInputError(error.reason, error.line > 0 ? `${name}:${error.line}` : name);
    }
    throw fileProblem(error, name);
  }
  return out;
}

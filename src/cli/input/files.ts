import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { decodeText, InvalidTextError } from "../../text/decode.js";
import { CliInputError } from "../command.js";
import { messageOf } from "../options.js";

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a folder on the path is a file",
  EMFILE: "too many open files",
};

/**
 * A file system error as one line naming the file: `alt.csv: no such file`, never a stack trace.
 *
 * @example
 * ```ts
 * throw fileProblem(error, "sdn.csv");
 * ```
 */
export function fileProblem(error: unknown, name: string): CliInputError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const known = typeof code === "string" ? FILE_ERRORS[code] : undefined;
  return new CliInputError(known ?? messageOf(error), name);
}

/**
 * Reads a whole text file, UTF-8 unless `encoding` names another; every problem is a
 * {@link CliInputError} naming the file (and the line of bytes that are not text).
 *
 * @example
 * ```ts
 * const text = await readTextFile(pathIn(io.cwd, file), file, values.encoding);
 * ```
 */
export async function readTextFile(path: string, name: string, encoding?: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileProblem(error, name);
  }
  try {
    return decodeText(bytes, encoding).replace(/^\uFEFF/, "");
  } catch (error) {
    if (error instanceof InvalidTextError) {
      throw new CliInputError(error.reason, error.line > 0 ? `${name}:${error.line}` : name);
    }
    throw error;
  }
}

/**
 * Checks that a file can be read before a stream starts on it, so a missing file is one line naming it
 * rather than a stream error halfway through.
 *
 * @throws {CliInputError} missing, a directory, or not readable.
 *
 * @example
 * ```ts
 * await checkReadable(pathIn(io.cwd, "add.csv"), "add.csv");
 * ```
 */
export async function checkReadable(path: string, name: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    await access(path, constants.R_OK);
  } catch (error) {
    throw fileProblem(error, name);
  }
}

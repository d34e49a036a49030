import { ValidationError } from "../../domain/errors.js";
import { excerpt } from "../../text/decode.js";
import { parseVerificationRecords } from "../../verify/read.js";
import type { VerificationRecord } from "../../verify/record.js";
import { CliInputError } from "../command.js";
import { readTextFile } from "./files.js";

/**
 * Reads a JSON Lines file of verification records; a missing or damaged file, or bytes that are not
 * UTF-8, are one {@link CliInputError} naming the file and line.
 *
 * @example
 * ```ts
 * const records = await readVerifications(pathIn(io.cwd, "verifications.jsonl"), "verifications.jsonl");
 * ```
 */
export async function readVerifications(path: string, name: string): Promise<VerificationRecord[]> {
  const text = await readTextFile(path, name);
  try {
    return parseVerificationRecords(text, name);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    const line = /line (\d+)\)/.exec(error.subject)?.[1];
    const issue = error.issues[0];
    const at = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new CliInputError(
      `not a verification record (${at}${excerpt(issue?.message ?? "unknown problem", 120)})`,
      line ? `${name}:${line}` : name,
    );
  }
}

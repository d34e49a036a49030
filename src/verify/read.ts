import { readFile } from "node:fs/promises";
import { ValidationError } from "../domain/errors.js";
import { VerificationRecord } from "./record.js";

/**
 * Parses verification records from JSON Lines text (one record per line; blank lines skipped).
 *
 * @throws {ValidationError} a line that is not JSON or not a verification record; the subject names the line.
 *
 * @example
 * ```ts
 * import { parseVerificationRecords } from "referral-kit/verify";
 *
 * const records = parseVerificationRecords(readFileSync("verifications.jsonl", "utf8"));
 * ```
 */
export function parseVerificationRecords(
  text: string,
  source = "verification records",
): VerificationRecord[] {
  const records: VerificationRecord[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const subject = `verification record (${source} line ${index + 1})`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ValidationError(subject, [{ path: [], message: "not JSON", code: "invalid_json" }]);
    }
    const parsed = VerificationRecord.safeParse(value);
    if (!parsed.success) throw ValidationError.fromZod(subject, parsed.error);
    records.push(parsed.data);
  });
  return records;
}

/**
 * Reads a JSON Lines file of verification records (what `verifyTargets` returned, one per line).
 *
 * @throws {ValidationError} see {@link parseVerificationRecords}.
 *
 * @example
 * ```ts
 * import { readVerificationRecords } from "referral-kit/verify";
 *
 * const records = await readVerificationRecords("verifications.jsonl");
 * computeCompliance(requests, { asOf, verifications: records });
 * ```
 */
export async function readVerificationRecords(path: string): Promise<VerificationRecord[]> {
  return parseVerificationRecords(await readFile(path, "utf8"), path);
}

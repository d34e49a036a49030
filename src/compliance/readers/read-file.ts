import { extname } from "node:path";
import type { Readable } from "node:stream";
import type { ComplianceInput } from "../record.js";
import { readComplianceCsv } from "./csv.js";
import { readComplianceJsonl } from "./jsonl.js";
import type { ComplianceSource, ReadOptions } from "./source.js";

/** The file formats the readers understand. */
export type ComplianceFileFormat = "csv" | "jsonl";

/**
 * The format of a file from its extension: `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are JSON Lines.
 * Returns undefined for anything else.
 *
 * @example
 * ```ts
 * complianceFormatOf("requests.csv"); // "csv"
 * ```
 */
export function complianceFormatOf(path: string): ComplianceFileFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson" || extension === ".json") return "jsonl";
  return undefined;
}

/**
 * Reads a compliance input file in either format, chosen by `format` or the file's extension.
 *
 * @throws {RangeError} when the format is neither given nor recognisable from the extension.
 *
 * @example
 * ```ts
 * import { computeCompliance, readComplianceFile } from "referral-kit/compliance";
 *
 * const source = readComplianceFile("requests.jsonl");
 * const records = [];
 * for await (const record of source) records.push(record);
 * ```
 */
export function readComplianceFile(
  input: string | Readable,
  options: ReadOptions & { format?: "csv" | "jsonl" } = {},
): ComplianceSource<ComplianceInput> {
  const format = options.format ?? (typeof input === "string" ? complianceFormatOf(input) : undefined);
  if (format === "csv") return readComplianceCsv(input, options);
  if (format === "jsonl") return readComplianceJsonl(input, options);
  throw new RangeError(
    `cannot tell the format of ${typeof input === "string" ? input : "the stream"}: name it .csv or .jsonl, or pass format`,
  );
}

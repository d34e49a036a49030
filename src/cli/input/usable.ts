import { excerpt } from "../../text/decode.js";
import { CliInputError } from "../command.js";
import { plural } from "../options.js";

/**
 * A file where rows were read and none was usable is the wrong file (the compliance CSV given where JSON
 * Lines are expected, a report instead of requests): an input error, not an empty report with exit 0.
 *
 * @throws {CliInputError} rows were read and none was usable, naming the first one's line and reason.
 *
 * @example
 * ```ts
 * nothingUsable("requests.csv", source.rowsRead, usable, source.skipped[0]);
 * ```
 */
export function nothingUsable(
  name: string,
  rowsRead: number,
  usable: number,
  first: { line: number; reason: string } | undefined,
): void {
  if (rowsRead === 0 || usable > 0) return;
  throw new CliInputError(
    `no row could be read (${plural(rowsRead, "row")}, all skipped; the first: ${excerpt(first?.reason ?? "unknown", 160)}); is it the right file and format?`,
    first ? `${name}:${first.line}` : name,
  );
}

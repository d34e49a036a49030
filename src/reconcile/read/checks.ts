import { readNumber } from "./csv.js";
import type { ReaderState } from "./source.js";

/**
 * A count cell: a whole number, or null with an issue (blank or unreadable). Never 0 for a blank.
 *
 * @internal
 */
export function countCell(state: ReaderState, line: number, column: string, text: string): number | null {
  const cell = readNumber(text);
  if (cell.value !== null && Number.isInteger(cell.value)) return cell.value;
  state.report({
    line,
    column,
    code: cell.value === null && cell.problem === "blank" ? "missing-value" : "unreadable-number",
    message:
      cell.value === null && cell.problem === "blank"
        ? `${column} is ${text.trim() === "" ? "empty" : JSON.stringify(text.trim())}: no count (kept as missing, not 0)`
        : `${column} ${JSON.stringify(text.trim())} is not a whole number`,
  });
  return null;
}

/**
 * Reports a row whose cell count differs from the header's.
 *
 * @internal
 */
export function wrongWidth(state: ReaderState, line: number, expected: number, found: number): void {
  state.report({
    line,
    code: "wrong-column-count",
    message: `expected ${expected} cells as in the header, found ${found}; the row is not read`,
  });
}

/**
 * Reports a value the reader cannot place; the row is not read.
 *
 * @internal
 */
export function unknownValue(
  state: ReaderState,
  line: number,
  column: string,
  value: string,
  expected: string,
): void {
  state.report({
    line,
    column,
    code: "unknown-value",
    message: `${column} ${JSON.stringify(value)} is not ${expected}; the row is not read`,
  });
}

import type { ReaderState } from "./source.js";

/** What a number cell held: a number, or why it is not one. */
export type NumberCell = { value: number } | { value: null; problem: "blank" | "not-a-number" };

const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A non-negative number as publishers write it: `935`, `935.0`, `0.636`, or with thousands separators
 * (`"5,928"`, `"1,179.65"`). Blank cells and `n/a` (any case), `-`, `–` are blank: never zero. Anything
 * else (`5,5`, `-3`, `1e3`, `12%`) is not a number: the reader reports it rather than guess.
 *
 * @internal
 */
export function readNumber(text: string): NumberCell {
  const cell = text.trim();
  if (PLAIN.test(cell)) return { value: Number(cell) };
  if (GROUPED.test(cell)) return { value: Number(cell.replace(/,/g, "")) };
  if (cell === "" || /^(?:n\/?a|-|–|—)$/i.test(cell)) return { value: null, problem: "blank" };
  return { value: null, problem: "not-a-number" };
}

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

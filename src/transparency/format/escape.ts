/**
 * Escaping for every output format. Internal; the compliance module keeps its CSV cell helper private, so
 * this is a copy of the same rule (quote when needed, neutralise a leading formula character).
 */

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`, `@`, tab or
 * carriage return that is not a number gets a `'` so spreadsheets show text instead of running a formula.
 *
 * @internal
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Text for Markdown: backslash-escapes every character Markdown or a table gives meaning to, folds line
 * breaks to spaces, and escapes `<` and `&` so no HTML passes through a Markdown renderer.
 *
 * @internal
 */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (char) => `\\${char}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;");
}

/**
 * Text for HTML element content and double-quoted attribute values.
 *
 * @internal
 */
export function htmlText(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

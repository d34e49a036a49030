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
 * Text for Markdown, inline: backslash-escapes the characters that start emphasis, code, links, tables and
 * strikethrough anywhere, and the block markers (`#`, `>`, `-`, `+`, `=`, `1.`) at the start; folds line
 * breaks to spaces; writes `<` and `&` as entities so no HTML passes through a Markdown renderer.
 *
 * @internal
 */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/^(\s*)([#>+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
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

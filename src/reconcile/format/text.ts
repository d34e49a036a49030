import { csvCell } from "../../transparency/format/escape.js";
import type { ReconciliationLine, ReconciliationReport } from "../reconcile.js";
import { differenceText, ledgerText, publishedText } from "./cells.js";

const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  google: "Google",
  tiktok: "TikTok",
  x: "X",
  facebook: "Facebook",
  instagram: "Instagram",
  youtube: "YouTube",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
};

/**
 * A publisher's display name (`tiktok` is TikTok); an unknown id as given.
 *
 * @internal
 */
export function publisherName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/**
 * A reconciliation as a plain-text table for a terminal: one block per publisher and period, the ledger
 * and published values side by side with the difference, and numbered notes under each block for the
 * reasons a cell is not comparable and the definitional mismatches.
 *
 * @example
 * ```ts
 * import { formatReconciliationTable } from "referral-kit/reconcile";
 *
 * console.log(formatReconciliationTable(report));
 * ```
 */
export function formatReconciliationTable(report: ReconciliationReport): string {
  const out: string[] = [];
  out.push(
    `Reconciliation for ${report.country}, ledger as of ${report.asOf}${report.ledgerCoverage ? `, covering ${report.ledgerCoverage.start} to ${report.ledgerCoverage.end}${report.ledgerCoverage.inferred ? " (inferred)" : ""}` : ""}; ${Math.round(report.confidence * 100)}% Wilson intervals.`,
  );
  for (const note of report.notes) out.push(`Note: ${note}`);
  for (const section of report.sections) {
    out.push("");
    out.push(
      `${publisherName(section.platform)} · ${section.periodLabel} · ${section.format} · ${section.rows} published row${section.rows === 1 ? "" : "s"} · ledger: ${section.ledgerPlatforms.join(", ")}, ${section.ledgerRequests} request${section.ledgerRequests === 1 ? "" : "s"} (${section.coverage})`,
    );
    const notes: string[] = [...section.notes];
    const mark = (text: string) => {
      let index = notes.indexOf(text);
      if (index === -1) index = notes.push(text) - 1;
      return `[${index + 1}]`;
    };
    for (let index = 0; index < section.notes.length; index++) mark(section.notes[index]!);
    const rows = section.lines.map((line) => cells(line, mark));
    const header = ["", "Ledger", "Published", "Difference"];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => row[column]!.length)),
    );
    const render = (row: string[]) =>
      `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!))).join("  ")}`.trimEnd();
    out.push(render(header));
    for (const row of rows) out.push(render(row));
    notes.forEach((note, index) => {
      out.push(`  [${index + 1}] ${note}`);
    });
  }
  return `${out.join("\n")}\n`;
}

function cells(line: ReconciliationLine, mark: (text: string) => string): string[] {
  const ledger =
    line.ledger.value === null
      ? `not comparable ${mark(line.ledger.reason ?? "no value")}`
      : ledgerText(line.ledger, line.unit);
  const published =
    line.published.value === null
      ? `not comparable ${mark(line.published.reason ?? "no value")}`
      : publishedText(line.published, line.unit);
  const marks = line.notes.map(mark).join("");
  return [`${line.label}${marks ? ` ${marks}` : ""}`, ledger, published, differenceText(line)];
}

/**
 * The CSV columns of {@link formatReconciliationCsv}, in order.
 *
 * @example
 * ```ts
 * RECONCILIATION_CSV_COLUMNS.includes("published"); // true
 * ```
 */
export const RECONCILIATION_CSV_COLUMNS = [
  "country",
  "platform",
  "format",
  "period_start",
  "period_end",
  "coverage",
  "key",
  "label",
  "unit",
  "ledger",
  "ledger_low",
  "ledger_high",
  "ledger_n",
  "ledger_reason",
  "published",
  "published_rows",
  "published_reason",
  "difference",
  "comparable",
  "notes",
  "ledger_definition",
  "published_definition",
] as const;

/**
 * A reconciliation as CSV: one row per line of every section, numbers unrounded, empty cells for what is
 * not comparable (with the reason in its own column), definitions and notes in full. Cells are quoted as
 * needed and a leading formula character is neutralised, so spreadsheets show text.
 *
 * @example
 * ```ts
 * import { formatReconciliationCsv } from "referral-kit/reconcile";
 *
 * writeFileSync("reconciliation.csv", formatReconciliationCsv(report));
 * ```
 */
export function formatReconciliationCsv(report: ReconciliationReport): string {
  const rows = [RECONCILIATION_CSV_COLUMNS.join(",")];
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? "" : String(value);
  for (const section of report.sections) {
    for (const line of section.lines) {
      const cellsOfRow = [
        report.country,
        section.platform,
        section.format,
        section.period.start,
        section.period.end,
        section.coverage,
        line.key,
        line.label,
        line.unit,
        number(line.ledger.value),
        number(line.ledger.low),
        number(line.ledger.high),
        number(line.ledger.n),
        line.ledger.reason ?? "",
        number(line.published.value),
        String(line.published.sources.length),
        line.published.reason ?? "",
        number(line.difference),
        String(line.comparable),
        [...section.notes, ...line.notes].join(" | "),
        line.ledger.definition,
        line.published.definition,
      ];
      rows.push(cellsOfRow.map((cell) => csvCell(cell)).join(","));
    }
  }
  return `${rows.join("\n")}\n`;
}

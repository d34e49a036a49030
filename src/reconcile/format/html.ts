import { htmlText } from "../../transparency/format/escape.js";
import type { ReconciliationLine, ReconciliationReport, ReconciliationSection } from "../reconcile.js";
import { differenceText, ledgerText, publishedText } from "./cells.js";
import { publisherName } from "./text.js";

/** The ledger's bars (the compliance report's rate colour) and the published markers (Okabe-Ito orange). */
const LEDGER_COLOUR = "#0072B2";
const PUBLISHED_COLOUR = "#E69F00";
const WIDTH = 960;
const LABEL = 400;

/**
 * CSS the reconciliation section needs, for the page that embeds it.
 *
 * @internal
 */
export const RECONCILIATION_CSS =
  "h3 { font-size: 15px; margin: 20px 0 6px; } td.not-comparable { color: #4a5568; font-style: italic; background: #f7fafc; } td.label { text-align: left; } ul.notes { color: #4a5568; margin: 4px 0 8px; padding-left: 20px; }";

/**
 * The reconciliation as an HTML section for the compliance report (`renderComplianceHtml`'s
 * `reconciliation` option): a chart of every rate the two sides give (the ledger's bar with its Wilson
 * interval, the published value as a marker), then per publisher and period a table of ledger, published
 * and difference, with "not comparable" cells and their reasons in words, and the notes on how the two
 * sides differ. Inline SVG only, no script.
 *
 * @internal
 */
export function renderReconciliationSection(report: ReconciliationReport): string {
  const parts = [
    '<section id="reconciliation">',
    "<h2>Reconciliation with published figures</h2>",
    `<p class="meta">${htmlText(
      `Country ${report.country}; ledger as of ${report.asOf}${report.ledgerCoverage ? `, covering ${report.ledgerCoverage.start} to ${report.ledgerCoverage.end}${report.ledgerCoverage.inferred ? " (inferred from its submissions)" : ""}` : ""}. Differences are published minus ledger, given only where both sides count the same kind of thing.`,
    )}</p>`,
  ];
  if (report.notes.length > 0) parts.push(notesList(report.notes));
  parts.push(rateChart(report));
  for (const section of report.sections) parts.push(sectionTable(section));
  parts.push("</section>");
  return parts.join("\n");
}

function sectionTable(section: ReconciliationSection): string {
  const title = `${publisherName(section.platform)} · ${section.periodLabel}`;
  const meta = `${section.format}, ${section.rows} published row${section.rows === 1 ? "" : "s"}; ledger: ${section.ledgerPlatforms.join(", ")}, ${section.ledgerRequests} request${section.ledgerRequests === 1 ? "" : "s"}; the ledger ${section.coverage === "covered" ? "covers" : section.coverage === "partial" ? "covers part of" : "does not cover"} the period.`;
  const rows = section.lines.map((line) => {
    const ledger = line.ledger.value === null;
    const published = line.published.value === null;
    const notes = line.notes.length > 0 ? `<br><small>${htmlText(line.notes.join(" "))}</small>` : "";
    return `<tr class="reconciliation-line"><td class="label">${htmlText(line.label)}${notes}</td><td${ledger ? ' class="not-comparable"' : ""}>${htmlText(ledgerText(line.ledger, line.unit))}</td><td${published ? ' class="not-comparable"' : ""}>${htmlText(publishedText(line.published, line.unit))}</td><td>${htmlText(differenceText(line))}</td></tr>`;
  });
  return [
    `<h3>${htmlText(title)}</h3>`,
    `<p class="meta">${htmlText(meta)}</p>`,
    notesList(section.notes),
    `<table class="reconciliation"><thead><tr><th></th><th>Ledger</th><th>Published</th><th>Difference</th></tr></thead><tbody>`,
    ...rows,
    "</tbody></table>",
  ].join("\n");
}

function notesList(notes: readonly string[]): string {
  if (notes.length === 0) return "";
  return `<ul class="notes">${notes.map((note) => `<li>${htmlText(note)}</li>`).join("")}</ul>`;
}

/** Every fraction line where at least one side has a value: ledger bar with whisker, published marker. */
function rateChart(report: ReconciliationReport): string {
  const lines: Array<{ label: string; line: ReconciliationLine }> = [];
  for (const section of report.sections) {
    for (const line of section.lines) {
      if (line.unit !== "fraction" || (line.ledger.value === null && line.published.value === null)) continue;
      lines.push({
        label: `${publisherName(section.platform)} ${section.periodLabel} · ${line.label}`,
        line,
      });
    }
  }
  if (lines.length === 0) return "<p>No rate is given by either side.</p>";
  const bar = 26;
  const height = 40 + lines.length * bar + 40;
  const plot = WIDTH - LABEL - 40;
  const x = (value: number) => Math.round((LABEL + value * plot) * 10) / 10;
  const parts: string[] = [];
  for (let tick = 0; tick <= 10; tick += 2) {
    parts.push(`<line class="grid" x1="${x(tick / 10)}" x2="${x(tick / 10)}" y1="20" y2="${height - 40}"/>`);
    parts.push(`<text x="${x(tick / 10)}" y="${height - 24}" text-anchor="middle">${tick * 10}%</text>`);
  }
  lines.forEach(({ label, line }, index) => {
    const y = 24 + index * bar;
    parts.push(`<text x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${htmlText(label)}</text>`);
    const { ledger, published } = line;
    if (ledger.value !== null) {
      parts.push(
        `<rect class="ledger-bar" x="${x(0)}" y="${y + 4}" width="${Math.round(ledger.value * plot * 10) / 10}" height="${bar - 10}" fill="${LEDGER_COLOUR}"/>`,
      );
      if (ledger.low !== undefined && ledger.high !== undefined) {
        const mid = y + bar / 2 - 1;
        parts.push(
          `<g class="whisker" stroke="#1a202c" stroke-width="2"><line x1="${x(ledger.low)}" x2="${x(ledger.high)}" y1="${mid}" y2="${mid}"/><line x1="${x(ledger.low)}" x2="${x(ledger.low)}" y1="${mid - 6}" y2="${mid + 6}"/><line x1="${x(ledger.high)}" x2="${x(ledger.high)}" y1="${mid - 6}" y2="${mid + 6}"/></g>`,
        );
      }
    }
    if (published.value !== null) {
      parts.push(
        `<rect class="published-marker" x="${x(published.value) - 3}" y="${y + 1}" width="6" height="${bar - 4}" fill="${PUBLISHED_COLOUR}"/>`,
      );
    }
    if (!line.comparable) {
      parts.push(`<text x="${WIDTH - 4}" y="${y + 14}" text-anchor="end">≠</text>`);
    }
  });
  const legend = height - 8;
  parts.push(`<rect x="${LABEL}" y="${legend - 10}" width="12" height="12" fill="${LEDGER_COLOUR}"/>`);
  parts.push(`<text x="${LABEL + 18}" y="${legend}">ledger (with interval)</text>`);
  parts.push(
    `<rect x="${LABEL + 170}" y="${legend - 10}" width="6" height="12" fill="${PUBLISHED_COLOUR}"/>`,
  );
  parts.push(`<text x="${LABEL + 182}" y="${legend}">published</text>`);
  parts.push(`<text x="${LABEL + 270}" y="${legend}">≠ not the same quantity</text>`);
  const title = "Rates: the ledger beside the published figures";
  return `<svg id="chart-reconciliation" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${htmlText(title)}"><title>${htmlText(title)}</title>\n${parts.join("\n")}\n</svg>`;
}

import { platformName } from "../../domain/targets/builtin-platforms.js";
import { RECONCILIATION_CSS, renderReconciliationSection } from "../../reconcile/format/html.js";
import type { ReconciliationReport } from "../../reconcile/reconcile.js";
import type { ComplianceResult, ComplianceRow } from "../compute.js";
import { allSkipped, NOT_VERIFIED_NOTE, type ReportContext, skippedTotal } from "./context.js";
import { outcomeSections } from "./html-outcomes.js";
import { count, hours, percent, rateWithInterval } from "./numbers.js";
import { CHART_WIDTH, escapeHtml, LABEL_WIDTH, rateWhiskerChart, round, svg } from "./svg.js";

/**
 * Series colours, chosen to stay distinguishable for common colour-vision deficiencies (Okabe-Ito).
 *
 * @example
 * ```ts
 * const firstSeries = HTML_PALETTE[0]; // "#0072B2"
 * ```
 */
export const HTML_PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
];
const BREACH = "#D55E00";
const ON_TIME = "#009E73";
const RATE = "#0072B2";

/** Past this many groups the curves are drawn as small multiples: more lines on one chart cannot be told apart. */
const MAX_CURVES_ON_ONE_CHART = 8;

/**
 * A single self-contained HTML report (inline CSS and SVG, no scripts, no network: a Content Security
 * Policy forbids loading anything): action rate per row with interval whiskers, Kaplan-Meier curves of time
 * to action (when the result was computed with `curves: true`), deadline breaches, the figures as a table,
 * the reconciliation with published figures when one is given, the definitions used, the data's time span
 * and row counts, and what was skipped.
 *
 * @example
 * ```ts
 * import { computeCompliance, renderComplianceHtml } from "referral-kit/compliance";
 *
 * const result = computeCompliance(records, { by: ["platform"], asOf: "2026-01-01T00:00:00Z", curves: true });
 * writeFileSync("compliance.html", renderComplianceHtml(result, { title: "Referrals 2025" }));
 * ```
 */
export function renderComplianceHtml(
  result: ComplianceResult,
  options: ReportContext & {
    /** The report's title. Default "Platform compliance". */
    title?: string;
    /** A note shown under the title, e.g. that the data is synthetic. */
    note?: string;
    /**
     * The ledger reconciled with what the platforms published (`reconcileWithPublished` of
     * referral-kit/reconcile): adds a reconciliation section after the figures.
     */
    reconciliation?: ReconciliationReport;
  } = {},
): string {
  const title = options.title ?? "Platform compliance";
  const rows = result.rows.length > 0 ? result.rows : [];
  const labels = rows.map((row) => label(row, result));
  const skipped = allSkipped(result, options);
  const level = `${Number((result.confidence * 100).toFixed(4))}%`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; background: #fff; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
.note { color: #9c4221; font-weight: 600; } .meta { color: #4a5568; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 4px 6px; border-bottom: 1px solid #e2e8f0; text-align: right; } th:first-child, td:first-child { text-align: left; }
tr.total td { font-weight: 700; border-top: 2px solid #4a5568; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; } dt { font-weight: 600; } dd { margin: 0; }
svg text { font: 12px system-ui, sans-serif; fill: #1a202c; } svg .axis { stroke: #a0aec0; } svg .grid { stroke: #edf2f7; }
ul.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
ul.legend li { display: flex; align-items: center; gap: 6px; } ul.legend .swatch { width: 12px; height: 12px; display: inline-block; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 12px; }
.multiples figure { margin: 0; } .multiples figcaption { font-size: 12px; margin-bottom: 2px; overflow-wrap: anywhere; }
${options.reconciliation ? `${RECONCILIATION_CSS}\n` : ""}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.note ? `<p class="note">${escapeHtml(options.note)}</p>` : ""}
<p class="meta">As of ${timeHtml(result.asOf)}. ${spanText(result)} ${countsText(result, options)}</p>
<h2>Action rate with ${escapeHtml(level)} Wilson intervals</h2>
${rateChart(rows, labels)}
<h2>Time to action (Kaplan-Meier: share actioned by hour t)</h2>
${survivalChart(rows, labels, result.total)}
<h2>Deadlines: on time and breaches among due requests</h2>
${breachChart(rows, labels)}
${outcomeSections(result, rows, labels, level)}
<h2>Figures</h2>
<p class="meta">${escapeHtml(
    result.verification
      ? "Action rate: what the platforms reported. Verified rate: what the agency's own checks found removed or withheld."
      : NOT_VERIFIED_NOTE,
  )}</p>
${figuresTable(result, labels, level)}
${options.reconciliation ? renderReconciliationSection(options.reconciliation) : ""}
<h2>Definitions</h2>
<dl>
${Object.entries(result.definitions)
  .map(([name, text]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(text)}</dd>`)
  .join("\n")}
</dl>
${skippedSection(skipped, skippedTotal(result, options))}
</body>
</html>
`;
}

function label(row: ComplianceRow, result: ComplianceResult): string {
  // Platforms by their names (X, TikTok), not their ids; a custom platform's id is its name.
  const parts = result.by.map((field) =>
    field === "platform" && row.platform ? platformName(row.platform) : (row[field] ?? ""),
  );
  return parts.length > 0 ? parts.join(" · ") : "All requests";
}

function spanText(result: ComplianceResult): string {
  const { span } = result;
  if (!span.firstSubmittedAt) return "No submitted requests.";
  return `Submitted between ${timeHtml(span.firstSubmittedAt)} and ${timeHtml(span.lastSubmittedAt ?? "")}; last event counted ${timeHtml(span.lastEventAt ?? "")}.`;
}

function countsText(result: ComplianceResult, context: ReportContext): string {
  const parts = [];
  if (context.source) parts.push(`Source: ${escapeHtml(context.source)}`);
  if (context.rowsRead !== undefined) parts.push(`${count(context.rowsRead)} rows read`);
  parts.push(`${count(result.counts.counted)} requests counted`);
  parts.push(`${count(result.counts.notSubmitted)} not submitted by then`);
  parts.push(`${count(skippedTotal(result, context))} skipped`);
  return `${parts.join("; ")}.`;
}

function rateChart(rows: ComplianceRow[], labels: string[]): string {
  const rates = rows.map((row) => ({
    rate: row.actionRate,
    low: row.actionRateLow,
    high: row.actionRateHigh,
    n: row.submitted - row.withdrawn,
  }));
  return rateWhiskerChart(
    "chart-action-rate",
    "Action rate per group with confidence intervals",
    labels,
    rates,
    RATE,
    "rate-bar",
    "no requests",
  );
}

function survivalChart(rows: ComplianceRow[], labels: string[], total: ComplianceRow): string {
  const withCurves = rows.filter((row) => row.survival !== undefined);
  if (withCurves.length === 0) {
    return "<p>Curves were not computed (compute with <code>curves: true</code>).</p>";
  }
  let maxHours = 1;
  for (const row of withCurves) {
    const last = row.survival!.at(-1);
    if (last && last.time > maxHours) maxHours = last.time;
  }
  if (withCurves.length > MAX_CURVES_ON_ONE_CHART) return smallMultiples(rows, labels, total, maxHours);
  const frame = { width: CHART_WIDTH, height: 360, left: 70, right: CHART_WIDTH - 20, top: 20, bottom: 320 };
  const parts = survivalAxes(frame, maxHours, true);
  const legend: string[] = [];
  rows.forEach((row, index) => {
    if (!row.survival) return;
    const colour = HTML_PALETTE[index % HTML_PALETTE.length]!;
    parts.push(curve(row, frame, maxHours, colour, 2.5));
    legend.push(
      `<li><span class="swatch" style="background:${colour}"></span>${escapeHtml(labels[index]!)}: ${row.medianHours === null ? "median not reached" : `median ${hours(row.medianHours)} h`}</li>`,
    );
  });
  // The legend is HTML under the chart: it wraps, so a long label is never cut off at the chart's edge.
  return `${svg("chart-time-to-action", frame.height, "Kaplan-Meier curves of time to action", parts)}
<ul class="legend">${legend.join("")}</ul>`;
}

/** One small chart per group (its curve, over all requests' in grey), on one shared scale. */
function smallMultiples(
  rows: ComplianceRow[],
  labels: string[],
  total: ComplianceRow,
  maxHours: number,
): string {
  const frame = { width: 230, height: 130, left: 34, right: 222, top: 8, bottom: 108 };
  const figures = rows.map((row, index) => {
    if (!row.survival) return "";
    const parts = survivalAxes(frame, maxHours, false);
    if (total.survival) parts.push(curve(total, frame, maxHours, "#CBD5E0", 1.5));
    parts.push(curve(row, frame, maxHours, RATE, 2));
    const median = row.medianHours === null ? "median not reached" : `median ${hours(row.medianHours)} h`;
    return `<figure><figcaption>${escapeHtml(labels[index]!)}: ${median}</figcaption><svg class="km-small" xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-label="${escapeHtml(`time to action, ${labels[index]!}`)}">${parts.join("")}</svg></figure>`;
  });
  return `<p class="meta">One chart per group (${count(rows.length)}), each with all requests in grey, on the same scales.</p>
<div class="multiples" id="chart-time-to-action">
${figures.join("\n")}
</div>`;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

// Log scale of (1 + hours): a one-hour answer and a month-long wait both stay readable.
function survivalX(frame: Frame, maxHours: number) {
  const scale = Math.log1p(maxHours);
  return (h: number) => round(frame.left + (Math.log1p(h) / scale) * (frame.right - frame.left));
}

function survivalY(frame: Frame) {
  return (share: number) => round(frame.bottom - share * (frame.bottom - frame.top));
}

function survivalAxes(frame: Frame, maxHours: number, full: boolean): string[] {
  const x = survivalX(frame, maxHours);
  const y = survivalY(frame);
  const parts: string[] = [];
  for (const share of full ? [0, 0.25, 0.5, 0.75, 1] : [0, 0.5, 1]) {
    parts.push(
      `<line class="grid" x1="${frame.left}" x2="${frame.right}" y1="${y(share)}" y2="${y(share)}"/>`,
    );
    parts.push(`<text x="${frame.left - 6}" y="${y(share) + 4}" text-anchor="end">${share * 100}%</text>`);
  }
  const ticks = full ? [0, 1, 6, 24, 72, 168, 336, 720, 2160, 8760] : [0, 24, 168, 720, 8760];
  for (const tick of ticks) {
    if (tick > maxHours) break;
    parts.push(
      `<line class="axis" x1="${x(tick)}" x2="${x(tick)}" y1="${frame.bottom}" y2="${frame.bottom + 5}"/>`,
    );
    parts.push(
      `<text x="${x(tick)}" y="${frame.bottom + 18}" text-anchor="middle">${tick < 72 ? `${tick} h` : `${tick / 24} d`}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${frame.left}" x2="${frame.right}" y1="${frame.bottom}" y2="${frame.bottom}"/>`,
  );
  return parts;
}

function curve(row: ComplianceRow, frame: Frame, maxHours: number, colour: string, width: number): string {
  const x = survivalX(frame, maxHours);
  const y = survivalY(frame);
  let path = `M${x(0)},${y(0)}`;
  for (const step of row.survival ?? []) path += ` H${x(step.time)} V${y(1 - step.survival)}`;
  return `<path class="km-curve" d="${path}" fill="none" stroke="${colour}" stroke-width="${width}"/>`;
}

function breachChart(rows: ComplianceRow[], labels: string[]): string {
  const bar = 26;
  const height = 40 + rows.length * bar + 30;
  const plot = CHART_WIDTH - LABEL_WIDTH - 310;
  const maxDue = Math.max(1, ...rows.map((row) => row.due));
  const parts: string[] = [];
  rows.forEach((row, index) => {
    const y = 24 + index * bar;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(labels[index]!)}</text>`,
    );
    const onTime = (row.onTime / maxDue) * plot;
    const breaches = (row.breaches / maxDue) * plot;
    parts.push(
      `<rect class="on-time-bar" x="${LABEL_WIDTH}" y="${y + 3}" width="${round(onTime)}" height="${bar - 8}" fill="${ON_TIME}"/>`,
    );
    parts.push(
      `<rect class="breach-bar" x="${round(LABEL_WIDTH + onTime)}" y="${y + 3}" width="${round(breaches)}" height="${bar - 8}" fill="${BREACH}"/>`,
    );
    parts.push(
      `<text x="${round(LABEL_WIDTH + onTime + breaches) + 6}" y="${y + 14}">${count(row.breaches)} of ${count(row.due)} due breached (on time ${percent(row.onTimeRate)})</text>`,
    );
  });
  const legend = height - 12;
  parts.push(`<rect x="${LABEL_WIDTH}" y="${legend - 10}" width="12" height="12" fill="${ON_TIME}"/>`);
  parts.push(`<text x="${LABEL_WIDTH + 18}" y="${legend}">on time</text>`);
  parts.push(`<rect x="${LABEL_WIDTH + 90}" y="${legend - 10}" width="12" height="12" fill="${BREACH}"/>`);
  parts.push(`<text x="${LABEL_WIDTH + 108}" y="${legend}">breached</text>`);
  return svg("chart-breaches", height, "Deadline breaches per group", parts);
}

function figuresTable(result: ComplianceResult, labels: string[], level: string): string {
  const cells = (row: ComplianceRow) =>
    [
      count(row.submitted),
      `${count(row.actioned)} (${count(row.partiallyActioned)})`,
      count(row.rejected),
      count(row.pending),
      count(row.withdrawn),
      rateWithInterval(row.actionRate, row.actionRateLow, row.actionRateHigh),
      ...(result.verification
        ? [
            `${count(row.verified)}: ${rateWithInterval(row.verifiedRate, row.verifiedRateLow, row.verifiedRateHigh)}`,
          ]
        : []),
      percent(row.decidedRate),
      hours(row.medianHours),
      hours(row.p90Hours),
      count(row.due),
      count(row.breaches),
      percent(row.onTimeRate),
    ]
      .map((text) => `<td>${escapeHtml(text)}</td>`)
      .join("");
  const head = [
    "",
    "Submitted",
    "Actioned (partial)",
    "Rejected",
    "Pending",
    "Withdrawn",
    `Action rate (${level} CI)`,
    ...(result.verification ? [`Verified rate (${level} CI)`] : []),
    "Decided",
    "Median h",
    "P90 h",
    "Due",
    "Breaches",
    "On time",
  ];
  return `<table>
<thead><tr>${head.map((text) => `<th>${escapeHtml(text)}</th>`).join("")}</tr></thead>
<tbody>
${result.rows.map((row, index) => `<tr><td>${escapeHtml(labels[index]!)}</td>${cells(row)}</tr>`).join("\n")}
<tr class="total"><td>Total</td>${cells(result.total)}</tr>
</tbody>
</table>`;
}

function skippedSection(skipped: ReturnType<typeof allSkipped>, total: number): string {
  if (total === 0) return "";
  const shown = skipped.slice(0, 50);
  const items = shown.map((entry) => {
    const where = [entry.line !== undefined ? `line ${entry.line}` : "", entry.recordId ?? ""]
      .filter(Boolean)
      .join(", ");
    return `<li>${escapeHtml(where)}${where ? ": " : ""}${escapeHtml(entry.reason)}</li>`;
  });
  const more = total > shown.length ? `<p>… and ${count(total - shown.length)} more.</p>` : "";
  return `<h2>Skipped rows and records (${count(total)})</h2>\n<ul>\n${items.join("\n")}\n</ul>\n${more}`;
}

/**
 * A time for people (`2 Jun 2025, 08:00 UTC`), with the exact ISO 8601 value kept in the markup.
 */
function timeHtml(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return escapeHtml(iso);
  const date = new Date(time);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const text = `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")} UTC`;
  return `<time datetime="${escapeHtml(date.toISOString())}">${text}</time>`;
}

/** Pieces shared by the HTML report's charts. Internal. */

/**
 * The charts' width in pixels.
 *
 * @internal
 */
export const CHART_WIDTH = 960;
/**
 * Room for the row labels on the left of a bar chart.
 *
 * @internal
 */
export const LABEL_WIDTH = 220;

/**
 * One inline SVG chart with an id, a title for assistive technology, and its parts.
 *
 * @internal
 */
export function svg(id: string, height: number, title: string, parts: string[]): string {
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>\n${parts.join("\n")}\n</svg>`;
}

/**
 * A pixel position to one decimal.
 *
 * @internal
 */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Escapes text for HTML content and attribute values.
 *
 * @internal
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A bar chart of one rate per row with its interval as a whisker, and `n` beside it.
 *
 * @internal
 */
export function rateWhiskerChart(
  id: string,
  title: string,
  labels: readonly string[],
  rates: readonly { rate: number | null; low: number | null; high: number | null; n: number }[],
  colour: string,
  className = "rate-bar",
  empty = "none to count",
): string {
  const bar = 26;
  const height = 40 + labels.length * bar + 30;
  // Room on the right for the label after a 100% bar.
  const plot = CHART_WIDTH - LABEL_WIDTH - 170;
  const x = (value: number) => LABEL_WIDTH + value * plot;
  const parts: string[] = [];
  for (let tick = 0; tick <= 10; tick += 2) {
    const px = x(tick / 10);
    parts.push(`<line class="grid" x1="${px}" x2="${px}" y1="20" y2="${height - 30}"/>`);
    parts.push(`<text x="${px}" y="${height - 12}" text-anchor="middle">${tick * 10}%</text>`);
  }
  rates.forEach((entry, index) => {
    const y = 24 + index * bar;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(labels[index]!)}</text>`,
    );
    if (entry.rate === null || entry.low === null || entry.high === null) {
      parts.push(`<text x="${x(0) + 4}" y="${y + 14}">${escapeHtml(empty)}</text>`);
      return;
    }
    parts.push(
      `<rect class="${className}" x="${x(0)}" y="${y + 3}" width="${round(entry.rate * plot)}" height="${bar - 8}" fill="${colour}"/>`,
    );
    const low = x(entry.low);
    const high = x(entry.high);
    const mid = y + bar / 2 - 1;
    parts.push(
      `<g class="whisker" stroke="#1a202c" stroke-width="2"><line x1="${round(low)}" x2="${round(high)}" y1="${mid}" y2="${mid}"/><line x1="${round(low)}" x2="${round(low)}" y1="${mid - 6}" y2="${mid + 6}"/><line x1="${round(high)}" x2="${round(high)}" y1="${mid - 6}" y2="${mid + 6}"/></g>`,
    );
    parts.push(
      `<text x="${round(Math.max(high, x(entry.rate))) + 6}" y="${y + 14}">${(entry.rate * 100).toFixed(1)}% (n = ${entry.n.toLocaleString("en-GB")})</text>`,
    );
  });
  return svg(id, height, title, parts);
}

/**
 * One segment of a stacked bar: its name (for the legend), colour, class and value per row.
 *
 * @internal
 */
export interface Segment {
  name: string;
  colour: string;
  className: string;
  values: readonly number[];
}

/**
 * A stacked horizontal bar per row, scaled to the largest row total, with a note after each bar and a
 * legend of the segments under the chart.
 *
 * @internal
 */
export function stackedBarChart(
  id: string,
  title: string,
  labels: readonly string[],
  segments: readonly Segment[],
  notes: readonly string[],
): string {
  const bar = 26;
  const legendRows = Math.ceil(segments.length / 4);
  const height = 30 + labels.length * bar + 14 + legendRows * 20;
  const plot = CHART_WIDTH - LABEL_WIDTH - 310;
  const totals = labels.map((_, row) => segments.reduce((sum, segment) => sum + segment.values[row]!, 0));
  const max = Math.max(1, ...totals);
  const parts: string[] = [];
  labels.forEach((label, row) => {
    const y = 20 + row * bar;
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(label)}</text>`);
    let x = LABEL_WIDTH;
    for (const segment of segments) {
      const width = (segment.values[row]! / max) * plot;
      if (width > 0) {
        parts.push(
          `<rect class="${segment.className}" x="${round(x)}" y="${y + 3}" width="${round(width)}" height="${bar - 8}" fill="${segment.colour}"><title>${escapeHtml(`${segment.name}: ${segment.values[row]!.toLocaleString("en-GB")}`)}</title></rect>`,
        );
      }
      x += width;
    }
    parts.push(`<text x="${round(x) + 6}" y="${y + 14}">${escapeHtml(notes[row]!)}</text>`);
  });
  const legendTop = 30 + labels.length * bar;
  segments.forEach((segment, index) => {
    const lx = LABEL_WIDTH + (index % 4) * 180;
    const ly = legendTop + Math.floor(index / 4) * 20;
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${segment.colour}"/>`);
    parts.push(`<text x="${lx + 18}" y="${ly}">${escapeHtml(segment.name)}</text>`);
  });
  return svg(id, height, title, parts);
}

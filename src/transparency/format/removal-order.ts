import type { RemovalOrder } from "../removal-order.js";
import { htmlText, markdownText } from "./escape.js";

const TITLE = "Removal order (Article 3 of Regulation (EU) 2021/784)";

/**
 * A removal order as Markdown: the Annex I preamble, then Sections A to G, each entry a labelled list.
 * Every value is escaped.
 *
 * @example
 * ```ts
 * import { buildRemovalOrder, renderRemovalOrderMarkdown } from "referral-kit/transparency";
 *
 * console.log(renderRemovalOrderMarkdown(buildRemovalOrder(request, options)));
 * ```
 */
export function renderRemovalOrderMarkdown(order: RemovalOrder): string {
  const out = [`# ${markdownText(TITLE)}`, "", `Reference: ${markdownText(order.reference)}`, ""];
  for (const line of order.preamble) out.push(markdownText(line), "");
  for (const section of order.sections) {
    out.push(`## Section ${section.id}: ${markdownText(section.title)}`, "");
    for (const entry of section.entries) {
      out.push(`**${markdownText(entry.label)}**`, "");
      for (const value of entry.values) out.push(`- ${markdownText(value)}`);
      out.push("");
    }
  }
  return out.join("\n");
}

/**
 * A removal order as one self-contained HTML page: inline CSS, no scripts, and a Content Security Policy
 * that forbids loading anything, so opening it makes no network request. Every value is escaped; URLs are
 * shown as text, not links, so nobody opens terrorist content by a stray click.
 *
 * @example
 * ```ts
 * import { buildRemovalOrder, renderRemovalOrderHtml } from "referral-kit/transparency";
 *
 * writeFileSync("order.html", renderRemovalOrderHtml(buildRemovalOrder(request, options)));
 * ```
 */
export function renderRemovalOrderHtml(order: RemovalOrder): string {
  const sections = order.sections
    .map(
      (section) => `<section id="section-${section.id}">
<h2>Section ${section.id}: ${htmlText(section.title)}</h2>
<dl>
${section.entries
  .map(
    (entry) =>
      `<dt>${htmlText(entry.label)}</dt>\n${entry.values.map((value) => `<dd>${htmlText(value)}</dd>`).join("\n")}`,
  )
  .join("\n")}
</dl>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(`${TITLE}: ${order.reference}`)}</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; background: #fff; margin: 24px auto; max-width: 900px; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #cbd5e0; padding-bottom: 4px; }
dt { font-weight: 600; margin-top: 10px; } dd { margin: 2px 0 0 16px; overflow-wrap: anywhere; }
.preamble p { color: #2d3748; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${htmlText(TITLE)}</h1>
<p>Reference: <strong>${htmlText(order.reference)}</strong></p>
<div class="preamble">
${order.preamble.map((line) => `<p>${htmlText(line)}</p>`).join("\n")}
</div>
${sections}
</body>
</html>
`;
}

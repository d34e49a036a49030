import { CONTENT_TIERS } from "../../domain/tiers.js";
import type { TransparencyFigures, TransparencyReport } from "../report.js";
import { legalBasisLabel } from "./csv.js";
import { markdownText } from "./escape.js";

/**
 * The report as Markdown for a web page or a PDF: requests and items per platform and kind, challenges
 * and their outcomes, legal bases used, groups concerned, what was skipped, and the definitions. Every
 * value from the data is escaped; shares are shown as percentages with one decimal (the JSON and CSV keep
 * them unrounded). Options: `title` and a `note` under it.
 *
 * @example
 * ```ts
 * import { computeTransparencyReport, formatTransparencyMarkdown } from "referral-kit/transparency";
 *
 * writeFileSync("transparency.md", formatTransparencyMarkdown(computeTransparencyReport(requests, { period })));
 * ```
 */
export function formatTransparencyMarkdown(
  report: TransparencyReport,
  options: {
    /** The report's title. Default "Transparency report: requests to platforms". */
    title?: string;
    /** A line under the title, e.g. that the data is fictional. */
    note?: string;
  } = {},
): string {
  const out: string[] = [];
  out.push(`# ${markdownText(options.title ?? "Transparency report: requests to platforms")}`, "");
  if (options.note) out.push(`_${markdownText(options.note)}_`, "");
  out.push(
    `Requests submitted from ${markdownText(report.period.from)} (inclusive) to ${markdownText(report.period.to)} (exclusive); events up to the end of the period. ${report.total.requests} request${report.total.requests === 1 ? "" : "s"} counted, ${report.counts.skipped} skipped.`,
    "",
  );

  const label = (row: { platformName: string; kind: string }) => [
    markdownText(row.platformName),
    markdownText(row.kind),
  ];
  const totalLabel = ["**Total**", ""];
  const { total } = report;
  const none = "None.";

  out.push(
    ...section(
      "Requests and items",
      [
        "Platform",
        "Kind",
        "Requests",
        "With action",
        "Rejected",
        "Withdrawn",
        "Pending",
        "Items specified",
        "Items actioned",
        "Share actioned",
      ],
      [
        ...report.rows.map((row) => [...label(row), ...requestCells(row)]),
        [...totalLabel, ...requestCells(total)],
      ],
    ),
    ...section(
      "Challenges and reinstatement",
      [
        "Platform",
        "Kind",
        "Challenges",
        "By account holder",
        "By platform",
        "By others",
        "Upheld",
        "Reinstated",
        "Pending",
        "Reinstated without challenge",
      ],
      [
        ...report.rows.map((row) => [...label(row), ...challengeCells(row)]),
        [...totalLabel, ...challengeCells(total)],
      ],
    ),
    ...section(
      "Legal bases used",
      ["Legal basis", "Requests"],
      total.legalBases.map((basis) => [markdownText(legalBasisLabel(basis)), String(basis.requests)]),
      none,
    ),
    ...section(
      "Groups concerned",
      ["Group", "Id", "Requests"],
      total.groups.map((group) => [
        markdownText(group.name ?? group.id),
        `\`${group.id.replace(/`/g, "")}\``,
        String(group.requests),
      ]),
      none,
    ),
    ...section(
      "Items by content tier",
      ["Tier", "Items specified", "Items actioned"],
      total.tiers.map((entry) => [
        entry.tier === null ? "no tier" : `${entry.tier} (${CONTENT_TIERS[entry.tier].name})`,
        String(entry.itemsSpecified),
        String(entry.itemsActioned),
      ]),
      none,
    ),
    ...section(
      "Data disclosure requests by instrument",
      ["Instrument", "Requests", "Some data produced", "No data held"],
      total.instruments.map((entry) => [
        markdownText(entry.instrument),
        String(entry.requests),
        String(entry.dataProduced),
        String(entry.noData),
      ]),
    ),
    ...section(
      "Preservation requests by rule",
      ["Rule", "Requests", "Preserved", "Ended before a production request"],
      total.preservationRules.map((entry) => [
        markdownText(entry.rule),
        String(entry.requests),
        String(entry.preserved),
        String(entry.lapsedBeforeProductionRequest),
      ]),
    ),
    ...section(
      "Skipped requests",
      ["Request", "Code", "Reason"],
      report.skipped.map((entry) => [
        markdownText(entry.requestId ?? "(no id)"),
        markdownText(entry.code),
        markdownText(entry.reason),
      ]),
    ),
  );

  out.push("## Definitions", "");
  for (const [name, text] of Object.entries(report.definitions)) {
    out.push(`- **${markdownText(name)}**: ${markdownText(text)}`);
  }
  out.push("");
  return out.join("\n");
}

/**
 * A `## title` section with its table; without rows, `empty` in its place, or no section at all when
 * `empty` is not given (sections that only some reports have).
 */
function section(title: string, headers: string[], rows: string[][], empty?: string): string[] {
  if (rows.length === 0) return empty === undefined ? [] : [`## ${title}`, "", empty, ""];
  return [`## ${title}`, "", ...table(headers, rows), ""];
}

function requestCells(figures: TransparencyFigures): string[] {
  return [
    figures.requests,
    figures.requestsWithAction,
    figures.rejected,
    figures.withdrawn,
    figures.pending,
    figures.itemsSpecified,
    figures.itemsActioned,
  ]
    .map(String)
    .concat(share(figures.shareActioned));
}

function challengeCells(figures: TransparencyFigures): string[] {
  return [
    figures.challenges,
    figures.challengesByAccountHolder,
    figures.challengesByPlatform,
    figures.challengesByOther,
    figures.upheld,
    figures.reinstated,
    figures.challengesPending,
    figures.reinstatedWithoutChallenge,
  ].map(String);
}

function share(value: number | null): string {
  return value === null ? "–" : `${(value * 100).toFixed(1)}%`;
}

function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  // Numbers and shares right-aligned, text left-aligned.
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => /^(\d+(\.\d+)?%?|–)$/.test(row[column] ?? "")),
  );
  return [line(header), line(numeric.map((right) => (right ? "---:" : "---"))), ...rows.map(line)];
}

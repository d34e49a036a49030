/**
 * Reads the real Google and TikTok transparency files for Pakistan (../shared/fixtures/platform-reports),
 * prints what they publish for each half-year they cover, then reconciles the SYNTHETIC
 * examples/pakistan-2025 ledger with TikTok's and Google's figures for 2025:
 * `npx tsx examples/reconcile-pakistan/index.ts`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readComplianceCsv } from "referral-kit/compliance";
import {
  buildLedger,
  collectPublishedFigures,
  formatReconciliationTable,
  type PublishedFigure,
  type PublishedMetric,
  periodLabel,
  reconcileWithPublished,
} from "referral-kit/reconcile";
import { AS_OF, CSV_PATH } from "../pakistan-2025/generate.js";

const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/platform-reports/", import.meta.url));
/** The two published files this example reads. */
export const PUBLISHED_FILES = [
  `${FIXTURES}google-government-removal-requests.csv`,
  `${FIXTURES}tiktok-government-removal-requests.csv`,
];

/** The example's whole output. */
export async function reconcilePakistan(): Promise<string> {
  const missing = PUBLISHED_FILES.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(", ")} not found: the shared fixtures sit next to the checkout (../shared)`,
    );
  }
  const out: string[] = [];
  const published = await collectPublishedFigures(PUBLISHED_FILES, { country: "PK", strict: true });
  out.push(
    "PUBLISHED: what Google and TikTok report for Pakistan (every government request, every reason)\n",
  );
  out.push(publishedSummary(published.figures));

  const ledger = await buildLedger(readComplianceCsv(CSV_PATH, { strict: true }), {
    asOf: AS_OF,
    country: "PK",
  });
  const report = reconcileWithPublished(ledger, published.figures, { country: "PK", period: "2025-H1" });
  const second = reconcileWithPublished(ledger, published.figures, { country: "PK", period: "2025-H2" });
  out.push(
    "\nRECONCILED WITH A SYNTHETIC LEDGER: examples/pakistan-2025 holds invented requests consistent with the",
    "published 2025 aggregates, not real cases. The published side is real; the ledger side is not.\n",
  );
  out.push(formatReconciliationTable(report));
  out.push(formatReconciliationTable(second));
  return out.join("\n");
}

const ROWS: ReadonlyArray<readonly [string, string, readonly PublishedMetric[]]> = [
  ["google", "requests", ["requests"]],
  ["google", "items", ["items"]],
  ["google", "actioned", ["items-actioned-law", "items-actioned-terms"]],
  ["tiktok", "requests", ["requests"]],
  ["tiktok", "items", ["content-items", "account-items"]],
  [
    "tiktok",
    "actioned",
    ["content-actioned-terms", "content-actioned-law", "account-actioned-terms", "account-actioned-law"],
  ],
];

/** Per publisher and half-year: requests, items named and items actioned, summed over the published rows. */
function publishedSummary(figures: readonly PublishedFigure[]): string {
  const totals = new Map<string, Map<string, number>>();
  for (const figure of figures) {
    for (const [platform, column, metrics] of ROWS) {
      if (figure.platform !== platform || !metrics.includes(figure.metric) || figure.value === null) continue;
      const key = `${platform} ${periodLabel(figure.period)}`;
      const row = totals.get(key) ?? new Map<string, number>();
      row.set(column, (row.get(column) ?? 0) + figure.value);
      totals.set(key, row);
    }
  }
  const lines = [
    `${"publisher, period".padEnd(20)}${"requests".padStart(10)}${"items".padStart(10)}${"actioned".padStart(10)}${"share".padStart(8)}`,
  ];
  for (const [key, row] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    const items = row.get("items") ?? 0;
    const actioned = row.get("actioned") ?? 0;
    const share = items > 0 ? `${((actioned / items) * 100).toFixed(1)}%` : "–";
    lines.push(
      `${key.padEnd(20)}${String(row.get("requests") ?? "–").padStart(10)}${String(items).padStart(10)}${String(actioned).padStart(10)}${share.padStart(8)}`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await reconcilePakistan());
}

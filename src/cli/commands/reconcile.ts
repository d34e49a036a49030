import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { computeCompliance } from "../../compliance/compute.js";
import { ComplianceInputError, ComplianceRecordError } from "../../compliance/errors.js";
import { renderComplianceHtml } from "../../compliance/format/html.js";
import { readComplianceFile } from "../../compliance/readers/read-file.js";
import type { ComplianceInput } from "../../compliance/record.js";
import { openStore } from "../../dispatch/store/open-store.js";
import {
  buildLedger,
  collectPublishedFigures,
  formatReconciliationCsv,
  formatReconciliationJson,
  formatReconciliationTable,
  type Ledger,
  PublishedReportError,
  type ReconcileOptions,
  type ReconciliationReport,
  reconcileWithPublished,
} from "../../reconcile/index.js";
import { type CliCommand, ExitCode, UsageError } from "../command.js";
import { messageOf, pathIn, storeLocation, timeOption } from "../options.js";
import { countryOption, list, periodOption } from "./published.js";

const FORMATS = ["table", "csv", "json", "html"] as const;
type OutputFormat = (typeof FORMATS)[number];
const FILE_EXTENSIONS = [".csv", ".jsonl", ".ndjson", ".json"];

const USAGE = `Usage: referral-kit reconcile --ledger <csv|jsonl|store> --published <file>... --country <code> [options]

Puts the agency's ledger beside what platforms publish (Google's removal requests CSVs, TikTok's transparency
CSVs, DSA table 3): for each publisher and period, the ledger's requests, items, actioned and declined, rates
with Wilson intervals and median times beside the published figures, the difference, and a note for each
way the two differ. Cells that cannot be compared say why (docs/reconcile.md).

Options:
  --ledger <source>        the flat compliance CSV (.csv), requests with their events (.jsonl), or a store
                           (a directory or a postgres:// URL)
  --published <file>       a published file; repeatable or comma-separated
  --country <code>         the agency's country, ISO 3166-1 alpha-2 (e.g. PK): published rows of that country,
                           and ledger requests that do not name another
  --period <period>        only this period: 2025-H1, 2025 or 2025-07-01/2025-12-31 (default: every period published)
  --platform <id>          only this publisher (google, tiktok, x, facebook, instagram); repeatable
  --dimension <name=value> only published rows with this value (reason=National security,
                           category=KEYWORD_TERRORIST_CONTENT); repeatable
  --as-of <time>           ISO 8601 time with a zone; ledger events after it are ignored (default: now)
  --coverage <period>      the days the ledger holds every request for (default: inferred from its submissions)
  --confidence <level>     confidence of the intervals, between 0 and 1 (default 0.95)
  -f, --format <format>    table (default), csv, json or html (the compliance report with a reconciliation section)
  -o, --out <path>         write the report to a file instead of standard output
  --strict                 fail at the first bad ledger row or published issue
  -h, --help               show this help

Exit codes: 0 done; 1 a bad row or issue in --strict mode; 2 the command line is wrong;
3 the ledger or a published file cannot be read.`;

interface Options {
  ledger: string;
  published: string[];
  country: string;
  period: string | undefined;
  platforms: string[];
  dimensions: Record<string, string[]>;
  asOf: string;
  coverage: string | undefined;
  confidence: number;
  format: OutputFormat;
  out: string | undefined;
  strict: boolean;
}

/**
 * `referral-kit reconcile`: the ledger (a file or a store) beside published figures, as a table, CSV, JSON
 * (the stable report of docs/reconcile.md) or the compliance HTML report with a reconciliation section.
 *
 * @example
 * ```sh
 * referral-kit reconcile --ledger requests.csv --published tiktok-government-removal-requests.csv --country PK --period 2025-H1
 * ```
 */
export const reconcileCommand: CliCommand = {
  name: "reconcile",
  summary: "Put the ledger beside what platforms publish (Google, TikTok, DSA table 3), with definitions",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args);
    const name = "referral-kit reconcile";
    let inputs: ComplianceInput[];
    try {
      inputs = await readLedgerInputs(options.ledger, io.cwd, options.strict);
    } catch (error) {
      io.stderr.write(`${name}: ${options.ledger}: ${messageOf(error)}\n`);
      const badRow = options.strict && ComplianceInputError.isInstance(error) && error.line !== undefined;
      return badRow ? ExitCode.failure : ExitCode.input;
    }
    let ledger: Ledger;
    try {
      ledger = await buildLedger(inputs, {
        asOf: options.asOf,
        country: options.country,
        strict: options.strict,
        ...(options.coverage ? { coverage: options.coverage } : {}),
      });
    } catch (error) {
      if (!ComplianceRecordError.isInstance(error)) throw error;
      io.stderr.write(`${name}: ${options.ledger}: ${error.message}\n`);
      return ExitCode.failure;
    }
    let figures: Awaited<ReturnType<typeof collectPublishedFigures>>;
    try {
      figures = await collectPublishedFigures(
        options.published.map((file) => ({ input: pathIn(io.cwd, file), name: file })),
        {
          country: options.country,
          strict: options.strict,
          ...(options.period ? { period: options.period } : {}),
        },
      );
    } catch (error) {
      if (!PublishedReportError.isInstance(error)) throw error;
      io.stderr.write(`${name}: ${error.message}\n`);
      return error.issue !== undefined ? ExitCode.failure : ExitCode.input;
    }
    for (const file of figures.files) {
      for (const issue of file.issues)
        io.stderr.write(`${name}: ${file.file}:${issue.line ?? ""}: ${issue.message}\n`);
    }
    const reconcileOptions: ReconcileOptions = {
      country: options.country,
      confidence: options.confidence,
      ...(options.period ? { period: options.period } : {}),
      ...(options.platforms.length > 0 ? { platform: options.platforms } : {}),
      ...(Object.keys(options.dimensions).length > 0 ? { dimensions: options.dimensions } : {}),
    };
    const report = reconcileWithPublished(ledger, figures.figures, reconcileOptions);
    const text = render(options, report, inputs, ledger);
    if (options.out) {
      try {
        await writeFile(resolve(io.cwd, options.out), text);
      } catch (error) {
        io.stderr.write(`${name}: cannot write ${options.out}: ${messageOf(error)}\n`);
        return ExitCode.input;
      }
      io.stderr.write(`Wrote ${options.format} report to ${options.out}\n`);
    } else io.stdout.write(text);
    for (const note of report.notes) io.stderr.write(`${name}: ${note}\n`);
    return ExitCode.ok;
  },
};

function render(
  options: Options,
  report: ReconciliationReport,
  inputs: ComplianceInput[],
  ledger: Ledger,
): string {
  switch (options.format) {
    case "table":
      return formatReconciliationTable(report);
    case "csv":
      return formatReconciliationCsv(report);
    case "json":
      return formatReconciliationJson(report);
    case "html": {
      const result = computeCompliance(inputs, {
        by: ["platform"],
        asOf: ledger.asOf,
        confidence: options.confidence,
        curves: true,
      });
      return renderComplianceHtml(result, {
        title: `Ledger and published figures, ${report.country}`,
        source: options.ledger,
        reconciliation: report,
      });
    }
  }
}

/** The ledger's requests: a compliance file by its extension, else a store that must already exist. */
async function readLedgerInputs(ledger: string, cwd: string, strict: boolean): Promise<ComplianceInput[]> {
  const inputs: ComplianceInput[] = [];
  if (FILE_EXTENSIONS.includes(extname(ledger).toLowerCase())) {
    for await (const input of readComplianceFile(pathIn(cwd, ledger), { strict })) inputs.push(input);
    return inputs;
  }
  const location = storeLocation(ledger, cwd);
  if (!location.includes("://") && !existsSync(location)) {
    throw new Error(
      "no such file or store (a file is named .csv or .jsonl; a store is a directory or a URL)",
    );
  }
  const store = await openStore(location);
  try {
    for await (const request of store.listRequests()) inputs.push(request);
  } finally {
    await store.close();
  }
  return inputs;
}

function parseOptions(args: string[]): Options {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"; use --ledger and --published`);
  if (!values.ledger)
    throw new UsageError("give --ledger: the compliance CSV, the requests' JSON Lines, or the store");
  const published = list(values.published);
  if (published.length === 0) throw new UsageError("give --published: one or more published files");
  if (!values.country) throw new UsageError("give --country: the agency's country, e.g. PK");
  const format = values.format ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(", ")}`);
  }
  const confidenceText = values.confidence ?? "0.95";
  const confidence = Number(confidenceText);
  if (!/^\d*\.?\d+$/.test(confidenceText) || !(confidence > 0 && confidence < 1)) {
    throw new UsageError(`--confidence: "${confidenceText}" is not a number between 0 and 1, e.g. 0.95`);
  }
  const dimensions: Record<string, string[]> = {};
  for (const entry of values.dimension ?? []) {
    const at = entry.indexOf("=");
    if (at <= 0)
      throw new UsageError(`--dimension: "${entry}" is not name=value, e.g. reason=National security`);
    const key = entry.slice(0, at).trim();
    dimensions[key] = [...(dimensions[key] ?? []), entry.slice(at + 1).trim()];
  }
  const asOf = values["as-of"] ?? new Date().toISOString();
  timeOption("--as-of", asOf);
  return {
    ledger: values.ledger,
    published,
    country: countryOption(values.country),
    period: values.period === undefined ? undefined : periodOption(values.period),
    platforms: list(values.platform),
    dimensions,
    asOf,
    coverage: values.coverage === undefined ? undefined : periodOption(values.coverage, "--coverage"),
    confidence,
    format: format as OutputFormat,
    out: values.out,
    strict: values.strict ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ledger: { type: "string" },
      published: { type: "string", multiple: true },
      country: { type: "string" },
      period: { type: "string" },
      platform: { type: "string", multiple: true },
      dimension: { type: "string", multiple: true },
      "as-of": { type: "string" },
      coverage: { type: "string" },
      confidence: { type: "string" },
      format: { type: "string", short: "f" },
      out: { type: "string", short: "o" },
      strict: { type: "boolean" },
    },
  });
}

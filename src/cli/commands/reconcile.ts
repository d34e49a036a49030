import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { computeCompliance } from "../../compliance/compute.js";
import { ComplianceInputError, ComplianceRecordError } from "../../compliance/errors.js";
import { renderComplianceHtml } from "../../compliance/format/html.js";
import { readComplianceFile } from "../../compliance/readers/read-file.js";
import type { ComplianceInput } from "../../compliance/record.js";
import {
  buildLedger,
  collectPublishedFigures,
  formatReconciliationCsv,
  formatReconciliationTable,
  type Ledger,
  PublishedReportError,
  type ReconciliationReport,
  reconcileWithPublished,
} from "../../reconcile/index.js";
import { excerpt } from "../../text/decode.js";
import { cliClock } from "../clock.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { checkReadable, fileProblem } from "../input/files.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  ENCODING_OPTION,
  formatOption,
  JSON_OPTION,
  OUT_OPTION,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";
import { COUNTRY_OPTION, countryOption, PERIOD_OPTION, periodOption } from "./published.js";

const FORMATS = ["table", "csv", "json", "html"] as const;
type OutputFormat = (typeof FORMATS)[number];
const FILE_EXTENSIONS = [".csv", ".jsonl", ".ndjson", ".json"];
const NAME = "referral-kit reconcile";

/**
 * `referral-kit reconcile`: the ledger (a compliance file or the store) beside published figures, as a
 * table, CSV, JSON (the stable report of docs/reconcile.md) or the compliance HTML report with a
 * reconciliation section.
 *
 * @example
 * ```sh
 * referral-kit reconcile --ledger requests.csv --published tiktok-government-removal-requests.csv --country PK --period 2025-H1
 * ```
 */
export const reconcileCommand = defineCommand({
  name: "reconcile",
  summary: "Put the ledger beside what platforms publish (Google, TikTok, DSA table 3), with definitions",
  synopsis: "--ledger <csv|jsonl|store> --published <file>... --country <code> [options]",
  description:
    "Puts the agency's ledger beside what platforms publish (Google's removal requests CSVs, TikTok's transparency CSVs, DSA table 3): for each publisher and period, the ledger's requests, items named, items actioned by ground and declined by reason, rates with Wilson intervals and median times beside the published figures, the difference, and a note for each way the two differ. Cells that cannot be compared say why (docs/reconcile.md).",
  options: {
    ledger: {
      type: "string",
      value: "<source>",
      help: "the flat compliance CSV (.csv), requests with their events (.jsonl), or a store (a directory or a postgres:// URL; default: $REFERRAL_KIT_STORE)",
    },
    published: {
      type: "string",
      value: "<file>",
      multiple: true,
      help: "a published file; several comma-separated",
    },
    country: {
      ...COUNTRY_OPTION,
      help: "the agency's country, ISO 3166-1 alpha-2 (e.g. PK): published rows of that country, and ledger requests that do not name another",
    },
    period: {
      ...PERIOD_OPTION,
      help: `only this period (default: every period published): ${PERIOD_OPTION.help}`,
    },
    platform: { ...PLATFORM_OPTION, help: "only this publisher (google, tiktok, x, facebook, instagram)" },
    dimension: {
      type: "string",
      value: "<name=value>",
      multiple: true,
      help: "only published rows with this value: reason=National security, category=KEYWORD_TERRORIST_CONTENT",
    },
    "as-of": {
      type: "string",
      value: "<time>",
      help: "ISO 8601 time with a zone, or a day; ledger events after it are ignored (default: now)",
    },
    coverage: {
      type: "string",
      value: "<period>",
      help: "the days the ledger holds every request for (default: inferred from its submissions)",
    },
    confidence: {
      type: "string",
      value: "<level>",
      help: "confidence of the intervals, between 0 and 1 (default 0.95)",
    },
    strict: { type: "boolean", help: "fail at the first bad ledger row or published issue" },
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "table"),
    json: JSON_OPTION,
    out: OUT_OPTION,
    clock: CLOCK_OPTION,
  },
  exitCodes: {
    0: "reconciled (published issues, if any, listed on standard error)",
    1: "with --strict: a bad ledger row or a published issue",
    3: "the ledger or a published file cannot be read",
  },
  examples: [
    "referral-kit reconcile --ledger requests.csv --published tiktok-government-removal-requests.csv --country PK --period 2025-H1",
    "referral-kit reconcile --ledger ./referrals.store --published google-government-removal-requests.csv --country PK --dimension 'reason=National security' -f html -o reconciliation.html",
  ],
  async run({ values }, io) {
    const options = await parseOptions(values, io);
    const inputs = await readLedgerInputs(options, io);
    if (inputs === undefined) return ExitCode.failure;
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
      io.stderr.write(`${NAME}: ${options.ledger}: ${error.message}\n`);
      return ExitCode.failure;
    }
    for (const file of options.published) await checkReadable(pathIn(io.cwd, file), file);
    let figures: Awaited<ReturnType<typeof collectPublishedFigures>>;
    try {
      figures = await collectPublishedFigures(
        options.published.map((file) => ({ input: pathIn(io.cwd, file), name: file })),
        {
          country: options.country,
          strict: options.strict,
          ...(options.period ? { period: options.period } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
        },
      );
    } catch (error) {
      if (!PublishedReportError.isInstance(error)) throw error;
      const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      if (error.issue === undefined) throw new CliInputError(error.reason, where);
      io.stderr.write(`${NAME}: ${where}: ${error.reason}\n`);
      return ExitCode.failure;
    }
    for (const file of figures.files) {
      for (const issue of file.issues)
        io.stderr.write(`${NAME}: ${file.file}:${issue.line ?? ""}: ${issue.message}\n`);
    }
    const reconcileOptions: Parameters<typeof reconcileWithPublished>[2] = {
      country: options.country,
      confidence: options.confidence,
      ...(options.period ? { period: options.period } : {}),
      ...(options.platforms ? { platform: options.platforms } : {}),
      ...(Object.keys(options.dimensions).length > 0 ? { dimensions: options.dimensions } : {}),
    };
    const report = reconcileWithPublished(ledger, figures.figures, reconcileOptions);
    const text = render(options, report, inputs, ledger);
    if (options.out) {
      try {
        await writeFile(pathIn(io.cwd, options.out), text);
      } catch (error) {
        throw fileProblem(error, options.out);
      }
      io.stderr.write(`Wrote ${options.format} report to ${options.out}\n`);
    } else io.stdout.write(text);
    for (const note of report.notes) io.stderr.write(`${NAME}: ${note}\n`);
    return ExitCode.ok;
  },
});

interface Options {
  ledger: string;
  published: string[];
  country: string;
  period: string | undefined;
  platforms: string[] | undefined;
  dimensions: Record<string, string[]>;
  asOf: string;
  coverage: string | undefined;
  confidence: number;
  format: OutputFormat;
  out: string | undefined;
  strict: boolean;
  encoding: string | undefined;
}

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
      return `${JSON.stringify(report, null, 2)}\n`;
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

/**
 * The ledger's requests: a compliance file by its extension (checked text, streaming), else a store that
 * must already exist. Undefined when a bad row stopped a strict read (reported on standard error).
 */
async function readLedgerInputs(options: Options, io: CliIo): Promise<ComplianceInput[] | undefined> {
  const inputs: ComplianceInput[] = [];
  if (!FILE_EXTENSIONS.includes(extname(options.ledger).toLowerCase())) {
    const store = await openCliStore(options.ledger, io.cwd);
    try {
      for await (const request of store.listRequests()) inputs.push(request);
    } finally {
      await store.close();
    }
    return inputs;
  }
  await checkReadable(pathIn(io.cwd, options.ledger), options.ledger);
  try {
    const source = readComplianceFile(pathIn(io.cwd, options.ledger), {
      strict: options.strict,
      ...(options.encoding ? { encoding: options.encoding } : {}),
    });
    for await (const input of source) inputs.push(input);
  } catch (error) {
    if (!ComplianceInputError.isInstance(error)) throw error;
    const where = error.line === undefined ? options.ledger : `${options.ledger}:${error.line}`;
    if (options.strict && error.line !== undefined) {
      io.stderr.write(`${NAME}: ${where}: ${excerpt(error.reason, 300)}\n`);
      return undefined;
    }
    throw new CliInputError(excerpt(error.reason, 300), where);
  }
  return inputs;
}

async function parseOptions(
  values: {
    ledger?: string | undefined;
    published?: string[] | undefined;
    country?: string | undefined;
    period?: string | undefined;
    platform?: string[] | undefined;
    dimension?: string[] | undefined;
    "as-of"?: string | undefined;
    coverage?: string | undefined;
    confidence?: string | undefined;
    strict?: boolean | undefined;
    encoding?: string | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
    out?: string | undefined;
    clock?: string | undefined;
  },
  io: CliIo,
): Promise<Options> {
  const ledger = values.ledger ?? io.env.REFERRAL_KIT_STORE;
  if (!ledger) {
    throw new UsageError(
      "give --ledger: the compliance CSV, the requests' JSON Lines, or the store (or set $REFERRAL_KIT_STORE)",
    );
  }
  const published = (values.published ?? [])
    .flatMap((value) => value.split(","))
    .map((file) => file.trim())
    .filter(Boolean);
  if (published.length === 0) throw new UsageError("give --published: one or more published files");
  if (!values.country) throw new UsageError("give --country: the agency's country, e.g. PK");
  const format = chosenFormat(values, FORMATS, "table");
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
  const asOf =
    values["as-of"] === undefined
      ? new Date((await cliClock(values.clock, io.env)).now()).toISOString()
      : timeOption("--as-of", values["as-of"]).iso;
  return {
    ledger,
    published,
    country: countryOption(values.country),
    period: values.period === undefined ? undefined : periodOption(values.period),
    platforms: platformList(values.platform),
    dimensions,
    asOf,
    coverage: values.coverage === undefined ? undefined : periodOption(values.coverage, "--coverage"),
    confidence,
    format,
    out: values.out,
    strict: values.strict ?? false,
    encoding: values.encoding,
  };
}

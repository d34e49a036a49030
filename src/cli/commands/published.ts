import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { publishedCsvRow } from "../../reconcile/format/published.js";
import {
  formatPublishedTable,
  PUBLISHED_CSV_COLUMNS,
  PUBLISHED_METRICS,
  type PublishedFigure,
  type PublishedFigureOptions,
  type PublishedMetric,
  PublishedReportError,
  parsePeriod,
  readPublishedFigures,
} from "../../reconcile/index.js";
import { CliInputError, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { checkReadable, fileProblem } from "../input/files.js";
import {
  chosenFormat,
  ENCODING_OPTION,
  formatOption,
  JSON_OPTION,
  OUT_OPTION,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
} from "../options.js";
import { closest } from "../suggest.js";

const FORMATS = ["json", "csv", "table"] as const;

/** `--country`: one ISO 3166-1 alpha-2 code. */
export const COUNTRY_OPTION = {
  type: "string",
  value: "<code>",
  help: "ISO 3166-1 alpha-2 country code, e.g. PK (GR also matches the EU's EL)",
} as const;

/** `--period`: a half-year, a year, or first and last day. */
export const PERIOD_OPTION = {
  type: "string",
  value: "<period>",
  help: "a period: 2025-H1, 2025 or 2025-07-01/2025-12-31",
} as const;

/**
 * `referral-kit published <file>...`: the figures published files hold, as a JSON array (stable, see
 * docs/reconcile.md), CSV or a table. JSON and CSV stream to the output; issues go to standard error.
 *
 * @example
 * ```sh
 * referral-kit published tiktok-government-removal-requests.csv --country PK --period 2025-H1 --format table
 * ```
 */
export const publishedCommand = defineCommand({
  name: "published",
  summary: "Print the figures platforms' transparency files publish, with definitions and sources",
  synopsis: "<file>... [options]",
  description:
    "Prints the figures published transparency files hold: Google's government removal requests CSVs, TikTok's transparency CSVs, DSA transparency reports' table 3 (Member State orders). One figure per metric per source row, not aggregated, each with its definition and its file and line (docs/reconcile.md). Issues (an unknown column, metric or value, a blank or unreadable number) go to standard error as file:line.",
  options: {
    platform: { ...PLATFORM_OPTION, help: "only this publisher (google, tiktok, x, facebook, instagram)" },
    country: { ...COUNTRY_OPTION, help: `only this country: ${COUNTRY_OPTION.help}` },
    period: { ...PERIOD_OPTION, help: `only this period: ${PERIOD_OPTION.help}` },
    metric: {
      type: "string",
      value: "<name>",
      multiple: true,
      help: "only this metric (requests, items, removal-rate, orders-to-act...); several comma-separated",
    },
    strict: {
      type: "boolean",
      help: "fail at the first unknown column, metric or value, or blank or unreadable number",
    },
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "json"),
    json: JSON_OPTION,
    out: OUT_OPTION,
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY, missing: "give the published file(s) to read" },
  exitCodes: {
    0: "printed (issues, if any, listed on standard error)",
    1: "with --strict: an issue",
    3: "a file cannot be read or is not a published file this library reads",
  },
  examples: [
    "referral-kit published tiktok-government-removal-requests.csv --country PK --period 2025-H1 --format table",
    "referral-kit published google-government-removal-requests.csv --country PK --metric requests,items -f csv",
  ],
  async run({ values, positionals }, io) {
    const format = chosenFormat(values, FORMATS, "json");
    const filters: PublishedFigureOptions = {
      strict: values.strict ?? false,
      ...(values.encoding ? { encoding: values.encoding } : {}),
    };
    const platforms = platformList(values.platform);
    if (platforms) filters.platform = platforms;
    if (values.country !== undefined) filters.country = countryOption(values.country);
    if (values.period !== undefined) filters.period = periodOption(values.period);
    const metrics = metricList(values.metric);
    if (metrics) filters.metric = metrics;
    for (const file of positionals) await checkReadable(pathIn(io.cwd, file), file);

    const out = values.out;
    const output = out ? createWriteStream(pathIn(io.cwd, out)) : io.stdout;
    // A file that cannot be written is reported once, at the end, by finished().
    if (out) output.on("error", () => {});
    const writer = figureWriter(format, output);
    let issues = 0;
    try {
      for (const file of positionals) {
        const source = readPublishedFigures(pathIn(io.cwd, file), { ...filters, name: file });
        for await (const figure of source) writer.write(figure);
        for (const issue of source.issues) {
          io.stderr.write(`referral-kit published: ${file}:${issue.line ?? ""}: ${issue.message}\n`);
        }
        if (source.issueCount > source.issues.length) {
          io.stderr.write(
            `referral-kit published: ${file}: ${source.issueCount - source.issues.length} more issues\n`,
          );
        }
        issues += source.issueCount;
      }
    } catch (error) {
      if (out) {
        // Nothing half written is left behind.
        output.end();
        await finished(output).catch(() => {});
        await rm(pathIn(io.cwd, out), { force: true });
      }
      if (!PublishedReportError.isInstance(error)) throw error;
      const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      if (error.issue === undefined) throw new CliInputError(error.reason, where);
      io.stderr.write(`referral-kit published: ${where}: ${error.reason}\n`);
      return ExitCode.failure;
    }
    writer.end();
    if (out) {
      output.end();
      try {
        await finished(output);
      } catch (error) {
        throw fileProblem(error, out);
      }
      io.stderr.write(`Wrote ${format} to ${out}\n`);
    }
    if (issues > 0) io.stderr.write(`referral-kit published: ${plural(issues, "issue")} (see above)\n`);
    return ExitCode.ok;
  },
});

/** Writes figures as they come: JSON and CSV stream, the table is laid out at the end. */
function figureWriter(
  format: (typeof FORMATS)[number],
  output: Writable,
): { write(figure: PublishedFigure): void; end(): void } {
  if (format === "table") {
    const figures: PublishedFigure[] = [];
    return {
      write: (figure) => figures.push(figure),
      end: () => output.write(formatPublishedTable(figures)),
    };
  }
  if (format === "csv") {
    output.write(`${PUBLISHED_CSV_COLUMNS.join(",")}\n`);
    return { write: (figure) => output.write(`${publishedCsvRow(figure)}\n`), end: () => {} };
  }
  let first = true;
  output.write("[");
  return {
    write(figure) {
      output.write(`${first ? "\n" : ",\n"}  ${JSON.stringify(figure)}`);
      first = false;
    },
    end: () => output.write(first ? "]\n" : "\n]\n"),
  };
}

/** The metrics of a repeatable, comma-separated `--metric`, checked against the vocabulary. */
function metricList(values: readonly string[] | undefined): PublishedMetric[] | undefined {
  if (!values) return undefined;
  const metrics = values.flatMap((value) => value.split(",")).map((metric) => metric.trim());
  for (const metric of metrics) {
    if (!(metric in PUBLISHED_METRICS)) {
      const suggestion = closest(metric, Object.keys(PUBLISHED_METRICS));
      throw new UsageError(
        `--metric: "${metric}" is not a metric${suggestion ? `; did you mean ${suggestion}?` : ""} (docs/reconcile.md lists them)`,
      );
    }
  }
  return metrics as PublishedMetric[];
}

/**
 * A `--country` value, upper-cased, or a usage error.
 *
 * @internal
 */
export function countryOption(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value)) {
    throw new UsageError(`--country: "${value}" is not a two-letter ISO 3166-1 code, e.g. PK`);
  }
  return value.toUpperCase();
}

/**
 * A `--period` (or `--coverage`) value, checked, or a usage error.
 *
 * @internal
 */
export function periodOption(value: string, option = "--period"): string {
  if (parsePeriod(value) === undefined) {
    throw new UsageError(`${option}: "${value}" is not a period; use 2025-H1, 2025 or 2025-07-01/2025-12-31`);
  }
  return value;
}

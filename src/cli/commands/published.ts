import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { PUBLISHED_CSV_COLUMNS, publishedCsvRow } from "../../reconcile/format/published.js";
import {
  formatPublishedTable,
  PUBLISHED_METRICS,
  type PublishedFigure,
  type PublishedFigureOptions,
  type PublishedMetric,
  PublishedReportError,
  readPublishedFigures,
} from "../../reconcile/index.js";
import { parsePeriod } from "../../reconcile/period.js";
import { type CliCommand, ExitCode, UsageError } from "../command.js";
import { messageOf, plural } from "../options.js";

const FORMATS = ["json", "csv", "table"] as const;

const USAGE = `Usage: referral-kit published <file>... [options]

Prints the figures published transparency files hold: Google's government removal requests CSVs, TikTok's
transparency CSVs, DSA transparency reports' table 3 (Member State orders). One figure per metric per source
row, not aggregated, each with its definition and its file and line (docs/reconcile.md).

Options:
  --platform <id>     only this publisher (google, tiktok, x, facebook, instagram); repeatable or comma-separated
  --country <code>    only this country (ISO 3166-1 alpha-2, e.g. PK; GR also matches the EU's EL)
  --period <period>   only this period: 2025-H1, 2025 or 2025-07-01/2025-12-31
  --metric <name>     only this metric (requests, items, removal-rate, orders-to-act...); repeatable
  -f, --format <fmt>  json (default), csv or table
  -o, --out <path>    write to a file instead of standard output
  --strict            fail at the first unknown column, metric or value, or unreadable number
  -h, --help          show this help

Exit codes: 0 done (issues, if any, listed on standard error); 1 an issue in --strict mode;
2 the command line is wrong; 3 a file cannot be read or is not a published file this library reads.`;

/**
 * `referral-kit published <file>...`: the figures published files hold, as a JSON array (stable, see
 * docs/reconcile.md), CSV or a table. Figures stream to the output; issues go to standard error.
 *
 * @example
 * ```sh
 * referral-kit published tiktok-government-removal-requests.csv --country PK --period 2025-H1 --format table
 * ```
 */
export const publishedCommand: CliCommand = {
  name: "published",
  summary: "Print the figures platforms' transparency files publish, with definitions and sources",
  usage: USAGE,
  async run(args, io) {
    const { files, format, out, filters } = parseOptions(args);
    const output = out ? createWriteStream(resolve(io.cwd, out)) : io.stdout;
    // A file that cannot be written is reported once, at the end, by finished().
    if (out) output.on("error", () => {});
    const writer = figureWriter(format, output);
    let issues = 0;
    try {
      for (const file of files) {
        const source = readPublishedFigures(resolve(io.cwd, file), { ...filters, name: file });
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
        await rm(resolve(io.cwd, out), { force: true });
      }
      if (!PublishedReportError.isInstance(error)) throw error;
      io.stderr.write(`referral-kit published: ${error.message}\n`);
      return error.issue !== undefined ? ExitCode.failure : ExitCode.input;
    }
    writer.end();
    if (out) {
      output.end();
      try {
        await finished(output);
      } catch (error) {
        io.stderr.write(`referral-kit published: cannot write ${out}: ${messageOf(error)}\n`);
        return ExitCode.input;
      }
      io.stderr.write(`Wrote ${format} to ${out}\n`);
    }
    if (issues > 0) io.stderr.write(`referral-kit published: ${plural(issues, "issue")} (see above)\n`);
    return ExitCode.ok;
  },
};

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
    return {
      write: (figure) => output.write(`${publishedCsvRow(figure)}\n`),
      end: () => {},
    };
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

function parseOptions(args: string[]): {
  files: string[];
  format: (typeof FORMATS)[number];
  out: string | undefined;
  filters: PublishedFigureOptions;
} {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("give the published file(s) to read");
  const format = values.format ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(", ")}`);
  }
  const filters: PublishedFigureOptions = { strict: values.strict ?? false };
  const platforms = list(values.platform);
  if (platforms.length > 0) filters.platform = platforms;
  if (values.country !== undefined) filters.country = countryOption(values.country);
  if (values.period !== undefined) filters.period = periodOption(values.period);
  const metrics = list(values.metric);
  for (const metric of metrics) {
    if (!(metric in PUBLISHED_METRICS)) {
      throw new UsageError(
        `--metric: "${metric}" is not a metric; use one of ${Object.keys(PUBLISHED_METRICS).join(", ")}`,
      );
    }
  }
  if (metrics.length > 0) filters.metric = metrics as PublishedMetric[];
  return { files: positionals, format: format as (typeof FORMATS)[number], out: values.out, filters };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      platform: { type: "string", multiple: true },
      country: { type: "string" },
      period: { type: "string" },
      metric: { type: "string", multiple: true },
      format: { type: "string", short: "f" },
      out: { type: "string", short: "o" },
      strict: { type: "boolean" },
    },
  });
}

/**
 * Values of a repeatable, comma-separated option.
 *
 * @internal
 */
export function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
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
 * A `--period` value, checked, or a usage error.
 *
 * @internal
 */
export function periodOption(value: string, option = "--period"): string {
  if (parsePeriod(value) === undefined) {
    throw new UsageError(`${option}: "${value}" is not a period; use 2025-H1, 2025 or 2025-07-01/2025-12-31`);
  }
  return value;
}

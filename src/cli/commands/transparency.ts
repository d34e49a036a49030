import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ComplianceInputError, readComplianceJsonl } from "../../compliance/index.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { knownGroups } from "../../registry/known-groups.js";
import { createRegistry } from "../../registry/registry.js";
import {
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyJson,
  formatTransparencyMarkdown,
  InvalidPeriodError,
  type TransparencyReport,
  toLumenNotice,
} from "../../transparency/index.js";
import { resolvePeriod } from "../../transparency/period.js";
import { type CliCommand, type CliIo, ExitCode, UsageError } from "../command.js";

const FORMATS = ["md", "json", "csv"] as const;
type OutputFormat = (typeof FORMATS)[number];

const USAGE = `Usage: referral-kit transparency <requests.jsonl> --from <time> --to <time> [options]

Computes a transparency report (requests, items specified and actioned, challenges, legal bases, groups) per
platform and request kind, from a JSON Lines file of requests with their events. The period is half-open:
requests submitted at or after --from and before --to; events at or after --to are ignored.
Use - as the file to read standard input.

Options:
  --from <time>          start of the period, ISO 8601 with a zone (inclusive)
  --to <time>            end of the period, ISO 8601 with a zone (exclusive)
  --format <format>      md, json or csv (default md)
  --out <path>           write the report to a file instead of standard output
  --title <text>         the Markdown report's title
  --notices <dir>        also write one Lumen-style notice per counted request to <dir>/<id>.json
  --show-handles         notices: show account handles and their URLs (redacted by default)
  --show-phone-numbers   notices: show phone numbers (redacted by default, even with --show-handles)
  -h, --help             show this help`;

interface Options {
  file: string;
  from: string;
  to: string;
  format: OutputFormat;
  out: string | undefined;
  title: string | undefined;
  notices: string | undefined;
  showHandles: boolean;
  showPhoneNumbers: boolean;
}

/**
 * `referral-kit transparency <requests.jsonl>`: a transparency report for a period as Markdown, JSON or CSV,
 * and optionally one Lumen-style notice per counted request.
 *
 * @example
 * ```sh
 * referral-kit transparency requests.jsonl --from 2025-01-01T00:00:00Z --to 2025-07-01T00:00:00Z --format json --notices ./notices
 * ```
 */
export const transparencyCommand: CliCommand = {
  name: "transparency",
  summary: "Transparency report for a period (and Lumen-style notices) from a JSON Lines file",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args);
    const source = readComplianceJsonl(options.file === "-" ? io.stdin : resolve(io.cwd, options.file));
    const requests: ReferralRequest[] = [];
    try {
      for await (const request of source) requests.push(request);
    } catch (error) {
      if (ComplianceInputError.isInstance(error)) {
        io.stderr.write(`referral-kit transparency: ${error.message}\n`);
        return ExitCode.input;
      }
      throw error;
    }

    const period = { from: options.from, to: options.to };
    const report = computeTransparencyReport(requests, { period, registry: createRegistry(knownGroups) });
    addReaderSkips(report, source.skipped, source.skippedCount);

    const text = render(options, report);
    if (options.out) {
      if (!(await write(io, resolve(io.cwd, options.out), text))) return ExitCode.input;
      io.stderr.write(`Wrote ${options.format} report to ${options.out}\n`);
    } else io.stdout.write(text);

    if (options.notices) {
      const written = await writeNotices(io, options, requests, report);
      if (written === undefined) return ExitCode.input;
      io.stderr.write(`Wrote ${written} notice${written === 1 ? "" : "s"} to ${options.notices}\n`);
    }
    if (report.counts.skipped > 0) {
      io.stderr.write(
        `referral-kit transparency: ${report.counts.skipped} request${report.counts.skipped === 1 ? "" : "s"} skipped; the report lists them with their reasons\n`,
      );
    }
    return ExitCode.ok;
  },
};

function render(options: Options, report: TransparencyReport): string {
  switch (options.format) {
    case "json":
      return formatTransparencyJson(report);
    case "csv":
      return formatTransparencyCsv(report);
    case "md":
      return formatTransparencyMarkdown(report, options.title === undefined ? {} : { title: options.title });
  }
}

// Lines the reader could not parse join the report's skipped list, by line number only: the reader's own
// messages can quote the line, and the report may be published.
function addReaderSkips(
  report: TransparencyReport,
  skipped: readonly { line: number; recordId?: string }[],
  count: number,
): void {
  for (const row of skipped) {
    report.skipped.push({
      requestId: row.recordId ?? null,
      code: "validation_failed",
      reason: `line ${row.line}: not valid JSON or not a valid request`,
    });
  }
  report.counts.read += count;
  report.counts.skipped += count;
}

async function writeNotices(
  io: CliIo,
  options: Options,
  requests: readonly ReferralRequest[],
  report: TransparencyReport,
): Promise<number | undefined> {
  const directory = resolve(io.cwd, options.notices!);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    io.stderr.write(
      `referral-kit transparency: cannot create ${options.notices}: ${(error as Error).message}\n`,
    );
    return undefined;
  }
  const from = Date.parse(report.period.from);
  const to = Date.parse(report.period.to);
  const skipped = new Set(report.skipped.map((entry) => entry.requestId));
  let written = 0;
  for (const request of requests) {
    if (skipped.has(request.id)) continue;
    const submitted = request.events.find((event) => event.type === "submitted");
    if (!submitted) continue;
    const at = Date.parse(submitted.at);
    if (at < from || at >= to) continue;
    const notice = toLumenNotice(request, {
      asOf: report.period.to,
      redactHandles: !options.showHandles,
      redactPhoneNumbers: !options.showPhoneNumbers,
    });
    // Ids may hold ':', which some file systems refuse in names.
    const name = `${request.id.replace(/:/g, "_")}.json`;
    if (!(await write(io, join(directory, name), `${JSON.stringify(notice, null, 2)}\n`))) return undefined;
    written += 1;
  }
  return written;
}

async function write(io: CliIo, path: string, text: string): Promise<boolean> {
  try {
    await writeFile(path, text);
    return true;
  } catch (error) {
    io.stderr.write(`referral-kit transparency: cannot write ${path}: ${(error as Error).message}\n`);
    return false;
  }
}

function parseOptions(args: string[]): Options {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "give the file to read" : "give one file only");
  }
  if (values.from === undefined || values.to === undefined) {
    throw new UsageError("give the period with --from and --to");
  }
  try {
    resolvePeriod({ from: values.from, to: values.to });
  } catch (error) {
    if (InvalidPeriodError.isInstance(error)) throw new UsageError(`--from/--to: ${error.reason}`);
    throw error;
  }
  const format = values.format ?? "md";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(", ")}`);
  }
  return {
    file: positionals[0]!,
    from: values.from,
    to: values.to,
    format: format as OutputFormat,
    out: values.out,
    title: values.title,
    notices: values.notices,
    showHandles: values["show-handles"] ?? false,
    showPhoneNumbers: values["show-phone-numbers"] ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      title: { type: "string" },
      notices: { type: "string" },
      "show-handles": { type: "boolean" },
      "show-phone-numbers": { type: "boolean" },
    },
  });
}

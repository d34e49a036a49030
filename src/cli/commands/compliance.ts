import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { GROUP_FIELDS } from "../../compliance/compute.js";
import {
  ComplianceAccumulator,
  type ComplianceFileFormat,
  ComplianceInputError,
  ComplianceRecordError,
  type ComplianceResult,
  type ComplianceSource,
  formatComplianceCsv,
  formatComplianceJson,
  formatComplianceTable,
  type GroupField,
  type ReportContext,
  readComplianceFile,
  renderComplianceHtml,
} from "../../compliance/index.js";
import { complianceFormatOf } from "../../compliance/readers/read-file.js";
import { type ComplianceInput, ISO_WITH_ZONE_PATTERN } from "../../compliance/record.js";
import { readVerificationRecords } from "../../verify/read.js";
import type { VerificationRecord } from "../../verify/record.js";
import { type CliCommand, type CliIo, ExitCode, UsageError } from "../command.js";

const FORMATS = ["table", "csv", "json", "html"] as const;
type OutputFormat = (typeof FORMATS)[number];

const USAGE = `Usage: referral-kit compliance <file> [options]

Computes how platforms answered referrals, from a JSON Lines file of requests with their events (.jsonl)
or a flat CSV (.csv: request_id,platform,group,kind,priority,submitted_at,outcome,outcome_at,due_at).
Use - as <file> to read standard input (with --input).

Options:
  --by <fields>         group by platform, group, kind, priority, month (comma-separated; default platform)
  --as-of <time>        ISO 8601 time with a zone; events after it are ignored (default: now, stated in the output)
  --confidence <level>  confidence of the intervals, between 0 and 1 (default 0.95)
  --format <format>     table, csv, json or html (default table)
  --out <path>          write the report to a file instead of standard output
  --input <format>      csv or jsonl, when the file name does not say
  --strict              fail on the first bad row instead of skipping it
  --verifications <f>   JSON Lines of the agency's own checks (referral-kit/verify): adds the verified
                        rate beside the platform-reported action rate
  -h, --help            show this help`;

/** Parsed and checked options of the command. */
interface Options {
  file: string;
  by: GroupField[];
  asOf: string;
  confidence: number;
  format: OutputFormat;
  out: string | undefined;
  input: ComplianceFileFormat | undefined;
  strict: boolean;
  verifications: string | undefined;
}

/**
 * `referral-kit compliance <file>`: reads requests (JSON Lines) or a flat CSV, streaming, and prints the
 * compliance figures as a table, CSV, JSON or a self-contained HTML report.
 *
 * @example
 * ```sh
 * referral-kit compliance requests.csv --by platform,month --as-of 2026-01-01T00:00:00Z --format json --out compliance.json
 * ```
 */
export const complianceCommand: CliCommand = {
  name: "compliance",
  summary: "Compute platform compliance (rates with intervals, time to action, breaches) from a file",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args, io);
    let source: ComplianceSource<ComplianceInput>;
    try {
      source = readComplianceFile(options.file === "-" ? io.stdin : resolve(io.cwd, options.file), {
        strict: options.strict,
        format: options.input,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    let verifications: VerificationRecord[] | undefined;
    if (options.verifications) {
      try {
        verifications = await readVerificationRecords(resolve(io.cwd, options.verifications));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`referral-kit compliance: cannot read ${options.verifications}: ${message}\n`);
        return ExitCode.input;
      }
    }
    const accumulator = new ComplianceAccumulator({
      ...(verifications ? { verifications } : {}),
      by: options.by,
      asOf: options.asOf,
      confidence: options.confidence,
      strict: options.strict,
      curves: options.format === "html",
    });
    const progress = createProgress(io, source);
    try {
      for await (const record of source) {
        accumulator.add(record, source.line);
        progress.tick();
      }
    } catch (error) {
      progress.done();
      if (ComplianceInputError.isInstance(error) || ComplianceRecordError.isInstance(error)) {
        io.stderr.write(`referral-kit compliance: ${error.message}\n`);
        // A bad row in strict mode is a finding (1); a file that cannot be read at all (missing, bad header,
        // malformed CSV when not strict) is an input error (3).
        const badRow =
          ComplianceRecordError.isInstance(error) || (options.strict && error.line !== undefined);
        return badRow ? ExitCode.failure : ExitCode.input;
      }
      throw error;
    }
    progress.done();

    const result = accumulator.result();
    const context: ReportContext = {
      source: options.file === "-" ? "stdin" : options.file,
      rowsRead: source.rowsRead,
      skipped: source.skipped,
      skippedCount: source.skippedCount,
      skippedByReason: source.skippedByReason,
    };
    const text = render(options.format, result, context);
    if (options.out) {
      const path = resolve(io.cwd, options.out);
      try {
        await writeFile(path, text);
      } catch (error) {
        io.stderr.write(
          `referral-kit compliance: cannot write ${options.out}: ${(error as Error).message}\n`,
        );
        return ExitCode.input;
      }
      io.stderr.write(`Wrote ${options.format} report to ${options.out}\n`);
    } else {
      io.stdout.write(text);
    }
    const skipped = source.skippedCount + result.counts.invalid;
    if (skipped > 0 && options.format !== "table") {
      io.stderr.write(
        `referral-kit compliance: ${skipped} row${skipped === 1 ? "" : "s"} skipped; the report lists them with their reasons\n`,
      );
    }
    return ExitCode.ok;
  },
};

function render(format: OutputFormat, result: ComplianceResult, context: ReportContext): string {
  switch (format) {
    case "table":
      return formatComplianceTable(result, context);
    case "csv":
      return formatComplianceCsv(result);
    case "json":
      return formatComplianceJson(result, context);
    case "html":
      return renderComplianceHtml(result, context);
  }
}

function parseOptions(args: string[], io: CliIo): Options {
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
  const file = positionals[0]!;

  const by = (values.by ?? "platform")
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field !== "");
  for (const field of by) {
    if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--by: unknown field "${field}"; use ${GROUP_FIELDS.join(", ")}`);
    }
  }
  if (new Set(by).size !== by.length) throw new UsageError("--by: a field is repeated");

  const asOf = values["as-of"] ?? new Date().toISOString();
  if (!ISO_WITH_ZONE_PATTERN.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new UsageError(`--as-of: "${asOf}" is not an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z`);
  }

  const confidenceText = values.confidence ?? "0.95";
  const confidence = Number(confidenceText);
  if (!/^\d*\.?\d+$/.test(confidenceText) || !(confidence > 0 && confidence < 1)) {
    throw new UsageError(`--confidence: "${confidenceText}" is not a number between 0 and 1, e.g. 0.95`);
  }

  const format = values.format ?? "table";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(", ")}`);
  }

  const input = values.input;
  if (input !== undefined && input !== "csv" && input !== "jsonl") {
    throw new UsageError(`--input: "${input}" is not csv or jsonl`);
  }
  if (input === undefined && (file === "-" || complianceFormatOf(file) === undefined)) {
    throw new UsageError(
      file === "-"
        ? "reading standard input needs --input csv or --input jsonl"
        : `cannot tell the format of ${file}: name it .csv or .jsonl, or pass --input`,
    );
  }
  if (file === "-" && io.stdin === undefined) throw new UsageError("no standard input");

  return {
    file,
    by: by as GroupField[],
    asOf,
    confidence,
    format: format as OutputFormat,
    out: values.out,
    input,
    strict: values.strict ?? false,
    verifications: values.verifications,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      by: { type: "string" },
      "as-of": { type: "string" },
      confidence: { type: "string" },
      format: { type: "string", short: "f" },
      out: { type: "string", short: "o" },
      input: { type: "string" },
      strict: { type: "boolean" },
      verifications: { type: "string" },
    },
  });
}

/** Progress on stderr when it is a terminal: rows, rate and share of bytes, at most every 100 ms. */
function createProgress(io: CliIo, source: ComplianceSource<unknown>): { tick(): void; done(): void } {
  if (!io.isTTY) return { tick() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let calls = 0;
  let drawn = false;
  return {
    tick() {
      // Date.now() is cheap, but a million calls are not free: look at the clock every 1024 records.
      if ((++calls & 1023) !== 0) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rows = source.rowsRead;
      const total = source.totalBytes;
      const share = total ? ` ${Math.min(100, (source.bytesRead / total) * 100).toFixed(0)}%` : "";
      io.stderr.write(
        `\rReading: ${rows.toLocaleString("en-GB")} rows, ${Math.round(rows / seconds).toLocaleString("en-GB")} rows/s${share}\u001b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write("\r\u001b[K");
      drawn = false;
    },
  };
}

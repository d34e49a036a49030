import { writeFile } from "node:fs/promises";
import { GROUP_FIELDS } from "../../compliance/compute.js";
import { formatComplianceJson } from "../../compliance/format/json.js";
import {
  ComplianceAccumulator,
  ComplianceInputError,
  ComplianceRecordError,
  type ComplianceResult,
  type ComplianceSource,
  formatComplianceCsv,
  formatComplianceTable,
  type GroupField,
  type ReportContext,
  readComplianceFile,
  renderComplianceHtml,
} from "../../compliance/index.js";
import { type ComplianceFileFormat, complianceFormatOf } from "../../compliance/readers/read-file.js";
import type { ComplianceInput } from "../../compliance/record.js";
import { excerpt, InvalidTextError } from "../../text/decode.js";
import { UNIT_SCOPE_OPTION, unitScope } from "../accountability.js";
import { cliClock } from "../clock.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { checkReadable, fileProblem } from "../input/files.js";
import { nothingUsable } from "../input/usable.js";
import { readVerifications } from "../input/verifications.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  ENCODING_OPTION,
  formatOption,
  JSON_OPTION,
  messageOf,
  OUT_OPTION,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";
import { closest } from "../suggest.js";

const FORMATS = ["table", "csv", "json", "html"] as const;
type OutputFormat = (typeof FORMATS)[number];

/**
 * `referral-kit compliance`: reads requests from the store (`--store`), a JSON Lines file or a flat CSV,
 * streaming, and prints the compliance figures as a table, CSV, JSON or a self-contained HTML report.
 *
 * @example
 * ```sh
 * referral-kit compliance --store ./referrals.store --verifications verifications.jsonl
 * referral-kit compliance requests.csv --group-by platform,month --as-of 2026-01-01 --format html --out compliance.html
 * ```
 */
export const complianceCommand = defineCommand({
  name: "compliance",
  summary:
    "Compute platform compliance (rates with intervals, time to action, breaches) from the store or a file",
  synopsis: "(--store <path|url> | <file>) [options]",
  description: `Computes how platforms answered referrals: action rates with confidence intervals, time to action
(Kaplan-Meier, pending requests censored), deadline breaches. Reads the requests and their events from the
request store (--store), or from a file: JSON Lines of requests with their events (.jsonl, what
referral-kit export writes) or a flat CSV (.csv: request_id,platform,group,kind,priority,submitted_at,
outcome,outcome_at,due_at). Use - as <file> to read standard input (with --input).`,
  options: {
    store: STORE_OPTION,
    "group-by": {
      type: "string",
      value: "<fields>",
      help: `group by ${GROUP_FIELDS.join(", ")} (comma-separated; default platform)`,
    },
    "as-of": {
      type: "string",
      value: "<time>",
      help: "ISO 8601 time with a zone, or a day; events after it are ignored (default: now, stated in the output)",
    },
    confidence: {
      type: "string",
      value: "<level>",
      help: "confidence of the intervals, between 0 and 1 (default 0.95)",
    },
    verifications: {
      type: "string",
      value: "<file>",
      help: "JSON Lines of the agency's own checks (referral-kit verify): adds the verified rate beside the platform-reported action rate",
    },
    platform: PLATFORM_OPTION,
    unit: UNIT_SCOPE_OPTION,
    input: { type: "string", value: "<format>", help: "csv or jsonl, when the file name does not say" },
    strict: { type: "boolean", help: "fail on the first bad row instead of skipping it" },
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "table"),
    json: JSON_OPTION,
    out: OUT_OPTION,
    title: {
      type: "string",
      value: "<text>",
      help: 'the HTML report\'s title (default "Platform compliance")',
    },
    note: {
      type: "string",
      value: "<text>",
      help: 'a note shown under the HTML report\'s title, e.g. "Synthetic data"',
    },
    clock: CLOCK_OPTION,
  },
  positionals: { max: 1 },
  renamed: { by: "group-by" },
  exitCodes: {
    0: "computed (rows skipped, if any, are listed in the report)",
    1: "with --strict: a bad row",
    3: "the store or a file could not be read, or no row of the file is a request",
  },
  examples: [
    "referral-kit compliance --store ./referrals.store --verifications verifications.jsonl",
    "referral-kit compliance requests.csv --group-by platform,month --as-of 2026-01-01 --format json",
    "referral-kit compliance --store ./referrals.store --format html --title 'Referrals 2025' --out report.html",
  ],
  async run({ values, positionals }, io) {
    const options = await parseOptions(values, positionals, io);
    const verifications = options.verifications
      ? await readVerifications(pathIn(io.cwd, options.verifications), options.verifications)
      : undefined;
    const accumulator = new ComplianceAccumulator({
      ...(verifications ? { verifications } : {}),
      by: options.by,
      asOf: options.asOf,
      confidence: options.confidence,
      strict: options.strict,
      curves: options.format === "html",
    });
    let context: ReportContext;
    if (options.store !== undefined) {
      const store = await openCliStore(options.store, io.cwd);
      let read = 0;
      try {
        for await (const request of store.listRequests(options.unitScope)) {
          if (options.platforms && !options.platforms.has(request.platform)) continue;
          accumulator.add(request);
          read += 1;
        }
      } finally {
        await store.close();
      }
      context = { source: `the store ${options.store}`, rowsRead: read };
    } else {
      const file = options.file!;
      if (file !== "-") await checkReadable(pathIn(io.cwd, file), file);
      let source: ComplianceSource<ComplianceInput>;
      try {
        source = readComplianceFile(file === "-" ? io.stdin : pathIn(io.cwd, file), {
          strict: options.strict,
          ...(options.input ? { format: options.input } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
        });
      } catch (error) {
        throw new UsageError(messageOf(error));
      }
      const name = file === "-" ? "stdin" : file;
      const progress = createProgress(io, source);
      let usable = 0;
      try {
        for await (const record of source) {
          usable += 1;
          progress.tick();
          if (options.platforms && !options.platforms.has(record.platform)) continue;
          accumulator.add(record, source.line);
        }
      } catch (error) {
        progress.done();
        if (ComplianceInputError.isInstance(error) || ComplianceRecordError.isInstance(error)) {
          const where = error.line === undefined ? name : `${name}:${error.line}`;
          // A bad row in strict mode is a finding (1); a file that cannot be read at all (missing, not
          // UTF-8, bad header, malformed CSV when not strict) is an input error (3).
          const decoding = error.cause instanceof InvalidTextError;
          const badRow =
            !decoding &&
            (ComplianceRecordError.isInstance(error) || (options.strict && error.line !== undefined));
          if (badRow) {
            io.stderr.write(`referral-kit compliance: ${where}: ${excerpt(error.reason, 300)}\n`);
            return ExitCode.failure;
          }
          throw new CliInputError(excerpt(error.reason, 300), where);
        }
        throw error;
      }
      progress.done();
      nothingUsable(name, source.rowsRead, usable, source.skipped[0]);
      context = {
        source: name,
        rowsRead: source.rowsRead,
        skipped: source.skipped,
        skippedCount: source.skippedCount,
        skippedByReason: source.skippedByReason,
      };
    }
    const result = accumulator.result();
    const text = render(options, result, context);
    if (options.out) {
      try {
        await writeFile(pathIn(io.cwd, options.out), text);
      } catch (error) {
        throw fileProblem(error, options.out);
      }
      io.stderr.write(`Wrote ${options.format} report to ${options.out}\n`);
    } else {
      io.stdout.write(text);
    }
    const skipped = (context.skippedCount ?? 0) + result.counts.invalid;
    if (skipped > 0 && options.format !== "table") {
      io.stderr.write(
        `referral-kit compliance: ${plural(skipped, "row")} skipped; the report lists them with their reasons\n`,
      );
    }
    return ExitCode.ok;
  },
});

function render(options: Options, result: ComplianceResult, context: ReportContext): string {
  switch (options.format) {
    case "table":
      return formatComplianceTable(result, context);
    case "csv":
      return formatComplianceCsv(result);
    case "json":
      return formatComplianceJson(result, context);
    case "html":
      return renderComplianceHtml(result, {
        ...context,
        ...(options.title ? { title: options.title } : {}),
        ...(options.note ? { note: options.note } : {}),
      });
  }
}

/** Parsed and checked options of the command. */
interface Options {
  store: string | undefined;
  file: string | undefined;
  by: GroupField[];
  asOf: string;
  confidence: number;
  format: OutputFormat;
  out: string | undefined;
  input: ComplianceFileFormat | undefined;
  strict: boolean;
  verifications: string | undefined;
  platforms: Set<string> | undefined;
  /** The store query scoping the requests to one unit (`--unit`). */
  unitScope: { unit?: string };
  encoding: string | undefined;
  title: string | undefined;
  note: string | undefined;
}

async function parseOptions(
  values: {
    store?: string | undefined;
    "group-by"?: string | undefined;
    "as-of"?: string | undefined;
    confidence?: string | undefined;
    verifications?: string | undefined;
    platform?: string[] | undefined;
    unit?: string | undefined;
    input?: string | undefined;
    strict?: boolean | undefined;
    encoding?: string | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
    out?: string | undefined;
    title?: string | undefined;
    note?: string | undefined;
    clock?: string | undefined;
  },
  positionals: string[],
  io: CliIo,
): Promise<Options> {
  const file = positionals[0];
  const store = values.store ?? (file === undefined ? io.env.REFERRAL_KIT_STORE : undefined);
  if (file !== undefined && values.store !== undefined)
    throw new UsageError("give --store or a file, not both");
  if (file === undefined && store === undefined) {
    throw new UsageError("give --store (or set $REFERRAL_KIT_STORE), or the file to read");
  }
  const by = (values["group-by"] ?? "platform")
    .split(",")
    .map((field) => field.trim())
    .filter((field) => field !== "");
  for (const field of by) {
    if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
      const suggestion = closest(field, GROUP_FIELDS);
      throw new UsageError(
        `--group-by: unknown field "${field}"; use ${GROUP_FIELDS.join(", ")}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
      );
    }
  }
  if (new Set(by).size !== by.length) throw new UsageError("--group-by: a field is repeated");

  const asOf =
    values["as-of"] === undefined
      ? new Date((await cliClock(values.clock, io.env)).now()).toISOString()
      : timeOption("--as-of", values["as-of"]).iso;

  const confidenceText = values.confidence ?? "0.95";
  const confidence = Number(confidenceText);
  if (!/^\d*\.?\d+$/.test(confidenceText) || !(confidence > 0 && confidence < 1)) {
    throw new UsageError(`--confidence: "${confidenceText}" is not a number between 0 and 1, e.g. 0.95`);
  }
  const format = chosenFormat(values, FORMATS, "table");

  const input = values.input;
  if (input !== undefined && input !== "csv" && input !== "jsonl") {
    throw new UsageError(`--input: "${input}" is not csv or jsonl`);
  }
  if (file !== undefined && input === undefined && (file === "-" || complianceFormatOf(file) === undefined)) {
    throw new UsageError(
      file === "-"
        ? "reading standard input needs --input csv or --input jsonl"
        : `cannot tell the format of ${file}: name it .csv or .jsonl, or pass --input`,
    );
  }
  if ((values.title !== undefined || values.note !== undefined) && format !== "html") {
    throw new UsageError("--title and --note are for --format html");
  }
  const platforms = platformList(values.platform);
  return {
    store,
    file,
    by: by as GroupField[],
    asOf,
    confidence,
    format,
    out: values.out,
    input,
    strict: values.strict ?? false,
    verifications: values.verifications,
    platforms: platforms ? new Set(platforms) : undefined,
    unitScope: unitScope(values.unit, store),
    encoding: values.encoding,
    title: values.title,
    note: values.note,
  };
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

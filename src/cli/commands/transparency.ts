import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ComplianceInputError, readComplianceJsonl } from "../../compliance/index.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { knownGroups } from "../../registry/known-groups.js";
import { createRegistry } from "../../registry/registry.js";
import { excerpt } from "../../text/decode.js";
import {
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyMarkdown,
  InvalidPeriodError,
  type TransparencyReport,
  toLumenNotice,
} from "../../transparency/index.js";
import { resolvePeriod } from "../../transparency/period.js";
import { UNIT_SCOPE_OPTION, unitScope } from "../accountability.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { checkReadable } from "../input/files.js";
import { nothingUsable } from "../input/usable.js";
import {
  chosenFormat,
  ENCODING_OPTION,
  formatOption,
  JSON_OPTION,
  OUT_OPTION,
  pathIn,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["md", "json", "csv"] as const;
type OutputFormat = (typeof FORMATS)[number];

interface Options {
  store: string | undefined;
  file: string | undefined;
  from: string;
  to: string;
  format: OutputFormat;
  out: string | undefined;
  title: string | undefined;
  notices: string | undefined;
  showHandles: boolean;
  showPhoneNumbers: boolean;
  encoding: string | undefined;
  /** The store query scoping the requests to one unit (`--unit`). */
  unitScope: { unit?: string };
}

/**
 * `referral-kit transparency`: a transparency report for a period as Markdown, JSON or CSV, from the
 * store or a JSON Lines file, and optionally one Lumen-style notice per counted request.
 *
 * @example
 * ```sh
 * referral-kit transparency --store ./referrals.store --from 2025-01-01 --to 2025-07-01 --format json --notices ./notices
 * ```
 */
export const transparencyCommand = defineCommand({
  name: "transparency",
  summary: "Transparency report for a period (and Lumen-style notices) from the store or a JSON Lines file",
  synopsis: "(--store <path|url> | <requests.jsonl>) --from <time> --to <time> [options]",
  description: `Computes a transparency report (requests, items specified and actioned, challenges, legal bases, groups) per
platform and request kind, from the request store (--store) or a JSON Lines file of requests with their
events (what referral-kit export writes; - reads standard input). The period is half-open: requests
submitted at or after --from and before --to; events at or after --to are ignored. A day alone
(2025-01-01) is 00:00 UTC.`,
  options: {
    store: STORE_OPTION,
    from: {
      type: "string",
      value: "<time>",
      help: "start of the period (inclusive): a day, or ISO 8601 with a zone",
    },
    to: {
      type: "string",
      value: "<time>",
      help: "end of the period (exclusive): a day, or ISO 8601 with a zone",
    },
    unit: UNIT_SCOPE_OPTION,
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "md"),
    json: JSON_OPTION,
    out: OUT_OPTION,
    title: { type: "string", value: "<text>", help: "the Markdown report's title" },
    notices: {
      type: "string",
      value: "<dir>",
      help: "also write one Lumen-style notice per counted request to <dir>/<id>.json",
    },
    "show-handles": {
      type: "boolean",
      help: "notices: show account handles and their URLs (redacted by default)",
    },
    "show-phone-numbers": {
      type: "boolean",
      help: "notices: show phone numbers (redacted by default, even with --show-handles)",
    },
  },
  positionals: { max: 1 },
  exitCodes: {
    0: "written (requests skipped, if any, are listed in the report)",
    3: "the store or the file could not be read, no line of the file is a request, or the output could not be written",
  },
  examples: [
    "referral-kit transparency --store ./referrals.store --from 2025-01-01 --to 2025-07-01",
    "referral-kit transparency requests.jsonl --from 2025-01-01 --to 2025-07-01 --format json --notices ./notices",
  ],
  async run({ values, positionals }, io) {
    const options = parseOptions(values, positionals, io);
    const requests: ReferralRequest[] = [];
    let readerSkips: { skipped: readonly { line: number; recordId?: string }[]; count: number } | undefined;
    if (options.store !== undefined) {
      const store = await openCliStore(options.store, io.cwd);
      try {
        for await (const request of store.listRequests(options.unitScope)) requests.push(request);
      } finally {
        await store.close();
      }
    } else {
      const file = options.file!;
      const name = file === "-" ? "stdin" : file;
      if (file !== "-") await checkReadable(pathIn(io.cwd, file), file);
      const source = readComplianceJsonl(file === "-" ? io.stdin : pathIn(io.cwd, file), {
        ...(options.encoding ? { encoding: options.encoding } : {}),
      });
      try {
        for await (const request of source) requests.push(request);
      } catch (error) {
        if (ComplianceInputError.isInstance(error)) {
          throw new CliInputError(
            excerpt(error.reason, 300),
            error.line === undefined ? name : `${name}:${error.line}`,
          );
        }
        throw error;
      }
      nothingUsable(name, source.rowsRead, requests.length, source.skipped[0]);
      readerSkips = { skipped: source.skipped, count: source.skippedCount };
    }

    const period = { from: options.from, to: options.to };
    const report = computeTransparencyReport(requests, { period, registry: createRegistry(knownGroups) });
    if (readerSkips) addReaderSkips(report, readerSkips.skipped, readerSkips.count);

    const text = render(options, report);
    if (options.out) {
      if (!(await write(io, pathIn(io.cwd, options.out), text))) return ExitCode.input;
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
});

function render(options: Options, report: TransparencyReport): string {
  switch (options.format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
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
  const directory = pathIn(io.cwd, options.notices!);
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

function parseOptions(
  values: {
    store?: string | undefined;
    unit?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    encoding?: string | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
    out?: string | undefined;
    title?: string | undefined;
    notices?: string | undefined;
    "show-handles"?: boolean | undefined;
    "show-phone-numbers"?: boolean | undefined;
  },
  positionals: string[],
  io: CliIo,
): Options {
  const file = positionals[0];
  const store = values.store ?? (file === undefined ? io.env.REFERRAL_KIT_STORE : undefined);
  if (file !== undefined && values.store !== undefined)
    throw new UsageError("give --store or a file, not both");
  if (file === undefined && store === undefined) {
    throw new UsageError("give --store (or set $REFERRAL_KIT_STORE), or the JSON Lines file to read");
  }
  if (values.from === undefined || values.to === undefined) {
    throw new UsageError("give the period with --from and --to");
  }
  const from = timeOption("--from", values.from).iso;
  const to = timeOption("--to", values.to).iso;
  try {
    resolvePeriod({ from, to });
  } catch (error) {
    if (InvalidPeriodError.isInstance(error)) throw new UsageError(`--from/--to: ${error.reason}`);
    throw error;
  }
  return {
    store,
    file,
    from,
    to,
    format: chosenFormat(values, FORMATS, "md"),
    out: values.out,
    title: values.title,
    notices: values.notices,
    showHandles: values["show-handles"] ?? false,
    showPhoneNumbers: values["show-phone-numbers"] ?? false,
    encoding: values.encoding,
    unitScope: unitScope(values.unit, store),
  };
}

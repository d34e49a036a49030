import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { createManualChannel, type OverdueSubmission } from "../../../adapters/manual/channel.js";
import { openPreparedFile, type PreparedRecord } from "../../../adapters/manual/store.js";
import type { PlatformId } from "../../domain/platforms.js";
import { type CliCommand, type CliIo, ExitCode, UsageError } from "../command.js";
import { isoTime, messageOf, pathIn, plural, positiveNumber } from "./shared.js";

const USAGE = `Usage: referral-kit overdue --prepared <file> --after <hours> [options]

Lists packets prepared for a platform's web portal (the manual portal channel) that have waited longer
than --after for their confirmation number. A prepared packet is not a submission: the request counts
as submitted only once its confirmation number is recorded (referral-kit confirm). Meant for a
scheduled job: the exit code says whether anything is overdue.

Options:
  --prepared <file>    the manual channel's file of prepared packets (default: $REFERRAL_KIT_PREPARED)
  --after <hours>      how long a packet may wait for its confirmation
  --as-of <time>       ISO 8601 time with a zone (default: now)
  --platform <id>      only this platform (repeatable)
  --json               print the overdue packets as JSON on standard output
  -h, --help           show this help

Exit codes: 0 nothing overdue; 1 at least one packet overdue; 2 usage; 3 the file could not be read.`;

/**
 * `referral-kit overdue`: prepared portal packets still waiting for their confirmation number past a
 * limit, with exit code 1 when there is any, so a scheduled job can alert.
 *
 * @example
 * ```sh
 * referral-kit overdue --prepared ./portal-submissions.jsonl --after 24 || notify-duty-officer
 * ```
 */
export const overdueCommand: CliCommand = {
  name: "overdue",
  summary: "List web-portal packets awaiting their confirmation number too long (exit 1 when any)",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args, io);
    // A mistyped path must not read as "nothing overdue" to the scheduled job.
    if (!existsSync(options.prepared)) {
      io.stderr.write(`referral-kit overdue: no file ${options.prepared}\n`);
      return ExitCode.input;
    }
    const store = openPreparedFile(options.prepared);
    let waiting: PreparedRecord[];
    try {
      waiting = (await store.list()).filter(
        (record) => !record.confirmation && (!options.platforms || options.platforms.has(record.platform)),
      );
    } catch (error) {
      io.stderr.write(`referral-kit overdue: cannot read ${options.prepared}: ${messageOf(error)}\n`);
      return ExitCode.input;
    }
    // The channel's own rule, per platform in the file (a channel answers for its platform only).
    const overdue: OverdueSubmission[] = [];
    for (const platform of new Set(waiting.map((record) => record.platform))) {
      const channel = createManualChannel({
        platform: platform as PlatformId,
        portal: { name: "(from the prepared file)", url: "about:blank" },
        store,
      });
      overdue.push(...(await channel.overdue({ asOf: options.asOf, after: options.afterMs })));
    }
    overdue.sort((a, b) => b.waitingMs - a.waitingMs);
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ asOf: new Date(options.asOf).toISOString(), afterHours: options.afterMs / 3_600_000, awaiting: waiting.length, overdue })}\n`,
      );
    } else {
      const lines = [
        `${plural(waiting.length, "packet")} awaiting a confirmation number; ${overdue.length} overdue ` +
          `(waiting over ${options.afterMs / 3_600_000} h at ${new Date(options.asOf).toISOString()})`,
        ...overdue.map(
          (item) =>
            `  ${item.requestId}  ${item.platform}  ${item.portal}  prepared ${item.preparedAt}  ` +
            `waiting ${Math.floor(item.waitingMs / 3_600_000)} h`,
        ),
      ];
      if (overdue.length > 0) {
        lines.push(
          "Not submitted until the confirmation number is recorded: referral-kit confirm <request> <number>",
        );
      }
      io.stdout.write(`${lines.join("\n")}\n`);
    }
    return overdue.length > 0 ? ExitCode.failure : ExitCode.ok;
  },
};

function parseOptions(args: string[], io: CliIo) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const prepared = values.prepared ?? io.env.REFERRAL_KIT_PREPARED;
  if (!prepared)
    throw new UsageError("--prepared is required: the manual channel's file of prepared packets");
  if (values.after === undefined) throw new UsageError("--after is required: the hours a packet may wait");
  return {
    prepared: pathIn(io.cwd, prepared),
    afterMs: positiveNumber("--after", values.after) * 3_600_000,
    asOf: values["as-of"] === undefined ? Date.now() : isoTime("--as-of", values["as-of"]),
    platforms: values.platform ? new Set(values.platform) : undefined,
    json: values.json ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      prepared: { type: "string" },
      after: { type: "string" },
      "as-of": { type: "string" },
      platform: { type: "string", multiple: true },
      json: { type: "boolean" },
    },
  });
}

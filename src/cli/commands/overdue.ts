import { existsSync } from "node:fs";
import { createManualChannel, type OverdueSubmission } from "../../../adapters/manual/channel.js";
import { PreparedFileError } from "../../../adapters/manual/errors.js";
import { openPreparedFile, type PreparedRecord } from "../../../adapters/manual/store.js";
import type { PlatformId } from "../../domain/platforms.js";
import { cliClock } from "../clock.js";
import { CliInputError, ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  positiveNumber,
  required,
  timeOption,
} from "../options.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit overdue`: prepared portal packets still waiting for their confirmation number past a
 * limit, with exit code 1 when there is any, so a scheduled job can alert.
 *
 * @example
 * ```sh
 * referral-kit overdue --prepared ./portal-submissions.jsonl --after 24 || notify-duty-officer
 * ```
 */
export const overdueCommand = defineCommand({
  name: "overdue",
  summary: "List web-portal packets awaiting their confirmation number too long (exit 1 when any)",
  synopsis: "--prepared <file> --after <hours> [options]",
  description: `Lists packets prepared for a platform's web portal (the manual portal channel) that have waited longer
than --after for their confirmation number. A prepared packet is not a submission: the request counts
as submitted only once its confirmation number is recorded (referral-kit confirm). Meant for a
scheduled job: the exit code says whether anything is overdue.`,
  options: {
    prepared: {
      type: "string",
      value: "<file>",
      help: "the manual channel's file of prepared packets (default: $REFERRAL_KIT_PREPARED)",
    },
    after: { type: "string", value: "<hours>", help: "how long a packet may wait for its confirmation" },
    "as-of": {
      type: "string",
      value: "<time>",
      help: "ISO 8601 with a zone, or a day (default: now)",
    },
    platform: PLATFORM_OPTION,
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  exitCodes: {
    0: "nothing overdue",
    1: "at least one packet overdue",
    3: "the file could not be read (missing, damaged, not UTF-8)",
  },
  examples: ["referral-kit overdue --prepared ./portal-submissions.jsonl --after 24 || notify-duty-officer"],
  async run({ values }, io) {
    const preparedName = required(
      values.prepared,
      io.env,
      "REFERRAL_KIT_PREPARED",
      "--prepared",
      "the manual channel's file of prepared packets",
    );
    const after = required(values.after, io.env, undefined, "--after", "the hours a packet may wait");
    const clock = await cliClock(values.clock, io.env);
    const platformIds = platformList(values.platform);
    const options = {
      prepared: pathIn(io.cwd, preparedName),
      afterMs: positiveNumber("--after", after) * 3_600_000,
      asOf: values["as-of"] === undefined ? clock.now() : timeOption("--as-of", values["as-of"]).ms,
      platforms: platformIds ? new Set(platformIds) : undefined,
      json: chosenFormat(values, FORMATS, "text") === "json",
    };
    // A mistyped path must not read as "nothing overdue" to the scheduled job.
    if (!existsSync(options.prepared)) throw new CliInputError("no such file", preparedName);
    const store = openPreparedFile(options.prepared);
    let waiting: PreparedRecord[];
    try {
      waiting = (await store.list()).filter(
        (record) => !record.confirmation && (!options.platforms || options.platforms.has(record.platform)),
      );
    } catch (error) {
      if (PreparedFileError.isInstance(error)) {
        throw new CliInputError(
          error.reason,
          error.line > 0 ? `${preparedName}:${error.line}` : preparedName,
        );
      }
      throw fileProblem(error, preparedName);
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
});

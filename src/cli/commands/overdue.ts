import { existsSync } from "node:fs";
import { createManualChannel, type OverdueSubmission } from "../../../adapters/manual/channel.js";
import { PreparedFileError } from "../../../adapters/manual/errors.js";
import { openPreparedFile, type PreparedRecord } from "../../../adapters/manual/store.js";
import type { PlatformId } from "../../domain/platforms.js";
import { expiringPreservations } from "../../domain/preservation.js";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { cliClock } from "../clock.js";
import { CliInputError, type CliIo, ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  nonNegativeNumber,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  positiveNumber,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit overdue`: prepared portal packets still waiting for their confirmation number past a
 * limit, and preservations that end within some days with no production requested, with exit code 1
 * when there is any, so a scheduled job can alert.
 *
 * @example
 * ```sh
 * referral-kit overdue --prepared ./portal-submissions.jsonl --after 24 || notify-duty-officer
 * referral-kit overdue --store ./referrals.store --within 14 || notify-duty-officer
 * ```
 */
export const overdueCommand = defineCommand({
  name: "overdue",
  summary: "List portal packets waiting too long and preservations about to end (exit 1 when any)",
  synopsis: "(--prepared <file> --after <hours> | --store <path|url> --within <days>) [options]",
  description: `Lists packets prepared for a platform's web portal (the manual portal channel) that have waited longer
than --after for their confirmation number. A prepared packet is not a submission: the request counts
as submitted only once its confirmation number is recorded (referral-kit confirm).

With --store and --within, lists the preservations of the store that end within that many days with no
production requested (and those that already ended that way): extend them, or issue the legal process for
production, before the platform may delete the data. Both checks may run together. Meant for a
scheduled job: the exit code says whether anything needs attention.`,
  options: {
    prepared: {
      type: "string",
      value: "<file>",
      help: "the manual channel's file of prepared packets (default: $REFERRAL_KIT_PREPARED)",
    },
    after: { type: "string", value: "<hours>", help: "how long a packet may wait for its confirmation" },
    store: STORE_OPTION,
    within: {
      type: "string",
      value: "<days>",
      help: "with --store: list preservations ending within this many days (and those already ended)",
    },
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
    1: "at least one packet overdue, or a preservation ending within --within days",
    3: "the file or the store could not be read (missing, damaged, not UTF-8)",
  },
  examples: [
    "referral-kit overdue --prepared ./portal-submissions.jsonl --after 24 || notify-duty-officer",
    "referral-kit overdue --store ./referrals.store --within 14 --json",
  ],
  async run({ values }, io) {
    // Preservations when asked for (--within or --store); the portal packets when asked for, or by default.
    const checkPreservations = values.within !== undefined || values.store !== undefined;
    const checkPortal = !checkPreservations || values.prepared !== undefined || values.after !== undefined;
    const json = chosenFormat(values, FORMATS, "text") === "json";
    const results: CheckResult[] = [];
    if (checkPortal) results.push(await portalPackets(values, io));
    if (checkPreservations) {
      const within = required(
        values.within,
        io.env,
        undefined,
        "--within",
        "the days a preservation may have left",
      );
      const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
      const clock = await cliClock(values.clock, io.env);
      results.push(
        await preservationsEnding(location, io.cwd, {
          asOf: values["as-of"] === undefined ? clock.now() : timeOption("--as-of", values["as-of"]).ms,
          withinDays: nonNegativeNumber("--within", within),
          platforms: platformList(values.platform),
        }),
      );
    }
    io.stdout.write(
      json
        ? `${JSON.stringify(Object.assign({}, ...results.map((result) => result.json)))}\n`
        : `${results.flatMap((result) => result.lines).join("\n")}\n`,
    );
    return results.some((result) => result.count > 0) ? ExitCode.failure : ExitCode.ok;
  },
});

/** What one check found: the lines to print, its JSON members, and how many items need attention. */
interface CheckResult {
  lines: string[];
  json: Record<string, unknown>;
  count: number;
}

/** The portal packets check: what to print (text lines or JSON) and how many are overdue. */
async function portalPackets(
  values: { prepared?: string; after?: string; "as-of"?: string; clock?: string; platform?: string[] },
  io: CliIo,
): Promise<CheckResult> {
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
      throw new CliInputError(error.reason, error.line > 0 ? `${preparedName}:${error.line}` : preparedName);
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
  const json = {
    asOf: new Date(options.asOf).toISOString(),
    afterHours: options.afterMs / 3_600_000,
    awaiting: waiting.length,
    overdue,
  };
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
  return { lines, json, count: overdue.length };
}

/** The preservations check: those ending within the days given (or already ended) with no production requested. */
async function preservationsEnding(
  location: string,
  cwd: string,
  options: { asOf: number; withinDays: number; platforms: string[] | undefined },
): Promise<CheckResult> {
  const store = await openCliStore(location, cwd);
  let expiring: ReturnType<typeof expiringPreservations>;
  try {
    const preservations: ReferralRequest[] = [];
    for await (const request of store.listRequests()) {
      if (request.kind !== "preserve") continue;
      if (options.platforms && !options.platforms.includes(request.platform)) continue;
      preservations.push(request);
    }
    expiring = expiringPreservations(preservations, {
      asOf: options.asOf,
      withinDays: options.withinDays,
      includeLapsed: true,
    });
  } finally {
    await store.close();
  }
  const ending = expiring.filter((item) => item.daysLeft >= 0);
  const lines = [
    `${plural(ending.length, "preservation")} ending within ${options.withinDays} days with no production requested; ` +
      `${expiring.length - ending.length} already ended (at ${new Date(options.asOf).toISOString()})`,
    ...expiring.map(
      (item) =>
        `  ${item.requestId}  ${item.platform}  ${item.rule ?? "(no rule)"}  until ${item.preservedUntil}  ` +
        (item.daysLeft >= 0
          ? `${item.daysLeft.toFixed(1)} days left`
          : `ended ${(-item.daysLeft).toFixed(1)} days ago`) +
        (item.extendable ? "" : "  (at the rule's maximum)"),
    ),
  ];
  if (expiring.length > 0) {
    lines.push("Extend the preservation or request production before the platform may delete the data.");
  }
  return {
    lines,
    json: {
      asOf: new Date(options.asOf).toISOString(),
      withinDays: options.withinDays,
      preservations: expiring,
    },
    count: expiring.length,
  };
}

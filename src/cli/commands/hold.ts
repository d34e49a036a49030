import { HoldNotOwnedError, type TargetHold } from "../../dispatch/deconfliction.js";
import { safeParseTarget } from "../../domain/targets/parse-target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { cliClock } from "../clock.js";
import { ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  plural,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit hold`: a unit holds a target it is investigating, so no other unit's request about it is
 * sent until the hold ends; `--release` ends a hold early, `--list` shows them.
 *
 * @example
 * ```sh
 * referral-kit hold https://x.com/someone --unit "CTD North" --until 2026-03-01 --reason "case 2026/14" --actor supervisor-2
 * referral-kit hold --list --active --store ./referrals.store
 * ```
 */
export const holdCommand = defineCommand({
  name: "hold",
  summary: "Hold a target for an active investigation (other units' requests about it are not sent)",
  synopsis:
    "(<target> --unit <unit> --until <time> --reason <text> | --release <id> --unit <unit> | --list) [options]",
  description: `Places a hold on a target (a link or handle as pasted, or a target key such as x:someone) for the
unit given, until --until: while it lasts, requests of other units covering that target are refused by
dispatch and not sent if already queued; they say which unit holds it and until when, never the reason. A
unit holds only what it works on: one of its open requests must cover the target. --release ends one of the
unit's holds at once; --list shows the holds (--active: only those in force).`,
  options: {
    store: STORE_OPTION,
    unit: {
      type: "string",
      value: "<unit>",
      help: "the unit placing or releasing the hold (its requests' issuingAuthority.unit)",
    },
    until: { type: "string", value: "<time>", help: "when the hold ends: a day, or ISO 8601 with a zone" },
    reason: {
      type: "string",
      value: "<text>",
      help: "why, for the unit's own records (never shown to other units)",
    },
    release: { type: "string", value: "<id>", help: "end this hold now (the unit's own)" },
    list: { type: "boolean", help: "list the holds (with --unit, only that unit's)" },
    active: { type: "boolean", help: "with --list: only the holds in force" },
    actor: actorOption("who places the hold"),
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
    clock: CLOCK_OPTION,
  },
  positionals: { max: 1 },
  exitCodes: {
    0: "done",
    1: "refused: the unit does not own the target (no open request of it covers it), or the hold is not the unit's",
    3: "the store could not be read",
  },
  examples: [
    'referral-kit hold https://x.com/someone --unit "CTD North" --until 2026-03-01 --reason "case 2026/14" --actor supervisor-2',
    'referral-kit hold --release 3 --unit "CTD North"',
    "referral-kit hold --list --active",
  ],
  async run({ values, positionals }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const format = chosenFormat(values, FORMATS, "text");
    const modes = [positionals.length > 0, values.release !== undefined, values.list === true].filter(
      Boolean,
    );
    if (modes.length !== 1) throw new UsageError("give a target to hold, --release <id> or --list");
    const now = (await cliClock(values.clock, io.env)).now();
    const store = await openCliStore(location, io.cwd);
    const write = (holds: TargetHold[], verb: string) =>
      io.stdout.write(
        format === "json"
          ? `${JSON.stringify(holds.length === 1 && verb !== "listed" ? holds[0] : holds)}\n`
          : holds.length === 0
            ? "no holds\n"
            : `${holds.map((hold) => `${verb} ${describe(hold, now)}`).join("\n")}\n`,
      );
    try {
      if (values.list) {
        const holds = await store.listHolds({
          ...(values.active ? { activeAt: now } : {}),
          ...(values.unit === undefined ? {} : { unit: values.unit }),
        });
        write(holds, "listed");
        if (format === "text") io.stderr.write(`${plural(holds.length, "hold")}\n`);
        return ExitCode.ok;
      }
      const unit = required(values.unit, io.env, undefined, "--unit", "the unit");
      if (values.release !== undefined) {
        const id = Number(values.release);
        if (!Number.isInteger(id) || id <= 0)
          throw new UsageError(`--release: ${values.release} is not a hold id`);
        write([await store.releaseHold({ id, unit, now })], "released");
        return ExitCode.ok;
      }
      const until = timeOption(
        "--until",
        required(values.until, io.env, undefined, "--until", "when the hold ends"),
      );
      if (until.ms <= now) throw new UsageError("--until: the hold would already be over");
      const reason = required(values.reason, io.env, undefined, "--reason", "why the unit holds the target");
      const hold = await store.placeHold(
        {
          targetKey: keyOf(positionals[0]!),
          unit,
          until: until.ms,
          reason,
          placedBy: actorId(values.actor, io.env),
        },
        now,
      );
      write([hold], "placed");
      return ExitCode.ok;
    } catch (error) {
      if (!HoldNotOwnedError.isInstance(error)) throw error;
      io.stderr.write(`referral-kit hold: ${error.message}\n`);
      return ExitCode.failure;
    } finally {
      await store.close();
    }
  },
});

/** A pasted link or handle as its target key; a target key (`x:someone`) as given. */
function keyOf(input: string): string {
  const parsed = safeParseTarget(input);
  if (parsed.success) return targetKey(parsed.data);
  if (/^[a-z0-9-]+:[^\s/]/.test(input)) return input;
  throw new UsageError(
    `${JSON.stringify(input)} is neither a link or handle nor a target key: ${parsed.error.reason}`,
  );
}

function describe(hold: TargetHold, now: number): string {
  const state = hold.until > now ? "in force" : "ended";
  return `hold ${hold.id}: ${hold.targetKey} by unit "${hold.unit}" until ${new Date(hold.until).toISOString()} (${state}; placed by ${hold.placedBy})`;
}

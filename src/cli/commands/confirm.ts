import { existsSync } from "node:fs";
import { createManualChannel } from "../../../adapters/manual/channel.js";
import { ManualConfirmationError, PreparedFileError } from "../../../adapters/manual/errors.js";
import { openPreparedFile } from "../../../adapters/manual/store.js";
import { ReferralKitError } from "../../domain/errors.js";
import { requestState } from "../../domain/lifecycle.js";
import { checkPermissions } from "../../domain/roles.js";
import type { RequestEventOf } from "../../domain/schemas/request.js";
import { cliRoles, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { CliInputError, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  pathIn,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit confirm`: records a portal confirmation number as the request's `submitted` event.
 *
 * @example
 * ```sh
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 --prepared ./portal-submissions.jsonl
 * ```
 */
export const confirmCommand = defineCommand({
  name: "confirm",
  summary: "Record a web portal's confirmation number as a request's submission",
  synopsis: "<request> <confirmation-number> --store <path|url> --actor <id> [options]",
  description: `Records the confirmation number a platform's web portal gave for a request submitted by hand (the
manual portal channel). The number becomes the request's "submitted" event (channel "portal",
platformRef = the number). Until it is recorded the request is not submitted, and compliance does not
count it. Safe to repeat with the same number; a different number for a confirmed request is refused.`,
  options: {
    store: STORE_OPTION,
    actor: actorOption("who records the number"),
    roles: ROLES_OPTION,
    at: {
      type: "string",
      value: "<time>",
      help: "when the portal accepted it: ISO 8601 with a zone, or a day (default: now)",
    },
    prepared: {
      type: "string",
      value: "<file>",
      help: "the manual channel's file of prepared packets: the packet must be there, and is marked confirmed (default: $REFERRAL_KIT_PREPARED, or none)",
    },
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: { min: 2, max: 2, missing: "give the request id and the confirmation number" },
  renamed: { by: "actor" },
  exitCodes: {
    0: "recorded (or already recorded)",
    1: "refused (not in the store, already confirmed with another number, no prepared packet, or the role policy)",
    3: "the store or the prepared file could not be read",
  },
  examples: ["referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1"],
  async run({ values, positionals }, io) {
    const [requestId, number] = positionals as [string, string];
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const by = actorId(values.actor, io.env);
    const json = chosenFormat(values, FORMATS, "text") === "json";
    const clock = await cliClock(values.clock, io.env);
    const at =
      values.at === undefined ? new Date(clock.now()).toISOString() : timeOption("--at", values.at).iso;
    const preparedPath = values.prepared ?? io.env.REFERRAL_KIT_PREPARED;

    const preparedFile = preparedPath === undefined ? undefined : pathIn(io.cwd, preparedPath);
    // A mistyped path must not read as "no packet was prepared".
    if (preparedFile !== undefined && !existsSync(preparedFile)) {
      throw new CliInputError("no such file (the manual channel's file of prepared packets)", preparedPath);
    }
    const roles = await cliRoles(values.roles, io.env, io.cwd);
    const store = await openCliStore(location, io.cwd);
    try {
      const request = await store.getRequest(requestId);
      if (!request) {
        io.stderr.write(`referral-kit confirm: no request ${requestId} in the store\n`);
        return ExitCode.failure;
      }
      const earlier = request.events.find((e): e is RequestEventOf<"submitted"> => e.type === "submitted");
      if (earlier) {
        if (earlier.platformRef === number.trim()) {
          report(io, earlier, json, `${requestId} was already recorded as submitted with ${number.trim()}`);
          return ExitCode.ok;
        }
        io.stderr.write(
          `referral-kit confirm: ${requestId} is already submitted (${earlier.channel ?? "unknown channel"}${earlier.platformRef ? `, ${earlier.platformRef}` : ""}); not recording ${number.trim()}\n`,
        );
        return ExitCode.failure;
      }
      const actor = { id: by };
      if (roles) {
        // Who confirms needs a role that may record a submission, checked before anything is written.
        const submitted = { type: "submitted" as const, at, by: actor };
        try {
          checkPermissions({ id: requestId, events: [...request.events, submitted] }, roles, {
            from: request.events.length,
          });
        } catch (error) {
          if (!ReferralKitError.isInstance(error)) throw error;
          io.stderr.write(`referral-kit confirm: ${error.message}\n`);
          return ExitCode.failure;
        }
      }
      const append = async (event: RequestEventOf<"submitted">) => {
        await store.appendEvents(requestId, [event], { expectedCount: request.events.length });
      };
      let event: RequestEventOf<"submitted">;
      if (preparedFile !== undefined) {
        const channel = createManualChannel({
          platform: request.platform,
          portal: { name: "(from the prepared file)", url: "about:blank" },
          store: openPreparedFile(preparedFile),
        });
        try {
          event = await channel.confirm(requestId, number, { at, by: actor, commit: append });
        } catch (error) {
          if (PreparedFileError.isInstance(error)) {
            throw new CliInputError(
              error.reason,
              error.line > 0 ? `${preparedPath}:${error.line}` : preparedPath,
            );
          }
          throw error;
        }
      } else {
        event = {
          type: "submitted",
          at,
          by: actor,
          channel: "portal",
          platformRef: number.trim(),
          note: `portal confirmation number recorded by ${by}`,
        };
        if (event.platformRef!.length === 0 || event.platformRef!.length > 200) {
          throw new UsageError("a confirmation number is 1 to 200 characters");
        }
        await append(event);
      }
      const after = await store.getRequest(requestId);
      const status = after ? requestState(after).status : "submitted";
      report(
        io,
        event,
        json,
        `${requestId}: recorded as submitted through the portal, confirmation ${event.platformRef} (now ${status})`,
      );
      return ExitCode.ok;
    } catch (error) {
      if (error instanceof UsageError || error instanceof CliInputError) throw error;
      if (ManualConfirmationError.isInstance(error) || ReferralKitError.isInstance(error)) {
        io.stderr.write(`referral-kit confirm: ${error.message}\n`);
        return ExitCode.failure;
      }
      throw error;
    } finally {
      await store.close();
    }
  },
});

function report(
  io: { stdout: NodeJS.WritableStream },
  event: RequestEventOf<"submitted">,
  json: boolean | undefined,
  text: string,
): void {
  io.stdout.write(json ? `${JSON.stringify(event)}\n` : `${text}\n`);
}

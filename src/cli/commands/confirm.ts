import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";
import { createManualChannel } from "../../../adapters/manual/channel.js";
import { ManualConfirmationError } from "../../../adapters/manual/errors.js";
import { openPreparedFile } from "../../../adapters/manual/store.js";
import { openStore } from "../../dispatch/store/open-store.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { ReferralKitError } from "../../domain/errors.js";
import { requestState } from "../../domain/lifecycle.js";
import { IdSchema } from "../../domain/schemas/common.js";
import type { RequestEventOf } from "../../domain/schemas/request.js";
import { type CliCommand, ExitCode, UsageError } from "../command.js";

const USAGE = `Usage: referral-kit confirm <request> <confirmation-number> --store <path|postgres-url> --by <id> [options]

Records the confirmation number a platform's web portal gave for a request submitted by hand (the
manual portal channel). The number becomes the request's "submitted" event (channel "portal",
platformRef = the number). Until it is recorded the request is not submitted, and compliance does not
count it. Safe to repeat with the same number; a different number for a confirmed request is refused.

Options:
  --store <path|url>   the request store (default: $REFERRAL_KIT_STORE)
  --by <id>            who records the number (default: $REFERRAL_KIT_ACTOR)
  --at <time>          when the portal accepted it, ISO 8601 with a zone (default: now)
  --prepared <file>    the manual channel's file of prepared packets: the packet must be there, and is
                       marked confirmed (default: $REFERRAL_KIT_PREPARED, or none)
  --json               print the recorded event as JSON
  -h, --help           show this help

Exit codes: 0 recorded (or already recorded); 1 refused; 2 usage; 3 the store could not be read.`;

/**
 * `referral-kit confirm`: records a portal confirmation number as the request's `submitted` event.
 *
 * @example
 * ```sh
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --by analyst-1
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --by analyst-1 --prepared ./portal-submissions.jsonl
 * ```
 */
export const confirmCommand: CliCommand = {
  name: "confirm",
  summary: "Record a web portal's confirmation number as a request's submission",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        store: { type: "string" },
        by: { type: "string" },
        at: { type: "string" },
        prepared: { type: "string" },
        json: { type: "boolean" },
      },
    });
    const [requestId, number, extra] = positionals;
    if (requestId === undefined || number === undefined) {
      throw new UsageError("give the request id and the confirmation number");
    }
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const location = values.store ?? io.env.REFERRAL_KIT_STORE;
    if (!location) throw new UsageError("--store is required (a directory or a postgres:// URL)");
    const by = values.by ?? io.env.REFERRAL_KIT_ACTOR;
    if (!by) throw new UsageError("--by is required: who records the confirmation number");
    if (!IdSchema.safeParse(by).success) throw new UsageError(`--by ${JSON.stringify(by)} is not an id`);
    const at = values.at ?? new Date().toISOString();
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(at) || Number.isNaN(Date.parse(at))) {
      throw new UsageError(`--at ${JSON.stringify(at)} is not an ISO 8601 time with a zone`);
    }
    const preparedPath = values.prepared ?? io.env.REFERRAL_KIT_PREPARED;

    let store: RequestStore;
    try {
      store = await openStore(
        isAbsolute(location) || location.includes("://") ? location : join(io.cwd, location),
      );
    } catch (error) {
      io.stderr.write(`referral-kit confirm: cannot open the store: ${messageOf(error)}\n`);
      return ExitCode.input;
    }
    try {
      const request = await store.getRequest(requestId);
      if (!request) {
        io.stderr.write(`referral-kit confirm: no request ${requestId} in the store\n`);
        return ExitCode.failure;
      }
      const earlier = request.events.find((e): e is RequestEventOf<"submitted"> => e.type === "submitted");
      if (earlier) {
        if (earlier.platformRef === number.trim()) {
          report(
            io,
            earlier,
            values.json,
            `${requestId} was already recorded as submitted with ${number.trim()}`,
          );
          return ExitCode.ok;
        }
        io.stderr.write(
          `referral-kit confirm: ${requestId} is already submitted (${earlier.channel ?? "unknown channel"}${earlier.platformRef ? `, ${earlier.platformRef}` : ""}); not recording ${number.trim()}\n`,
        );
        return ExitCode.failure;
      }
      const actor = { id: by };
      const append = async (event: RequestEventOf<"submitted">) => {
        await store.appendEvents(requestId, [event], { expectedCount: request.events.length });
      };
      let event: RequestEventOf<"submitted">;
      if (preparedPath) {
        const channel = createManualChannel({
          platform: request.platform,
          portal: { name: "(from the prepared file)", url: "about:blank" },
          store: openPreparedFile(isAbsolute(preparedPath) ? preparedPath : join(io.cwd, preparedPath)),
        });
        event = await channel.confirm(requestId, number, { at, by: actor, commit: append });
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
        values.json,
        `${requestId}: recorded as submitted through the portal, confirmation ${event.platformRef} (now ${status})`,
      );
      return ExitCode.ok;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if (ManualConfirmationError.isInstance(error) || ReferralKitError.isInstance(error)) {
        io.stderr.write(`referral-kit confirm: ${error.message}\n`);
        return ExitCode.failure;
      }
      throw error;
    } finally {
      await store.close();
    }
  },
};

function report(
  io: { stdout: NodeJS.WritableStream },
  event: RequestEventOf<"submitted">,
  json: boolean | undefined,
  text: string,
): void {
  io.stdout.write(json ? `${JSON.stringify(event)}\n` : `${text}\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { parseArgs } from "node:util";
import { expireOverdue } from "../../dispatch/expire.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { IdSchema } from "../../domain/schemas/common.js";
import { type CliCommand, CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { messageOf, plural, timeOption } from "../options.js";
import { openCliStore } from "../store.js";

const USAGE = `Usage: referral-kit expire --store <path|postgres-url> [options]

Records "expired" on every submitted request whose deadline in force has passed with no decision. The
deadline in force is the request's deadline, restarted from the agency's answer when the platform asked a
question; while a question is open the clock is stopped and nothing expires. Safe to repeat: a request
already expired since its deadline was last set is left alone. (sync does the same after polling.)

Options:
  --store <path|url>   the request store (default: $REFERRAL_KIT_STORE)
  --as-of <time>       ISO 8601 time with a zone (default: now)
  --platform <id>      only this platform (repeatable)
  --by <id>            who to record as the actor (default: referral-kit.expire)
  --json               print the summary as JSON on standard output
  -h, --help           show this help

Exit codes: 0 done; 2 usage; 3 the store could not be read.`;

/**
 * `referral-kit expire`: appends `expired` to requests past their deadline in force with no decision.
 *
 * @example
 * ```sh
 * referral-kit expire --store ./referrals.store
 * referral-kit expire --store postgres://dispatch@db.internal/referrals --platform x --json
 * ```
 */
export const expireCommand: CliCommand = {
  name: "expire",
  summary: "Record expiry on submitted requests past their deadline with no decision",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args, io);
    let store: RequestStore;
    try {
      store = await openCliStore(options.store, io.cwd);
    } catch (error) {
      if (error instanceof CliInputError) throw error;
      io.stderr.write(`referral-kit expire: cannot open the store: ${messageOf(error)}\n`);
      return ExitCode.input;
    }
    try {
      const summary = await expireOverdue(store, {
        now: options.asOf,
        ...(options.platforms ? { platforms: options.platforms } : {}),
        by: { id: options.by },
      });
      if (options.json) {
        io.stdout.write(`${JSON.stringify({ asOf: new Date(options.asOf).toISOString(), ...summary })}\n`);
      } else {
        io.stdout.write(
          `checked ${plural(summary.checked, "undecided request")}; ${summary.expired.length} expired at ${new Date(options.asOf).toISOString()}` +
            `${summary.expired.length > 0 ? `: ${summary.expired.join(", ")}` : ""}\n`,
        );
      }
      return ExitCode.ok;
    } finally {
      await store.close();
    }
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
  const store = values.store ?? io.env.REFERRAL_KIT_STORE;
  if (!store) throw new UsageError("--store is required (a directory or a postgres:// URL)");
  const by = values.by ?? "referral-kit.expire";
  if (!IdSchema.safeParse(by).success) throw new UsageError(`--by ${JSON.stringify(by)} is not an id`);
  return {
    store,
    asOf: values["as-of"] === undefined ? Date.now() : timeOption("--as-of", values["as-of"]).ms,
    platforms: values.platform,
    by,
    json: values.json ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      store: { type: "string" },
      "as-of": { type: "string" },
      platform: { type: "string", multiple: true },
      by: { type: "string" },
      json: { type: "boolean" },
    },
  });
}

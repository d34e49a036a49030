import { expireOverdue } from "../../dispatch/expire.js";
import { cliClock } from "../clock.js";
import { ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  PLATFORM_OPTION,
  platformList,
  plural,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit expire`: appends `expired` to requests past their deadline in force with no decision.
 *
 * @example
 * ```sh
 * referral-kit expire --store ./referrals.store
 * referral-kit expire --store postgres://dispatch@db.internal/referrals --platform x --json
 * ```
 */
export const expireCommand = defineCommand({
  name: "expire",
  summary: "Record expiry on submitted requests past their deadline with no decision",
  synopsis: "--store <path|url> [options]",
  description: `Records "expired" on every submitted request whose deadline in force has passed with no decision. The
deadline in force is the request's deadline, restarted from the agency's answer when the platform asked a
question; while a question is open the clock is stopped and nothing expires. Safe to repeat: a request
already expired since its deadline was last set is left alone. (sync does the same after polling.)`,
  options: {
    store: STORE_OPTION,
    "as-of": {
      type: "string",
      value: "<time>",
      help: "ISO 8601 with a zone, or a day (default: now)",
    },
    platform: PLATFORM_OPTION,
    actor: actorOption("who is recorded as expiring the requests, default referral-kit.expire"),
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  exitCodes: {
    0: "done (the requests expired, if any, are listed)",
    3: "the store could not be opened or read",
  },
  examples: [
    "referral-kit expire --store ./referrals.store",
    "referral-kit expire --store ./referrals.store --platform x --as-of 2025-06-30 --json",
  ],
  async run({ values }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const format = chosenFormat(values, FORMATS, "text");
    const actor = actorId(values.actor, io.env, "referral-kit.expire");
    const platforms = platformList(values.platform);
    const clock = await cliClock(values.clock, io.env);
    const asOf = values["as-of"] === undefined ? clock.now() : timeOption("--as-of", values["as-of"]).ms;
    const store = await openCliStore(location, io.cwd);
    try {
      const summary = await expireOverdue(store, {
        now: asOf,
        ...(platforms ? { platforms } : {}),
        by: { id: actor },
      });
      const at = new Date(asOf).toISOString();
      if (format === "json") {
        io.stdout.write(`${JSON.stringify({ asOf: at, ...summary })}\n`);
      } else {
        io.stdout.write(
          `checked ${plural(summary.checked, "undecided request")}; ${summary.expired.length} expired at ${at}` +
            `${summary.expired.length > 0 ? `: ${summary.expired.join(", ")}` : ""}\n`,
        );
      }
      return ExitCode.ok;
    } finally {
      await store.close();
    }
  },
});

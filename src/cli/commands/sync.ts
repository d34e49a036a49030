import { excerpt } from "../../text/decode.js";
import { cliRoles, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { openDispatch } from "../dispatch/open.js";
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
} from "../options.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit sync`: polls the platforms for submitted requests not yet decided and appends the events.
 *
 * @example
 * ```sh
 * referral-kit sync --store ./referrals.store
 * referral-kit sync --store postgres://dispatch@db.internal/referrals --platform x --format json
 * ```
 */
export const syncCommand = defineCommand({
  name: "sync",
  summary: "Poll the platforms for the status of submitted requests and record it",
  synopsis: "--store <path|url> [options]",
  description: `Asks each platform where the submitted requests stand and appends what changed to their histories
(acknowledged, a question, actioned, partially actioned, rejected), then records "expired" on requests
still undecided past their deadline in force (as referral-kit expire does). Safe to repeat: nothing is
recorded twice. What it records is by --actor (or $REFERRAL_KIT_ACTOR; default referral-kit.dispatch),
which with --roles needs a role that may record the platforms' answers.`,
  options: {
    store: STORE_OPTION,
    config: {
      type: "string",
      value: "<file>",
      help: "adapters and limits, as for dispatch (default: $REFERRAL_KIT_DISPATCH_CONFIG)",
    },
    platform: PLATFORM_OPTION,
    actor: actorOption("who is recorded as appending the answers (default: referral-kit.dispatch)"),
    roles: ROLES_OPTION,
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  exitCodes: {
    0: "every status read",
    1: "some status could not be read (each is listed with its reason), or interrupted",
    3: "the config or the store could not be read",
  },
  examples: [
    "referral-kit sync --store ./referrals.store",
    "referral-kit sync --store ./referrals.store --platform x --json",
  ],
  async run({ values }, io) {
    const store = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const format = chosenFormat(values, FORMATS, "text");
    const platforms = platformList(values.platform);
    const clock = await cliClock(values.clock, io.env);
    const actor = values.actor ?? io.env.REFERRAL_KIT_ACTOR;
    const roles = await cliRoles(values.roles, io.env, io.cwd);
    const opened = await openDispatch({
      store,
      config: values.config ?? io.env.REFERRAL_KIT_DISPATCH_CONFIG,
      cwd: io.cwd,
      clock,
      ...(roles ? { rules: { roles } } : {}),
      ...(actor === undefined ? {} : { actor: actorId(actor, io.env) }),
    });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    try {
      const summary = await opened.dispatcher.sync({
        signal: controller.signal,
        expire: true,
        ...(platforms ? { platforms } : {}),
      });
      if (format === "json") {
        io.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        for (const error of summary.errors) {
          io.stderr.write(`${error.requestId}: ${error.code}: ${excerpt(error.message, 300)}\n`);
        }
        io.stdout.write(
          `asked about ${plural(summary.polled, "request")}, recorded ${plural(summary.appended, "event")}` +
            `${summary.expired > 0 ? ` (${summary.expired} expired)` : ""}, ` +
            `${plural(summary.errors.length, "error")}${summary.aborted ? " (interrupted)" : ""}\n`,
        );
      }
      return summary.errors.length > 0 || summary.aborted ? ExitCode.failure : ExitCode.ok;
    } finally {
      process.off("SIGINT", stop);
      await opened.store.close();
    }
  },
});

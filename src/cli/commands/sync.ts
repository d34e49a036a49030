import { parseArgs } from "node:util";
import { type CliCommand, ExitCode, UsageError } from "../command.js";
import { openDispatch } from "./dispatch.js";

const USAGE = `Usage: referral-kit sync --store <path|postgres-url> [options]

Asks each platform where the submitted requests stand and appends what changed to their histories
(acknowledged, a question, actioned, partially actioned, rejected), then records "expired" on requests
still undecided past their deadline in force (as referral-kit expire does). Safe to repeat: nothing is
recorded twice.

Options:
  --store <path|url>    the request store (default: $REFERRAL_KIT_STORE)
  --config <file>       adapters and limits, as for dispatch (default: $REFERRAL_KIT_DISPATCH_CONFIG)
  --platform <id>       only this platform (repeatable)
  --json                print the summary as JSON on standard output
  -h, --help            show this help

Exit codes: 0 every status read; 1 some status could not be read; 2 usage; 3 the store could not be read.`;

/**
 * `referral-kit sync`: polls the platforms for submitted requests not yet decided and appends the events.
 *
 * @example
 * ```sh
 * referral-kit sync --store ./referrals.store
 * referral-kit sync --store postgres://dispatch@db.internal/referrals --platform x --json
 * ```
 */
export const syncCommand: CliCommand = {
  name: "sync",
  summary: "Poll the platforms for the status of submitted requests and record it",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        store: { type: "string" },
        config: { type: "string" },
        platform: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const store = values.store ?? io.env.REFERRAL_KIT_STORE;
    if (!store) throw new UsageError("--store is required (a directory or a postgres:// URL)");
    const opened = await openDispatch(io, {
      store,
      config: values.config ?? io.env.REFERRAL_KIT_DISPATCH_CONFIG,
    });
    if (typeof opened === "number") return opened;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    try {
      const summary = await opened.dispatcher.sync({
        signal: controller.signal,
        expire: true,
        ...(values.platform ? { platforms: values.platform } : {}),
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(summary)}\n`);
      } else {
        for (const error of summary.errors)
          io.stderr.write(`${error.requestId}: ${error.code}: ${error.message}\n`);
        io.stdout.write(
          `asked about ${summary.polled} request${summary.polled === 1 ? "" : "s"}, recorded ${summary.appended} ` +
            `event${summary.appended === 1 ? "" : "s"}${summary.expired > 0 ? ` (${summary.expired} expired)` : ""}, ` +
            `${summary.errors.length} error${summary.errors.length === 1 ? "" : "s"}` +
            `${summary.aborted ? " (interrupted)" : ""}\n`,
        );
      }
      return summary.errors.length > 0 || summary.aborted ? ExitCode.failure : ExitCode.ok;
    } finally {
      process.off("SIGINT", stop);
      await opened.store.close();
    }
  },
};

import { createReadStream } from "node:fs";
import { isAbsolute, join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createDispatcher, type Dispatcher, type RunSummary } from "../../dispatch/dispatcher.js";
import { StoreError } from "../../dispatch/errors.js";
import { openStore } from "../../dispatch/store/open-store.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { type CliCommand, type CliIo, ExitCode, UsageError } from "../command.js";
import { type DispatchConfig, loadDispatchConfig } from "../dispatch/adapters.js";
import { formatDuration, progressBar } from "../dispatch/progress-bar.js";

const USAGE = `Usage: referral-kit dispatch <requests.jsonl> --store <path|postgres-url> [options]

Stores the approved requests of a JSON Lines file (one request per line) and sends them to their
platforms, with each platform's rate limits, retries and a circuit breaker. Safe to run again after a
crash or Ctrl-C: requests already stored are left as they are and nothing is sent twice.

Options:
  --store <path|url>    the request store: a directory (the embedded store, created when missing) or a
                        postgres:// URL (several workers may share it). Default: $REFERRAL_KIT_STORE
  --config <file>       adapters and limits: {"platforms": {"x": {"options": {...}, "limits": {...}}}}
                        (default: $REFERRAL_KIT_DISPATCH_CONFIG, else the six reference adapters)
  --concurrency <n>     calls in flight per platform (default 4)
  --no-run              only store the requests; send them later with --resume
  --resume              send what is queued in the store; no file needed
  --json                print the summary as JSON on standard output
  -h, --help            show this help

Exit codes: 0 every request sent; 1 some request refused, failed or left queued (interrupted);
2 usage; 3 the file or the store could not be read.`;

interface Options {
  file: string | undefined;
  store: string;
  config: string | undefined;
  concurrency: number | undefined;
  run: boolean;
  json: boolean;
}

function parseOptions(args: string[], env: CliIo["env"]): Options {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      store: { type: "string" },
      config: { type: "string" },
      concurrency: { type: "string" },
      "no-run": { type: "boolean" },
      resume: { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const store = values.store ?? env.REFERRAL_KIT_STORE;
  if (!store) throw new UsageError("--store is required (a directory or a postgres:// URL)");
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const file = positionals[0];
  if (!file && !values.resume) throw new UsageError("give a requests file (JSON Lines), or --resume");
  if (file && values.resume) throw new UsageError("give a requests file or --resume, not both");
  let concurrency: number | undefined;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!(Number.isInteger(concurrency) && concurrency > 0)) {
      throw new UsageError("--concurrency must be a positive integer");
    }
  }
  return {
    file,
    store,
    config: values.config ?? env.REFERRAL_KIT_DISPATCH_CONFIG,
    concurrency,
    run: !values["no-run"],
    json: Boolean(values.json),
  };
}

/**
 * Opens the store and the adapters the way `dispatch` and `sync` both need; errors are printed and
 * returned as an exit code.
 *
 * @example
 * ```ts
 * const opened = await openDispatch(io, { store: "./referrals.store", config: undefined });
 * if (typeof opened === "number") return opened;
 * ```
 */
export async function openDispatch(
  io: CliIo,
  options: { store: string; config: string | undefined; concurrency?: number | undefined },
  onProgress?: Parameters<typeof createDispatcher>[0]["onProgress"],
): Promise<{ store: RequestStore; dispatcher: Dispatcher } | number> {
  let config: DispatchConfig;
  try {
    config = await loadDispatchConfig(options.config, io.cwd);
  } catch (error) {
    io.stderr.write(`cannot read the dispatch config: ${message(error)}\n`);
    return ExitCode.input;
  }
  let store: RequestStore;
  try {
    const location =
      /^[a-z]+:/i.test(options.store) || isAbsolute(options.store)
        ? options.store
        : join(io.cwd, options.store);
    store = await openStore(location);
  } catch (error) {
    io.stderr.write(`${StoreError.isInstance(error) ? `${error.code}: ` : ""}${message(error)}\n`);
    return ExitCode.input;
  }
  const limits = { ...config.limits };
  if (options.concurrency !== undefined) {
    limits.default = { ...limits.default, concurrency: options.concurrency };
  }
  const dispatcher = createDispatcher({
    adapters: config.adapters,
    store,
    limits,
    ...(onProgress ? { onProgress } : {}),
  });
  return { store, dispatcher };
}

/**
 * `referral-kit dispatch`: stores the requests of a JSON Lines file and sends them, with a progress bar
 * per platform on a terminal and a summary at the end.
 *
 * @example
 * ```sh
 * referral-kit dispatch requests.jsonl --store ./referrals.store
 * referral-kit dispatch --resume --store postgres://dispatch@db.internal/referrals --json
 * ```
 */
export const dispatchCommand: CliCommand = {
  name: "dispatch",
  summary: "Send approved requests to their platforms (rate-limited, crash-safe, resumable)",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args, io.env);
    let lines: { line: number; value: unknown }[] = [];
    if (options.file) {
      try {
        lines = await readJsonLines(isAbsolute(options.file) ? options.file : join(io.cwd, options.file));
      } catch (error) {
        io.stderr.write(`cannot read ${options.file}: ${message(error)}\n`);
        return ExitCode.input;
      }
    }
    const bar = io.isTTY && !options.json ? progressBar(io.stderr) : undefined;
    const opened = await openDispatch(io, options, bar?.onProgress);
    if (typeof opened === "number") return opened;
    const { store, dispatcher } = opened;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      const enqueued = await dispatcher.enqueue(
        lines.map((entry) => entry.value as never),
        { partial: true },
      );
      for (const refused of enqueued.refused) {
        const where = lines[refused.index] ? `line ${lines[refused.index]!.line}` : `#${refused.index}`;
        io.stderr.write(`refused ${refused.requestId} (${where}): ${refused.reasons.join("; ")}\n`);
      }
      let summary: RunSummary | undefined;
      if (options.run) summary = await dispatcher.run({ signal: controller.signal });
      bar?.finish();
      writeSummary(io, options.json, {
        enqueued: enqueued.enqueued.length,
        alreadyStored: enqueued.existing.length,
        refused: enqueued.refused.length,
        ...(summary ? { run: summary } : {}),
      });
      const bad = enqueued.refused.length > 0 || (summary && (summary.failed > 0 || summary.remaining > 0));
      return bad ? ExitCode.failure : ExitCode.ok;
    } catch (error) {
      io.stderr.write(`${StoreError.isInstance(error) ? `${error.code}: ` : ""}${message(error)}\n`);
      return ExitCode.failure;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await store.close();
    }
  },
};

function writeSummary(
  io: CliIo,
  json: boolean,
  result: { enqueued: number; alreadyStored: number; refused: number; run?: RunSummary },
): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const out: string[] = [
    `stored ${result.enqueued} new request${result.enqueued === 1 ? "" : "s"}` +
      (result.alreadyStored > 0 ? `, ${result.alreadyStored} already stored` : "") +
      (result.refused > 0 ? `, ${result.refused} refused` : ""),
  ];
  const run = result.run;
  if (run) {
    for (const [platform, p] of Object.entries(run.platforms)) {
      out.push(
        `  ${platform.padEnd(10)} ${p.submitted} sent, ${p.failed} failed, ${p.remaining} queued, ${p.retries} retries`,
      );
    }
    out.push(
      `${run.aborted ? "interrupted" : "done"} in ${formatDuration(run.durationMs)}: ${run.submitted} sent, ` +
        `${run.failed} failed, ${run.remaining} still queued` +
        (run.remaining > 0 ? " (run again with --resume)" : ""),
    );
  }
  io.stdout.write(`${out.join("\n")}\n`);
}

async function readJsonLines(path: string): Promise<{ line: number; value: unknown }[]> {
  const out: { line: number; value: unknown }[] = [];
  const reader = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of reader) {
    line += 1;
    if (text.trim() === "") continue;
    try {
      out.push({ line, value: JSON.parse(text) });
    } catch (error) {
      throw new Error(`line ${line} is not JSON: ${message(error)}`);
    }
  }
  return out;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { DuplicateTarget } from "../../dispatch/deconfliction.js";
import type { RunSummary } from "../../dispatch/dispatcher.js";
import { StoreError } from "../../dispatch/errors.js";
import type { ProgressEvent } from "../../dispatch/progress.js";
import type { RateLimit } from "../../dispatch/rate-limiter.js";
import { excerpt } from "../../text/decode.js";
import { cliRegistry, cliRoles, REGISTRY_OPTION, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { failureReport, type RequestFailure } from "../dispatch/failures.js";
import { clockTime, formatDuration } from "../dispatch/format.js";
import { openDispatch } from "../dispatch/open.js";
import { progressBar } from "../dispatch/progress-bar.js";
import { rateWindows } from "../dispatch/rate-window.js";
import { readJsonLines } from "../input/json-lines.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  chosenFormat,
  ENCODING_OPTION,
  formatOption,
  JSON_OPTION,
  messageOf,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  positiveInteger,
  required,
  STORE_OPTION,
} from "../options.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit dispatch`: stores the requests of a JSON Lines file and sends them, with a progress bar
 * per platform on a terminal, each failure with its reason, and a summary at the end.
 *
 * @example
 * ```sh
 * referral-kit dispatch requests.jsonl --store ./referrals.store --create
 * referral-kit dispatch --resume --store postgres://dispatch@db.internal/referrals --format json
 * referral-kit dispatch --retry-failed --store ./referrals.store --platform x
 * ```
 */
export const dispatchCommand = defineCommand({
  name: "dispatch",
  summary: "Send approved requests to their platforms (rate-limited, crash-safe, resumable)",
  synopsis: "[<requests.jsonl>] --store <path|url> [options]",
  description: `Stores the approved requests of a JSON Lines file (one request per line) and sends them to their
platforms, with each platform's rate limits, retries and a circuit breaker. Safe to run again after a
crash or Ctrl-C: requests already stored are left as they are and nothing is sent twice.

Every request that could not be sent is listed with its reason (the adapter's error code and message),
on standard error or in the JSON summary, and stays in the store with that reason until
--retry-failed sends it again (with a new idempotency key).

Before anything is stored, every designation is resolved on the day against the built-in groups and the
--registry files, and with --roles every history is checked against the role policy; a request covering a
target another open request already covers is listed as a duplicate (refused with --duplicates refuse), and
one with a target another unit holds (referral-kit hold) is refused.`,
  options: {
    store: STORE_OPTION,
    create: {
      type: "boolean",
      help: "create the store when it does not exist yet (without it, a missing store is an error)",
    },
    config: {
      type: "string",
      value: "<file>",
      help: 'adapters and limits, {"platforms": {"x": {"options": {...}, "limits": {...}}}} (default: $REFERRAL_KIT_DISPATCH_CONFIG, else the six reference adapters); see docs/cli.md',
    },
    platform: PLATFORM_OPTION,
    concurrency: { type: "string", value: "<n>", help: "calls in flight per platform (default 4)" },
    "no-run": { type: "boolean", help: "only store the requests; send them later with --resume" },
    resume: { type: "boolean", help: "send what is queued in the store; no file needed" },
    "retry-failed": {
      type: "boolean",
      help: "queue the requests that failed for good again (new idempotency key) and send them",
    },
    registry: REGISTRY_OPTION,
    roles: ROLES_OPTION,
    duplicates: {
      type: "string",
      value: "<report|refuse>",
      help: "a target another open request already covers: list it (report, the default) or refuse the request",
    },
    actor: actorOption("who is recorded as sending (default: referral-kit.dispatch)"),
    clock: CLOCK_OPTION,
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: { max: 1 },
  exitCodes: {
    0: "every request sent",
    1: "some request refused, failed (now or in an earlier run, until --retry-failed) or left queued (interrupted)",
    3: "the file, the config or the store could not be read",
  },
  examples: [
    "referral-kit dispatch requests.jsonl --store ./referrals.store --create",
    "referral-kit dispatch --resume --store ./referrals.store",
    "referral-kit dispatch --retry-failed --store ./referrals.store --platform x",
  ],
  async run({ values, positionals }, io) {
    const store = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const file = positionals[0];
    const retry = Boolean(values["retry-failed"]);
    if (!file && !values.resume && !retry) {
      throw new UsageError("give a requests file (JSON Lines), or --resume, or --retry-failed");
    }
    if (file && values.resume) throw new UsageError("give a requests file or --resume, not both");
    if (values.create && !file)
      throw new UsageError("--create goes with a requests file: a new store has nothing to resume");
    const format = chosenFormat(values, FORMATS, "text");
    const concurrency =
      values.concurrency === undefined ? undefined : positiveInteger("--concurrency", values.concurrency);
    const platforms = platformList(values.platform);
    const lines = file ? await readJsonLines(pathIn(io.cwd, file), file, values.encoding) : [];
    const clock = await cliClock(values.clock, io.env);
    const duplicates = values.duplicates ?? "report";
    if (duplicates !== "report" && duplicates !== "refuse") {
      throw new UsageError(`--duplicates: "${duplicates}" is not report or refuse`);
    }
    const registry = await cliRegistry(values.registry, io.cwd, values.encoding);
    const roles = await cliRoles(values.roles, io.env, io.cwd);
    const actor = values.actor ?? io.env.REFERRAL_KIT_ACTOR;

    const rateLimits: Record<string, readonly RateLimit[]> = {};
    const { bar, failedNow, onProgress } = progressReport(io, format, clock.now, rateLimits);
    const opened = await openDispatch({
      store,
      config: values.config ?? io.env.REFERRAL_KIT_DISPATCH_CONFIG,
      cwd: io.cwd,
      concurrency,
      create: Boolean(values.create),
      clock,
      onProgress,
      rules: { registry, duplicates, ...(roles ? { roles } : {}) },
      ...(actor === undefined ? {} : { actor: actorId(actor, io.env) }),
    });
    Object.assign(rateLimits, opened.rateLimits);
    const { store: requestStore, dispatcher } = opened;
    if (platforms) {
      const unknown = platforms.filter((platform) => !(platform in opened.rateLimits));
      if (unknown.length > 0) {
        await requestStore.close();
        throw new UsageError(
          `--platform: no adapter for ${unknown.join(", ")} (configured: ${Object.keys(opened.rateLimits).join(", ")})`,
        );
      }
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      const enqueued = await dispatcher.enqueue(
        lines.map((entry) => entry.value as never),
        { partial: true },
      );
      const refused = enqueued.refused.map((refusal) => ({
        requestId: excerpt(refusal.requestId),
        ...(lines[refusal.index] ? { line: lines[refusal.index]!.line } : {}),
        reasons: refusal.reasons.map((reason) => excerpt(reason, 200)),
      }));
      if (format === "text") printRefusals(io, file, refused, enqueued.duplicates);
      let requeued = 0;
      if (retry) {
        if (platforms) {
          for (const platform of platforms) requeued += await dispatcher.retryFailed({ platform });
        } else requeued = await dispatcher.retryFailed();
      }
      let summary: RunSummary | undefined;
      if (!values["no-run"]) {
        summary = await dispatcher.run({ signal: controller.signal, ...(platforms ? { platforms } : {}) });
      }
      bar?.finish();
      const failures = await failureReport(requestStore, failedNow, platforms);
      const result: DispatchResult = {
        enqueued: enqueued.enqueued.length,
        alreadyStored: enqueued.existing.length,
        refused,
        duplicates: enqueued.duplicates.map((duplicate) => ({ ...duplicate })),
        ...(retry ? { requeued } : {}),
        ...(summary ? { run: summary } : {}),
        failed: failures.thisRun,
        failedEarlier: failures.earlier,
      };
      writeSummary(io, format, result, bar !== undefined);
      const bad =
        refused.length > 0 ||
        failures.thisRun.length > 0 ||
        failures.earlier.length > 0 ||
        (summary !== undefined && (summary.failed > 0 || summary.remaining > 0));
      return bad ? ExitCode.failure : ExitCode.ok;
    } catch (error) {
      bar?.finish();
      io.stderr.write(
        `referral-kit dispatch: ${StoreError.isInstance(error) ? `${error.code}: ` : ""}${messageOf(error)}\n`,
      );
      return ExitCode.failure;
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await requestStore.close();
    }
  },
});

/**
 * What a run says while it goes: the progress bar on a terminal (text format), otherwise a line when a
 * platform's rate window is full and at the first retry of each kind per platform; and the requests that
 * failed for good in this run, for the summary.
 */
function progressReport(
  io: CliIo,
  format: (typeof FORMATS)[number],
  now: () => number,
  rateLimits: Readonly<Record<string, readonly RateLimit[]>>,
) {
  const bar = io.isTTY && format === "text" ? progressBar(io.stderr, now, rateLimits) : undefined;
  const failedNow = new Set<string>();
  const retriesShown = new Set<string>();
  // Without a bar, a full rate window is said once per window: a run that waits is never silent.
  const windows = rateWindows(rateLimits, now);
  const windowSaidUntil = new Map<string, number>();
  const onProgress = (event: ProgressEvent) => {
    bar?.onProgress(event);
    if (!bar && format === "text" && event.type === "started") {
      windows.started(event.platform);
      const wait = windows.waitMs(event.platform);
      const { total, submitted, failed, inFlight } = event.progress;
      const remaining = total - submitted - failed - inFlight;
      const reopens = now() + wait;
      if (wait > 5_000 && remaining > 0 && (windowSaidUntil.get(event.platform) ?? 0) < now()) {
        windowSaidUntil.set(event.platform, reopens);
        io.stderr.write(
          `${event.platform}: rate window full (${windows.describe(event.platform)}); the next request goes at ${clockTime(reopens)}, ` +
            `${remaining} left\n`,
        );
      }
    }
    if (event.type === "failed") {
      failedNow.add(event.requestId);
      bar?.log(
        `failed ${event.requestId} (${event.platform}): ${event.code}: ${excerpt(event.message, 300)}`,
      );
    } else if (event.type === "retrying" && format === "text") {
      // The first retry of each kind per platform says why: a run that retries for minutes is never silent.
      const kind = `${event.platform}\u0000${event.code}`;
      if (bar || retriesShown.has(kind)) return;
      retriesShown.add(kind);
      io.stderr.write(
        `retrying on ${event.platform}: ${event.code} (${event.requestId}); next attempt ${new Date(event.retryAt).toISOString()}; ` +
          "further retries for this reason are not listed\n",
      );
    }
  };
  return { bar, failedNow, onProgress };
}

/** The refused requests (with their line in the requests file) and the duplicate targets, on stderr. */
function printRefusals(
  io: CliIo,
  file: string | undefined,
  refused: DispatchResult["refused"],
  duplicates: readonly DuplicateTarget[],
): void {
  for (const refusal of refused) {
    const where = refusal.line === undefined ? "" : ` (${file}:${refusal.line})`;
    io.stderr.write(`refused ${refusal.requestId}${where}: ${refusal.reasons.join("; ")}\n`);
  }
  for (const duplicate of duplicates) {
    const unit = duplicate.unit === undefined ? "" : ` (unit ${duplicate.unit})`;
    io.stderr.write(
      `duplicate: ${duplicate.requestId} covers ${duplicate.targetKey}, already covered by open request ${duplicate.duplicateOf}${unit}\n`,
    );
  }
}

/** What a run did, as printed (and with --format json, as written). */
interface DispatchResult {
  enqueued: number;
  alreadyStored: number;
  refused: { requestId: string; line?: number; reasons: string[] }[];
  /** Targets already covered by another open request (any unit). */
  duplicates: { requestId: string; targetKey: string; duplicateOf: string; unit: string | undefined }[];
  requeued?: number;
  run?: RunSummary;
  /** Requests that failed for good in this run, with the reason the store keeps. */
  failed: RequestFailure[];
  /** Requests an earlier run left failed: not sent until --retry-failed. */
  failedEarlier: RequestFailure[];
}

function writeSummary(
  io: CliIo,
  format: "text" | "json",
  result: DispatchResult,
  liveFailures: boolean,
): void {
  if (format === "json") {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  // Failures on stderr, one line each; on a terminal those of this run were already printed as they came.
  const failureLines = [
    ...(liveFailures ? [] : result.failed).map(
      (f) => `failed ${f.requestId} (${f.platform}): ${f.code}: ${excerpt(f.message, 300)}`,
    ),
    ...result.failedEarlier.map(
      (f) => `failed earlier ${f.requestId} (${f.platform}): ${f.code}: ${excerpt(f.message, 300)}`,
    ),
  ];
  if (failureLines.length > 0) io.stderr.write(`${failureLines.join("\n")}\n`);
  const out: string[] = [
    `stored ${plural(result.enqueued, "new request")}` +
      (result.alreadyStored > 0 ? `, ${result.alreadyStored} already stored` : "") +
      (result.refused.length > 0 ? `, ${result.refused.length} refused` : ""),
  ];
  if (result.requeued !== undefined) out.push(`queued ${plural(result.requeued, "failed request")} again`);
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
  if (result.failedEarlier.length > 0) {
    out.push(
      `${plural(result.failedEarlier.length, "request")} failed in an earlier run and ${result.failedEarlier.length === 1 ? "is" : "are"} not sent: ` +
        "fix the cause, then run with --retry-failed",
    );
  } else if (result.failed.length > 0) {
    out.push("Fix the cause of the failures above, then run with --retry-failed.");
  }
  io.stdout.write(`${out.join("\n")}\n`);
}

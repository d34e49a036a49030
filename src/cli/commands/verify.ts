import { appendFileSync, existsSync } from "node:fs";
import type { ReferralRequest } from "../../domain/schemas/request.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { createHttpProbe } from "../../verify/http-probe.js";
import { dueForRecheck, findReinstatements, type Reinstatement } from "../../verify/recheck.js";
import { VERIFICATION_RESULTS, type VerificationRecord } from "../../verify/record.js";
import { verifyTargets } from "../../verify/verify-targets.js";
import { cliClock } from "../clock.js";
import { type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { readVerifications } from "../input/verifications.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  messageOf,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  positiveNumber,
  required,
  STORE_OPTION,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/** What one run found, as printed (and with --json, as written). */
interface Summary {
  checked: number;
  removed: number;
  withheld: number;
  available: number;
  failed: number;
  reinstatements: Reinstatement[];
  out: string;
  interrupted: boolean;
}

/**
 * `referral-kit verify`: probes the public pages of actioned requests' targets and appends the
 * verification records; with `--recheck-every`, only what is due.
 *
 * @example
 * ```sh
 * referral-kit verify --store ./referrals.store --out verifications.jsonl
 * referral-kit verify --store ./referrals.store --recheck-every 168 --platform x
 * referral-kit verify --store ./referrals.store --base-url http://127.0.0.1:4010/public --rate 20
 * ```
 */
export const verifyCommand = defineCommand({
  name: "verify",
  summary: "Check that actioned targets are really gone (public pages), record it, find reinstatements",
  synopsis: "--store <path|url> [options]",
  description: `Checks from the outside whether the targets of requests the platforms reported as actioned are still
publicly available, with the reference HTTP probe, and appends one verification record per target to a
JSON Lines file (append-only; compliance --verifications reads it). The probe reads availability only:
no cookies or credentials are sent, no content and no personal data are kept.`,
  options: {
    store: STORE_OPTION,
    platform: PLATFORM_OPTION,
    include: {
      type: "string",
      value: "<which>",
      help: "actioned (default): requests reported actioned or partially actioned; submitted: pending ones too (a platform may act without saying)",
    },
    verifications: {
      type: "string",
      value: "<file>",
      help: "the verification records: earlier ones are read from it (a target back after a removed or withheld record is marked reinstated) and new ones appended (default verifications.jsonl)",
    },
    "recheck-every": {
      type: "string",
      value: "<hours>",
      help: "check only targets never checked or whose last check is older than this",
    },
    "base-url": {
      type: "string",
      value: "<url>",
      help: "send the checks to public pages at <url>/<platform>, e.g. the sandbox's http://127.0.0.1:4010/public",
    },
    rate: { type: "string", value: "<n>", help: "checks per second per host (default 1)" },
    timeout: { type: "string", value: "<seconds>", help: "per page, redirects included (default 10)" },
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  renamed: { out: "verifications" },
  exitCodes: {
    0: "checked",
    1: "interrupted, or the records could not be written",
    3: "the store or the earlier records could not be read",
  },
  examples: [
    "referral-kit verify --store ./referrals.store",
    "referral-kit verify --store ./referrals.store --recheck-every 168 --platform x",
    "referral-kit verify --store ./referrals.store --base-url http://127.0.0.1:4010/public --rate 20",
  ],
  async run({ values }, io) {
    const options = parseOptions(values, io);
    const clock = await cliClock(values.clock, io.env);
    let history: VerificationRecord[] = [];
    if (existsSync(options.out)) history = await readVerifications(options.out, options.outName);
    const store = await openCliStore(options.store, io.cwd);
    let requests: ReferralRequest[];
    try {
      requests = [];
      for await (const request of store.listRequests()) {
        if (!options.platforms || options.platforms.has(request.platform)) requests.push(request);
      }
    } catch (error) {
      io.stderr.write(`referral-kit verify: cannot read the store: ${messageOf(error)}\n`);
      return ExitCode.input;
    } finally {
      await store.close();
    }

    const now = clock.now();
    const only = options.recheckEveryMs
      ? dueTargets(requests, history, options.recheckEveryMs, now)
      : undefined;
    const probe = createHttpProbe({
      rateLimit: { requests: options.rate, perMs: 1_000 },
      timeoutMs: options.timeoutMs,
      now: clock.now,
      ...(options.baseUrl ? { baseUrls: baseUrls(options.baseUrl, requests) } : {}),
    });
    const controller = new AbortController();
    const stop = () => controller.abort(new Error("interrupted"));
    io.signal?.addEventListener("abort", stop, { once: true });
    process.once("SIGINT", stop);
    const fresh: VerificationRecord[] = [];
    let interrupted = false;
    try {
      await verifyTargets(requests, {
        probe,
        signal: controller.signal,
        include: options.include,
        history,
        now: clock.now,
        ...(only ? { only } : {}),
        onRecord(record) {
          // One line at a time, as each check ends: an interrupted run keeps what it saw.
          appendFileSync(options.out, `${JSON.stringify(record)}\n`, "utf8");
          fresh.push(record);
          if (io.isTTY) io.stderr.write(`\rchecked ${fresh.length}`);
        },
      });
    } catch (error) {
      if (!controller.signal.aborted) {
        if (io.isTTY) io.stderr.write("\n");
        io.stderr.write(`referral-kit verify: ${messageOf(error)}\n`);
        return ExitCode.failure;
      }
      interrupted = true;
    } finally {
      process.off("SIGINT", stop);
      io.signal?.removeEventListener("abort", stop);
    }
    if (io.isTTY && fresh.length > 0) io.stderr.write("\n");

    const since = new Set(
      fresh.map((record) => `${record.requestId}\u0000${record.target}\u0000${record.at}`),
    );
    const summary: Summary = {
      checked: fresh.length,
      removed: fresh.filter((r) => r.type === "verified-removed").length,
      withheld: fresh.filter((r) => r.type === "verified-withheld").length,
      available: fresh.filter((r) => r.type === "still-available").length,
      failed: fresh.filter((r) => r.type === "verification-failed").length,
      // Only reappearances this run observed: older ones were reported by the runs that saw them.
      reinstatements: findReinstatements([...history, ...fresh]).filter((r) =>
        since.has(`${r.requestId}\u0000${r.target}\u0000${r.reappearedAt}`),
      ),
      out: options.out,
      interrupted,
    };
    report(io, summary, options.json);
    return interrupted ? ExitCode.failure : ExitCode.ok;
  },
});

interface Options {
  store: string;
  platforms: Set<string> | undefined;
  include: "actioned" | "submitted";
  out: string;
  outName: string;
  recheckEveryMs: number | undefined;
  baseUrl: string | undefined;
  rate: number;
  timeoutMs: number;
  json: boolean;
}

function parseOptions(
  values: {
    store?: string | undefined;
    platform?: string[] | undefined;
    include?: string | undefined;
    verifications?: string | undefined;
    "recheck-every"?: string | undefined;
    "base-url"?: string | undefined;
    rate?: string | undefined;
    timeout?: string | undefined;
    format?: string | undefined;
    json?: boolean | undefined;
  },
  io: CliIo,
): Options {
  const store = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
  const include = values.include ?? "actioned";
  if (include !== "actioned" && include !== "submitted") {
    throw new UsageError(`--include: "${include}" is not actioned or submitted`);
  }
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new UsageError(`--base-url: "${baseUrl}" is not an http(s) URL`);
  }
  const every = values["recheck-every"];
  const platforms = platformList(values.platform);
  const outName = values.verifications ?? "verifications.jsonl";
  return {
    store,
    platforms: platforms ? new Set(platforms) : undefined,
    include,
    out: pathIn(io.cwd, outName),
    outName,
    recheckEveryMs: every === undefined ? undefined : positiveNumber("--recheck-every", every) * 3_600_000,
    baseUrl,
    rate: values.rate === undefined ? 1 : positiveNumber("--rate", values.rate),
    timeoutMs: values.timeout === undefined ? 10_000 : positiveNumber("--timeout", values.timeout) * 1_000,
    json: chosenFormat(values, FORMATS, "text") === "json",
  };
}

/**
 * What a scheduled run checks: targets never checked, and those `dueForRecheck` lists with every result
 * (a target still up after the platform said "actioned" is worth another look too).
 */
function dueTargets(
  requests: readonly ReferralRequest[],
  history: readonly VerificationRecord[],
  everyMs: number,
  now: number,
): { requestId: string; target: string }[] {
  const checked = new Set(history.map((record) => `${record.requestId}\u0000${record.target}`));
  const due: { requestId: string; target: string }[] = dueForRecheck(history, {
    every: everyMs,
    asOf: now,
    results: VERIFICATION_RESULTS,
  });
  for (const request of requests) {
    for (const { target } of request.targets) {
      const key = targetKey(target);
      if (!checked.has(`${request.id}\u0000${key}`)) due.push({ requestId: request.id, target: key });
    }
  }
  return due;
}

function baseUrls(base: string, requests: readonly ReferralRequest[]): Record<string, string> {
  const root = base.replace(/\/+$/, "");
  return Object.fromEntries([...new Set(requests.map((r) => r.platform))].map((p) => [p, `${root}/${p}`]));
}

function report(io: CliIo, summary: Summary, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const lines = [
    `checked ${plural(summary.checked, "target")}${summary.interrupted ? " (interrupted)" : ""}: ` +
      `${summary.removed} removed, ${summary.withheld} withheld, ${summary.available} still available, ` +
      `${summary.failed} inconclusive`,
    `${plural(summary.reinstatements.length, "reinstatement")} found`,
    ...summary.reinstatements.map(
      (r) => `  ${r.target} (${r.requestId}): gone at ${r.goneAt}, available again at ${r.reappearedAt}`,
    ),
    `records appended to ${summary.out}`,
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
}

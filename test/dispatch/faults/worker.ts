/**
 * A dispatch worker process for the fault tests: opens the store, enqueues the requests file (when
 * given; requests already stored are left as they are), runs until drained, prints a JSON summary.
 * Run as `node --import tsx test/dispatch/faults/worker.ts '<json config>'`; the tests SIGKILL it.
 *
 * Two kinds of platform:
 * - `adapters: "sandbox"` (kill-restart.test.ts): the six reference adapters, pointed at a sandbox the
 *   test process started (`sandbox`: each platform's URL and credentials, from sandboxConnection), with
 *   the adapters' published rate limits lifted (LIFTED_LIMITS; the sandbox does not enforce them);
 * - `adapters: "loopback"`, the default (storm-and-abort.test.ts, postgres-workers.test.ts): the generic
 *   loopback adapter for each platform against the loopback mock at `baseUrl` (mock-server.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import type { ReportingAdapter } from "referral-kit/adapter";
import { createDispatcher, openStore, type PlatformLimits } from "referral-kit/dispatch";
import { loopbackAdapter } from "../support/http-adapter.js";
import { PLATFORMS } from "../support/requests.js";
import { LIFTED_LIMITS, type SandboxConnection, sandboxAdapters } from "../support/sandbox-platforms.js";

interface WorkerConfig {
  store: string;
  /** Default `loopback`. */
  adapters?: "loopback" | "sandbox";
  /** The loopback mock's URL (loopback mode). */
  baseUrl?: string;
  /** Each platform's URL and credentials (sandbox mode). */
  sandbox?: SandboxConnection;
  requestsFile?: string;
  workerId?: string;
  leaseMs?: number;
  concurrency?: number;
  /** Only enqueue the requests file, then print what `enqueue` did and exit (no run). */
  enqueueOnly?: boolean;
  /** Print `{"waiting":true}` once ready to enqueue, and start only when this file exists (a start line). */
  startWhenExists?: string;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
let adapters: ReportingAdapter[];
let limits: Record<string, PlatformLimits>;
if (config.adapters === "sandbox") {
  if (!config.sandbox) throw new Error("worker: sandbox mode needs `sandbox` (URLs and credentials)");
  adapters = sandboxAdapters(config.sandbox);
  limits = {
    default: { ...LIFTED_LIMITS.default, ...(config.concurrency ? { concurrency: config.concurrency } : {}) },
  };
} else {
  if (!config.baseUrl) throw new Error("worker: loopback mode needs `baseUrl`");
  const baseUrl = config.baseUrl;
  adapters = PLATFORMS.map((platform) => loopbackAdapter(platform, baseUrl));
  limits = { default: { concurrency: config.concurrency ?? 4 } };
}

const store = await openStore(config.store);
try {
  const dispatcher = createDispatcher({
    adapters,
    store,
    ...(config.workerId ? { workerId: config.workerId } : {}),
    leaseMs: config.leaseMs ?? 60_000,
    pollIntervalMs: 100,
    limits,
  });
  if (config.requestsFile) {
    const requests = readFileSync(config.requestsFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
    if (config.startWhenExists) {
      process.stdout.write(`${JSON.stringify({ waiting: true })}\n`);
      while (!existsSync(config.startWhenExists)) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const enqueued = await dispatcher.enqueue(requests);
    if (config.enqueueOnly) {
      process.stdout.write(
        `${JSON.stringify({ enqueued: enqueued.enqueued.length, existing: enqueued.existing.length })}\n`,
      );
      process.exit(0);
    }
  }
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const summary = await dispatcher.run();
  process.stdout.write(`${JSON.stringify({ summary: { ...summary, platforms: undefined } })}\n`);
} finally {
  await store.close();
}

/**
 * A dispatch worker process for the fault tests: opens the store, enqueues the requests file (when
 * given; requests already stored are left as they are), runs until drained, prints a JSON summary.
 * Run as `node --import tsx test/dispatch/faults/worker.ts '<json config>'`; the tests SIGKILL it.
 */
import { readFileSync } from "node:fs";
import { createDispatcher, openStore } from "referral-kit/dispatch";
import { loopbackAdapter } from "../support/http-adapter.js";
import { PLATFORMS } from "../support/requests.js";

interface WorkerConfig {
  store: string;
  baseUrl: string;
  requestsFile?: string;
  workerId?: string;
  leaseMs?: number;
  concurrency?: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const store = await openStore(config.store);
try {
  const dispatcher = createDispatcher({
    adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, config.baseUrl)),
    store,
    ...(config.workerId ? { workerId: config.workerId } : {}),
    leaseMs: config.leaseMs ?? 60_000,
    pollIntervalMs: 100,
    limits: { default: { concurrency: config.concurrency ?? 4 } },
  });
  if (config.requestsFile) {
    const requests = readFileSync(config.requestsFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line));
    await dispatcher.enqueue(requests);
  }
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const summary = await dispatcher.run();
  process.stdout.write(`${JSON.stringify({ summary: { ...summary, platforms: undefined } })}\n`);
} finally {
  await store.close();
}

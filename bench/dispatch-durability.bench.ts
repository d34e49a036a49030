/**
 * dispatch-durability.bench: what durability costs. The dispatcher over the embedded store in three
 * settings, side by side in one process, on fresh requests each round, in rotating order:
 * - the defaults: outcomes committed before more calls start (`outcomes: "durable"`), commits flushed
 *   to disk (`fsync: true`);
 * - `fsync: false` (outcomes still durable before more calls, but only as far as the OS);
 * - the throughput mode: `outcomes: "batched"` and `fsync: false` (the behaviour before issue 19).
 * Each ratio is taken within its round against the defaults; the median of the rounds is printed. The
 * platforms are the loopback stand-in (test/dispatch/support/mock-server.ts) in a process of its own.
 * It judges nothing: the throughput goal against the raw ky loop is dispatch.bench's.
 *
 * Run: `npm run bench dispatch-durability` (about three minutes).
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createDispatcher, openPgliteStore, type RequestStore } from "referral-kit/dispatch";
import { loopbackAdapter } from "../test/dispatch/support/http-adapter.js";
import { approvedRequest, PLATFORMS } from "../test/dispatch/support/requests.js";
import { startLoopbackProcess } from "./support/child.js";
import { collectGarbage } from "./support/collect-garbage.js";

const SIZE = 1500;
const ROUNDS = 5;
const platformProcess = fileURLToPath(new URL("./support/loopback-process.ts", import.meta.url));

interface Setting {
  readonly name: string;
  readonly fsync: boolean;
  readonly outcomes: "durable" | "batched";
  store?: RequestStore;
}
const settings: Setting[] = [
  { name: "defaults (durable outcomes, fsync on)", fsync: true, outcomes: "durable" },
  { name: "fsync: false", fsync: false, outcomes: "durable" },
  { name: 'outcomes: "batched", fsync: false', fsync: false, outcomes: "batched" },
];

const server = await startLoopbackProcess(platformProcess, 0);
const root = fs.mkdtempSync(path.join(tmpdir(), "rk-durability-bench-"));
try {
  for (const [index, setting] of settings.entries()) {
    setting.store = await openPgliteStore({ path: path.join(root, `store-${index}`), fsync: setting.fsync });
  }
  const rates: number[][] = settings.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let k = 0; k < settings.length; k += 1) {
      const index = (round + k) % settings.length;
      const setting = settings[index]!;
      const dispatcher = createDispatcher({
        adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, server.url)),
        store: setting.store!,
        outcomes: setting.outcomes,
        limits: { default: { concurrency: 4, rateLimits: [{ limit: 1_000_000, windowMs: 1_000 }] } },
      });
      await dispatcher.enqueue(
        Array.from({ length: SIZE }, (_, i) =>
          approvedRequest(`r${round}-s${index}-${i}`, { platform: PLATFORMS[i % PLATFORMS.length] }),
        ),
      );
      collectGarbage();
      const started = performance.now();
      const summary = await dispatcher.run();
      const seconds = (performance.now() - started) / 1000;
      if (summary.submitted !== SIZE)
        throw new Error(`${setting.name}: sent ${summary.submitted} of ${SIZE}`);
      rates[index]!.push(SIZE / seconds);
    }
    console.log(
      `round ${round + 1}: ${settings.map((s, i) => `${s.name} ${rates[i]![round]!.toFixed(0)} req/s`).join("; ")}`,
    );
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [index, setting] of settings.entries()) {
    const ratios = rates[index]!.map((rate, round) => rate / rates[0]![round]!);
    console.log(
      `${setting.name}: median ${median(rates[index]!).toFixed(0)} req/s, ${median(ratios).toFixed(2)}x the defaults`,
    );
  }
} finally {
  for (const setting of settings) await setting.store?.close();
  fs.rmSync(root, { recursive: true, force: true });
  server.stop();
}

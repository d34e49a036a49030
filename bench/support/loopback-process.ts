/**
 * The loopback platform (test/dispatch/support/mock-server.ts) in a process of its own, so a benchmark's
 * memory and CPU figures are the dispatcher's alone. Prints `{"url": …}` once listening; `latency` (ms per
 * POST) is argv[2]. Ends when its standard input closes (the benchmark ending, however it ends).
 */
import { startMockServer } from "../../test/dispatch/support/mock-server.js";

const mock = await startMockServer();
mock.latencyMs = Number(process.argv[2] ?? 0);
process.stdout.write(`${JSON.stringify({ url: mock.url })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void mock.close().then(() => process.exit(0));
});

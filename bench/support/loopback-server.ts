/**
 * dispatch.bench's previous platform: the minimal loopback mock of the dispatch fault tests (six platforms
 * on one node:http server, `POST /<platform>/reports` with an `Idempotency-Key`, idempotency modelled) and
 * the generic toolkit adapter speaking to it. Kept behind `--server loopback` for comparison.
 */
import ky from "ky";
import { type ReferralRequest, targetKey } from "referral-kit";
import { loopbackAdapter } from "../../test/dispatch/support/http-adapter.js";
import { startMockServer } from "../../test/dispatch/support/mock-server.js";
import { approvedRequest, PLATFORMS } from "../../test/dispatch/support/requests.js";
import type { BenchServer } from "./bench-server.js";

export async function startLoopbackServer(): Promise<BenchServer> {
  const mock = await startMockServer();
  return {
    label: "the minimal loopback mock (test/dispatch/support/mock-server.ts) and its generic adapter",
    platforms: PLATFORMS,
    adapters: PLATFORMS.map((platform) => loopbackAdapter(platform, mock.url)),
    batch: (tag, size) =>
      Array.from({ length: size }, (_, i) =>
        approvedRequest(`${tag}-${i}`, { platform: PLATFORMS[i % PLATFORMS.length] }),
      ),
    async raw(requests, prefix, concurrency) {
      await Promise.all(
        PLATFORMS.map(async (platform) => {
          const mine = requests.filter((request) => request.platform === platform);
          let next = 0;
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (next < mine.length) {
                const request: ReferralRequest = mine[next++]!;
                await ky
                  .post(`${mock.url}/${platform}/reports`, {
                    json: { requestId: request.id, targets: request.targets.map((t) => targetKey(t.target)) },
                    headers: { "idempotency-key": `${prefix}:${request.id}` },
                    retry: 0,
                  })
                  .json();
              }
            }),
          );
        }),
      );
    },
    // As before: the mock keeps everything for the whole run (it has no reset), and ky throws on non-2xx.
    reset() {},
    check() {},
    close: () => mock.close(),
  };
}

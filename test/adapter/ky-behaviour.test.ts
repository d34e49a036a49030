/**
 * What the installed ky (1.14.3) really does with the retry options the HTTP client leaves alone, so the
 * reasons written next to the client's retry binding (src/adapter/http/call.ts) stay true: if a ky
 * upgrade changes these, this file fails and the binding is to be looked at again.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import ky from "ky";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: Server;
let base = "";
const arrivals: number[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    arrivals.push(Date.now());
    // The first call of each path is a 429 asking for 2 s; the next ones succeed.
    const first = arrivals.length % 2 === 1;
    if (first) {
      response.writeHead(429, { "retry-after": "2", "content-type": "application/json" });
      response.end("{}");
    } else {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    }
    void request;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("ky 1.14.3 retry behaviour the client relies on", () => {
  it("waits maxRetryAfter for a longer Retry-After instead of giving up (its docs say it cancels)", async () => {
    arrivals.length = 0;
    const result = await ky
      .get(`${base}/max-retry-after`, { retry: { limit: 1, maxRetryAfter: 150 } })
      .json<{ ok: boolean }>();
    expect(result.ok).toBe(true);
    expect(arrivals).toHaveLength(2);
    const waited = arrivals[1]! - arrivals[0]!;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1_500);
  });

  it("ignores Retry-After once shouldRetry says true: the wait is delay(), through jitter and backoffLimit", async () => {
    arrivals.length = 0;
    const delays: number[] = [];
    await ky
      .get(`${base}/should-retry`, {
        retry: {
          limit: 1,
          shouldRetry: () => true,
          delay: () => 40,
          jitter: (delay) => {
            delays.push(delay);
            return delay;
          },
          backoffLimit: 30,
        },
      })
      .json();
    expect(delays).toEqual([40]);
    const waited = arrivals[1]! - arrivals[0]!;
    // backoffLimit clamps it: a server wait of 2 s given through delay() would be cut the same way.
    expect(waited).toBeLessThan(1_000);
  });
});

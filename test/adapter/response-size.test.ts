/**
 * The response size limit against a real server on loopback that streams 50 MB: the client stops early
 * (the server manages to send only a fraction before the connection closes), declared sizes are refused
 * before any byte is read, and the limit is set per client and per call.
 */
import { createHttpClient, type HttpClientConfig, ResponseTooLargeError } from "referral-kit/adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type LoopbackServer, startLoopback, streamFiller } from "./support/loopback-http.js";

const FIFTY_MB = 50 * 1024 * 1024;
const MiB = 1024 * 1024;
const Anything = z.unknown();

let server: LoopbackServer;
/** Bytes the server got onto the socket for each streamed answer, in order. */
const sent: number[] = [];
let streamed: Promise<void> = Promise.resolve();
beforeAll(async () => {
  server = await startLoopback((request, response) => {
    const small = /^\/v1\/small\/(\d+)$/.exec(request.path);
    if (small) {
      const size = Number(small[1]);
      response.writeHead(200, { "content-type": "application/json", "content-length": String(size + 2) });
      response.end(`"${"a".repeat(size)}"`);
      return;
    }
    const declared = request.path === "/v1/declared";
    response.writeHead(200, {
      "content-type": "application/json",
      ...(declared ? { "content-length": String(FIFTY_MB) } : {}),
    });
    streamed = streamFiller(response, FIFTY_MB).then((bytes) => void sent.push(bytes));
  });
});
afterAll(() => server.close());

function client(overrides: Partial<HttpClientConfig> = {}) {
  return createHttpClient({
    platform: "x",
    baseUrl: `${server.origin}/v1`,
    retry: { maxRetries: 0 },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("the response size limit", () => {
  it("stops reading a 50 MB stream soon after the limit: the server sends only a fraction of it", async () => {
    const started = Date.now();
    const error = await failure(client({ maxResponseBytes: MiB }).getJson("/stream", Anything));
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "response_too_large",
      retryable: false,
      limitBytes: MiB,
      declaredBytes: undefined,
      status: 200,
    });
    await streamed;
    const bytes = sent.at(-1) ?? 0;
    // The limit, plus what the kernel's and the client's buffers held: far from the 50 MB offered.
    expect(bytes).toBeGreaterThan(MiB);
    expect(bytes).toBeLessThan(FIFTY_MB / 4);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("refuses a declared Content-Length over the limit before reading the body", async () => {
    const error = await failure(client({ maxResponseBytes: MiB }).getJson("/declared", Anything));
    expect(error).toMatchObject({ code: "response_too_large", declaredBytes: FIFTY_MB, limitBytes: MiB });
    expect((error as Error).message).toContain(`${FIFTY_MB} bytes (Content-Length)`);
    await streamed;
    expect(sent.at(-1)).toBeLessThan(FIFTY_MB / 4);
  });

  it("applies the 10 MiB default, and a per-call limit over the client's", async () => {
    const defaults = await failure(client().getJson("/stream", Anything));
    expect(defaults).toMatchObject({ code: "response_too_large", limitBytes: 10 * MiB });
    await streamed;
    const c = client({ maxResponseBytes: 100 });
    await expect(c.getJson("/small/50", Anything)).resolves.toHaveLength(50);
    await expect(c.getJson("/small/200", Anything)).rejects.toMatchObject({ code: "response_too_large" });
    await expect(c.getJson("/small/200", Anything, { maxResponseBytes: 1_000 })).resolves.toHaveLength(200);
    await expect(client().getJson("/small/200", Anything, { maxResponseBytes: 10 })).rejects.toMatchObject({
      limitBytes: 10,
    });
  });

  it("counts bytes, not characters", async () => {
    // "é" is two bytes in UTF-8: six of them and the quotes are 8 characters, 14 bytes.
    const fetch: typeof globalThis.fetch = async () =>
      new Response(`"${"é".repeat(6)}"`, { headers: { "content-type": "application/json" } });
    await expect(client({ fetch, maxResponseBytes: 13 }).getJson("/x", Anything)).rejects.toMatchObject({
      code: "response_too_large",
    });
    await expect(client({ fetch, maxResponseBytes: 14 }).getJson("/x", Anything)).resolves.toBe("éééééé");
  });
});

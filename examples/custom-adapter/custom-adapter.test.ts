/**
 * The seventh platform's adapter passes the same conformance suite as the six reference adapters, with
 * its own mock. Only public imports: this is what an adapter author's repository looks like.
 */
import { parseTarget, targetKey } from "referral-kit";
import { conformanceRequest, defaultTarget, runAdapterConformance } from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { describe, expect, it } from "vitest";
import { createExampleVideoAdapter } from "./adapter.js";
import { createExampleVideoMock, EXAMPLEVIDEO_MOCK_KEY } from "./mock.js";
import { exampleVideoPlatform } from "./parser.js";
import { EXAMPLEVIDEO } from "./wire.js";

// Targets the platform accepts, from its definition: channels by handle, videos by numeric id (without a
// `sampleTarget` the suite would submit "post" content, which ExampleVideo does not have).
const target = defaultTarget(EXAMPLEVIDEO, [exampleVideoPlatform]);

runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createExampleVideoAdapter({
      baseUrl,
      timeoutMs,
      apiKey: EXAMPLEVIDEO_MOCK_KEY,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createExampleVideoMock(),
  secrets: [EXAMPLEVIDEO_MOCK_KEY],
  target,
});

describe("examplevideo links", () => {
  const options = { platforms: [exampleVideoPlatform] };

  it("parseTarget reads channel and video links and bare handles of the custom platform", () => {
    expect(targetKey(parseTarget("https://www.examplevideo.example/@Some.Channel", options))).toBe(
      "examplevideo:some.channel",
    );
    expect(targetKey(parseTarget("examplevideo.example/@some.channel/video/42?t=3", options))).toBe(
      "examplevideo:some.channel/video/42",
    );
    expect(targetKey(parseTarget("https://exv.example/v/42", options))).toBe("examplevideo:video/42");
    expect(targetKey(parseTarget("@Some.Channel", { ...options, platform: "examplevideo" }))).toBe(
      "examplevideo:some.channel",
    );
  });

  it("refuses what is not a channel or a video, with a reason", () => {
    expect(() => parseTarget("https://examplevideo.example/trending", options)).toThrow(
      /not a channel or video/,
    );
    expect(() => parseTarget("https://examplevideo.example/@x", options)).toThrow(
      /not an ExampleVideo handle/,
    );
  });

  it("parsed targets go straight into a request the adapter submits", async () => {
    const mock = createExampleVideoMock();
    const adapter = createExampleVideoAdapter({
      baseUrl: mock.baseUrl,
      apiKey: EXAMPLEVIDEO_MOCK_KEY,
      // No msw server for one call: the mock's handlers answer through a fetch of our own.
      fetch: async (input, init) => {
        const { getResponse } = await import("msw");
        const response = await getResponse([...mock.handlers], new Request(input, init));
        return response ?? new Response("no handler", { status: 599 });
      },
    });
    const targets = ["examplevideo.example/@some.channel", "exv.example/v/42"].map((link) =>
      parseTarget(link, options),
    );
    const request = conformanceRequest({ platform: "examplevideo", kind: "remove-content", targets });
    const receipt = await adapter.submit(
      { request, targets: request.targets },
      { idempotencyKey: "exv-1:0" },
    );
    expect(receipt.targets.map((t) => [t.key, t.status])).toEqual([
      ["examplevideo:some.channel", "accepted"],
      ["examplevideo:video/42", "accepted"],
    ]);
    expect(mock.submission(receipt.platformRef)?.kind).toBe("remove-content");
  });
});

import { describe, expect, it } from "vitest";
import { httpTransportOptions } from "../../src/adapter/index.js";

describe("httpTransportOptions", () => {
  it("passes on only the settings that are set", () => {
    expect(httpTransportOptions({})).toEqual({});
    const fetch = globalThis.fetch;
    const now = () => 0;
    expect(
      httpTransportOptions({
        fetch,
        timeoutMs: 0,
        deadlineMs: 5,
        maxResponseBytes: 1_024,
        redirects: { max: 0 },
        retry: { maxRetries: 1 },
        userAgent: "",
        now,
      }),
    ).toEqual({
      fetch,
      timeoutMs: 0,
      deadlineMs: 5,
      maxResponseBytes: 1_024,
      redirects: { max: 0 },
      retry: { maxRetries: 1 },
      now,
    });
  });
});

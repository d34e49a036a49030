import type { RequestEvent } from "referral-kit";
import {
  type AdapterCapabilities,
  AdapterError,
  type CallOptions,
  createHttpClient,
  defineAdapter,
  RateLimitedError,
  type ReportingAdapter,
  type StatusUpdate,
  toRequestEvents,
} from "referral-kit/adapter";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";

const client = createHttpClient({ platform: "x", baseUrl: "https://api.example.test" });
const Receipt = z.object({ id: z.string(), count: z.coerce.number(), tags: z.array(z.string()).default([]) });

const capabilities: AdapterCapabilities = {
  requestKinds: ["suspend"],
  targetTypes: ["account"],
  statusPolling: true,
  webhooks: false,
  withdrawal: false,
  maxTargetsPerCall: 1,
  rateLimits: [],
};

describe("HTTP client generics", () => {
  it("infers the schema's output type", () => {
    expectTypeOf(client.postJson("/r", {}, Receipt)).resolves.toEqualTypeOf<{
      id: string;
      count: number;
      tags: string[];
    }>();
    expectTypeOf(client.getJson("/r", z.literal("ok"))).resolves.toEqualTypeOf<"ok">();
    expectTypeOf(client.request("GET", "/r", { schema: Receipt })).resolves.toEqualTypeOf<{
      data: { id: string; count: number; tags: string[] };
      status: number;
      headers: Headers;
      requestId: string | undefined;
      attempts: number;
    }>();
  });

  it("takes only known methods and a schema", () => {
    // @ts-expect-error not a method the client sends
    client.request("TRACE", "/r", { schema: Receipt });
    // @ts-expect-error the schema is required
    client.getJson("/r");
  });
});

describe("defineAdapter", () => {
  it("keeps the platform as a literal", () => {
    const adapter = defineAdapter({
      platform: "telegram",
      capabilities,
      submit: async () => ({ platformRef: "r", acceptedAt: "2026-01-01T00:00:00Z", targets: [] }),
      getStatus: async ({ platformRef }) => ({
        platformRef,
        outcome: "pending",
        at: "2026-01-01T00:00:00Z",
        platformState: "NEW",
      }),
    });
    expectTypeOf(adapter.platform).toEqualTypeOf<"telegram">();
    expectTypeOf(adapter).toExtend<ReportingAdapter<"telegram">>();
    expectTypeOf(adapter.specificationVersion).toEqualTypeOf<"v1">();
  });

  it("needs an idempotency key on every outgoing call", () => {
    // @ts-expect-error idempotencyKey is required
    const options: CallOptions = { signal: AbortSignal.timeout(1) };
    expectTypeOf(options).toEqualTypeOf<CallOptions>();
  });
});

describe("status updates", () => {
  it("a rejection needs the platform's reason and a partial action needs its targets", () => {
    // @ts-expect-error reason is required for a rejection
    const rejected: StatusUpdate = { platformRef: "r", at: "t", platformState: "s", outcome: "rejected" };
    // @ts-expect-error targets are required for a partial action
    const partial: StatusUpdate = {
      platformRef: "r",
      at: "t",
      platformState: "s",
      outcome: "partially-actioned",
    };
    expectTypeOf([rejected, partial]).items.toEqualTypeOf<StatusUpdate>();
  });

  it("narrows on outcome and maps to request events", () => {
    const update = {} as StatusUpdate;
    if (update.outcome === "rejected") expectTypeOf(update.reason).toEqualTypeOf<string>();
    expectTypeOf(toRequestEvents(update)).toEqualTypeOf<RequestEvent[]>();
  });
});

describe("errors", () => {
  it("isInstance narrows", () => {
    const error: unknown = new Error();
    if (RateLimitedError.isInstance(error)) {
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.code).toEqualTypeOf<"rate_limited">();
    }
    if (AdapterError.isInstance(error)) expectTypeOf(error.retryable).toEqualTypeOf<boolean>();
  });
});

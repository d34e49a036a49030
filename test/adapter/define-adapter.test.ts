import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { RequestContent, type RequestTarget, ValidationError } from "referral-kit";
import {
  type AdapterCapabilities,
  type AdapterDefinition,
  createHttpClient,
  defineAdapter,
  type ReportingAdapter,
  UnsupportedCapabilityError,
  UnsupportedSpecVersionError,
} from "referral-kit/adapter";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { resolveAdapter, SUPPORTED_SPECIFICATION_VERSIONS } from "../../src/adapter/define-adapter.js";

const BASE = "https://platform.example.test/api";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const capabilities: AdapterCapabilities = {
  requestKinds: ["suspend", "remove-content"],
  targetTypes: ["account"],
  statusPolling: true,
  webhooks: false,
  withdrawal: false,
  maxTargetsPerCall: 2,
  rateLimits: [{ operation: "submit", limit: 10, windowMs: 60_000 }],
};

const account = (username: string, platform = "x"): RequestTarget => ({
  target: { type: "account", account: { kind: "username", platform, username } },
  evidence: [],
  sensitive: [],
});

const request: RequestContent = RequestContent.parse({
  id: "req-1",
  kind: "suspend",
  platform: "x",
  targets: [account("one"), account("two"), account("three")],
  issuingAuthority: { name: "Counter Terrorism Unit" },
  deadline: "2026-02-01T00:00:00Z",
});

/** An adapter whose every call goes through the HTTP client, so a request that reaches it is visible. */
function makeAdapter(overrides: Partial<AdapterDefinition<"x">> = {}) {
  const seen: Request[] = [];
  server.use(
    http.all(`${BASE}/*`, ({ request: r }) => {
      seen.push(r);
      return HttpResponse.json({ id: "rpt-1", state: "NEW" });
    }),
  );
  const client = createHttpClient({ platform: "x", baseUrl: BASE });
  const Receipt = z.object({ id: z.string(), state: z.string() });
  const submit = vi.fn<AdapterDefinition<"x">["submit"]>(async (input, { signal, idempotencyKey }) => {
    const body = await client.postJson("/reports", { n: input.targets.length }, Receipt, {
      signal,
      idempotencyKey,
    });
    return { platformRef: body.id, acceptedAt: "2026-01-01T00:00:00Z", targets: [] };
  });
  const adapter = defineAdapter({
    platform: "x",
    capabilities,
    submit,
    async getStatus({ platformRef }, { signal }) {
      const body = await client.getJson(`/reports/${platformRef}`, Receipt, { signal });
      return { platformRef, outcome: "pending", at: "2026-01-01T00:00:00Z", platformState: body.state };
    },
    ...overrides,
  });
  return { adapter, seen, submit };
}

async function rejection(promise: Promise<unknown>): Promise<UnsupportedCapabilityError> {
  const error = await promise.catch((e: unknown) => e);
  expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
  return error as UnsupportedCapabilityError;
}

describe("defineAdapter", () => {
  it("passes a supported call through", async () => {
    const { adapter, seen } = makeAdapter();
    const receipt = await adapter.submit(
      { request, targets: request.targets.slice(0, 2) },
      { idempotencyKey: "req-1:0" },
    );
    expect(receipt.platformRef).toBe("rpt-1");
    expect(seen).toHaveLength(1);
    expect(adapter.specificationVersion).toBe("v1");
    expect(Object.isFrozen(adapter.capabilities)).toBe(true);
  });

  it("refuses an unsupported request kind without any HTTP", async () => {
    const { adapter, seen, submit } = makeAdapter();
    const error = await rejection(
      adapter.submit(
        { request: { ...request, kind: "disclose-data" }, targets: [account("one")] },
        { idempotencyKey: "k" },
      ),
    );
    expect(error.capability).toBe("requestKind");
    expect(error.requested).toBe("disclose-data");
    expect(error.supported).toEqual(["suspend", "remove-content"]);
    expect(error.platform).toBe("x");
    expect(seen).toHaveLength(0);
    expect(submit).not.toHaveBeenCalled();
  });

  it("refuses an unsupported target type, too many targets, and targets on another platform", async () => {
    const { adapter, seen } = makeAdapter();
    const content: RequestTarget = {
      target: { type: "content", platform: "x", kind: "post", id: "1" },
      evidence: [],
      sensitive: [],
    };
    expect(
      (await rejection(adapter.submit({ request, targets: [content] }, { idempotencyKey: "k" }))).capability,
    ).toBe("targetType");
    const tooMany = await rejection(
      adapter.submit({ request, targets: request.targets }, { idempotencyKey: "k" }),
    );
    expect(tooMany.capability).toBe("maxTargetsPerCall");
    expect(tooMany.message).toContain("at most 2");
    expect(
      (
        await rejection(
          adapter.submit({ request, targets: [account("t", "telegram")] }, { idempotencyKey: "k" }),
        )
      ).capability,
    ).toBe("platform");
    expect(
      (
        await rejection(
          adapter.submit(
            { request: { ...request, platform: "tiktok" }, targets: [] },
            { idempotencyKey: "k" },
          ),
        )
      ).capability,
    ).toBe("platform");
    expect(seen).toHaveLength(0);
  });

  it("refuses a target type the request kind does not take (targetTypesByKind), and takes the others", async () => {
    const { adapter, seen } = makeAdapter({
      capabilities: {
        ...capabilities,
        targetTypes: ["account", "content"],
        targetTypesByKind: { "remove-content": ["content"] },
      },
    });
    const content: RequestTarget = {
      target: { type: "content", platform: "x", kind: "post", id: "1" },
      evidence: [],
      sensitive: [],
    };
    const removal = { ...request, kind: "remove-content" as const };
    const refused = await rejection(
      adapter.submit({ request: removal, targets: [content, account("one")] }, { idempotencyKey: "k" }),
    );
    expect(refused.capability).toBe("targetType");
    expect(refused.requested).toBe("account for remove-content");
    expect(refused.message).toBe(
      'x: "remove-content" takes content targets, not account targets; to take a whole account down, use suspend',
    );
    expect(refused.supported).toEqual(["content"]);
    expect(seen).toHaveLength(0);
    // The narrowed kind takes its own types; a kind not listed takes every declared type.
    await adapter.submit({ request: removal, targets: [content] }, { idempotencyKey: "k1" });
    await adapter.submit({ request, targets: [content, account("one")] }, { idempotencyKey: "k2" });
    expect(seen).toHaveLength(2);
  });

  it("refuses withdraw and parseWebhook when not declared, and getStatus without status polling", async () => {
    const { adapter, seen } = makeAdapter();
    expect(
      (await rejection(adapter.withdraw({ platformRef: "r", reason: "x" }, { idempotencyKey: "k" })))
        .capability,
    ).toBe("withdrawal");
    expect(
      (await rejection(adapter.parseWebhook(new Request("https://hooks.test/x", { method: "POST" }))))
        .capability,
    ).toBe("webhooks");
    const { adapter: noPolling, seen: seenNoPolling } = makeAdapter({
      capabilities: { ...capabilities, statusPolling: false },
    });
    expect((await rejection(noPolling.getStatus({ platformRef: "r" }))).capability).toBe("statusPolling");
    expect(seen).toHaveLength(0);
    expect(seenNoPolling).toHaveLength(0);
  });

  it("requires an idempotency key and refuses an aborted signal before any HTTP", async () => {
    const { adapter, seen } = makeAdapter();
    await expect(
      adapter.submit({ request, targets: [account("one")] }, { idempotencyKey: "" }),
    ).rejects.toThrow(/idempotency key/);
    const reason = new Error("cancelled");
    await expect(
      adapter.submit(
        { request, targets: [account("one")] },
        { idempotencyKey: "k", signal: AbortSignal.abort(reason) },
      ),
    ).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  it("checks the declaration itself when the adapter is defined", () => {
    const base = { platform: "x", submit: vi.fn(), getStatus: vi.fn() } as const;
    expect(() => defineAdapter({ ...base, capabilities: { ...capabilities, maxTargetsPerCall: 0 } })).toThrow(
      ValidationError,
    );
    expect(() => defineAdapter({ ...base, capabilities: { ...capabilities, withdrawal: true } })).toThrow(
      /no withdraw method/,
    );
    expect(() => defineAdapter({ ...base, capabilities: { ...capabilities, webhooks: true } })).toThrow(
      /no parseWebhook/,
    );
    // targetTypesByKind narrows declared kinds to declared types, with at least one type each.
    const narrowing = (targetTypesByKind: AdapterCapabilities["targetTypesByKind"]) => () =>
      defineAdapter({ ...base, capabilities: { ...capabilities, targetTypesByKind } });
    expect(narrowing({ preserve: ["account"] })).toThrow(/"preserve" is not among requestKinds/);
    expect(narrowing({ suspend: ["content"] })).toThrow(/"content" is not among targetTypes/);
    expect(narrowing({ suspend: [] })).toThrow(/at least one target type/);
    expect(narrowing({ suspend: ["account"] })).not.toThrow();
  });

  it("passes withdraw and parseWebhook through when declared", async () => {
    const { adapter } = makeAdapter({
      capabilities: { ...capabilities, withdrawal: true, webhooks: true },
      withdraw: async ({ platformRef }) => ({ platformRef, withdrawnAt: "2026-01-02T00:00:00Z" }),
      parseWebhook: async () => ({ updates: [] }),
    });
    await expect(
      adapter.withdraw({ platformRef: "r", reason: "order set aside" }, { idempotencyKey: "k" }),
    ).resolves.toEqual({
      platformRef: "r",
      withdrawnAt: "2026-01-02T00:00:00Z",
    });
    await expect(
      adapter.parseWebhook(new Request("https://hooks.test/x", { method: "POST" })),
    ).resolves.toEqual({ updates: [] });
  });

  it("stops waiting on parseWebhook when the signal aborts (a body that never ends)", async () => {
    const { adapter } = makeAdapter({
      capabilities: { ...capabilities, webhooks: true },
      parseWebhook: async (request) => {
        await request.text();
        return { updates: [] };
      },
    });
    const body = new ReadableStream({ start: () => {} });
    const request = new Request("https://hooks.test/x", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    const controller = new AbortController();
    const parsed = adapter.parseWebhook(request, { signal: controller.signal });
    controller.abort(new Error("the webhook handler gave up"));
    await expect(parsed).rejects.toThrow("the webhook handler gave up");
  });
});

describe("resolveAdapter", () => {
  it("rejects an unknown or missing specification version, listing the accepted ones", () => {
    for (const value of [{ specificationVersion: "v2", platform: "x" }, { platform: "x" }, null, "adapter"]) {
      const error = (() => {
        try {
          resolveAdapter(value);
        } catch (e) {
          return e;
        }
      })();
      expect(UnsupportedSpecVersionError.isInstance(error)).toBe(true);
      expect((error as UnsupportedSpecVersionError).accepted).toEqual(SUPPORTED_SPECIFICATION_VERSIONS);
      expect((error as Error).message).toContain('"v1"');
    }
  });

  it("returns adapters made by defineAdapter as they are, and wraps hand-written ones with the checks", async () => {
    const { adapter } = makeAdapter();
    expect(resolveAdapter(adapter)).toBe(adapter);

    const submit = vi.fn();
    const handWritten: ReportingAdapter<"x"> = {
      specificationVersion: "v1",
      platform: "x",
      capabilities,
      submit,
      getStatus: vi.fn(),
    };
    const resolved = resolveAdapter(handWritten);
    await rejection(
      resolved.submit(
        { request: { ...request, kind: "preserve" }, targets: [account("a")] },
        { idempotencyKey: "k" },
      ),
    );
    expect(submit).not.toHaveBeenCalled();
  });
});

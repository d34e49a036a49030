/**
 * The conformance suite must FAIL for faulty adapters. Each broken adapter below has one realistic
 * defect; the test runs the case that covers it and proves the case fails (and that the same case
 * passes for the healthy X adapter, so the failure is the defect's doing).
 */
import {
  AdapterError,
  defineAdapter,
  PermissionDeniedError,
  type ReportingAdapter,
  type StatusUpdate,
} from "referral-kit/adapter";
import { createXAdapter, X_CAPABILITIES } from "referral-kit/adapters/x";
import { createPlatformMock, runConformanceCases } from "referral-kit/testing";
import { describe, expect, it } from "vitest";
import { CONFORMANCE_CASE_NAMES, defineConformanceCases } from "../src/testing/conformance/define.js";
import type { ConformanceSettings } from "../src/testing/conformance/kit.js";
import { X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET } from "../src/testing/mocks/x.js";

const secrets = [X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET];

function healthy({ baseUrl, timeoutMs }: ConformanceSettings, fetch?: typeof globalThis.fetch) {
  return createXAdapter({
    baseUrl,
    timeoutMs,
    bearerToken: X_MOCK_TOKEN,
    webhookSecret: X_MOCK_WEBHOOK_SECRET,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...(fetch ? { fetch } : {}),
  });
}

/** Wraps every call of an adapter, keeping its declarations. */
function wrap(
  inner: ReportingAdapter,
  around: <T>(call: () => Promise<T>) => Promise<T>,
  options: { dropSignal?: boolean } = {},
): ReportingAdapter {
  const strip = <O extends { signal?: AbortSignal }>(o: O): O => {
    if (!options.dropSignal) return o;
    const { signal: _ignored, ...rest } = o;
    return rest as O;
  };
  return {
    specificationVersion: "v1",
    platform: inner.platform,
    capabilities: inner.capabilities,
    submit: (input, o) => around(() => inner.submit(input, strip(o))),
    getStatus: (input, o = {}) => around(() => inner.getStatus(input, strip(o))),
    withdraw: (input, o) => around(() => inner.withdraw!(input, strip(o))),
    parseWebhook: (request, o) => around(() => inner.parseWebhook!(request, o)),
  };
}

/** The broken adapters, each with the case that must catch it. */
const broken: {
  defect: string;
  caseName: string;
  message: RegExp;
  createAdapter: (settings: ConformanceSettings) => ReportingAdapter;
}[] = [
  {
    defect: "ignores Retry-After (tries again at once after a 429)",
    caseName: "retry: Retry-After in seconds is respected",
    message: /Retry-After 1 s .* tried again after \d+ ms/,
    createAdapter: (settings) =>
      healthy(settings, async (input, init) => {
        const again = input instanceof Request ? input.clone() : input;
        const response = await globalThis.fetch(input, init);
        return response.status === 429 ? globalThis.fetch(again, init) : response;
      }),
  },
  {
    defect: "retries a non-idempotent submit without its idempotency key",
    caseName: "idempotency: a submit whose answer was lost (connection reset) creates one platform request",
    message: /2 platform requests were created/,
    createAdapter: (settings) =>
      healthy(settings, async (input, init) => {
        // Drops the key, then "helpfully" retries a POST that failed on the network.
        const request = new Request(input, init);
        request.headers.delete("idempotency-key");
        const copy = request.clone();
        try {
          return await globalThis.fetch(request);
        } catch {
          return globalThis.fetch(copy);
        }
      }),
  },
  {
    defect: "leaks the token in an error message",
    caseName: "secrets: no secret appears in any error or receipt",
    message: /a secret \(\d+ characters/,
    createAdapter: (settings) =>
      wrap(healthy(settings), async (call) => {
        try {
          return await call();
        } catch (error) {
          if (error instanceof Error) error.message = `${error.message} (sent with token ${X_MOCK_TOKEN})`;
          throw error;
        }
      }),
  },
  {
    defect: "maps a 403 to a retryable error",
    caseName: "errors: 403 is PermissionDeniedError, not retryable and not retried",
    message: /retryable true, expected false/,
    createAdapter: (settings) =>
      wrap(healthy(settings), async (call) => {
        try {
          return await call();
        } catch (error) {
          if (PermissionDeniedError.isInstance(error))
            Object.defineProperty(error, "retryable", { value: true });
          throw error;
        }
      }),
  },
  {
    defect: "throws a raw SyntaxError on malformed JSON",
    caseName: "errors: malformed JSON is ProtocolError, not a raw SyntaxError",
    message: /got SyntaxError/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      // A hand-rolled status poll: fetch and response.json(), nothing else.
      return defineAdapter({
        platform: "x",
        capabilities: { ...X_CAPABILITIES, withdrawal: false, webhooks: false },
        submit: (input, options) => x.submit(input, options),
        async getStatus({ platformRef }, { signal }) {
          const response = await fetch(`${settings.baseUrl}/legal-requests/${platformRef}`, {
            headers: { authorization: `Bearer ${X_MOCK_TOKEN}` },
            ...(signal ? { signal } : {}),
          });
          const body = (await response.json()) as {
            data: { id: string; status: string; updated_at: string };
          };
          return {
            platformRef: body.data.id,
            at: body.data.updated_at,
            platformState: body.data.status,
            outcome: "pending",
          } satisfies StatusUpdate;
        },
      });
    },
  },
  {
    defect: "ignores the abort signal",
    caseName: "abort: aborting a submit mid-call rejects at once with the signal's reason",
    message: /had not settled \d+ ms after its signal aborted|must reject with the signal's reason/,
    createAdapter: (settings) => wrap(healthy(settings), (call) => call(), { dropSignal: true }),
  },
  {
    defect: "claims a capability it lacks (disclose-data)",
    caseName: "capabilities: every declared request kind is accepted by the platform",
    message: /declares "disclose-data" but submitting it with an account target failed/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        capabilities: { ...X_CAPABILITIES, requestKinds: [...X_CAPABILITIES.requestKinds, "disclose-data"] },
      };
    },
  },
  {
    defect: "reports the platform's withdrawn state as pending",
    caseName: "status: every platform state maps to its outcome",
    message: /platform state "withdrawn" mapped to "pending", expected "withdrawn"/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        getStatus: async (input, o) => {
          const update = await x.getStatus(input, o);
          return update.outcome === "withdrawn" ? { ...update, outcome: "pending" } : update;
        },
      };
    },
  },
  {
    defect: "drops what the platform said it did to each target",
    caseName: "outcomes: every outcome the platform can express reaches the event intact",
    message: /did not reach the event intact: the event has no outcome for it/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        getStatus: async (input, o) => {
          const update = await x.getStatus(input, o);
          const bare = update.targets?.map(({ key, outcome, reason }) => ({
            key,
            outcome,
            ...(reason ? { reason } : {}),
          }));
          return { ...update, ...(bare ? { targets: bare } : {}) } as StatusUpdate;
        },
      };
    },
  },
  {
    defect: "reads a country-only action as worldwide and an unknown decline code as not violating",
    caseName: "outcomes: every outcome the platform can express reaches the event intact",
    message:
      /scope "global", the platform sent \["PK"\]|reasonCode "not-violating", the platform sent "other"/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        getStatus: async (input, o) => {
          const update = await x.getStatus(input, o);
          const garbled = update.targets?.map((target) => ({
            ...target,
            ...(Array.isArray(target.scope) ? { scope: "global" as const } : {}),
            ...(target.reasonCode === "other" ? { reasonCode: "not-violating" as const } : {}),
          }));
          return { ...update, ...(garbled ? { targets: garbled } : {}) } as StatusUpdate;
        },
      };
    },
  },
  {
    defect: "declares content targets but refuses every one, whatever the kind",
    caseName: "capabilities: every declared target type is accepted by the platform",
    message: /declares target type "content" but submitting one as "suspend" failed.*as "preserve" failed/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        submit: async (input, o) => {
          if (input.targets.some((t) => t.target.type === "content")) {
            throw new PermissionDeniedError({ platform: "x", platformMessage: "content not enabled" });
          }
          return x.submit(input, o);
        },
      };
    },
  },
  {
    defect: "declares a request kind that no declared target type serves",
    caseName: "capabilities: every declared request kind is accepted by the platform",
    message:
      /declares "preserve" but submitting it with an account target failed.*with a content target failed/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      return {
        ...wrap(x, (call) => call()),
        submit: async (input, o) => {
          if (input.request.kind === "preserve") {
            throw new PermissionDeniedError({ platform: "x", platformMessage: "preservation not enabled" });
          }
          return x.submit(input, o);
        },
      };
    },
  },
  {
    defect: "sends every preservation under a fixed rule of its own, not the request's",
    caseName: "preservation: the rule's period and its name or source reach the platform",
    message: /the preservation rule \("United States: Stored Communications Act.*did not reach the platform/,
    createAdapter: (settings) => {
      const x = healthy(settings);
      const fixed = {
        id: "fixed-30",
        name: "Thirty days",
        period: { days: 30 },
        liftedByProductionRequest: false,
        source: "the adapter's own default",
        url: "https://adapter.example/preservation",
      };
      return {
        ...wrap(x, (call) => call()),
        submit: (input, o) =>
          x.submit({ ...input, request: { ...input.request, preservation: { rule: fixed } } }, o),
      };
    },
  },
];

async function runCase(createAdapter: (s: ConformanceSettings) => ReportingAdapter, caseName: string) {
  const mock = createPlatformMock("x");
  const [result] = await runConformanceCases({
    createAdapter,
    mock,
    secrets,
    only: (name) => name === caseName,
  });
  if (!result) throw new Error(`no case named ${caseName}`);
  return result;
}

describe("the conformance suite catches broken adapters", () => {
  it("names every case it is asked about", () => {
    for (const { caseName } of broken) expect(CONFORMANCE_CASE_NAMES).toContain(caseName);
  });

  for (const { defect, caseName, message, createAdapter } of broken) {
    it(`fails an adapter that ${defect}`, async () => {
      const control = await runCase(healthy, caseName);
      expect(control.status, control.message).toBe("passed");
      const result = await runCase(createAdapter, caseName);
      expect(result.status).toBe("failed");
      expect(result.message).toMatch(message);
      // The failure report never prints the secret either.
      expect(result.message).not.toContain(X_MOCK_TOKEN);
    });
  }

  it("also fails an adapter that claims a capability it lacks in the declaration check", async () => {
    const result = await runCase(
      (settings) => ({
        ...wrap(healthy(settings), (call) => call()),
        capabilities: { ...X_CAPABILITIES, maxTargetsPerCall: 25 },
      }),
      "capabilities: declarations are valid and within what the platform supports",
    );
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/25 targets per call; the platform takes at most 10/);
  });

  it("reports a thrown AdapterError's code in the failure message", async () => {
    const result = await runCase(
      (settings) =>
        wrap(healthy(settings), async (call) => {
          try {
            return await call();
          } catch (error) {
            throw AdapterError.isInstance(error) ? new Error("flattened") : error;
          }
        }),
      "errors: connection resets are NetworkError, retryable",
    );
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/expected an AdapterError with code network_error, got Error: flattened/);
  });

  it("fails an adapter that does HTTP for a capability it does not declare", async () => {
    const result = await runCase((settings) => {
      const x = healthy(settings);
      // Declares no withdrawal, yet its withdraw still calls the platform.
      return { ...wrap(x, (call) => call()), capabilities: { ...X_CAPABILITIES, withdrawal: false } };
    }, "capabilities: undeclared withdrawal, webhooks and status polling fail before any HTTP");
    expect(result.status).toBe("failed");
    expect(result.message).toMatch(/withdraw without withdrawal/);
  });

  it("fails an adapter that sends a target type its declaration says a kind does not take", async () => {
    const narrowed = { ...X_CAPABILITIES, targetTypesByKind: { "remove-content": ["content"] } } as const;
    const caseName = "capabilities: target types a request kind does not take fail before any HTTP";
    // Declares that remove-content takes content only, yet sends an account target to the platform.
    const careless = await runCase(
      (settings) => ({ ...wrap(healthy(settings), (call) => call()), capabilities: narrowed }),
      caseName,
    );
    expect(careless.status).toBe("failed");
    expect(careless.message).toMatch(
      /"remove-content" with an account target: expected UnsupportedCapabilityError, the call resolved/,
    );
    // The same declaration through defineAdapter is enforced before any HTTP.
    const defined = await runCase((settings) => {
      const x = healthy(settings);
      return defineAdapter({
        platform: "x",
        capabilities: narrowed,
        submit: (input, options) => x.submit(input, options),
        getStatus: (input, options) => x.getStatus(input, options),
        withdraw: (input, options) => x.withdraw(input, options),
        parseWebhook: (request, options) => x.parseWebhook(request, options),
      });
    }, caseName);
    expect(defined.status).toBe("passed");
  });
});

describe("an adapter that declares less", () => {
  // The X adapter narrowed to suspensions of accounts, three per call, polling only.
  const narrow = (settings: ConformanceSettings) => {
    const x = healthy(settings);
    return defineAdapter({
      platform: "x",
      capabilities: {
        requestKinds: ["suspend"],
        targetTypes: ["account"],
        statusPolling: true,
        webhooks: false,
        withdrawal: false,
        maxTargetsPerCall: 3,
        rateLimits: [],
      },
      submit: (input, options) => x.submit(input, options),
      getStatus: (input, options) => x.getStatus(input, options),
    });
  };

  it("passes, skipping only what it does not declare", async () => {
    const mock = createPlatformMock("x");
    const results = await runConformanceCases({
      createAdapter: narrow,
      mock,
      secrets,
      only: (name) => !name.startsWith("retry: Retry-After") && !name.includes("never answers"),
    });
    expect(results.filter((r) => r.status === "failed").map((r) => `${r.name}: ${r.message}`)).toEqual([]);
    expect(results.filter((r) => r.status === "skipped").map((r) => r.name)).toEqual([
      "capabilities: target types a request kind does not take fail before any HTTP",
      "webhooks: a signed webhook gives the same update as a poll",
      "webhooks: a tampered, unsigned, stale or wrongly signed webhook is AuthenticationError",
      "withdraw: withdraws the submission on the platform",
      "disclosure: the instrument, the accounts and the statement of reasons reach the platform",
      "disclosure: a decided disclosure is recorded as a production with its receipt, or as no data",
      "preservation: the rule's period and its name or source reach the platform",
      "preservation: a decided preservation is recorded as preserved",
    ]);
    const undeclared = results.find((r) => r.name.startsWith("capabilities: undeclared request kinds"));
    expect(undeclared?.status).toBe("passed");
  });

  it("skips cases by name with a reason, and refuses names that are not cases", () => {
    const mock = createPlatformMock("x");
    const skipped = defineConformanceCases({
      createAdapter: narrow,
      mock,
      secrets,
      skipCases: { "withdraw: withdraws the submission on the platform": "tested elsewhere" },
    }).find((c) => c.name.startsWith("withdraw:"));
    expect(skipped?.skip).toBe("tested elsewhere");
    expect(() =>
      defineConformanceCases({ createAdapter: narrow, mock, secrets, skipCases: { "no such case": "x" } }),
    ).toThrow(/no conformance case/);
  });
});

describe("the suite's default targets", () => {
  it("fit each built-in platform's username rule (Facebook takes no '_')", async () => {
    const { checkFacebookUsername, checkXUsername, checkTelegramUsername, checkTikTokUsername } =
      await import("../src/domain/targets/usernames.js");
    const { defaultTarget } = await import("referral-kit/testing");
    const rules = {
      facebook: checkFacebookUsername,
      x: checkXUsername,
      telegram: checkTelegramUsername,
      tiktok: checkTikTokUsername,
    } as const;
    for (const [platform, rule] of Object.entries(rules)) {
      for (const index of [1, 42, 999]) {
        const target = defaultTarget(platform as keyof typeof rules)(index, "account");
        const name =
          target.type === "account" && target.account.kind === "username" ? target.account.username : "";
        expect(rule(name), `${platform} ${name}`).toBeUndefined();
      }
    }
  });
});

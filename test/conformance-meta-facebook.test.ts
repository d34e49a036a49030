/**
 * The conformance suite must FAIL for faulty adapters, continued on another platform than X (see
 * conformance-meta.test.ts): one broken adapter for each defect the suite let through before (issue 17),
 * built on the Facebook adapter and its mock. Each test runs the case that covers the defect, proves the
 * healthy Facebook adapter passes it, and that the broken one fails it, for the defect's reason.
 */
import { inspect } from "node:util";
import { targetKey } from "referral-kit";
import {
  AdapterError,
  type ReportingAdapter,
  type StatusUpdate,
  type SubmitInput,
  type SubmitReceipt,
} from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createPlatformMock, runConformanceCases } from "referral-kit/testing";
import { describe, expect, it } from "vitest";
import type { ConformanceSettings } from "../src/testing/conformance/kit.js";
import {
  FACEBOOK_MOCK_APP_ID,
  FACEBOOK_MOCK_APP_SECRET,
  FACEBOOK_MOCK_TOKEN_PREFIX,
} from "../src/testing/mocks/facebook.js";

const secrets = [FACEBOOK_MOCK_APP_SECRET, FACEBOOK_MOCK_TOKEN_PREFIX];

function healthy({ baseUrl, timeoutMs }: ConformanceSettings, fetch?: typeof globalThis.fetch) {
  return createFacebookAdapter({
    baseUrl,
    timeoutMs,
    appId: FACEBOOK_MOCK_APP_ID,
    appSecret: FACEBOOK_MOCK_APP_SECRET,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...(fetch ? { fetch } : {}),
  });
}

/** The reference adapter with some of its methods replaced; everything else (declarations included) kept. */
function replacing(inner: ReportingAdapter, methods: Partial<ReportingAdapter>): ReportingAdapter {
  return {
    specificationVersion: "v1",
    platform: inner.platform,
    capabilities: inner.capabilities,
    submit: (input, options) => inner.submit(input, options),
    getStatus: (input, options = {}) => inner.getStatus(input, options),
    withdraw: (input, options) => inner.withdraw!(input, options),
    parseWebhook: (request, options) => inner.parseWebhook!(request, options),
    ...methods,
  };
}

/** A fetch that remembers the last request it sent (a copy, Authorization header and all). */
function remembering() {
  const seen: { last: Request | undefined } = { last: undefined };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    seen.last = request.clone();
    return globalThis.fetch(request);
  };
  return { seen, fetch };
}

/**
 * A submit written by hand with `fetch`: the body the reference mapping builds (captured without the
 * network), an app token from the platform's token endpoint, and the answer read by `readAnswer`.
 */
function handRolledSubmit(
  settings: ConformanceSettings,
  readAnswer: (response: Response, input: SubmitInput) => Promise<SubmitReceipt>,
) {
  return async (input: SubmitInput, options: { idempotencyKey: string }): Promise<SubmitReceipt> => {
    let captured: { url: string; body: string } | undefined;
    await healthy(settings, async (request, init) => {
      const sent = new Request(request, init);
      if (sent.url.endsWith("/oauth/access_token"))
        return Response.json({ access_token: "capture", expires_in: 60 });
      captured = { url: sent.url, body: await sent.text() };
      return Response.json({ id: "captured" });
    }).submit(input, options);
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: FACEBOOK_MOCK_APP_ID,
      client_secret: FACEBOOK_MOCK_APP_SECRET,
    });
    const token = (await (
      await fetch(`${settings.baseUrl}/oauth/access_token`, { method: "POST", body: form })
    ).json()) as {
      access_token: string;
    };
    const response = await fetch(captured!.url, {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: captured!.body,
    });
    return readAnswer(response, input);
  };
}

/** The receipt a hand-rolled submit builds from an `{ id }` answer it trusts. */
function trustingReceipt(id: unknown, input: SubmitInput): SubmitReceipt {
  return {
    platformRef: String(id),
    acceptedAt: new Date().toISOString(),
    targets: input.targets.map(({ target }) => ({ key: targetKey(target), status: "accepted" as const })),
    raw: id,
  };
}

const broken: {
  defect: string;
  caseName: string;
  message: RegExp;
  createAdapter: (settings: ConformanceSettings) => ReportingAdapter;
}[] = [
  {
    defect:
      "reads end_date as nothing (a temporary suspension becomes indefinite) and ILLEGAL_CONTENT as the platform's rules",
    caseName: "outcomes: every outcome the platform can express reaches the event intact",
    message:
      /until missing, the platform sent "[^"]+"|ground "terms-of-service", the platform sent "local-law"/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        async getStatus(input, options = {}) {
          const update = await inner.getStatus(input, options);
          const garbled = update.targets?.map(({ until: _until, ...target }) => ({
            ...target,
            ...(target.ground ? { ground: "terms-of-service" as const } : {}),
          }));
          return { ...update, ...(garbled ? { targets: garbled } : {}) } as StatusUpdate;
        },
      });
    },
  },
  {
    defect: "attaches the outgoing request (its Authorization header included) to its errors",
    caseName: "secrets: no secret appears in any error or receipt",
    message:
      /error under expired-token: a secret \(\d+ characters.* appears in the AuthenticationError .*util\.inspect/,
    createAdapter: (settings) => {
      const { seen, fetch } = remembering();
      const inner = healthy(settings, fetch);
      const attach = async <T>(call: () => Promise<T>): Promise<T> => {
        try {
          return await call();
        } catch (error) {
          if (error instanceof Error) Object.assign(error, { request: seen.last });
          throw error;
        }
      };
      return replacing(inner, {
        submit: (input, options) => attach(() => inner.submit(input, options)),
        getStatus: (input, options = {}) => attach(() => inner.getStatus(input, options)),
      });
    },
  },
  {
    defect: "keeps the access token it sent in its status updates",
    caseName: "secrets: no secret appears in a status update, withdraw receipt or webhook result",
    message: /the status update in state "\w+": a secret .* appears in it/,
    createAdapter: (settings) => {
      const { seen, fetch } = remembering();
      const inner = healthy(settings, fetch);
      return replacing(inner, {
        async getStatus(input, options = {}) {
          const update = await inner.getStatus(input, options);
          return {
            ...update,
            raw: { node: update.raw, requestedWith: seen.last?.headers.get("authorization") },
          };
        },
      });
    },
  },
  {
    defect: "keeps the access token it sent in its withdraw receipts",
    caseName: "secrets: no secret appears in a status update, withdraw receipt or webhook result",
    message: /the withdraw receipt: a secret .* appears in it/,
    createAdapter: (settings) => {
      const { seen, fetch } = remembering();
      const inner = healthy(settings, fetch);
      return replacing(inner, {
        async withdraw(input, options) {
          const receipt = await inner.withdraw!(input, options);
          // Not in JSON: a Headers object serialises to {}; util.inspect prints every entry.
          return { ...receipt, raw: { answer: receipt.raw, sentHeaders: new Headers(seen.last?.headers) } };
        },
      });
    },
  },
  {
    defect: "keeps the app secret it verified a webhook with in the webhook result",
    caseName: "secrets: no secret appears in a status update, withdraw receipt or webhook result",
    message: /the webhook result: a secret .* appears in it/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        async parseWebhook(request, options) {
          const result = await inner.parseWebhook!(request, options);
          const verifiedWith = { appSecret: FACEBOOK_MOCK_APP_SECRET };
          return {
            ...result,
            updates: result.updates.map((u): StatusUpdate => ({ ...u, raw: { raw: u.raw, verifiedWith } })),
          };
        },
      });
    },
  },
  {
    defect: "parses its submit answers with response.json() (a raw SyntaxError on malformed JSON)",
    caseName: "errors: malformed JSON is ProtocolError, not a raw SyntaxError",
    message:
      /submit under a malformed-json fault: expected an AdapterError with code protocol_error, got SyntaxError/,
    createAdapter: (settings) =>
      replacing(healthy(settings), {
        submit: handRolledSubmit(settings, async (response, input) => {
          const body = (await response.json()) as { id?: unknown; error?: { message: string } };
          if (!response.ok)
            throw new AdapterError("rejected_by_platform", body.error?.message ?? "refused", {
              retryable: false,
            });
          return trustingReceipt(body.id, input);
        }),
      }),
  },
  {
    defect: "trusts the shape of its submit answers (a wrong-shaped 200 becomes a receipt)",
    caseName: "errors: a well-formed answer of the wrong shape is ProtocolError",
    message: /submit under a wrong-shape fault: the call succeeded; expected a protocol_error error/,
    createAdapter: (settings) =>
      replacing(healthy(settings), {
        submit: handRolledSubmit(settings, async (response, input) => {
          const text = await response.text();
          let body: { id?: unknown };
          try {
            body = JSON.parse(text) as { id?: unknown };
          } catch (error) {
            throw new AdapterError("protocol_error", "not JSON", { retryable: false, cause: error });
          }
          if (!response.ok) throw new AdapterError("rejected_by_platform", "refused", { retryable: false });
          return trustingReceipt(body.id, input);
        }),
      }),
  },
  {
    defect: "reports a persistent 5xx on submit as a plain Error",
    caseName: "errors: a persistent 500 is PlatformServerError, retryable",
    message:
      /submit under a server-error fault: expected an AdapterError with code platform_error, got Error: HTTP 500/,
    createAdapter: (settings) =>
      replacing(healthy(settings), {
        submit: handRolledSubmit(settings, async (response, input) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return trustingReceipt(((await response.json()) as { id: string }).id, input);
        }),
      }),
  },
  {
    defect: "calls again at once, three times, after a rate limit that asks for an hour",
    caseName: "retry: a Retry-After too long to wait is surfaced as RateLimitedError with retryAfterMs",
    message: /a 429 asking for an hour was answered with 4 attempts/,
    createAdapter: (settings) =>
      healthy(settings, async (input, init) => {
        const request = new Request(input, init);
        let response = await globalThis.fetch(request.clone());
        // Graph answers a rate limit with HTTP 400 and code 4: any refusal is tried again, at once.
        for (let again = 0; again < 3 && !response.ok; again++) {
          response = await globalThis.fetch(request.clone());
        }
        return response;
      }),
  },
  {
    defect: "sends only the first half of a batch but reports every target accepted",
    caseName: "capabilities: a call with maxTargetsPerCall targets is accepted",
    message: /25 of the 50 targets sent never reached the platform/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        async submit(input, options) {
          const half = input.targets.slice(0, Math.ceil(input.targets.length / 2));
          const receipt = await inner.submit({ request: input.request, targets: half }, options);
          const first = receipt.targets[0]!;
          const rest = input.targets
            .slice(half.length)
            .map(({ target }) => ({ ...first, key: targetKey(target) }));
          return { ...receipt, targets: [...receipt.targets, ...rest] };
        },
      });
    },
  },
  {
    defect: "is written by hand and relabels another platform's request and targets as its own",
    caseName: "capabilities: a request or target of another platform fails before any HTTP",
    message: /submitting a request addressed to x: expected UnsupportedCapabilityError, the call resolved/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      // Reads only the handle of each target, whatever platform it names.
      const relabel = (input: SubmitInput): SubmitInput => {
        const targets = input.targets.map((t) =>
          t.target.type === "account" && t.target.account.kind === "username"
            ? {
                ...t,
                target: {
                  type: "account" as const,
                  account: {
                    kind: "username" as const,
                    platform: "facebook",
                    username: t.target.account.username.replaceAll("_", "."),
                  },
                },
              }
            : t,
        );
        return { request: { ...input.request, platform: "facebook", targets }, targets };
      };
      return replacing(inner, { submit: (input, options) => inner.submit(relabel(input), options) });
    },
  },
  {
    defect: "sorts the caller's targets in place",
    caseName: "input: submit, status and withdraw leave the caller's input and options unchanged",
    message: /submit changed the caller's input: arguments\.input\.(request\.)?targets\.0\.target/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        submit(input, options) {
          (input.targets as SubmitInput["targets"][number][]).sort((a, b) =>
            JSON.stringify(b.target).localeCompare(JSON.stringify(a.target)),
          );
          return inner.submit(input, options);
        },
      });
    },
  },
  {
    defect: "sends a disclosure without its statement of reasons (a placeholder instead)",
    caseName: "disclosure: the instrument, the accounts and the statement of reasons reach the platform",
    message: /the statement of reasons \(.*\) did not reach the platform/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        submit: (input, options) => {
          const { request } = input;
          const disclosure = request.disclosure && { ...request.disclosure, statementOfReasons: "see file" };
          return inner.submit(
            { ...input, request: { ...request, ...(disclosure ? { disclosure } : {}) } },
            options,
          );
        },
      });
    },
  },
  {
    defect: "drops the production from a decided disclosure's status",
    caseName: "disclosure: a decided disclosure is recorded as a production with its receipt, or as no data",
    message: /makes no events: .*does not say what was produced/,
    createAdapter: (settings) => {
      const inner = healthy(settings);
      return replacing(inner, {
        getStatus: async (input, options = {}) => {
          const { disclosure: _dropped, ...update } = await inner.getStatus(input, options);
          return update as StatusUpdate;
        },
      });
    },
  },
];

async function runCase(createAdapter: (s: ConformanceSettings) => ReportingAdapter, caseName: string) {
  const mock = createPlatformMock("facebook");
  const [result] = await runConformanceCases({
    createAdapter,
    mock,
    secrets,
    only: (name) => name === caseName,
  });
  if (!result) throw new Error(`no case named ${caseName}`);
  return result;
}

describe("the conformance suite catches what it let through before (on the Facebook adapter)", () => {
  for (const { defect, caseName, message, createAdapter } of broken) {
    it(`fails an adapter that ${defect}`, async () => {
      const control = await runCase(healthy, caseName);
      expect(control.status, control.message).toBe("passed");
      const result = await runCase(createAdapter, caseName);
      expect(result.status).toBe("failed");
      expect(result.message).toMatch(message);
      // The failure report never prints a secret either.
      expect(inspect(result.message)).not.toContain(FACEBOOK_MOCK_APP_SECRET);
      expect(result.message).not.toContain(FACEBOOK_MOCK_TOKEN_PREFIX);
    });
  }
});

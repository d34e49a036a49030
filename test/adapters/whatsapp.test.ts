import { setupServer } from "msw/node";
import {
  MissingCredentialsError,
  NotFoundError,
  RateLimitedError,
  RejectedByPlatformError,
  toRequestEvents,
  UnsupportedCapabilityError,
} from "referral-kit/adapter";
import {
  createWhatsAppAdapter,
  WHATSAPP_CAPABILITIES,
  type WhatsAppAdapterConfig,
} from "referral-kit/adapters/whatsapp";
import {
  conformanceRequest,
  createPlatformMock,
  defaultTarget,
  runAdapterConformance,
} from "referral-kit/testing";
import { vitestRunner } from "referral-kit/testing/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WHATSAPP_DEFAULT_BASE_URL, WHATSAPP_TOKEN_ENV } from "../../adapters/whatsapp/adapter.js";
import { WHATSAPP_MOCK_TOKEN } from "../../src/testing/mocks/whatsapp.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

// The whole suite, on its own host so its mock never meets the one below.
runAdapterConformance({
  runner: vitestRunner,
  createAdapter: ({ baseUrl, timeoutMs }) =>
    createWhatsAppAdapter({
      baseUrl,
      timeoutMs,
      accessToken: WHATSAPP_MOCK_TOKEN,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  mock: createPlatformMock("whatsapp", { baseUrl: "https://conformance.gov-requests.whatsapp.example/v1" }),
  secrets: [WHATSAPP_MOCK_TOKEN],
  server,
});

describe("whatsapp adapter", () => {
  const mock = createPlatformMock("whatsapp", { unregisteredNumbers: ["+447946099999"] });
  beforeAll(() => server.use(...mock.handlers));
  afterEach(() => {
    mock.reset();
    vi.unstubAllEnvs();
  });

  const target = defaultTarget("whatsapp");
  const sleeps: number[] = [];
  const adapter = (config: WhatsAppAdapterConfig = {}) =>
    createWhatsAppAdapter({
      baseUrl: mock.baseUrl,
      accessToken: WHATSAPP_MOCK_TOKEN,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      sleep: async (ms) => void sleeps.push(ms),
      ...config,
    });
  type Kind = "suspend" | "remove-content" | "preserve" | "disclose-data" | "restrict-locally";
  const request = (kind: Kind = "suspend", targets = [target(1, "account")]) =>
    conformanceRequest({ platform: "whatsapp", kind, targets });
  const submit = (wa = adapter(), req = request(), key = "req-1:0") =>
    wa.submit({ request: req, targets: req.targets }, { idempotencyKey: key });
  const phone = (n: string) =>
    ({ type: "account", account: { kind: "phone", platform: "whatsapp", phone: n } }) as const;
  const privateMessage = {
    type: "content",
    platform: "whatsapp",
    kind: "message",
    id: "42",
    account: { kind: "phone", platform: "whatsapp", phone: "+447946000001" },
  } as const;

  describe("configuration", () => {
    it("defaults to the modelled .example host and declares what WhatsApp can do", () => {
      expect(WHATSAPP_DEFAULT_BASE_URL).toBe("https://gov-requests.whatsapp.example/v1");
      expect(WHATSAPP_CAPABILITIES).toMatchObject({
        requestKinds: ["suspend", "remove-content", "preserve", "disclose-data"],
        webhooks: false,
        withdrawal: false,
      });
    });

    it("reads the system-user token from the environment; without one, MissingCredentialsError and no HTTP", async () => {
      vi.stubEnv(WHATSAPP_TOKEN_ENV, WHATSAPP_MOCK_TOKEN);
      await submit(createWhatsAppAdapter({ baseUrl: mock.baseUrl }));
      expect(mock.createdReferences()).toHaveLength(1);
      mock.reset();
      vi.stubEnv(WHATSAPP_TOKEN_ENV, "");
      const error = await submit(createWhatsAppAdapter({ baseUrl: mock.baseUrl })).catch((e: unknown) => e);
      expect(MissingCredentialsError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: "missing_credentials", retryable: false });
      expect((error as Error).message).toMatch(/accessToken.*REFERRAL_KIT_WHATSAPP_TOKEN/);
      expect(mock.records).toHaveLength(0);
    });
  });

  describe("what WhatsApp cannot do, refused before any HTTP", () => {
    it("private messages, for any request kind", async () => {
      for (const kind of ["remove-content", "preserve", "suspend", "disclose-data"] as const) {
        const error = await submit(adapter(), request(kind, [privateMessage])).catch((e: unknown) => e);
        expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
        expect((error as Error).message).toMatch(/end-to-end encrypted/);
      }
      const noAccount = { type: "content", platform: "whatsapp", kind: "message", id: "7" } as const;
      await expect(submit(adapter(), request("remove-content", [noAccount]))).rejects.toMatchObject({
        code: "unsupported_capability",
      });
      expect(mock.records).toHaveLength(0);
    });

    it("remove-content of a whole account, group invites, restrict-locally, withdrawal and webhooks", async () => {
      const invite = {
        type: "account",
        account: { kind: "invite", platform: "whatsapp", code: "AbCdEfGhIj12" },
      } as const;
      const calls = [
        submit(adapter(), request("remove-content", [phone("+447946000001")])),
        submit(adapter(), request("suspend", [invite])),
        submit(adapter(), request("restrict-locally")),
        adapter().withdraw({ platformRef: "wa-er-1", reason: "x" }, { idempotencyKey: "w" }),
        adapter().parseWebhook(
          new Request("https://agency.example/webhooks/whatsapp", { method: "POST", body: "{}" }),
        ),
      ];
      for (const call of calls) {
        const error = await call.catch((e: unknown) => e);
        expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
      }
      expect(mock.records).toHaveLength(0);
    });
  });

  describe("submit", () => {
    it("sends WhatsApp's body with Unix-second times, the bearer token and X-Idempotency-Key", async () => {
      const req = request("remove-content", [target(1, "content")]);
      const receipt = await submit(adapter(), req, "req-7:0");
      const [record] = mock.records;
      expect(record?.headers.authorization).toBe("[REDACTED]");
      expect(record?.headers["x-idempotency-key"]).toBe("req-7:0");
      expect(record?.body).toEqual({
        type: "channel_content_removal",
        urgency: "normal",
        agency: { reference: req.id, name: "Conformance Test Unit (fictional)", country: "PK" },
        legal_basis: {
          instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
          section: "s. 37",
          jurisdiction: "PK",
        },
        designations: [{ group_id: "ttp", authority: "un-1267", reference: "QDe.132" }],
        respond_by: String(Date.parse("2026-01-07T09:00:00Z") / 1000),
        targets: [{ type: "channel_message", channel_id: "0029RkConf1", message_id: "101" }],
        evidence: [
          {
            target_index: 0,
            url: "https://evidence.example/captures/1",
            captured_at: String(Date.parse("2026-01-05T08:00:00Z") / 1000),
            sha256: "01".repeat(32),
          },
        ],
      });
      expect(receipt).toMatchObject({
        platformRef: "wa-er-1",
        acceptedAt: "2026-01-05T09:00:00.000Z",
        targets: [{ key: "whatsapp:channel:0029RkConf1/101", status: "accepted", platformRef: "wa-er-1" }],
      });
    });

    it("suspends by phone number and by channel; maps the intake check per target", async () => {
      const first = await submit(adapter(), request("suspend", [phone("+447946000001")]), "k1");
      const channel = {
        type: "account",
        account: { kind: "channel", platform: "whatsapp", code: "0029VaAbCdEf12" },
      } as const;
      const receipt = await submit(
        adapter(),
        request("suspend", [phone("+447946000001"), phone("+447946099999"), channel]),
        "k2",
      );
      expect(receipt.targets).toEqual([
        { key: "whatsapp:tel:+447946000001", status: "duplicate", platformRef: first.platformRef },
        {
          key: "whatsapp:tel:+447946099999",
          status: "rejected",
          reason: "This number is not registered on WhatsApp.",
        },
        { key: "whatsapp:channel:0029VaAbCdEf12", status: "accepted", platformRef: receipt.platformRef },
      ]);
    });

    it("a reused key with another body is WhatsApp's 422 (code 1032)", async () => {
      await submit(adapter(), request(), "same-key");
      const error = await submit(adapter(), request("preserve"), "same-key").catch((e: unknown) => e);
      expect(RejectedByPlatformError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 422,
        platformCode: "1032",
        requestId: mock.records[1]?.requestId,
      });
      expect(mock.createdReferences()).toHaveLength(1);
    });
  });

  describe("status", () => {
    const expected = {
      received: "pending",
      in_review: "acknowledged",
      info_required: "needs-information",
      enforced: "actioned",
      partially_enforced: "partially-actioned",
      declined: "rejected",
      not_actionable: "rejected",
    } as const;

    for (const [state, outcome] of Object.entries(expected)) {
      it(`maps ${state} to ${outcome}`, async () => {
        const wa = adapter();
        const { platformRef } = await submit(
          wa,
          request("preserve", [target(1, "account"), target(2, "content")]),
        );
        mock.advance(90_000);
        mock.force(platformRef, state as keyof typeof expected, { reason: "as WhatsApp says" });
        const update = await wa.getStatus({ platformRef });
        // Unix seconds become ISO 8601 in UTC.
        expect(update).toMatchObject({
          platformRef,
          platformState: state,
          outcome,
          at: "2026-01-05T09:01:30.000Z",
        });
        if (outcome === "rejected" || outcome === "needs-information")
          expect(update.reason).toBe("as WhatsApp says");
        if (outcome === "partially-actioned") {
          // A preservation takes nothing down: the actioned target has no measure; the decline says why.
          expect(update.targets).toEqual([
            { key: "whatsapp:tel:+447946000001", outcome: "actioned" },
            {
              key: "whatsapp:channel:0029RkConf2/102",
              outcome: "rejected",
              reason: expect.any(String),
              measure: "no-action",
              reasonCode: expect.any(String),
              platformCode: expect.stringMatching(/^[A-Z_]+$/),
            },
          ]);
        }
        expect(() => toRequestEvents(update)).not.toThrow();
      });
    }

    it("an unknown id is NotFoundError (404, code 1006)", async () => {
      const error = await adapter()
        .getStatus({ platformRef: "wa-er-999" })
        .catch((e: unknown) => e);
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 404 });
    });
  });

  describe("per-target outcomes", () => {
    it("reads enforcement_action, ban_expires_at and not_enforced_code: worldwide, ground unsaid", async () => {
      const wa = adapter();
      const { platformRef } = await submit(
        wa,
        request("suspend", [target(1, "account"), target(2, "account")]),
      );
      const [one, two] = mock.submission(platformRef)?.targets.map((t) => t.key) ?? [];
      mock.force(platformRef, "partially_enforced", {
        targets: [
          {
            key: one!,
            outcome: "actioned",
            detail: { measure: "account-suspended", until: "2026-01-12T09:00:00.000Z" },
          },
          {
            key: two!,
            outcome: "rejected",
            reason: "messages are end-to-end encrypted",
            detail: { measure: "no-action", reasonCode: "private-or-end-to-end-encrypted" },
          },
        ],
      });
      const update = await wa.getStatus({ platformRef });
      expect(JSON.stringify(update.raw)).toContain(
        '"enforcement_action":"ACCOUNT_BANNED_TEMPORARILY","ban_expires_at":"1768208400"',
      );
      expect(toRequestEvents(update)[0]).toMatchObject({
        type: "partially-actioned",
        outcomes: [
          {
            measure: "account-suspended",
            scope: "global",
            until: "2026-01-12T09:00:00.000Z",
            platformCode: "ACCOUNT_BANNED_TEMPORARILY",
          },
          {
            measure: "no-action",
            reasonCode: "private-or-end-to-end-encrypted",
            platformCode: "END_TO_END_ENCRYPTED",
            platformText: "messages are end-to-end encrypted",
          },
        ],
      });
      expect(update.targets?.[0]).not.toHaveProperty("ground");
    });

    it("a country-only measure cannot be said on WhatsApp's wire", async () => {
      const { platformRef } = await submit();
      const key = mock.submission(platformRef)?.targets[0]?.key ?? "";
      expect(() =>
        mock.force(platformRef, "enforced", {
          targets: [{ key, outcome: "actioned", detail: { measure: "account-terminated", scope: ["PK"] } }],
        }),
      ).toThrow(/no country restriction/);
    });
  });

  describe("rate limits", () => {
    it("a 429 (code 1015) with a short Retry-After is waited out and retried", async () => {
      sleeps.length = 0;
      mock.inject({ kind: "rate-limit", operation: "submit", retryAfterSeconds: 3 });
      await submit();
      expect(sleeps).toEqual([3_000]);
      expect(mock.records.map((r) => r.status)).toEqual([429, 201]);
    });

    it("a long Retry-After is RateLimitedError with retryAfterMs", async () => {
      mock.inject({
        kind: "rate-limit",
        operation: "status",
        retryAfterSeconds: 600,
        times: Number.POSITIVE_INFINITY,
      });
      const { platformRef } = await submit();
      const error = (await adapter()
        .getStatus({ platformRef })
        .catch((e: unknown) => e)) as RateLimitedError;
      expect(RateLimitedError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 429, retryAfterMs: 600_000, retryable: true });
    });
  });
});

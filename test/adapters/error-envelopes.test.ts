/**
 * A platform's error envelope on a 2xx answer keeps the platform's code and message in the typed error,
 * for every reference adapter (TikTok and Telegram, whose envelopes are 2xx by design, are covered in
 * their own tests). Without it the user sees only "does not match the expected shape".
 */
import { AdapterError, type ReportingAdapter } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, defaultTarget } from "referral-kit/testing";
import { describe, expect, it } from "vitest";

/** A fetch that answers a token request properly and everything else with `body` on HTTP `status`. */
function answering(status: number, body: unknown): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname.endsWith("/oauth/access_token")) {
      return Response.json({
        access_token: "EAAGenvelope-token-0123",
        token_type: "bearer",
        expires_in: 3600,
      });
    }
    return Response.json(body, { status });
  };
}

const graph = (platform: "facebook" | "instagram") => (fetch: typeof globalThis.fetch) =>
  (platform === "facebook" ? createFacebookAdapter : createInstagramAdapter)({
    baseUrl: `https://graph.${platform}.test/v21.0`,
    appId: "771000000000001",
    appSecret: "envelope-app-secret-0123456789",
    retry: { maxRetries: 0 },
    fetch,
  });

const cases: {
  platform: "x" | "whatsapp" | "facebook" | "instagram";
  create: (fetch: typeof globalThis.fetch) => ReportingAdapter;
  envelope: unknown;
  expected: { code: string; platformCode: string; platformMessage: string };
}[] = [
  {
    platform: "x",
    create: (fetch) =>
      createXAdapter({
        baseUrl: "https://x.test/2",
        bearerToken: "x-envelope-token-0123",
        retry: { maxRetries: 0 },
        fetch,
      }),
    envelope: {
      errors: [{ code: 220, title: "Forbidden", message: "Your credentials do not allow this request." }],
    },
    expected: {
      code: "permission_denied",
      platformCode: "220",
      platformMessage: "Your credentials do not allow this request.",
    },
  },
  {
    platform: "whatsapp",
    create: (fetch) =>
      createWhatsAppAdapter({
        baseUrl: "https://whatsapp.test/v1",
        accessToken: "wa-envelope-token-0123",
        retry: { maxRetries: 0 },
        fetch,
      }),
    envelope: {
      meta: { api_status: "stable", version: "1.0.0" },
      errors: [{ code: 1006, title: "Resource not found", details: "No such enforcement request." }],
    },
    expected: {
      code: "not_found",
      platformCode: "1006",
      platformMessage: "Resource not found: No such enforcement request.",
    },
  },
  {
    platform: "facebook",
    create: graph("facebook"),
    envelope: {
      error: { message: "Invalid parameter", type: "OAuthException", code: 100, fbtrace_id: "AfbTrace1" },
    },
    expected: { code: "rejected_by_platform", platformCode: "100", platformMessage: "Invalid parameter" },
  },
  {
    platform: "instagram",
    create: graph("instagram"),
    envelope: {
      error: {
        message: "Application request limit reached",
        type: "OAuthException",
        code: 4,
        fbtrace_id: "AigTrace1",
      },
    },
    expected: {
      code: "rate_limited",
      platformCode: "4",
      platformMessage: "Application request limit reached",
    },
  },
];

describe("a platform error envelope on a 2xx answer", () => {
  for (const { platform, create, envelope, expected } of cases) {
    it(`${platform}: keeps the platform's code and message in the typed error, on submit and on status`, async () => {
      for (const status of [200, 201, 202]) {
        const adapter = create(answering(status, envelope));
        const request = conformanceRequest({
          platform,
          kind: "suspend",
          targets: [defaultTarget(platform)(1, "account")],
        });
        const submitted = await adapter
          .submit({ request, targets: request.targets }, { idempotencyKey: `envelope:${status}` })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(AdapterError.isInstance(submitted), `submit on ${status}`).toBe(true);
        expect(submitted).toMatchObject({ ...expected, status });
        expect((submitted as Error).message).not.toMatch(/expected shape/);
        const polled = await adapter.getStatus({ platformRef: "ref-1" }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(polled, `status on ${status}`).toMatchObject({ ...expected, status });
      }
    });
  }

  it("does not mistake a success that also lists per-item errors for a failure (X's partial errors)", async () => {
    const body = {
      data: {
        id: "lr_1",
        status: "received",
        created_at: "2026-01-05T09:00:00Z",
        targets: [{ type: "user", username: "rk_conf_1", result: "accepted" }],
      },
      errors: [{ code: 17, title: "Partial", message: "one lookup failed" }],
    };
    const adapter = createXAdapter({
      baseUrl: "https://x.test/2",
      bearerToken: "x-envelope-token-0123",
      retry: { maxRetries: 0 },
      fetch: answering(202, body),
    });
    const request = conformanceRequest({
      platform: "x",
      kind: "suspend",
      targets: [defaultTarget("x")(1, "account")],
    });
    const receipt = await adapter.submit(
      { request, targets: request.targets },
      { idempotencyKey: "partial" },
    );
    expect(receipt.platformRef).toBe("lr_1");
  });
});

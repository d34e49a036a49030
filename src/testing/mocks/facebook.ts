/**
 * A mock of the modelled Facebook Graph legal-requests protocol (docs/wire/facebook.md): what the
 * Facebook adapter talks to in tests, and what the conformance suite runs it against. It checks what it
 * receives as the platform would (app token, JSON body, field by field) and answers in Graph's shape.
 */
import { z } from "zod";
import type { AccountRef, Target } from "../../domain/targets/target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import type { PlatformMock } from "../mock/types.js";
import { defaultScenarios } from "../scenarios.js";
import { defineGraphMock } from "./meta-graph.js";
import { graphOutcomeVocabulary } from "./meta-graph-outcomes.js";
import type { MockOptions, MockStates } from "./options.js";

/**
 * The modelled Facebook Graph base URL (an `.example` host: this is not a real Meta API).
 *
 * @example
 * ```ts
 * createFacebookAdapter({ baseUrl: FACEBOOK_MOCK_BASE_URL, appId: FACEBOOK_MOCK_APP_ID, appSecret: FACEBOOK_MOCK_APP_SECRET });
 * ```
 */
export const FACEBOOK_MOCK_BASE_URL = "https://graph.gov-requests.facebook.example/v21.0";
/**
 * The app id the Facebook mock knows unless told otherwise.
 *
 * @example
 * ```ts
 * createFacebookAdapter({ baseUrl: mock.baseUrl, appId: FACEBOOK_MOCK_APP_ID, appSecret: FACEBOOK_MOCK_APP_SECRET });
 * ```
 */
export const FACEBOOK_MOCK_APP_ID = "771000000000001";
/**
 * The app secret the Facebook mock accepts (and signs webhooks with) unless told otherwise.
 *
 * @example
 * ```ts
 * runAdapterConformance({ ..., secrets: [FACEBOOK_MOCK_APP_SECRET, FACEBOOK_MOCK_TOKEN_PREFIX] });
 * ```
 */
export const FACEBOOK_MOCK_APP_SECRET = "fb-mock-app-secret-0123456789abcdef";
/**
 * Every access token the Facebook mock issues starts with this: pass it as a secret to catch a leaked token.
 *
 * @example
 * ```ts
 * expect(JSON.stringify(error)).not.toContain(FACEBOOK_MOCK_TOKEN_PREFIX);
 * ```
 */
export const FACEBOOK_MOCK_TOKEN_PREFIX = "EAAGfbmock";

const FbId = z.string().regex(/^\d{1,25}$/, "a Facebook id is digits");
const Vanity = z
  .string()
  .regex(/^(?=.*[a-z])[a-z0-9.]{5,50}$/, 'a username is 5 to 50 of a-z, 0-9 and ".", with a letter');
const PostId = z.string().regex(/^(?:\d{1,25}|pfbid[A-Za-z0-9]{10,80})$/, "a post id is digits or pfbid...");
const Owner = z.union([z.strictObject({ username: Vanity }), z.strictObject({ id: FbId })]);

const WireTarget = z.union([
  z.strictObject({ type: z.literal("ACCOUNT"), username: Vanity }),
  z.strictObject({ type: z.literal("ACCOUNT"), id: FbId }),
  z.strictObject({
    type: z.enum(["POST", "VIDEO", "PHOTO", "REEL", "STORY"]),
    id: PostId,
    owner: Owner.optional(),
  }),
]);
type WireTarget = z.infer<typeof WireTarget>;

const KINDS = { POST: "post", VIDEO: "video", PHOTO: "photo", REEL: "reel", STORY: "story" } as const;

/** The `targetKey` of a Facebook wire target, as the platform reads it. */
function wireKey(value: unknown): string {
  const wire = value as WireTarget;
  const ref = (o: { username: string } | { id: string }): AccountRef =>
    "username" in o
      ? { kind: "username", platform: "facebook", username: o.username.toLowerCase() }
      : { kind: "numeric-id", platform: "facebook", id: o.id };
  const target: Target =
    wire.type === "ACCOUNT"
      ? { type: "account", account: ref(wire) }
      : {
          type: "content",
          platform: "facebook",
          kind: KINDS[wire.type],
          id: wire.id,
          ...(wire.owner ? { account: ref(wire.owner) } : {}),
        };
  return targetKey(target);
}

/**
 * Creates a mock of the modelled Facebook Graph legal-requests API: the OAuth token endpoint (tokens
 * expire by the virtual clock), `POST /{app-id}/legal_requests` answering `{ id }`, `GET /{id}?fields=`,
 * `POST /{id}` to withdraw, Graph's error body (code 4 throttling on HTTP 400, 190 tokens, 100.33 unknown
 * ids), `X-App-Usage` and `X-Business-Use-Case-Usage` on every answer, and `X-Hub-Signature-256`
 * webhooks (`mock.webhook(ref)`). Default scenario: `defaultScenarios.facebook` (illustrative: over 90%
 * actioned). Nothing starts at import: pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createFacebookAdapter } from "referral-kit/adapters/facebook";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("facebook");
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createFacebookAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.facebook });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "NO_ACTION", { reason: "no violation found" });
 * ```
 */
export function createFacebookMock(
  options: MockOptions<"facebook"> = {},
): PlatformMock<MockStates["facebook"]> {
  return defineGraphMock(
    {
      platform: "facebook",
      baseUrl: FACEBOOK_MOCK_BASE_URL,
      appId: FACEBOOK_MOCK_APP_ID,
      appSecret: FACEBOOK_MOCK_APP_SECRET,
      tokenPrefix: FACEBOOK_MOCK_TOKEN_PREFIX,
      referencePrefix: "10600000000000",
      supports: {
        requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve", "disclose-data"],
        targetTypes: ["account", "content"],
        statusPolling: true,
        webhooks: true,
        withdrawal: true,
        maxTargetsPerCall: 50,
      },
      scenario: defaultScenarios.facebook,
      targetSchema: WireTarget,
      wireKey,
      throttleCode: 4,
      useCaseType: "legal_requests",
      hourlyLimit: 1_000,
      actions: {
        ACCOUNT_REMOVAL: "ACCOUNT_UNPUBLISHED",
        CONTENT_REMOVAL: "CONTENT_REMOVED",
        GEO_RESTRICTION: "RESTRICTED_IN_COUNTRY",
        PRESERVATION: "DATA_PRESERVED",
        DATA_DISCLOSURE: "DATA_DISCLOSED",
      },
      outcomeVocabulary: graphOutcomeVocabulary(),
    },
    options,
  );
}

/**
 * A mock of the modelled Instagram Graph legal-requests protocol (docs/wire/instagram.md): what the
 * Instagram adapter talks to in tests, and what the conformance suite runs it against. It checks what it
 * receives as the platform would (app token, JSON body, field by field) and answers in Graph's shape.
 */
import { z } from "zod";
import type { AccountRef, Target } from "../../domain/targets/target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import type { PlatformMock } from "../mock/types.js";
import { defaultScenarios } from "../scenarios.js";
import { defineGraphMock, type GraphSubmitBody } from "./meta-graph.js";
import { graphOutcomeVocabulary } from "./meta-graph-outcomes.js";
import type { MockOptions, MockStates } from "./options.js";

/**
 * The modelled Instagram Graph base URL (an `.example` host: this is not a real Meta API).
 *
 * @example
 * ```ts
 * createInstagramAdapter({ baseUrl: INSTAGRAM_MOCK_BASE_URL, appId: INSTAGRAM_MOCK_APP_ID, appSecret: INSTAGRAM_MOCK_APP_SECRET });
 * ```
 */
export const INSTAGRAM_MOCK_BASE_URL = "https://graph.gov-requests.instagram.example/v21.0";
/**
 * The app id the Instagram mock knows unless told otherwise.
 *
 * @example
 * ```ts
 * createInstagramAdapter({ baseUrl: mock.baseUrl, appId: INSTAGRAM_MOCK_APP_ID, appSecret: INSTAGRAM_MOCK_APP_SECRET });
 * ```
 */
export const INSTAGRAM_MOCK_APP_ID = "772000000000002";
/**
 * The app secret the Instagram mock accepts (and signs webhooks with) unless told otherwise.
 *
 * @example
 * ```ts
 * runAdapterConformance({ ..., secrets: [INSTAGRAM_MOCK_APP_SECRET, INSTAGRAM_MOCK_TOKEN_PREFIX] });
 * ```
 */
export const INSTAGRAM_MOCK_APP_SECRET = "ig-mock-app-secret-0123456789abcdef";
/**
 * Every access token the Instagram mock issues starts with this: pass it as a secret to catch a leaked token.
 *
 * @example
 * ```ts
 * expect(JSON.stringify(error)).not.toContain(INSTAGRAM_MOCK_TOKEN_PREFIX);
 * ```
 */
export const INSTAGRAM_MOCK_TOKEN_PREFIX = "EAAGigmock";

const Username = z.string().regex(/^[A-Za-z0-9._]{1,30}$/, "a username is 1 to 30 letters, digits, _ or .");
const Shortcode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{5,64}$/, "a shortcode is 5 to 64 of A-Z, a-z, 0-9, _ and -");
const Digits = z.string().regex(/^\d{1,25}$/, "an id is digits");

const WireTarget = z.union([
  z.strictObject({ type: z.literal("ACCOUNT"), username: Username }),
  z.strictObject({
    type: z.literal("MEDIA"),
    media_type: z.enum(["POST", "REEL", "IGTV"]),
    shortcode: Shortcode,
    owner_username: Username.optional(),
  }),
  z.strictObject({ type: z.literal("STORY"), story_id: Digits, owner_username: Username.optional() }),
  z.strictObject({ type: z.literal("HIGHLIGHT"), highlight_id: Digits }),
]);
type WireTarget = z.infer<typeof WireTarget>;

const MEDIA_KINDS = { POST: "post", REEL: "reel", IGTV: "video" } as const;

/** The `targetKey` of an Instagram wire target, as the platform reads it. */
function wireKey(value: unknown): string {
  const wire = value as WireTarget;
  const owner = (username: string | undefined): { account?: AccountRef } =>
    username
      ? { account: { kind: "username", platform: "instagram", username: username.toLowerCase() } }
      : {};
  let target: Target;
  switch (wire.type) {
    case "ACCOUNT":
      target = {
        type: "account",
        account: { kind: "username", platform: "instagram", username: wire.username.toLowerCase() },
      };
      break;
    case "MEDIA":
      target = {
        type: "content",
        platform: "instagram",
        kind: MEDIA_KINDS[wire.media_type],
        id: wire.shortcode,
        ...owner(wire.owner_username),
      };
      break;
    case "STORY":
      target = {
        type: "content",
        platform: "instagram",
        kind: "story",
        id: wire.story_id,
        ...owner(wire.owner_username),
      };
      break;
    case "HIGHLIGHT":
      target = {
        type: "content",
        platform: "instagram",
        kind: "story",
        id: `highlights/${wire.highlight_id}`,
      };
      break;
  }
  return targetKey(target);
}

/** Instagram does not restrict stories by country: they expire within a day. */
function refuse(body: GraphSubmitBody): string | undefined {
  if (body.request_type !== "GEO_RESTRICTION") return undefined;
  const story = (body.targets as WireTarget[]).findIndex((t) => t.type === "STORY" || t.type === "HIGHLIGHT");
  return story === -1 ? undefined : `(#100) targets.${story}: stories cannot be restricted by country.`;
}

/**
 * Creates a mock of the modelled Instagram Graph legal-requests API: the OAuth token endpoint (tokens
 * expire by the virtual clock), `POST /{app-id}/legal_requests` answering `{ id }`, `GET /{id}?fields=`,
 * `POST /{id}` to withdraw, Graph's error body (business-use-case code 80002 throttling on HTTP 400, 190
 * tokens, 100.33 unknown ids), `X-App-Usage` and `X-Business-Use-Case-Usage` on every answer, and `X-Hub-Signature-256`
 * webhooks (`mock.webhook(ref)`). Default scenario: `defaultScenarios.instagram` (illustrative: a little below Facebook). Nothing starts at import: pass `mock.handlers` to msw's `setupServer`.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createInstagramAdapter } from "referral-kit/adapters/instagram";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("instagram");
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createInstagramAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.instagram });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "NO_ACTION", { reason: "no violation found" });
 * ```
 */
export function createInstagramMock(
  options: MockOptions<"instagram"> = {},
): PlatformMock<MockStates["instagram"]> {
  return defineGraphMock(
    {
      platform: "instagram",
      baseUrl: INSTAGRAM_MOCK_BASE_URL,
      appId: INSTAGRAM_MOCK_APP_ID,
      appSecret: INSTAGRAM_MOCK_APP_SECRET,
      tokenPrefix: INSTAGRAM_MOCK_TOKEN_PREFIX,
      referencePrefix: "17900000000000",
      supports: {
        requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve", "disclose-data"],
        targetTypes: ["account", "content"],
        statusPolling: true,
        webhooks: true,
        withdrawal: true,
        maxTargetsPerCall: 25,
      },
      scenario: defaultScenarios.instagram,
      targetSchema: WireTarget,
      wireKey,
      refuse,
      throttleCode: 80_002,
      useCaseType: "instagram",
      hourlyLimit: 500,
      actions: {
        ACCOUNT_REMOVAL: "ACCOUNT_DISABLED",
        CONTENT_REMOVAL: "MEDIA_REMOVED",
        GEO_RESTRICTION: "RESTRICTED_IN_COUNTRY",
        PRESERVATION: "DATA_PRESERVED",
        DATA_DISCLOSURE: "DATA_DISCLOSED",
      },
      outcomeVocabulary: graphOutcomeVocabulary({ "content-removed": "MEDIA_REMOVED" }),
    },
    options,
  );
}

/**
 * The six built-in platform mocks as the sandbox serves them: each under its own path prefix, keeping the
 * modelled API's own path below it (`/x/2/legal-requests`, `/facebook/v21.0/oauth/access_token`), so the
 * wire documents read the same with the prefix added.
 */
import type { KnownPlatformId } from "../../domain/platforms.js";
import type { MockScenario } from "../mock/scenario.js";
import type { PlatformMock } from "../mock/types.js";
import {
  createFacebookMock,
  FACEBOOK_MOCK_APP_ID,
  FACEBOOK_MOCK_APP_SECRET,
  FACEBOOK_MOCK_BASE_URL,
} from "../mocks/facebook.js";
import {
  createInstagramMock,
  INSTAGRAM_MOCK_APP_ID,
  INSTAGRAM_MOCK_APP_SECRET,
  INSTAGRAM_MOCK_BASE_URL,
} from "../mocks/instagram.js";
import { createTelegramMock, TELEGRAM_MOCK_BASE_URL, TELEGRAM_MOCK_BOT_TOKEN } from "../mocks/telegram.js";
import {
  createTikTokMock,
  TIKTOK_MOCK_APP_KEY,
  TIKTOK_MOCK_APP_SECRET,
  TIKTOK_MOCK_BASE_URL,
} from "../mocks/tiktok.js";
import { createWhatsAppMock, WHATSAPP_MOCK_BASE_URL, WHATSAPP_MOCK_TOKEN } from "../mocks/whatsapp.js";
import { createXMock, X_MOCK_BASE_URL, X_MOCK_TOKEN, X_MOCK_WEBHOOK_SECRET } from "../mocks/x.js";

/**
 * The platforms the sandbox serves: the six built-in ids.
 *
 * @example
 * ```ts
 * const only: SandboxPlatformId[] = ["x", "telegram"];
 * await startSandbox({ port: 0, platforms: only });
 * ```
 */
export type SandboxPlatformId = KnownPlatformId;

/**
 * Every platform the sandbox can serve, in the order it lists them.
 *
 * @example
 * ```ts
 * import { SANDBOX_PLATFORM_IDS } from "referral-kit/testing";
 *
 * SANDBOX_PLATFORM_IDS.join(", "); // "facebook, instagram, whatsapp, tiktok, x, telegram"
 * ```
 */
export const SANDBOX_PLATFORM_IDS: readonly SandboxPlatformId[] = Object.freeze([
  "facebook",
  "instagram",
  "whatsapp",
  "tiktok",
  "x",
  "telegram",
]);

/** What a mock factory is given: where it answers, and how it decides. */
interface MockSetup {
  readonly baseUrl: string;
  readonly scenario: MockScenario;
  readonly startTime: number | string | undefined;
}

/** One built-in platform: its mock factory, the path of its modelled base URL, the mock's credentials. */
interface BuiltInPlatform {
  readonly create: (setup: MockSetup) => PlatformMock;
  /** The path of the modelled base URL (`/2` for X), kept below the sandbox prefix. */
  readonly basePath: string;
  readonly credentials: Readonly<Record<string, string>>;
}

const pathOf = (url: string): string => new URL(url).pathname.replace(/\/+$/, "");

const startTime = (setup: MockSetup) => (setup.startTime === undefined ? {} : { startTime: setup.startTime });

const BUILT_IN: Readonly<Record<SandboxPlatformId, BuiltInPlatform>> = {
  facebook: {
    create: (setup) =>
      createFacebookMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(FACEBOOK_MOCK_BASE_URL),
    credentials: { appId: FACEBOOK_MOCK_APP_ID, appSecret: FACEBOOK_MOCK_APP_SECRET },
  },
  instagram: {
    create: (setup) =>
      createInstagramMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(INSTAGRAM_MOCK_BASE_URL),
    credentials: { appId: INSTAGRAM_MOCK_APP_ID, appSecret: INSTAGRAM_MOCK_APP_SECRET },
  },
  whatsapp: {
    create: (setup) =>
      createWhatsAppMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(WHATSAPP_MOCK_BASE_URL),
    credentials: { accessToken: WHATSAPP_MOCK_TOKEN },
  },
  tiktok: {
    create: (setup) =>
      createTikTokMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(TIKTOK_MOCK_BASE_URL),
    credentials: { appKey: TIKTOK_MOCK_APP_KEY, appSecret: TIKTOK_MOCK_APP_SECRET },
  },
  x: {
    create: (setup) => createXMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(X_MOCK_BASE_URL),
    credentials: { bearerToken: X_MOCK_TOKEN, webhookSecret: X_MOCK_WEBHOOK_SECRET },
  },
  telegram: {
    create: (setup) =>
      createTelegramMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(TELEGRAM_MOCK_BASE_URL),
    credentials: { botToken: TELEGRAM_MOCK_BOT_TOKEN },
  },
};

/**
 * The base URL a platform answers on in a sandbox at `origin`: the platform id as a path prefix, then
 * the modelled API's own path. Pass it to the platform's adapter as `baseUrl`.
 *
 * @example
 * ```ts
 * import { sandboxPlatformUrl } from "referral-kit/testing";
 *
 * sandboxPlatformUrl("http://127.0.0.1:4010", "x"); // "http://127.0.0.1:4010/x/2"
 * sandboxPlatformUrl("http://127.0.0.1:4010", "telegram"); // "http://127.0.0.1:4010/telegram"
 * ```
 */
export function sandboxPlatformUrl(origin: string, platform: SandboxPlatformId): string {
  return `${origin.replace(/\/+$/, "")}/${platform}${BUILT_IN[platform].basePath}`;
}

/**
 * The credentials each built-in mock accepts, by the adapter option they go in (`bearerToken`,
 * `appId`/`appSecret`, `accessToken`, `appKey`/`appSecret`, `botToken`). Test values, public by design.
 *
 * @example
 * ```ts
 * import { sandboxCredentials } from "referral-kit/testing";
 *
 * const { bearerToken } = sandboxCredentials("x");
 * ```
 */
export function sandboxCredentials(platform: SandboxPlatformId): Readonly<Record<string, string>> {
  return BUILT_IN[platform].credentials;
}

/** Creates the mock of one built-in platform, answering at `setup.baseUrl`. */
export function createSandboxMock(platform: SandboxPlatformId, setup: MockSetup): PlatformMock {
  return BUILT_IN[platform].create(setup);
}

/**
 * The six built-in platform mocks as the sandbox serves them: each under its own path prefix, keeping the
 * modelled API's own path below it (`/x/2/legal-requests`, `/facebook/v21.0/oauth/access_token`), so the
 * wire documents read the same with the prefix added.
 */
import type { KnownPlatformId } from "../../domain/platforms.js";
import type { MockScenario } from "../mock/scenario.js";
import type { PlatformMock } from "../mock/types.js";
import { createFacebookMock, FACEBOOK_MOCK_BASE_URL } from "../mocks/facebook.js";
import { createInstagramMock, INSTAGRAM_MOCK_BASE_URL } from "../mocks/instagram.js";
import { createTelegramMock, TELEGRAM_MOCK_BASE_URL } from "../mocks/telegram.js";
import { createTikTokMock, TIKTOK_MOCK_BASE_URL } from "../mocks/tiktok.js";
import { createWhatsAppMock, WHATSAPP_MOCK_BASE_URL } from "../mocks/whatsapp.js";
import { createXMock, X_MOCK_BASE_URL } from "../mocks/x.js";

/** What a mock factory is given: where it answers, and how it decides. */
interface MockSetup {
  readonly baseUrl: string;
  readonly scenario: MockScenario;
  readonly startTime: number | string | undefined;
}

/** One built-in platform: its mock factory and the path of its modelled base URL. */
interface BuiltInPlatform {
  readonly create: (setup: MockSetup) => PlatformMock;
  /** The path of the modelled base URL (`/2` for X), kept below the sandbox prefix. */
  readonly basePath: string;
}

const pathOf = (url: string): string => new URL(url).pathname.replace(/\/+$/, "");

const startTime = (setup: MockSetup) => (setup.startTime === undefined ? {} : { startTime: setup.startTime });

const BUILT_IN: Readonly<Record<KnownPlatformId, BuiltInPlatform>> = {
  facebook: {
    create: (setup) =>
      createFacebookMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(FACEBOOK_MOCK_BASE_URL),
  },
  instagram: {
    create: (setup) =>
      createInstagramMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(INSTAGRAM_MOCK_BASE_URL),
  },
  whatsapp: {
    create: (setup) =>
      createWhatsAppMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(WHATSAPP_MOCK_BASE_URL),
  },
  tiktok: {
    create: (setup) =>
      createTikTokMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(TIKTOK_MOCK_BASE_URL),
  },
  x: {
    create: (setup) => createXMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(X_MOCK_BASE_URL),
  },
  telegram: {
    create: (setup) =>
      createTelegramMock({ baseUrl: setup.baseUrl, scenario: setup.scenario, ...startTime(setup) }),
    basePath: pathOf(TELEGRAM_MOCK_BASE_URL),
  },
};

/**
 * The base URL a platform answers on in a sandbox at `origin`: the platform id as a path prefix, then
 * the modelled API's own path. Pass it to the platform's adapter as `baseUrl`.
 *
 * @example
 * ```ts
 * sandboxPlatformUrl("http://127.0.0.1:4010", "x"); // "http://127.0.0.1:4010/x/2"
 * sandboxPlatformUrl("http://127.0.0.1:4010", "telegram"); // "http://127.0.0.1:4010/telegram"
 * ```
 */
export function sandboxPlatformUrl(origin: string, platform: KnownPlatformId): string {
  return `${origin.replace(/\/+$/, "")}/${platform}${BUILT_IN[platform].basePath}`;
}

/** Creates the mock of one built-in platform, answering at `setup.baseUrl`. */
export function createSandboxMock(platform: KnownPlatformId, setup: MockSetup): PlatformMock {
  return BUILT_IN[platform].create(setup);
}

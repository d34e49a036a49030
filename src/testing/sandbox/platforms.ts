/**
 * The six built-in platform mocks as the sandbox serves them: each under its own path prefix, keeping the
 * modelled API's own path below it (`/x/2/legal-requests`, `/facebook/v21.0/oauth/access_token`), so the
 * wire documents read the same with the prefix added.
 */
import type { KnownPlatformId } from "../../domain/platforms.js";
import type { MockScenario } from "../mock/scenario.js";
import type { PlatformMock } from "../mock/types.js";
import { createPlatformMock } from "../mocks/create-platform-mock.js";
import { FACEBOOK_MOCK_BASE_URL } from "../mocks/facebook.js";
import { INSTAGRAM_MOCK_BASE_URL } from "../mocks/instagram.js";
import { TELEGRAM_MOCK_BASE_URL } from "../mocks/telegram.js";
import { TIKTOK_MOCK_BASE_URL } from "../mocks/tiktok.js";
import { WHATSAPP_MOCK_BASE_URL } from "../mocks/whatsapp.js";
import { X_MOCK_BASE_URL } from "../mocks/x.js";

/** What a mock factory is given: where it answers, and how it decides. */
interface MockSetup {
  readonly baseUrl: string;
  readonly scenario: MockScenario;
  readonly startTime: number | string | undefined;
}

const pathOf = (url: string): string => new URL(url).pathname.replace(/\/+$/, "");

/** The path of each built-in platform's modelled base URL (`/2` for X), kept below the sandbox prefix. */
const BASE_PATHS: Readonly<Record<KnownPlatformId, string>> = {
  facebook: pathOf(FACEBOOK_MOCK_BASE_URL),
  instagram: pathOf(INSTAGRAM_MOCK_BASE_URL),
  whatsapp: pathOf(WHATSAPP_MOCK_BASE_URL),
  tiktok: pathOf(TIKTOK_MOCK_BASE_URL),
  x: pathOf(X_MOCK_BASE_URL),
  telegram: pathOf(TELEGRAM_MOCK_BASE_URL),
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
  return `${origin.replace(/\/+$/, "")}/${platform}${BASE_PATHS[platform]}`;
}

/** Creates the mock of one built-in platform, answering at `setup.baseUrl`. */
export function createSandboxMock(platform: KnownPlatformId, setup: MockSetup): PlatformMock {
  return createPlatformMock(platform, {
    baseUrl: setup.baseUrl,
    scenario: setup.scenario,
    ...(setup.startTime === undefined ? {} : { startTime: setup.startTime }),
  });
}

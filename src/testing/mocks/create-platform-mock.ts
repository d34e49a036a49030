/** One door to the six built-in platform mocks, keyed by platform id. One job. */
import { isKnownPlatform, type KnownPlatformId } from "../../domain/platforms.js";
import type { PlatformMock } from "../mock/types.js";
import { createFacebookMock } from "./facebook.js";
import { createInstagramMock } from "./instagram.js";
import type { MockOptions, MockStates } from "./options.js";
import { createTelegramMock } from "./telegram.js";
import { createTikTokMock } from "./tiktok.js";
import { createWhatsAppMock } from "./whatsapp.js";
import { createXMock } from "./x.js";

const FACTORIES: {
  readonly [P in KnownPlatformId]: (options?: MockOptions<P>) => PlatformMock<MockStates[P]>;
} = {
  facebook: createFacebookMock,
  instagram: createInstagramMock,
  whatsapp: createWhatsAppMock,
  tiktok: createTikTokMock,
  x: createXMock,
  telegram: createTelegramMock,
};

/**
 * The msw mock of a built-in platform's modelled protocol (the wire documents in `docs/wire/` describe
 * each): its handlers, a virtual clock, scenario controls (`setScenario`, `force`), fault injection and
 * the record of every call. The options are the platform's own (`MockOptions<"x">` takes
 * `unknownUsernames`, the Graph mocks `tokenLifetimeSeconds`, ...); credentials default to
 * {@link MOCK_CREDENTIALS}. Nothing is served until you install `mock.handlers` in an msw server.
 *
 * @throws {RangeError} `platform` is not one of the six built-in platforms (write a mock for another
 * platform with {@link definePlatformMock}).
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createXAdapter } from "referral-kit/adapters/x";
 * import { createPlatformMock, MOCK_CREDENTIALS } from "referral-kit/testing";
 *
 * const mock = createPlatformMock("x", { unknownUsernames: ["deleted_account"], seed: 7 });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const adapter = createXAdapter({ baseUrl: mock.baseUrl, ...MOCK_CREDENTIALS.x });
 * const receipt = await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "req-1:0" });
 * mock.force(receipt.platformRef, "declined", { reason: "no violation found" });
 * ```
 */
export function createPlatformMock<const P extends KnownPlatformId>(
  platform: P,
  options?: MockOptions<P>,
): PlatformMock<MockStates[P]> {
  if (!isKnownPlatform(platform)) {
    throw new RangeError(
      `no built-in mock for platform ${JSON.stringify(platform)}; built in: ${Object.keys(FACTORIES).join(", ")}`,
    );
  }
  const factory = FACTORIES[platform] as (options?: MockOptions<P>) => PlatformMock<MockStates[P]>;
  return factory(options);
}

/**
 * The outcome conformance case must FAIL for adapters that garble what a platform said it did, in the
 * ways each remaining protocol invites (X and Facebook: conformance-meta*.test.ts): TikTok's numeric decline
 * codes, WhatsApp's actions that are worldwide by definition, Telegram's lists of countries, Instagram's
 * words for a decline. Each test proves the healthy adapter passes the case and the broken one fails it,
 * for the defect's reason.
 */
import type { ReportingAdapter, StatusUpdate, TargetOutcome } from "referral-kit/adapter";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import {
  createPlatformMock,
  MOCK_CREDENTIALS,
  type PlatformMock,
  runConformanceCases,
} from "referral-kit/testing";
import { describe, expect, it } from "vitest";
import type { ConformanceSettings } from "../src/testing/conformance/kit.js";

const CASE = "outcomes: every outcome the platform can express reaches the event intact";
const retry = { baseDelayMs: 20, maxDelayMs: 100 };

interface Platform {
  readonly name: string;
  readonly createMock: () => PlatformMock;
  readonly healthy: (settings: ConformanceSettings) => ReportingAdapter;
  readonly secrets: readonly string[];
}

const tiktok: Platform = {
  name: "TikTok",
  createMock: () => createPlatformMock("tiktok"),
  healthy: ({ baseUrl, timeoutMs }) =>
    createTikTokAdapter({ baseUrl, timeoutMs, retry, ...MOCK_CREDENTIALS.tiktok }),
  secrets: [MOCK_CREDENTIALS.tiktok.appSecret],
};
const whatsapp: Platform = {
  name: "WhatsApp",
  createMock: () => createPlatformMock("whatsapp"),
  healthy: ({ baseUrl, timeoutMs }) =>
    createWhatsAppAdapter({ baseUrl, timeoutMs, retry, ...MOCK_CREDENTIALS.whatsapp }),
  secrets: [MOCK_CREDENTIALS.whatsapp.accessToken],
};
const telegram: Platform = {
  name: "Telegram",
  createMock: () => createPlatformMock("telegram"),
  healthy: ({ baseUrl, timeoutMs }) =>
    createTelegramAdapter({ baseUrl, timeoutMs, retry, ...MOCK_CREDENTIALS.telegram }),
  secrets: [MOCK_CREDENTIALS.telegram.botToken],
};
const instagram: Platform = {
  name: "Instagram",
  createMock: () => createPlatformMock("instagram"),
  healthy: ({ baseUrl, timeoutMs }) =>
    createInstagramAdapter({ baseUrl, timeoutMs, retry, ...MOCK_CREDENTIALS.instagram }),
  secrets: [MOCK_CREDENTIALS.instagram.appSecret],
};

/** The healthy adapter whose status updates pass each target through `garble`. */
function garbling(
  platform: Platform,
  garble: (target: TargetOutcome) => TargetOutcome,
): (settings: ConformanceSettings) => ReportingAdapter {
  return (settings) => {
    const inner = platform.healthy(settings);
    return {
      ...inner,
      submit: (input, options) => inner.submit(input, options),
      async getStatus(input, options = {}) {
        const update = await inner.getStatus(input, options);
        return {
          ...update,
          ...(update.targets ? { targets: update.targets.map(garble) } : {}),
        } as StatusUpdate;
      },
    };
  };
}

const broken: {
  platform: Platform;
  defect: string;
  message: RegExp;
  garble: (t: TargetOutcome) => TargetOutcome;
}[] = [
  {
    platform: tiktok,
    defect: "keeps an unknown numeric decline code as other but drops the code itself",
    message: /declined, other, code \d+\).*platformCode missing, the platform sent "\d+"/,
    garble: ({ platformCode, ...target }) =>
      target.reasonCode === "other" ? target : { ...target, ...(platformCode ? { platformCode } : {}) },
  },
  {
    platform: whatsapp,
    defect: "reads an action with no country list as unspecified, though WhatsApp's actions are worldwide",
    message: /scope missing, the platform sent "global"/,
    garble: ({ scope, ...target }) =>
      scope === "global" ? target : { ...target, ...(scope ? { scope } : {}) },
  },
  {
    platform: telegram,
    defect: "keeps only the first country of a restriction in several",
    message: /scope \["PK"\], the platform sent \["PK","AE"\]/,
    garble: (target) =>
      Array.isArray(target.scope) && target.scope.length > 1
        ? { ...target, scope: [target.scope[0]!] }
        : target,
  },
  {
    platform: instagram,
    defect: "keeps a decline's reason code but drops the platform's own words",
    message: /platformText missing, the platform sent "/,
    garble: ({ reason, ...target }) =>
      target.outcome === "rejected" ? target : { ...target, ...(reason ? { reason } : {}) },
  },
];

async function runCase(platform: Platform, createAdapter: (s: ConformanceSettings) => ReportingAdapter) {
  const mock = platform.createMock();
  const [result] = await runConformanceCases({
    createAdapter,
    mock,
    secrets: [...platform.secrets],
    only: (name) => name === CASE,
  });
  if (!result) throw new Error(`no case named ${CASE}`);
  return result;
}

describe("the outcome case catches each protocol's own way of garbling an outcome", () => {
  for (const { platform, defect, message, garble } of broken) {
    it(`fails a broken ${platform.name} adapter: it ${defect}`, async () => {
      const control = await runCase(platform, platform.healthy);
      expect(control.status, control.message).toBe("passed");
      const result = await runCase(platform, garbling(platform, garble));
      expect(result.status).toBe("failed");
      expect(result.message).toMatch(message);
      for (const secret of platform.secrets) expect(result.message).not.toContain(secret);
    }, 60_000);
  }
});

/**
 * The six reference adapters pointed at a sandbox (`startSandbox` from referral-kit/testing: the real
 * platform mocks over HTTP on loopback), and approved requests that each adapter takes, for the dispatch
 * fault tests. The sandbox runs in the test process, which reads the mocks' own records; worker
 * processes get only its URLs and credentials ({@link SandboxConnection}, plain JSON) and build their
 * adapters from them, as examples/demo/platforms.ts does (WhatsApp through its HTTP adapter, not email).
 */
import type { RequestKind } from "referral-kit";
import { KnownPlatformId, ReferralRequest } from "referral-kit";
import type { ReportingAdapter } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import type { PlatformLimits } from "referral-kit/dispatch";
import { conformanceRequest, defaultTarget, type Sandbox } from "referral-kit/testing";

/** Where each platform answers and the credentials its mock accepts: what a worker process is given. */
export type SandboxConnection = Record<
  KnownPlatformId,
  { readonly url: string; readonly credentials: Readonly<Record<string, string>> }
>;

/** The connection info of a running sandbox, for a worker's JSON config. */
export function sandboxConnection(sandbox: Sandbox): SandboxConnection {
  return Object.fromEntries(
    KnownPlatformId.options.map((id) => [
      id,
      { url: sandbox.platforms[id].url, credentials: { ...sandbox.platforms[id].credentials } },
    ]),
  ) as unknown as SandboxConnection;
}

/** The six reference adapters, built from the sandbox's URLs and credentials. */
export function sandboxAdapters(connection: SandboxConnection): ReportingAdapter[] {
  const c = connection;
  const credential = (id: KnownPlatformId, name: string): string => {
    const value = c[id].credentials[name];
    if (value === undefined) throw new Error(`the sandbox gave no ${name} for ${id}`);
    return value;
  };
  return [
    createFacebookAdapter({
      baseUrl: c.facebook.url,
      appId: credential("facebook", "appId"),
      appSecret: credential("facebook", "appSecret"),
    }),
    createInstagramAdapter({
      baseUrl: c.instagram.url,
      appId: credential("instagram", "appId"),
      appSecret: credential("instagram", "appSecret"),
    }),
    createWhatsAppAdapter({ baseUrl: c.whatsapp.url, accessToken: credential("whatsapp", "accessToken") }),
    createTikTokAdapter({
      baseUrl: c.tiktok.url,
      appKey: credential("tiktok", "appKey"),
      appSecret: credential("tiktok", "appSecret"),
    }),
    createXAdapter({ baseUrl: c.x.url, bearerToken: credential("x", "bearerToken") }),
    createTelegramAdapter({ baseUrl: c.telegram.url, botToken: credential("telegram", "botToken") }),
  ];
}

/**
 * The adapters declare their platforms' published rate limits (Instagram: 50 submissions an hour); the
 * sandbox does not enforce them, so the fault tests lift them (and keep the default concurrency).
 */
export const LIFTED_LIMITS: Readonly<Record<string, PlatformLimits>> = {
  default: { concurrency: 4, rateLimits: [{ limit: 100_000, windowMs: 1_000 }] },
};

// Drafted by one person, approved by another (the safeguards' four eyes).
const EVENTS = [
  { type: "drafted", at: "2026-01-05T08:00:00Z", by: { id: "analyst-1" } },
  { type: "approved", at: "2026-01-05T08:30:00Z", by: { id: "supervisor-1" } },
] as const;

/** Options for {@link sandboxRequests}. */
export interface SandboxRequestOptions {
  /** Request ids are `<prefix>-<nnnn>`. Default `req`. */
  readonly prefix?: string;
  /**
   * Every `multiEvery`-th request gets more targets than its platform's adapter takes per call (two or
   * three calls). Default 25.
   */
  readonly multiEvery?: number;
}

/**
 * `count` approved requests spread over the six platforms in turn, each valid for its adapter: the kind
 * cycles through the adapter's `requestKinds`, the targets are accounts or content alternately
 * (`remove-content` always content, which is all WhatsApp and Telegram take for it), built with the
 * conformance fixtures so the platforms' rules accept them. Every target is fresh (a global counter), so
 * no platform sees a target twice. Every `multiEvery`-th request has `maxTargetsPerCall + 1..5` targets
 * (two calls) or `2 × maxTargetsPerCall + 1..5` (three), by the adapter's `capabilities`.
 */
export function sandboxRequests(
  adapters: readonly ReportingAdapter[],
  count: number,
  options: SandboxRequestOptions = {},
): ReferralRequest[] {
  const prefix = options.prefix ?? "req";
  const multiEvery = options.multiEvery ?? 25;
  const byPlatform = new Map(adapters.map((adapter) => [adapter.platform, adapter]));
  let nextTarget = 1;
  return Array.from({ length: count }, (_, i) => {
    const platform = KnownPlatformId.options[i % KnownPlatformId.options.length]!;
    const adapter = byPlatform.get(platform);
    if (!adapter) throw new Error(`no adapter for ${platform}`);
    const { requestKinds, targetTypes, maxTargetsPerCall } = adapter.capabilities;
    const round = Math.floor(i / KnownPlatformId.options.length);
    const kind: RequestKind = requestKinds[round % requestKinds.length]!;
    const wanted = kind === "remove-content" || Math.floor(round / requestKinds.length) % 2 === 1;
    const type = wanted && targetTypes.includes("content") ? "content" : "account";
    const multi = i % multiEvery === 0 ? Math.floor(i / multiEvery) : undefined;
    const targets = multi === undefined ? 1 : maxTargetsPerCall * (1 + (multi % 2)) + 1 + ((multi >> 1) % 5);
    const make = defaultTarget(platform);
    const content = conformanceRequest({
      platform,
      kind,
      id: `${prefix}-${String(i).padStart(4, "0")}`,
      targets: Array.from({ length: targets }, () => make(nextTarget++, type)),
    });
    return ReferralRequest.parse({ ...content, events: EVENTS });
  });
}

/**
 * The platforms the demo talks to, all on this machine: the sandbox server (the six modelled platform APIs
 * and their public pages, over real HTTP on 127.0.0.1) and a loopback SMTP server. Five platforms are
 * reached through their reference adapters; WhatsApp requests go by email, as many agencies send them.
 * Public exports only: this is how an agency tool would wire it.
 */
import type { ReportingAdapter } from "referral-kit/adapter";
import { createEmailAdapter } from "referral-kit/adapters/email";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createXAdapter } from "referral-kit/adapters/x";
import { type Clock, systemClock } from "referral-kit/dispatch";
import { startSandbox } from "referral-kit/testing";
// The loopback SMTP server the tests use (smtp-server, a dev dependency of this repository).
import { startSmtpSink } from "../../test/support/smtp-sink.js";

/** Starts the sandbox and the SMTP sink, and builds one adapter per platform pointed at them. */
export async function startReferencePlatforms(startTime: string, seed = 2025) {
  const sandbox = await startSandbox({ port: 0, seed, scenario: { startTime } });
  const sink = await startSmtpSink();
  const p = sandbox.platforms;
  const email = createEmailAdapter({
    platform: "whatsapp",
    to: "government-requests@whatsapp.example",
    from: "referrals@ctu.example",
    transport: { host: sink.host, port: sink.port, requireTLS: false },
  });
  const adapters: ReportingAdapter[] = [
    createFacebookAdapter({
      baseUrl: p.facebook.url,
      appId: p.facebook.credentials.appId,
      appSecret: p.facebook.credentials.appSecret,
    }),
    createInstagramAdapter({
      baseUrl: p.instagram.url,
      appId: p.instagram.credentials.appId,
      appSecret: p.instagram.credentials.appSecret,
    }),
    email,
    createTikTokAdapter({
      baseUrl: p.tiktok.url,
      appKey: p.tiktok.credentials.appKey,
      appSecret: p.tiktok.credentials.appSecret,
    }),
    createXAdapter({ baseUrl: p.x.url, bearerToken: p.x.credentials.bearerToken }),
    createTelegramAdapter({ baseUrl: p.telegram.url, botToken: p.telegram.credentials.botToken }),
  ];
  let advanced = 0;
  const realStart = Date.now();
  // The dispatcher reads the sandbox's simulated time (plus the real time that has passed), so "three
  // days later" takes no time while waits (Retry-After, rate limits) still take their real time.
  const clock: Clock = {
    now: () => Date.parse(startTime) + advanced + (Date.now() - realStart),
    sleep: systemClock.sleep,
  };
  return {
    sandbox,
    sink,
    adapters,
    clock,
    /**
     * The adapters declare their platforms' published rate limits (Instagram: 50 submissions an hour).
     * The sandbox does not enforce them, so the demo lifts them to finish in seconds; a real run keeps them.
     */
    demoLimits: Object.fromEntries(
      adapters.map((adapter) => [adapter.platform, { rateLimits: [{ limit: 1_000, windowMs: 1_000 }] }]),
    ),
    /** Public pages the verification probe reads, per platform. */
    publicUrls: Object.fromEntries(Object.values(p).map((platform) => [platform.id, platform.publicUrl])),
    /** Moves every platform's clock (and the dispatcher's) forward. */
    advance(ms: number) {
      advanced += ms;
      sandbox.advance(ms);
    },
    async close() {
      email.close();
      await Promise.all([sandbox.close(), sink.close()]);
    },
  };
}

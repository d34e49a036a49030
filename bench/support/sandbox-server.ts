/**
 * dispatch.bench's default platform: the sandbox (`startSandbox` from referral-kit/testing, the six
 * modelled platform APIs over real HTTP on loopback) and the six reference adapters built from its URLs
 * and credentials, as examples/demo/platforms.ts does (WhatsApp through its HTTP adapter, not email).
 *
 * The raw side makes, per request, the HTTP call the platform's adapter makes. One probe submit per
 * platform through the adapter shows on the mock's records exactly what goes on the wire (URL, body,
 * headers); the raw loop replays it with the request's own id and target (fresh targets, as the
 * dispatcher's requests have: the mocks flag a target named twice as a duplicate, and that lookup
 * stops early, so replaying the probe's target would make the platform's work cheaper on the raw side)
 * and a fresh idempotency key, in the header or the body field where the adapter sends it. Credentials
 * the records redact are supplied the way the wire documents say: bearer tokens (X, WhatsApp), the bot
 * token in the path (Telegram), one OAuth app token fetched at setup (Facebook, Instagram: the adapter
 * also fetches one and reuses it), and TikTok's HMAC-SHA256 signature computed on every call over a
 * fresh timestamp and the body's SHA-256 (docs/wire/tiktok.md), as the adapter does. At setup, one more
 * request per platform goes both ways and the two records are compared (body and headers, up to the key).
 */

import { createHash, createHmac } from "node:crypto";
import ky from "ky";
import { KnownPlatformId, ReferralRequest } from "referral-kit";
import type { ReportingAdapter } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { createTelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createWhatsAppAdapter } from "referral-kit/adapters/whatsapp";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, defaultTarget } from "referral-kit/testing";
import type { BenchServer } from "./bench-server.js";
import { startSandboxInProcess, startSandboxProcess } from "./sandbox-access.js";

const PROBE_ID = "benchprobeid";
const PROBE_KEY = "benchprobekey";
/** The probe's target index; the requests' indexes count up from 1 and stay below it. */
const PROBE_INDEX = 999_999;
/** Headers the HTTP client sets by itself, or that differ per call by nature; not replayed. */
const TRANSPORT_HEADERS = new Set([
  "accept-encoding",
  "accept-language",
  "connection",
  "content-length",
  "host",
  "sec-fetch-mode",
  "user-agent",
]);
const REDACTED = "[REDACTED]";

// Every request is drafted by one person and approved by another (the safeguards' four eyes).
const EVENTS = ReferralRequest.parse({
  ...conformanceRequest({ platform: "x", kind: "suspend", targets: [defaultTarget("x")(0, "account")] }),
  events: [
    { type: "drafted", at: "2026-01-05T08:00:00Z", by: { id: "analyst-1" } },
    { type: "approved", at: "2026-01-05T08:30:00Z", by: { id: "supervisor-1" } },
  ],
}).events;

/** An approved `suspend` request with one account target (a username, or an E.164 number on WhatsApp). */
function benchRequest(platform: KnownPlatformId, id: string, index: number): ReferralRequest {
  const content = conformanceRequest({
    platform,
    kind: "suspend",
    targets: [defaultTarget(platform)(index, "account")],
    id,
  });
  return { ...content, events: EVENTS };
}

/** The target's identifier as it appears in the body (the username, or the phone number). */
function targetValue(request: ReferralRequest): string {
  const target = request.targets[0]!.target;
  if (target.type === "account") {
    const account = target.account as { phone?: string; username?: string };
    const value = account.phone ?? account.username;
    if (value !== undefined) return value;
  }
  throw new Error(`dispatch.bench: unexpected target ${JSON.stringify(target)}`);
}

interface RawCall {
  readonly url: string;
  /** Replayed as they were, credentials supplied. */
  readonly headers: Readonly<Record<string, string>>;
  /** The header the idempotency key travels in, or undefined when it travels in the body. */
  readonly keyHeader: string | undefined;
  readonly body: (id: string, target: string, key: string) => string;
  /** Per-call authentication (TikTok's signature). */
  readonly sign?: (body: string) => Record<string, string>;
  /** The platform's own success check beyond the 2xx (TikTok and Telegram answer errors with 200). */
  readonly accepted: (answer: unknown) => boolean;
}

/** Splits the probe's body at its markers once; each call joins the pieces with its own values. */
function compileBody(text: string, targetMarker: string, keyInBody: boolean) {
  const markers = [PROBE_ID, PROBE_KEY, targetMarker];
  for (const marker of keyInBody ? markers : [PROBE_ID, targetMarker]) {
    if (!text.includes(marker))
      throw new Error(`dispatch.bench: ${marker} is not in the probe's body ${text}`);
  }
  const escaped = markers.map((marker) => marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pieces = text.split(new RegExp(`(${escaped.join("|")})`));
  return (id: string, target: string, key: string) => {
    let out = "";
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      out += i % 2 === 0 ? piece : piece === PROBE_ID ? id : piece === PROBE_KEY ? key : target;
    }
    return out;
  };
}

/**
 * The sandbox in a process of its own (`where: "process"`, the default: a real platform is a remote
 * server, so its CPU is not the measured client's) or in this process (`"in-process"`: the previous
 * measurement, whose platform handlers ran on the event loop of whichever side was being timed).
 */
export async function startSandboxServer(where: "process" | "in-process" = "process"): Promise<BenchServer> {
  const sandbox = where === "process" ? await startSandboxProcess() : await startSandboxInProcess();
  const p = sandbox.platforms;
  const adapters: Record<KnownPlatformId, ReportingAdapter> = {
    facebook: createFacebookAdapter({
      baseUrl: p.facebook.url,
      appId: p.facebook.credentials.appId,
      appSecret: p.facebook.credentials.appSecret,
    }),
    instagram: createInstagramAdapter({
      baseUrl: p.instagram.url,
      appId: p.instagram.credentials.appId,
      appSecret: p.instagram.credentials.appSecret,
    }),
    whatsapp: createWhatsAppAdapter({
      baseUrl: p.whatsapp.url,
      accessToken: p.whatsapp.credentials.accessToken,
    }),
    tiktok: createTikTokAdapter({
      baseUrl: p.tiktok.url,
      appKey: p.tiktok.credentials.appKey,
      appSecret: p.tiktok.credentials.appSecret,
    }),
    x: createXAdapter({ baseUrl: p.x.url, bearerToken: p.x.credentials.bearerToken }),
    telegram: createTelegramAdapter({ baseUrl: p.telegram.url, botToken: p.telegram.credentials.botToken }),
  };
  const http = ky.create({ retry: 0, timeout: 30_000 });

  // Facebook and Instagram: one app token, fetched once (the adapters fetch theirs once too, in the probe).
  const appToken = async (platform: "facebook" | "instagram") => {
    const { appId, appSecret } = p[platform].credentials;
    const answer = await http
      .post(`${p[platform].url}/oauth/access_token`, {
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: appId!,
          client_secret: appSecret!,
        }),
      })
      .json<{ access_token: string }>();
    return answer.access_token;
  };
  const auth: Record<KnownPlatformId, Record<string, string>> = {
    facebook: { authorization: `Bearer ${await appToken("facebook")}` },
    instagram: { authorization: `Bearer ${await appToken("instagram")}` },
    whatsapp: { authorization: `Bearer ${p.whatsapp.credentials.accessToken}` },
    x: { authorization: `Bearer ${p.x.credentials.bearerToken}` },
    tiktok: {},
    telegram: {},
  };

  const submits = (platform: KnownPlatformId) => sandbox.submits(platform);

  // The probe: one submit through the adapter, read back from the platform's records.
  const calls = {} as Record<KnownPlatformId, RawCall>;
  for (const platform of KnownPlatformId.options) {
    const probe = benchRequest(platform, PROBE_ID, PROBE_INDEX);
    await adapters[platform].submit(
      { request: probe, targets: probe.targets },
      { idempotencyKey: PROBE_KEY },
    );
    const record = (await submits(platform)).at(-1)!;
    const keyHeader = Object.keys(record.headers).find((name) => record.headers[name] === PROBE_KEY);
    const headers: Record<string, string> = { ...auth[platform] };
    for (const [name, value] of Object.entries(record.headers)) {
      if (TRANSPORT_HEADERS.has(name) || value === REDACTED || name === keyHeader) continue;
      if (platform === "tiktok" && name === "x-tt-timestamp") continue;
      headers[name] = value;
    }
    // Telegram's bot token is in the path, which the records redact.
    const url =
      platform === "telegram" ? record.url.replace(REDACTED, p.telegram.credentials.botToken!) : record.url;
    if (url.includes(REDACTED)) throw new Error(`dispatch.bench: a credential in the URL ${url}`);
    const signedPath = new URL(url).pathname + new URL(url).search;
    const { appKey, appSecret } = p.tiktok.credentials;
    calls[platform] = {
      url,
      headers,
      keyHeader,
      body: compileBody(JSON.stringify(record.body), targetValue(probe), keyHeader === undefined),
      // docs/wire/tiktok.md: HMAC-SHA256 (hex, app secret) of app key, timestamp, method, path, sha256(body).
      ...(platform === "tiktok"
        ? {
            sign: (body: string) => {
              const timestamp = String(Math.floor(Date.now() / 1000));
              const hash = createHash("sha256").update(body).digest("hex");
              const signature = createHmac("sha256", appSecret!)
                .update(`${appKey}\n${timestamp}\nPOST\n${signedPath}\n${hash}`)
                .digest("hex");
              return { "x-tt-timestamp": timestamp, "x-tt-signature": signature };
            },
          }
        : {}),
      accepted:
        platform === "tiktok"
          ? (answer) => (answer as { code?: unknown }).code === 0
          : platform === "telegram"
            ? (answer) => (answer as { ok?: unknown }).ok === true
            : () => true,
    };
  }

  const send = async (request: ReferralRequest, key: string) => {
    const call = calls[request.platform as KnownPlatformId];
    const body = call.body(request.id, targetValue(request), key);
    const headers = call.sign ? { ...call.headers, ...call.sign(body) } : { ...call.headers };
    if (call.keyHeader) headers[call.keyHeader] = key;
    const answer = await http.post(call.url, { body, headers }).json();
    if (!call.accepted(answer)) {
      throw new Error(`dispatch.bench: ${request.platform} refused a raw call: ${JSON.stringify(answer)}`);
    }
  };

  // The check that the raw call is the adapter's call: one more request each way, records compared.
  let index = 1;
  for (const platform of KnownPlatformId.options) {
    const request = benchRequest(platform, "benchverify", index++);
    await adapters[platform].submit(
      { request, targets: request.targets },
      { idempotencyKey: "benchverifya" },
    );
    await send(request, "benchverifyr");
    const [viaAdapter, viaRaw] = (await submits(platform)).slice(-2);
    const normal = (record: typeof viaAdapter, key: string) => ({
      url: record!.url,
      body: JSON.stringify(record!.body).replaceAll(key, "KEY"),
      headers: Object.entries(record!.headers)
        .filter(([name]) => !TRANSPORT_HEADERS.has(name))
        .map(([name, value]) =>
          value === key ? `${name}: KEY` : name === "x-tt-timestamp" ? name : `${name}: ${value}`,
        )
        .sort()
        .join("\n"),
      status: record!.status,
    });
    const a = JSON.stringify(normal(viaAdapter, "benchverifya"));
    const r = JSON.stringify(normal(viaRaw, "benchverifyr"));
    if (a !== r) throw new Error(`dispatch.bench: the raw ${platform} call differs:\n${a}\n${r}`);
  }

  const reset = () => sandbox.reset();
  await reset();

  return {
    label: `the sandbox (startSandbox, six modelled platform APIs; ${sandbox.where}) and the six reference adapters`,
    platforms: KnownPlatformId.options,
    adapters: KnownPlatformId.options.map((platform) => adapters[platform]),
    batch: (tag, size) =>
      Array.from({ length: size }, (_, i) => {
        if (index >= PROBE_INDEX) throw new Error("dispatch.bench: out of target indexes");
        const platform = KnownPlatformId.options[i % KnownPlatformId.options.length]!;
        return benchRequest(platform, `${tag}-${i}`, index++);
      }),
    async raw(requests, prefix, concurrency) {
      await Promise.all(
        KnownPlatformId.options.map(async (platform) => {
          const mine = requests.filter((request) => request.platform === platform);
          let next = 0;
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (next < mine.length) {
                const request = mine[next++]!;
                await send(request, `${prefix}:${request.id}`);
              }
            }),
          );
        }),
      );
    },
    reset,
    async check(requests, side) {
      for (const platform of KnownPlatformId.options) {
        const expected = requests.filter((request) => request.platform === platform).length;
        const { wrong, taken, created } = await sandbox.tally(platform);
        if (wrong.length > 0 || taken !== expected || created !== expected) {
          throw new Error(
            `dispatch.bench: ${side} on ${platform}: ${taken} submits, ${created} created, ${expected} expected; ` +
              `unexpected calls: ${JSON.stringify(wrong)}`,
          );
        }
      }
    },
    close: () => sandbox.close(),
  };
}

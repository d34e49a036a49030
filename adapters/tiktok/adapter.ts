import type { AdapterCapabilities, SecretSource } from "referral-kit/adapter";
import {
  createHttpClient,
  type DefinedAdapter,
  defineAdapter,
  type HttpMethod,
  type HttpRequestOptions,
  type HttpTransportConfig,
  httpTransportOptions,
  ProtocolError,
} from "referral-kit/adapter";
import type { z } from "zod";
import { TIKTOK_HEADERS, tiktokSigning } from "./auth.js";
import { parseTikTokError } from "./errors.js";
import { toReceipt, toStatusUpdate, toSubmitBody } from "./map.js";
import { isoFromUnix } from "./time.js";
import {
  TikTokCancelDataSchema,
  type TikTokEnvelope,
  TikTokEnvelopeSchema,
  TikTokSubmitDataSchema,
  type TikTokTargetDecision,
  type TikTokTargetsPage,
  TikTokTargetsPageSchema,
} from "./wire.js";

/**
 * The modelled TikTok base URL. An `.example` host: TikTok publishes no public API for government
 * requests.
 *
 * @example
 * ```ts
 * createTikTokAdapter({ baseUrl: TIKTOK_DEFAULT_BASE_URL, appKey, appSecret });
 * ```
 */
export const TIKTOK_DEFAULT_BASE_URL = "https://open.gov-requests.tiktok.example/v2";

/** The largest page TikTok serves for `GET /legal/requests/{id}/targets`. */
const MAX_PAGE_SIZE = 100;

/**
 * What the TikTok adapter can do: four request kinds (`disclose-data` goes through TikTok's separate
 * data-request process), accounts and videos or photos, polling (cursor-paginated per-target results),
 * cancellation, no webhooks in this model, 50 targets per legal request, and TikTok's (modelled)
 * per-minute limits. Each status page counts against the `getStatus` limit.
 *
 * @example
 * ```ts
 * TIKTOK_CAPABILITIES.maxTargetsPerCall; // 50
 * ```
 */
export const TIKTOK_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "restrict-locally", "preserve"],
  targetTypes: ["account", "content"],
  statusPolling: true,
  webhooks: false,
  withdrawal: true,
  maxTargetsPerCall: 50,
  rateLimits: [
    { operation: "submit", limit: 100, windowMs: 60_000 },
    { operation: "getStatus", limit: 600, windowMs: 60_000 },
    { operation: "withdraw", limit: 100, windowMs: 60_000 },
  ],
});

/**
 * Configuration of {@link createTikTokAdapter}. Only the credentials are needed, and they may come from
 * the environment (`REFERRAL_KIT_TIKTOK_APP_KEY`, `REFERRAL_KIT_TIKTOK_APP_SECRET`).
 *
 * @example
 * ```ts
 * const config: TikTokAdapterConfig = { appKey: "agency-app", appSecret: process.env.TIKTOK_APP_SECRET };
 * ```
 */
export interface TikTokAdapterConfig extends HttpTransportConfig {
  /** Default `https://open.gov-requests.tiktok.example/v2`. */
  baseUrl?: string;
  /** The app key (not secret: it names the app). Default: `REFERRAL_KIT_TIKTOK_APP_KEY`. */
  appKey?: string;
  /** The app secret that signs every call, or a function read on every attempt. Default: `REFERRAL_KIT_TIKTOK_APP_SECRET`. */
  appSecret?: SecretSource;
  /** Targets per status page, 1 to 100 (default 100). */
  statusPageSize?: number;
  /** The most status pages one `getStatus` follows before giving up (default 100). */
  maxStatusPages?: number;
  /** Per HTTP call, retries included (default 120 s); each status page is one call. */
  deadlineMs?: number;
  /** The clock (epoch ms): signature timestamps and retry dates. */
  now?: () => number;
}

/**
 * Creates the TikTok reference adapter, speaking the modelled TikTok government-requests protocol
 * (docs/wire/tiktok.md): HMAC-signed calls, `POST /legal/requests` with up to 50 targets and per-target
 * results, cursor-paginated `GET /legal/requests/{id}/targets` (followed to the last page, the signal
 * checked between pages), `POST /legal/requests/{id}/cancel`, and TikTok's `{ code, message, request_id }`
 * envelope, where a non-zero code is an error even on HTTP 200.
 *
 * @example
 * ```ts
 * import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
 *
 * const tiktok = createTikTokAdapter({ appKey: "agency-app", appSecret: process.env.TIKTOK_APP_SECRET });
 * const receipt = await tiktok.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const update = await tiktok.getStatus({ platformRef: receipt.platformRef }, { signal });
 * ```
 */
export function createTikTokAdapter(config: TikTokAdapterConfig = {}): DefinedAdapter<"tiktok"> {
  const now = config.now ?? Date.now;
  const baseUrl = config.baseUrl ?? TIKTOK_DEFAULT_BASE_URL;
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(config.statusPageSize ?? MAX_PAGE_SIZE)));
  const maxPages = config.maxStatusPages ?? 100;
  const auth = tiktokSigning({
    ...(config.appKey ? { appKey: config.appKey } : {}),
    ...(config.appSecret ? { appSecret: config.appSecret } : {}),
  });
  const client = createHttpClient({
    platform: "tiktok",
    baseUrl,
    auth,
    ...httpTransportOptions(config),
    now,
    idempotencyHeader: TIKTOK_HEADERS.idempotencyKey,
    requestIdHeaders: ["x-tt-logid"],
    parseErrorBody: parseTikTokError,
    // Business errors come on HTTP 200 with a non-zero code: the client maps and retries them like any.
    errorInBody: parseTikTokError,
  });

  /**
   * One call: the envelope first (a non-zero code is an error whatever the HTTP status), then `data`
   * against the endpoint's schema.
   */
  async function call<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    dataSchema: S,
    options: {
      body?: unknown;
      searchParams?: HttpRequestOptions["searchParams"];
      signal?: AbortSignal;
      idempotencyKey?: string;
    },
  ): Promise<{ data: z.output<S>; envelope: TikTokEnvelope }> {
    const result = await client.request(method, path, {
      schema: TikTokEnvelopeSchema,
      ...(options.body === undefined ? {} : { body: { json: options.body } }),
      ...(options.searchParams ? { searchParams: options.searchParams } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
    });
    // A non-zero code never gets here: errorInBody turned it into an error (retried where it may pass).
    const envelope = result.data;
    const requestId = envelope.request_id ?? result.requestId;
    const url = `${baseUrl.replace(/\/+$/, "")}${path}`;
    const parsed = dataSchema.safeParse(envelope.data);
    if (!parsed.success) {
      throw ProtocolError.fromZod(parsed.error, {
        platform: "tiktok",
        status: result.status,
        method,
        url,
        ...(requestId ? { requestId } : {}),
        what: "data",
        pathPrefix: ["data"],
      });
    }
    return { data: parsed.data, envelope };
  }

  return defineAdapter({
    platform: "tiktok",
    capabilities: TIKTOK_CAPABILITIES,
    async submit(input, { signal, idempotencyKey }) {
      const { data, envelope } = await call("POST", "/legal/requests", TikTokSubmitDataSchema, {
        body: toSubmitBody(input),
        idempotencyKey,
        ...(signal ? { signal } : {}),
      });
      const receipt = toReceipt(input, data, envelope);
      if (typeof receipt === "string") {
        throw new ProtocolError({
          platform: "tiktok",
          status: 200,
          ...(envelope.request_id ? { requestId: envelope.request_id } : {}),
          reason: receipt,
        });
      }
      return receipt;
    },
    async getStatus({ platformRef }, { signal }) {
      const path = `/legal/requests/${encodeURIComponent(platformRef)}/targets`;
      const decisions: TikTokTargetDecision[] = [];
      const pages: TikTokEnvelope[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      let last: TikTokTargetsPage | undefined;
      for (;;) {
        // Between pages too: a caller that gave up must not cost it another request.
        signal?.throwIfAborted();
        if (pages.length >= maxPages) {
          throw new ProtocolError({
            platform: "tiktok",
            reason: `more than ${maxPages} status pages for ${platformRef}`,
          });
        }
        const { data, envelope } = await call("GET", path, TikTokTargetsPageSchema, {
          searchParams: { page_size: pageSize, cursor },
          ...(signal ? { signal } : {}),
        });
        pages.push(envelope);
        decisions.push(...data.targets);
        last = data;
        if (!data.has_more) break;
        // A cursor that does not move would loop for ever.
        if (data.cursor === "" || seen.has(data.cursor)) {
          throw new ProtocolError({
            platform: "tiktok",
            reason: `the status cursor did not advance for ${platformRef}`,
          });
        }
        seen.add(data.cursor);
        cursor = data.cursor;
      }
      // The last page is the freshest view of the request itself.
      return toStatusUpdate(last.legal_request, decisions, { pages });
    },
    async withdraw({ platformRef, reason }, { signal, idempotencyKey }) {
      const { data, envelope } = await call(
        "POST",
        `/legal/requests/${encodeURIComponent(platformRef)}/cancel`,
        TikTokCancelDataSchema,
        { body: { reason }, idempotencyKey, ...(signal ? { signal } : {}) },
      );
      return {
        platformRef: data.legal_request_id,
        withdrawnAt: isoFromUnix(data.cancel_time),
        raw: envelope,
      };
    },
  });
}

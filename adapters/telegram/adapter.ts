import type { AdapterCapabilities, SecretSource, StatusUpdate } from "referral-kit/adapter";
import {
  createHttpClient,
  type DefinedAdapter,
  defineAdapter,
  type HttpTransportConfig,
  httpTransportOptions,
  NotFoundError,
  ProtocolError,
} from "referral-kit/adapter";
import type { z } from "zod";
import { botTokenInPath } from "./auth.js";
import { parseTelegramError } from "./errors.js";
import { toReceipt, toStatusUpdate, toSubmitBody } from "./map.js";
import {
  type TelegramEnvelope,
  TelegramEnvelopeSchema,
  TelegramReportSchema,
  TelegramSubmitResultSchema,
  TelegramUpdatesResultSchema,
} from "./wire.js";

/**
 * The modelled Telegram base URL; calls go to `<base>/bot<token>/<method>`. An `.example` host: Telegram
 * publishes no public API for government reports.
 *
 * @example
 * ```ts
 * createTelegramAdapter({ baseUrl: TELEGRAM_DEFAULT_BASE_URL, botToken });
 * ```
 */
export const TELEGRAM_DEFAULT_BASE_URL = "https://api.gov-requests.telegram.example";

/**
 * What the Telegram adapter can do: block public channels, groups and bots, delete their messages (so
 * `remove-content` takes messages, not whole chats: `targetTypesByKind`), or restrict them in one
 * country; public chats only (private invites, private channels and chats by
 * phone are refused before any HTTP); status by `getReportStatus`, and outcomes as updates through
 * `pollUpdates` ({@link TelegramAdapter}); no withdrawal, no webhooks in this model; 100 items per report (as
 * Telegram's `deleteMessages` takes 1 to 100); Telegram's 30 calls per second.
 *
 * @example
 * ```ts
 * TELEGRAM_CAPABILITIES.withdrawal; // false
 * ```
 */
export const TELEGRAM_CAPABILITIES: AdapterCapabilities = Object.freeze<AdapterCapabilities>({
  requestKinds: ["suspend", "remove-content", "restrict-locally"],
  targetTypes: ["account", "content"],
  targetTypesByKind: { "remove-content": ["content"] },
  statusPolling: true,
  webhooks: false,
  withdrawal: false,
  maxTargetsPerCall: 100,
  rateLimits: [{ operation: "all", limit: 30, windowMs: 1_000 }],
});

/**
 * Configuration of {@link createTelegramAdapter}. Only the bot token is needed, and it may come from
 * `REFERRAL_KIT_TELEGRAM_BOT_TOKEN`.
 *
 * @example
 * ```ts
 * const config: TelegramAdapterConfig = { botToken: process.env.TELEGRAM_BOT_TOKEN };
 * ```
 */
export interface TelegramAdapterConfig extends HttpTransportConfig {
  /** Default `https://api.gov-requests.telegram.example`. */
  baseUrl?: string;
  /** `<bot id>:<secret>`, or a function read on every attempt. Default: `REFERRAL_KIT_TELEGRAM_BOT_TOKEN`. */
  botToken?: SecretSource;
  /** The clock (epoch ms), for retry dates. */
  now?: () => number;
}

/**
 * The Telegram adapter: a v1 adapter plus `pollUpdates`, Telegram's own way of reporting outcomes.
 *
 * @example
 * ```ts
 * const telegram: TelegramAdapter = createTelegramAdapter({ botToken });
 * ```
 */
export type TelegramAdapter = DefinedAdapter<"telegram"> & {
  /**
   * Reads report changes with `getUpdates` (short polling), as status updates. Outside the v1 spec, which
   * has no pull feed: `getStatus` stays the portable way to ask, this is the cheap way to hear about many
   * reports at once. Feed each update to `toRequestEvents`, then persist `nextOffset`.
   *
   * @example
   * ```ts
   * const { updates, nextOffset } = await telegram.pollUpdates({ offset: savedOffset, limit: 100, signal });
   * ```
   */
  pollUpdates(options?: {
    /**
     * The first update to return: the `nextOffset` of the previous call. Passing it confirms every earlier
     * update, which Telegram then forgets; omit it to get every unconfirmed update.
     */
    offset?: number;
    /** 1 to 100 (default 100). */
    limit?: number;
    signal?: AbortSignal;
  }): Promise<{
    /** The status updates, oldest first. */
    readonly updates: readonly StatusUpdate[];
    /**
     * `update_id` of the last update plus one, or the offset given when there were none: store it once
     * the updates are safely recorded, and pass it next time.
     */
    readonly nextOffset: number | undefined;
  }>;
};

type PollOptions = NonNullable<Parameters<TelegramAdapter["pollUpdates"]>[0]>;
type UpdateBatch = Awaited<ReturnType<TelegramAdapter["pollUpdates"]>>;

/**
 * Creates the Telegram reference adapter, speaking the modelled Telegram government-reports protocol
 * (docs/wire/telegram.md): Bot-API style methods at `<base>/bot<token>/<method>` (`submitReport`,
 * `getReportStatus`, `getUpdates`), every answer an `{ ok, result }` envelope, `client_report_id` for
 * idempotency, and `parameters.retry_after` honoured on 429. The bot token never appears in an error, a
 * hook payload or a log line.
 *
 * @example
 * ```ts
 * import { createTelegramAdapter } from "referral-kit/adapters/telegram";
 *
 * const telegram = createTelegramAdapter({ botToken: process.env.TELEGRAM_BOT_TOKEN });
 * const receipt = await telegram.submit({ request, targets: request.targets }, { idempotencyKey: `${request.id}:0` });
 * const { updates, nextOffset } = await telegram.pollUpdates({ offset: savedOffset });
 * ```
 */
export function createTelegramAdapter(config: TelegramAdapterConfig = {}): TelegramAdapter {
  const baseUrl = config.baseUrl ?? TELEGRAM_DEFAULT_BASE_URL;
  const auth = botTokenInPath(baseUrl, config.botToken);
  const client = createHttpClient({
    platform: "telegram",
    baseUrl,
    auth,
    ...httpTransportOptions(config),
    // The key travels in the body (`client_report_id`), never as a header.
    idempotencyHeader: false,
    parseErrorBody: parseTelegramError,
    // `ok: false` is an error whatever the status (Telegram keeps them in step, but may not on 200).
    errorInBody: parseTelegramError,
  });

  /** One method call: the envelope first (`ok: false` is an error whatever the status), then `result`. */
  async function method<S extends z.ZodType>(
    name: string,
    body: Record<string, unknown>,
    resultSchema: S,
    options: { signal?: AbortSignal; idempotencyKey?: string },
  ): Promise<{ result: z.output<S>; envelope: TelegramEnvelope }> {
    const response = await client.request("POST", `/${name}`, {
      schema: TelegramEnvelopeSchema,
      body: { json: body },
      ...(options.signal ? { signal: options.signal } : {}),
      // Reads are safe to repeat; a submit is, because its key is in the body.
      ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : { idempotent: true }),
    });
    const envelope = response.data;
    const url = `${baseUrl.replace(/\/+$/, "")}/${name}`;
    // `ok: false` never gets here: errorInBody turned it into an error (retried where it may pass).
    if (!envelope.ok) throw new ProtocolError({ platform: "telegram", url, reason: "ok: false envelope" });
    const parsed = resultSchema.safeParse(envelope.result);
    if (!parsed.success) {
      throw ProtocolError.fromZod(parsed.error, {
        platform: "telegram",
        status: response.status,
        method: "POST",
        url,
        what: "result",
        pathPrefix: ["result"],
        secrets: auth.secrets(),
      });
    }
    return { result: parsed.data, envelope };
  }

  const adapter = defineAdapter({
    platform: "telegram",
    capabilities: TELEGRAM_CAPABILITIES,
    async submit(input, { signal, idempotencyKey }) {
      const { result, envelope } = await method(
        "submitReport",
        toSubmitBody(input, idempotencyKey),
        TelegramSubmitResultSchema,
        { idempotencyKey, ...(signal ? { signal } : {}) },
      );
      const receipt = toReceipt(input, result, envelope);
      if (typeof receipt === "string")
        throw new ProtocolError({ platform: "telegram", status: 200, reason: receipt });
      return receipt;
    },
    async getStatus({ platformRef }, { signal }) {
      // Telegram's report ids are integers: no other reference can name a report.
      if (!/^\d{1,15}$/.test(platformRef)) {
        throw new NotFoundError({
          platform: "telegram",
          platformMessage: `${JSON.stringify(platformRef)} is not a Telegram report id`,
        });
      }
      const { result, envelope } = await method(
        "getReportStatus",
        { report_id: Number(platformRef) },
        TelegramReportSchema,
        signal ? { signal } : {},
      );
      return toStatusUpdate(result, envelope);
    },
  });

  async function pollUpdates(options: PollOptions = {}): Promise<UpdateBatch> {
    options.signal?.throwIfAborted();
    const limit = Math.min(100, Math.max(1, Math.floor(options.limit ?? 100)));
    const { result } = await method(
      "getUpdates",
      { ...(options.offset === undefined ? {} : { offset: options.offset }), limit, timeout: 0 },
      TelegramUpdatesResultSchema,
      options.signal ? { signal: options.signal } : {},
    );
    const last = result.at(-1);
    return {
      updates: result.map((update) => toStatusUpdate(update.report, update)),
      nextOffset: last ? last.update_id + 1 : options.offset,
    };
  }

  // The marker defineAdapter sets is kept (descriptors, not spread), so resolveAdapter does not re-wrap.
  return Object.freeze(
    Object.defineProperties(
      {},
      {
        ...Object.getOwnPropertyDescriptors(adapter),
        pollUpdates: { value: pollUpdates, enumerable: true },
      },
    ),
  ) as TelegramAdapter;
}

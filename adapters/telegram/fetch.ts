/**
 * Telegram says how long to wait in the body (`parameters.retry_after`), not in a header. The toolkit's
 * retry decision reads headers only, so this `fetch` wrapper copies the body's wait into `Retry-After`
 * when the header is missing; the toolkit then waits exactly as asked (or, for a long wait, stops with
 * `RateLimitedError.retryAfterMs`), instead of retrying early and earning a longer flood wait.
 */
import { TelegramEnvelopeSchema } from "./wire.js";

/**
 * Wraps a `fetch` (resolved at call time) so error answers carrying `parameters.retry_after` also carry
 * `Retry-After`.
 *
 * @example
 * ```ts
 * createHttpClient({ platform: "telegram", baseUrl, fetch: withRetryAfterFromBody(() => globalThis.fetch) });
 * ```
 */
export function withRetryAfterFromBody(current: () => typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await current()(input, init);
    if (response.ok || response.headers.has("retry-after")) return response;
    let seconds: number | undefined;
    try {
      const parsed = TelegramEnvelopeSchema.safeParse(await response.clone().json());
      seconds = parsed.success && !parsed.data.ok ? parsed.data.parameters?.retry_after : undefined;
    } catch {
      return response;
    }
    if (seconds === undefined) return response;
    const headers = new Headers(response.headers);
    headers.set("retry-after", String(Math.ceil(seconds)));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

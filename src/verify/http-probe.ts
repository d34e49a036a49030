import { abortableSleep } from "../adapter/http/abort.js";
import { watchAbort } from "../adapter/http/abort-watch.js";
import type { PlatformDefinition } from "../domain/targets/platform-definition.js";
import { AVAILABILITY_META, type PageRules, rulesFor } from "./page-rules.js";
import type { ProbeObservation, ProbeTarget, VerificationProbe } from "./probe.js";

const MAX_REDIRECTS = 3;

/**
 * The reference verification probe: fetches a target's public page and classifies the answer by status
 * and the platform's page rules: 404 and 410 removed, 451 withheld, a redirect to the platform's
 * "suspended" page removed, a 200 page carrying a removed or withheld marker accordingly, any other 200
 * still available; login walls, 401/403, 429, 5xx, timeouts and network failures are
 * `verification-failed` (inconclusive, never a result). Requests are paced per host and time-limited.
 *
 * It reads availability only: no cookies or credentials are sent, a 200 page is read only up to
 * `maxBodyBytes` to look for markers and then dropped; nothing from a page is returned or stored.
 *
 * @example
 * ```ts
 * import { createHttpProbe, verifyTargets } from "referral-kit/verify";
 *
 * const probe = createHttpProbe({ rateLimit: { requests: 1, perMs: 2_000 }, timeoutMs: 10_000 });
 * const records = await verifyTargets(requests, { probe });
 * ```
 */
export function createHttpProbe(
  options: {
    /** The `fetch` to use, read at call time (default `globalThis.fetch`). */
    readonly fetch?: typeof globalThis.fetch;
    /** Calls per host: at most `requests` per `perMs`, spaced evenly. Default 1 per second. */
    readonly rateLimit?: { readonly requests: number; readonly perMs: number };
    /** Per page, redirects included. Default 10 s. */
    readonly timeoutMs?: number;
    /** Per-platform page rules, before any definition's (default: each platform's definition). */
    readonly rules?: Readonly<Record<string, PageRules>>;
    /** Definitions of platforms referral-kit does not ship: their `pageRules` are used for their targets. */
    readonly platforms?: readonly PlatformDefinition[];
    /**
     * Send a platform's checks to another origin (the sandbox): `https://x.com/somename` with
     * `{ x: "http://127.0.0.1:4010/public/x" }` is fetched as `http://127.0.0.1:4010/public/x/somename`.
     */
    readonly baseUrls?: Readonly<Record<string, string>>;
    /** How much of a 200 page is read to look for markers, in bytes. Default 65 536. */
    readonly maxBodyBytes?: number;
    /** Default `referral-kit-verify/1 (availability check)`. */
    readonly userAgent?: string;
    /** Recorded as the probe's id. Default `http`. */
    readonly id?: string;
    /** How long to wait (ms) in the rate limiter; tests pass a fake. */
    readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    /** The clock (epoch ms) of the rate limiter. */
    readonly now?: () => number;
  } = {},
): VerificationProbe {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 65_536;
  const rate = options.rateLimit ?? { requests: 1, perMs: 1_000 };
  if (!(rate.requests > 0) || !(rate.perMs >= 0))
    throw new RangeError("rateLimit needs requests > 0 and perMs >= 0");
  const interval = rate.perMs / rate.requests;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const userAgent = options.userAgent ?? "referral-kit-verify/1 (availability check)";
  const nextSlot = new Map<string, number>();

  /** Reserves the host's next slot and waits for it, so concurrent checks of one host stay spaced. */
  const pace = async (host: string, signal: AbortSignal) => {
    const at = Math.max(now(), nextSlot.get(host) ?? 0);
    nextSlot.set(host, at + interval);
    const wait = at - now();
    if (wait > 0) await sleep(wait, signal);
  };
  const coolDown = (host: string, ms: number) => {
    nextSlot.set(host, Math.max(nextSlot.get(host) ?? 0, now() + ms));
  };

  return {
    id: options.id ?? "http",
    async check(target: ProbeTarget, { signal }: { signal?: AbortSignal } = {}): Promise<ProbeObservation> {
      if (!target.url) return { result: "verification-failed", reason: "no public URL for this target" };
      const url = rewrite(target.url, options.baseUrls?.[target.platform]);
      const rules = rulesFor(target.platform, options.rules, options.platforms);
      if (signal?.aborted) throw signal.reason;
      // One controller for the caller's abort and the timeout: `AbortSignal.any` on a long-lived caller
      // signal leaves an entry on it per check that Node 20 never removes.
      const controller = new AbortController();
      const combined = controller.signal;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`timeout after ${timeoutMs} ms`, "TimeoutError"));
      }, timeoutMs);
      const unwatch = signal ? watchAbort(signal, () => controller.abort(signal.reason)) : () => {};
      const fetch = options.fetch ?? globalThis.fetch;
      const changed = url === target.url ? {} : { url };
      let current = url;
      try {
        for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
          const host = new URL(current).host;
          await pace(host, combined);
          const response = await fetch(current, {
            method: "GET",
            redirect: "manual",
            credentials: "omit",
            headers: { "user-agent": userAgent, accept: "text/html" },
            signal: combined,
          });
          const status = response.status;
          if (status >= 300 && status < 400) {
            discard(response);
            const location = response.headers.get("location");
            if (!location)
              return {
                result: "verification-failed",
                httpStatus: status,
                reason: `status ${status} without location`,
                ...changed,
              };
            const next = new URL(location, current).toString();
            if (rules.removedRedirects.some((p) => p.test(next))) {
              return {
                result: "verified-removed",
                httpStatus: status,
                reason: "redirect to a removed page",
                ...changed,
              };
            }
            if (rules.loginRedirects.some((p) => p.test(next))) {
              return { result: "verification-failed", httpStatus: status, reason: "login wall", ...changed };
            }
            current = next;
            continue;
          }
          if (status === 200) {
            const head = await readHead(response, maxBody);
            return { ...classifyPage(head, rules), httpStatus: 200, ...changed };
          }
          discard(response);
          if (status === 404 || status === 410)
            return { result: "verified-removed", httpStatus: status, reason: `status ${status}`, ...changed };
          if (status === 451)
            return { result: "verified-withheld", httpStatus: status, reason: "status 451", ...changed };
          if (status === 429) coolDown(host, retryAfterMs(response.headers.get("retry-after")) ?? 60_000);
          return {
            result: "verification-failed",
            httpStatus: status,
            reason: failureReason(status),
            ...changed,
          };
        }
        return { result: "verification-failed", reason: "too many redirects", ...changed };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timedOut)
          return { result: "verification-failed", reason: `timeout after ${timeoutMs} ms`, ...changed };
        const code = causeCode(error);
        return {
          result: "verification-failed",
          reason: `network error${code ? ` ${code}` : ""}`,
          ...changed,
        };
      } finally {
        clearTimeout(timer);
        unwatch();
      }
    },
  };
}

/**
 * Classifies the head of a 200 page: the availability meta marker first, then the platform's withheld
 * and removed markers; otherwise still available.
 *
 * @example
 * ```ts
 * classifyPage("<h1>Account suspended</h1>", DEFAULT_PAGE_RULES.x); // { result: "verified-removed", reason: "marker \"Account suspended\"" }
 * ```
 */
export function classifyPage(head: string, rules: PageRules): ProbeObservation {
  const meta = AVAILABILITY_META.exec(head)?.[1]?.toLowerCase();
  if (meta === "withheld") return { result: "verified-withheld", reason: "marker availability=withheld" };
  if (meta === "removed" || meta === "suspended")
    return { result: "verified-removed", reason: `marker availability=${meta}` };
  if (meta === "available") return { result: "still-available", reason: "marker availability=available" };
  const lower = head.toLowerCase();
  const withheld = rules.withheldMarkers.find((m) => lower.includes(m.toLowerCase()));
  if (withheld) return { result: "verified-withheld", reason: `marker ${JSON.stringify(withheld)}` };
  const removed = rules.removedMarkers.find((m) => lower.includes(m.toLowerCase()));
  if (removed) return { result: "verified-removed", reason: `marker ${JSON.stringify(removed)}` };
  return { result: "still-available" };
}

function rewrite(url: string, base: string | undefined): string {
  if (!base) return url;
  const parsed = new URL(url);
  return `${base.replace(/\/+$/, "")}${parsed.pathname}${parsed.search}`;
}

/** Reads at most `max` bytes of the body, then cancels the rest: enough for markers, nothing kept. */
async function readHead(response: Response, max: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Not awaited: a server that keeps sending must not hold the check up.
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, max));
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function failureReason(status: number): string {
  if (status === 401 || status === 403) return `status ${status} (login wall or blocked)`;
  if (status === 429) return "status 429 (rate limited)";
  if (status >= 500) return `status ${status} (platform error)`;
  return `status ${status} (not a known availability answer)`;
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

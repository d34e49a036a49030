import { type Clock, systemClock } from "../dispatch/clock.js";
import { CliInputError, UsageError } from "./command.js";
import { messageOf } from "./options.js";

/**
 * The clock a command records and computes times with: this machine's, or with `--clock <url>` (or
 * `$REFERRAL_KIT_CLOCK`) a sandbox's virtual clock. The sandbox decides on its virtual clock; a command on
 * the machine's clock would record submissions after decisions dated earlier, and every time to action
 * would come out as zero. The sandbox's time is read once (`GET /__sandbox`, the latest of its platforms'
 * clocks) and the real time passing is added to it, as the platforms' answers arrive in real time.
 *
 * @example
 * ```ts
 * const clock = await cliClock("http://127.0.0.1:4010", io.env);
 * new Date(clock.now()).toISOString(); // the sandbox's virtual time
 * ```
 */
export async function cliClock(
  option: string | undefined,
  env: Record<string, string | undefined>,
): Promise<Clock> {
  const url = option ?? env.REFERRAL_KIT_CLOCK;
  if (url === undefined || url === "") return systemClock;
  if (!/^https?:\/\/[^/]/i.test(url)) throw new UsageError(`--clock: "${url}" is not an http(s) URL`);
  const admin = `${url.replace(/\/+$/, "").replace(/\/__sandbox$/, "")}/__sandbox`;
  let body: { platforms?: Record<string, { now?: unknown }> };
  try {
    const response = await fetch(admin, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new CliInputError(`cannot read the sandbox clock at ${admin}: ${messageOf(error)}`);
  }
  const times = Object.values(body.platforms ?? {})
    .map((platform) => (typeof platform.now === "string" ? Date.parse(platform.now) : Number.NaN))
    .filter((time) => !Number.isNaN(time));
  if (times.length === 0)
    throw new CliInputError(`${admin} reports no platform clock: is it a referral-kit sandbox?`);
  const offset = Math.max(...times) - Date.now();
  return { now: () => Date.now() + offset, sleep: systemClock.sleep };
}

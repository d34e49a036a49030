/**
 * True when `host` only accepts connections from this machine: `localhost`, 127.0.0.0/8, `::1` (and
 * IPv4-mapped loopback). `0.0.0.0`, `::` and every other address or name are reachable from elsewhere.
 * Pure string checks (no `node:net`), so importing referral-kit/testing stays free of Node built-ins.
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("0.0.0.0"); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost") return true;
  if (/^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(bare)) return true;
  if (bare === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(bare)) return true;
  return /^::ffff:127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(bare);
}

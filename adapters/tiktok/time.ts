/** TikTok's times: Unix seconds (integers), both ways. */

/**
 * TikTok's Unix seconds to ISO 8601 (UTC).
 *
 * @example
 * ```ts
 * isoFromUnix(1767603600); // "2026-01-05T09:00:00.000Z"
 * ```
 */
export const isoFromUnix = (seconds: number) => new Date(seconds * 1000).toISOString();

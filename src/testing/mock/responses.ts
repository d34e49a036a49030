/** Reading a call's body and adding headers to an answer, as every platform mock does. */

/**
 * A call's body: form fields as an object, JSON parsed, anything else as text (`invalid` when it claims
 * to be JSON and is not).
 * @internal
 *
 * @example
 * ```ts
 * parseBody('{"a":1}', "application/json"); // { body: { a: 1 }, invalid: false }
 * ```
 */
export function parseBody(raw: string, contentType: string | null): { body: unknown; invalid: boolean } {
  if (raw === "") return { body: undefined, invalid: false };
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(raw)), invalid: false };
  }
  try {
    return { body: JSON.parse(raw), invalid: false };
  } catch {
    return { body: raw, invalid: contentType?.includes("json") ?? true };
  }
}

/**
 * The response with headers added (kept where the response already sets them, unless `override`): a copy,
 * or with `inPlace` the response itself when its headers can be changed (every response a handler builds).
 * @internal
 *
 * @example
 * ```ts
 * withHeaders(response, { "retry-after": "2" });
 * ```
 */
export function withHeaders(
  response: Response,
  headers: Record<string, string>,
  override = false,
  inPlace = false,
): Response {
  if (inPlace) {
    try {
      for (const [name, value] of Object.entries(headers)) {
        if (override || !response.headers.has(name)) response.headers.set(name, value);
      }
      return response;
    } catch {
      // Immutable headers: fall back to a copy (set is refused before anything changes).
    }
  }
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (override || !merged.has(name)) merged.set(name, value);
  }
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}

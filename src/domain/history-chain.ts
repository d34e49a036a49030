import { type ContentHash, contentHash, sha256 } from "./canonical-json.js";
import type { RequestContent, RequestEvent } from "./schemas/request.js";

/** The hash links of one stored event (see {@link linkEvents}). */
export type EventLink = ReturnType<typeof linkEvents>[number];

/**
 * The hash of one event in its request's chain: SHA-256 over the canonical JSON (see `canonicalJson`) of
 * `{ "event": <the event>, "n": <its position, from 0>, "prev": <the previous link>, "requestId": <id> }`,
 * written `sha256:<hex>`. The position and the request id are inside, so an event moved to another place
 * or another request no longer matches; `prev` makes each event vouch for all before it.
 *
 * @example
 * ```ts
 * const first = eventHash(request.id, 0, requestContentHash(request), request.events[0]);
 * ```
 */
export function eventHash(requestId: string, n: number, prev: ContentHash, event: RequestEvent): ContentHash {
  return contentHash({ event, n, prev, requestId });
}

/**
 * The start of a request's chain: the hash of its content (everything but `events`), so the content a
 * history belongs to cannot be changed without breaking the first link.
 *
 * @example
 * ```ts
 * import { requestContentHash } from "referral-kit/dispatch";
 *
 * requestContentHash(request); // "sha256:..."
 * ```
 */
export function requestContentHash(
  request: RequestContent | (RequestContent & { events: unknown }),
): ContentHash {
  const { events: _events, ...content } = request as RequestContent & { events?: unknown };
  return contentHash(content);
}

/**
 * The hash links of `events`, appended at position `from` after the link `prev` (the last event's hash, or
 * `requestContentHash(request)` for a history's first events). Each link is `prev`, the hash of the event
 * before it in its request's history, and `hash`, its own: SHA-256 over the canonical JSON (see
 * `canonicalJson`) of `{ "event", "n" (its position, from 0), "prev", "requestId" }`, written
 * `sha256:<hex>`. The position and the request id are inside, so an event moved to another place or another
 * request no longer matches; `prev` makes each event vouch for all before it.
 *
 * @example
 * ```ts
 * import { linkEvents, requestContentHash } from "referral-kit/dispatch";
 *
 * const all = linkEvents(request.id, 0, requestContentHash(request), request.events);
 * const more = linkEvents(request.id, request.events.length, all.at(-1)!.hash, newEvents);
 * ```
 */
export function linkEvents(
  requestId: string,
  from: number,
  prev: ContentHash,
  events: readonly RequestEvent[],
): { readonly prev: ContentHash; readonly hash: ContentHash }[] {
  const links: EventLink[] = [];
  let previous = prev;
  events.forEach((event, index) => {
    const hash = eventHash(requestId, from + index, previous, event);
    links.push({ prev: previous, hash });
    previous = hash;
  });
  return links;
}

/**
 * Every link of a request's history, from its content.
 *
 * @example
 * ```ts
 * historyLinks(request).at(-1)?.hash; // the request's head
 * ```
 */
export function historyLinks(request: RequestContent & { events: readonly RequestEvent[] }): EventLink[] {
  return linkEvents(request.id, 0, requestContentHash(request), request.events);
}

/** The store chain's value before any event: 64 zeros. */
export const STORE_CHAIN_GENESIS: ContentHash = `sha256:${"0".repeat(64)}`;

/**
 * The next value of a store's running hash after an event: SHA-256 over the UTF-8 of the previous value
 * followed by the event's hash, both as written (`sha256:<hex>`), as `sha256:<hex>`. Every event of a
 * store, in the order the store took them, goes through it, so a deleted request (all its events) breaks
 * the store chain even though its own chain went with it. The SQL stores compute the same in SQL:
 * `'sha256:' || encode(sha256(convert_to(previous || hash, 'UTF8')), 'hex')`.
 *
 * @example
 * ```ts
 * import { STORE_CHAIN_GENESIS, nextStoreHead } from "referral-kit/dispatch";
 *
 * const head = links.reduce((value, link) => nextStoreHead(value, link.hash), STORE_CHAIN_GENESIS);
 * ```
 */
export function nextStoreHead(previous: string, eventHash: string): ContentHash {
  return sha256(previous + eventHash);
}

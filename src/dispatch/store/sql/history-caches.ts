import type { ContentHash } from "../../../domain/canonical-json.js";
import { historyLinks } from "../../../domain/history-chain.js";
import type { ReferralRequest, RequestEvent } from "../../../domain/schemas/request.js";
import { CONTENT_CACHE_LIMIT } from "./rows.js";

/** A history's length and the hash of its last event. */
export interface KnownHead {
  readonly count: number;
  readonly head: ContentHash;
}

/**
 * The hash of the last event of requests whose events this store wrote, with the history's length then,
 * so a settle links its events without reading or hashing the history again. Bounded: past the limit it
 * starts again empty, and a head not known is computed from the history.
 */
export class KnownHeads {
  private readonly heads = new Map<string, KnownHead>();

  /** Records the heads of histories just written (call once their transaction committed). */
  readonly remember = (heads: Iterable<[string, KnownHead]>): void => {
    for (const [id, head] of heads) {
      if (this.heads.size >= CONTENT_CACHE_LIMIT && !this.heads.has(id)) this.heads.clear();
      this.heads.set(id, head);
    }
  };

  /** The hash of `request`'s last event: known, or computed from its content and history. */
  readonly headOf = (request: ReferralRequest): ContentHash => {
    const known = this.heads.get(request.id);
    if (known?.count === request.events.length) return known.head;
    return historyLinks(request).at(-1)!.hash;
  };
}

/**
 * The histories of requests this store saved and has not claimed yet: a claim checks only their length
 * (the history is append-only, so the same length is the same history) instead of reading every event
 * of every claimed request back, which was the dearest part of a claim. Bounded: past the limit, a
 * request's history is read at settle instead, as for requests another process saved.
 */
export class SavedHistories {
  private readonly histories = new Map<string, RequestEvent[]>();

  /** Keeps the histories of requests just saved (their transaction committed), while there is room. */
  keep(requests: Iterable<ReferralRequest>): void {
    for (const request of requests) {
      if (this.histories.size >= CONTENT_CACHE_LIMIT) break;
      this.histories.set(request.id, request.events);
    }
  }

  /** The saved history of a request, which a claim takes (it is kept no longer). */
  take(requestId: string): RequestEvent[] | undefined {
    const saved = this.histories.get(requestId);
    if (saved) this.histories.delete(requestId);
    return saved;
  }
}

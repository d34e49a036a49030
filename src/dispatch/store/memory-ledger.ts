import type { ContentHash } from "../../domain/canonical-json.js";
import {
  linkEvents,
  nextStoreHead,
  requestContentHash,
  STORE_CHAIN_GENESIS,
} from "../../domain/history-chain.js";
import type { ReferralRequest, RequestEvent } from "../../domain/schemas/request.js";
import type { AuditedEvent, AuditedRequest, HistoryAuditTrail } from "./audit-trail.js";

/** An event's links in its request's chain and in the store chain. */
interface Links {
  readonly prev: ContentHash;
  readonly hash: ContentHash;
  readonly chainPosition: number;
  readonly chainHash: ContentHash;
}

/**
 * The memory store's hash chains: each request's (the links of its events) and the store's running hash
 * over every event in the order taken, as the SQL stores keep them in their rows.
 */
export class MemoryLedger {
  #head: ContentHash = STORE_CHAIN_GENESIS;
  #position = 0;
  readonly #links = new Map<string, Links[]>();
  /** Every event's request and position, in chain order. */
  readonly #order: { requestId: string; n: number }[] = [];

  /** Links events appended to a request whose history had `from` events (0 for a new request). */
  append(request: ReferralRequest, from: number, events: readonly RequestEvent[]): void {
    const links = this.#links.get(request.id) ?? [];
    const prev = from === 0 ? requestContentHash(request) : links[from - 1]!.hash;
    linkEvents(request.id, from, prev, events).forEach((link, index) => {
      this.#position += 1;
      this.#head = nextStoreHead(this.#head, link.hash);
      links.push({ ...link, chainPosition: this.#position, chainHash: this.#head });
      this.#order.push({ requestId: request.id, n: from + index });
    });
    this.#links.set(request.id, links);
  }

  /** The audit trail over the requests as the store holds them (by store order). */
  trail(requests: () => Iterable<ReferralRequest>): HistoryAuditTrail {
    const audited = (request: ReferralRequest, n: number): AuditedEvent => {
      const link = this.#links.get(request.id)?.[n];
      return {
        requestId: request.id,
        n,
        event: request.events[n],
        prev: link?.prev ?? null,
        hash: link?.hash ?? null,
        chainPosition: link?.chainPosition ?? null,
        chainHash: link?.chainHash ?? null,
      };
    };
    const ledger = this;
    return {
      async *requests(): AsyncIterable<AuditedRequest> {
        for (const request of [...requests()]) {
          const { events, ...content } = request;
          yield {
            requestId: request.id,
            content,
            eventCount: events.length,
            events: events.map((_, n) => audited(request, n)),
          };
        }
      },
      async *chain(): AsyncIterable<AuditedEvent> {
        const byId = new Map([...requests()].map((request) => [request.id, request]));
        for (const { requestId, n } of [...ledger.#order]) {
          const request = byId.get(requestId);
          if (request) yield audited(request, n);
        }
      },
      head: async () => ({ position: ledger.#position, head: ledger.#head }),
    };
  }
}

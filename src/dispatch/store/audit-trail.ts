/**
 * One stored event exactly as the store holds it, with its hash links, for `verifyHistory`. Nothing is
 * parsed, repaired or checked on the way out: a damaged row is shown as it is.
 *
 * @example
 * ```ts
 * for await (const row of store.auditTrail().chain()) console.log(row.chainPosition, row.requestId, row.n);
 * ```
 */
export interface AuditedEvent {
  readonly requestId: string;
  /** The event's position in its request's history, from 0. */
  readonly n: number;
  /** The event as stored. */
  readonly event: unknown;
  /** The stored hash of the previous event (of the content, for the first), `null` if the row has none. */
  readonly prev: string | null;
  /** The stored hash of this event. */
  readonly hash: string | null;
  /** The event's position in the store chain, from 1. */
  readonly chainPosition: number | null;
  /** The store's running hash after this event. */
  readonly chainHash: string | null;
}

/**
 * One stored request as the store holds it: its content, the event count it records, and its events by
 * position.
 *
 * @example
 * ```ts
 * for await (const request of store.auditTrail().requests()) console.log(request.requestId, request.events.length);
 * ```
 */
export interface AuditedRequest {
  readonly requestId: string;
  readonly content: unknown;
  /** The number of events the request's own row records. */
  readonly eventCount: number;
  readonly events: readonly AuditedEvent[];
}

/**
 * The store chain's head: how many events the store has taken, and its running hash after the last.
 *
 * @example
 * ```ts
 * const { position, head } = await store.auditTrail().head();
 * ```
 */
export interface StoreChainHead {
  readonly position: number;
  readonly head: string;
}

/**
 * The stored rows `verifyHistory` reads, from any store: requests in store order, every event in store
 * chain order, and the chain's head.
 *
 * @example
 * ```ts
 * const trail: HistoryAuditTrail = store.auditTrail();
 * ```
 */
export interface HistoryAuditTrail {
  /** Every request, in the order stored, with its events by position. */
  requests(): AsyncIterable<AuditedRequest>;
  /** Every event of the store, by chain position (events without one last). */
  chain(): AsyncIterable<AuditedEvent>;
  /** The chain's head as the store records it. */
  head(): Promise<StoreChainHead>;
}

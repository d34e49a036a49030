import type { ReferralRequest, RequestContent, RequestEvent } from "../../domain/schemas/request.js";
import { isOpen as isOpenState } from "../deconfliction.js";
import { StoreError } from "../errors.js";
import type { HistoryAuditTrail } from "./audit-trail.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf } from "./history.js";
import { copyValue } from "./memory-copy.js";
import { MemoryLedger } from "./memory-ledger.js";
import type { EnqueueEntry, RequestFilter, RequestStore, SaveResult } from "./port.js";

/** A request as the memory repository keeps it. */
interface StoredRequest {
  /** The order it was stored in (1 for the first). */
  readonly seq: number;
  request: ReferralRequest;
  readonly contentJson: string;
}

/**
 * The memory store's requests, their histories with the hash chains (`MemoryLedger`), and the index of the
 * targets they cover. Requests are copied on the way in and on the way out; nothing stored is shared
 * with a caller.
 */
export class MemoryRequestRepository {
  private readonly requests = new Map<string, StoredRequest>();

  private seq = 0;

  private readonly ledger = new MemoryLedger();

  /** The store-wide index of targets: target key to the ids of the requests covering it. */
  private readonly byTarget = new Map<string, Set<string>>();

  /**
   * See `RequestStore.saveRequests`. `enqueue` is given each request stored now, with its order and its
   * job plan, to queue its jobs; every conflict is checked before anything is written, so a refused call
   * changes nothing.
   */
  save(
    entries: readonly EnqueueEntry[],
    enqueue: (request: ReferralRequest, seq: number, batches: EnqueueEntry["batches"]) => void,
  ): SaveResult {
    const checked = entries.map((entry) => ({
      request: checkEntry(entry),
      batches: entry.batches,
      json: "",
    }));
    const inserted: string[] = [];
    const existing: string[] = [];
    const seen = new Map<string, string>();
    for (const item of checked) {
      const { request } = item;
      item.json = canonicalJson(contentOf(request));
      const stored = this.requests.get(request.id)?.contentJson ?? seen.get(request.id);
      if (stored !== undefined && stored !== item.json) throw conflict(request.id);
      seen.set(request.id, item.json);
    }
    for (const { request, batches, json } of checked) {
      if (this.requests.has(request.id)) {
        existing.push(request.id);
        continue;
      }
      this.seq += 1;
      const stored: StoredRequest = { seq: this.seq, request: copyValue(request), contentJson: json };
      this.requests.set(request.id, stored);
      this.ledger.append(stored.request, 0, stored.request.events);
      for (const key of batches.flat()) {
        const ids = this.byTarget.get(key) ?? new Set<string>();
        ids.add(request.id);
        this.byTarget.set(key, ids);
      }
      enqueue(stored.request, stored.seq, batches);
      inserted.push(request.id);
    }
    return { inserted, existing };
  }

  /** See `RequestStore.getRequest`. */
  get(id: string): ReferralRequest | undefined {
    const stored = this.requests.get(id);
    return stored ? copyValue(stored.request) : undefined;
  }

  /** The request as stored (not a copy: never hand it out or change it), or `request_not_found`. */
  stored(id: string): ReferralRequest {
    return this.mustGet(id).request;
  }

  /** A copy of the content of a stored request (without its history). */
  content(id: string): RequestContent {
    return copyValue(contentOf(this.mustGet(id).request));
  }

  /** See `RequestStore.listRequests`. */
  *list(filter: RequestFilter): Iterable<ReferralRequest> {
    const ids = filter.ids ? new Set(filter.ids) : undefined;
    const statuses = filter.status ? new Set(filter.status) : undefined;
    // The map keeps the order requests were stored; a snapshot, as before, so later saves are not listed.
    const all = [...this.requests.values()];
    for (const stored of all) {
      const { request } = stored;
      if (filter.platform !== undefined && request.platform !== filter.platform) continue;
      if (ids && !ids.has(request.id)) continue;
      if (filter.unit !== undefined && request.issuingAuthority.unit !== filter.unit) continue;
      const last = request.events[request.events.length - 1];
      if (statuses && !(last && statuses.has(last.type))) continue;
      yield copyValue(request);
    }
  }

  /** See `RequestStore.appendEvents`. */
  append(
    requestId: string,
    events: readonly RequestEvent[],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ): ReferralRequest {
    const stored = this.mustGet(requestId);
    const parsed = checkAppend(stored.request, events, options.expectedCount);
    this.appendChecked(requestId, parsed);
    return copyValue(stored.request);
  }

  /** Appends events already checked against the stored history (with `checkAppend`). */
  appendChecked(requestId: string, events: readonly RequestEvent[]): void {
    const stored = this.mustGet(requestId);
    this.ledger.append(stored.request, stored.request.events.length, events);
    stored.request = { ...stored.request, events: [...stored.request.events, ...events] };
  }

  /** The open requests (see `isOpen`) covering a target, as stored (not copies), with their store order. */
  *openCovering(targetKey: string): Iterable<{ request: ReferralRequest; seq: number }> {
    for (const id of this.byTarget.get(targetKey) ?? []) {
      const stored = this.mustGet(id);
      const last = stored.request.events[stored.request.events.length - 1];
      if (last !== undefined && isOpenState(stored.request.kind, last.type)) {
        yield { request: stored.request, seq: stored.seq };
      }
    }
  }

  /** See `RequestStore.auditTrail`. */
  trail(): HistoryAuditTrail {
    return this.ledger.trail(() => [...this.requests.values()].map((stored) => copyValue(stored.request)));
  }

  private mustGet(id: string): StoredRequest {
    const stored = this.requests.get(id);
    if (!stored) throw new StoreError("request_not_found", `no request ${id} is stored`, { requestId: id });
    return stored;
  }
}

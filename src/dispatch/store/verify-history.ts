import type { ContentHash } from "../../domain/canonical-json.js";
import {
  eventHash,
  nextStoreHead,
  requestContentHash,
  STORE_CHAIN_GENESIS,
} from "../../domain/history-chain.js";
import type { RequestContent, RequestEvent } from "../../domain/schemas/request.js";
import type { AuditedEvent, HistoryAuditTrail, StoreChainHead } from "./audit-trail.js";

/** One broken link of a {@link HistoryReport}. */
export type BrokenLink = HistoryReport["broken"][number];

/** Why a link is broken. */
type BrokenLinkReason = BrokenLink["reason"];

/**
 * What {@link verifyHistory} found. `ok` when every link holds; otherwise `firstBroken` is the first
 * broken link (by store order, then position) and `broken` lists the first broken link of each request,
 * then the store chain's.
 *
 * @example
 * ```ts
 * const report = await verifyHistory(store);
 * if (!report.ok) console.error(report.firstBroken?.message);
 * ```
 */
export interface HistoryReport {
  readonly ok: boolean;
  readonly requests: number;
  readonly events: number;
  /** The head as recomputed from the events (equal to the stored one when `ok`). */
  readonly head: StoreChainHead;
  /** The head the store records. */
  readonly storedHead: StoreChainHead;
  /** The first broken link (by store order, then position), or `undefined` when every link holds. */
  readonly firstBroken: HistoryReport["broken"][number] | undefined;
  /**
   * The first broken link of each request, then the store chain's, each with where it is: the request
   * and the event's position in its history, and the store chain position, where known (a deleted
   * request leaves only the chain positions it took).
   */
  readonly broken: readonly {
    /**
     * What broke a link:
     * - `content_changed`: a request's content no longer matches the hash its first event links to;
     * - `event_changed`: an event no longer matches its own hash;
     * - `link_broken`: an event does not link to the one before it (reordered, or one deleted before it);
     * - `event_missing`: a position of a history has no event, or fewer events than the request records;
     * - `chain_gap`: positions of the store chain are missing (a deleted request, or deleted events);
     * - `chain_broken`: the store's running hash does not follow from the events in chain order;
     * - `head_mismatch`: the chain ends elsewhere than the head the store records (events deleted at the end);
     * - `unlinked`: an event stored without its hash links.
     */
    readonly reason:
      | "content_changed"
      | "event_changed"
      | "link_broken"
      | "event_missing"
      | "chain_gap"
      | "chain_broken"
      | "head_mismatch"
      | "unlinked";
    readonly requestId: string | undefined;
    /** The event's position in its request's history (from 0). */
    readonly position: number | undefined;
    /** The position in the store chain (from 1). */
    readonly chainPosition: number | undefined;
    readonly message: string;
  }[];
}

/**
 * Verifies a store's tamper-evident history: each request's chain (its first event links to the hash of
 * its content, each later event to the hash of the one before it, and each event matches its own hash;
 * see `eventHash`), then the store chain (every event, in the order the store took them, through
 * `nextStoreHead`, without gaps, ending at the head the store records). Reads the rows as stored; changes
 * nothing.
 *
 * The chain makes changes evident, not impossible: someone who can write the database and recompute
 * every hash after a change can make a consistent store. Keep the head you verified (`referral-kit audit
 * --out`, signed with `--sign`), and a later audit with `since` checks that the store still passes through
 * it: that nothing before it was changed.
 *
 * @example
 * ```ts
 * import { openStore, verifyHistory } from "referral-kit/dispatch";
 *
 * const report = await verifyHistory(await openStore("./referrals.store"));
 * if (!report.ok) console.error(report.firstBroken?.requestId, report.firstBroken?.position, report.firstBroken?.message);
 * ```
 */
export async function verifyHistory(
  store: { auditTrail(): HistoryAuditTrail },
  options: { since?: StoreChainHead; maxBroken?: number } = {},
): Promise<HistoryReport> {
  const trail = store.auditTrail();
  const maxBroken = options.maxBroken ?? 100;
  const broken: BrokenLink[] = [];
  const note = (link: BrokenLink) => {
    if (broken.length < maxBroken) broken.push(link);
  };
  let requests = 0;
  let events = 0;
  for await (const request of trail.requests()) {
    requests += 1;
    events += request.events.length;
    const link = checkRequest(request.requestId, request.content, request.eventCount, request.events);
    if (link) note(link);
  }
  const storedHead = await trail.head();
  const chain = await checkChain(trail.chain(), storedHead, options.since);
  if (chain.link) note(chain.link);
  return {
    ok: broken.length === 0,
    requests,
    events,
    head: chain.head,
    storedHead,
    firstBroken: broken[0],
    broken,
  };
}

function checkRequest(
  requestId: string,
  content: unknown,
  eventCount: number,
  rows: readonly AuditedEvent[],
): BrokenLink | undefined {
  const at = (
    reason: BrokenLinkReason,
    row: AuditedEvent | undefined,
    position: number,
    message: string,
  ) => ({
    reason,
    requestId,
    position,
    chainPosition: row?.chainPosition ?? undefined,
    message: `request ${requestId}, event ${position}: ${message}`,
  });
  let expected: string = requestContentHash(content as RequestContent);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (row.n !== index)
      return at("event_missing", row, index, `no event at this position (the next is ${row.n})`);
    if (row.prev === null || row.hash === null)
      return at("unlinked", row, index, "stored without its hash links");
    if (row.prev !== expected) {
      // A first event linking to another event of the same history was moved there: a reordering, not
      // changed content.
      const moved = rows.some((other) => other.hash === row.prev);
      return index === 0 && !moved
        ? at(
            "content_changed",
            row,
            index,
            "the request's content does not match the hash the history starts from",
          )
        : at(
            "link_broken",
            row,
            index,
            "does not link to the event before it (reordered, or an event deleted)",
          );
    }
    const hash = eventHash(requestId, index, expected as ContentHash, row.event as RequestEvent);
    if (hash !== row.hash)
      return at("event_changed", row, index, "the event does not match its hash (changed)");
    expected = row.hash;
  }
  if (rows.length !== eventCount) {
    return at(
      "event_missing",
      undefined,
      Math.min(rows.length, eventCount),
      `the request records ${eventCount} events, ${rows.length} are stored`,
    );
  }
  return undefined;
}

async function checkChain(
  rows: AsyncIterable<AuditedEvent>,
  stored: StoreChainHead,
  since: StoreChainHead | undefined,
): Promise<{ head: StoreChainHead; link: BrokenLink | undefined }> {
  let head: string = STORE_CHAIN_GENESIS;
  let position = 0;
  let link: BrokenLink | undefined;
  const fail = (
    reason: BrokenLinkReason,
    row: AuditedEvent | undefined,
    chainPosition: number,
    message: string,
  ) => {
    link ??= {
      reason,
      requestId: row?.requestId,
      position: row?.n,
      chainPosition,
      message: `store chain, position ${chainPosition}: ${message}`,
    };
  };
  let sinceSeen = since === undefined || since.position === 0;
  for await (const row of rows) {
    if (row.chainPosition === null || row.hash === null) {
      fail(
        "unlinked",
        row,
        position + 1,
        `request ${row.requestId}, event ${row.n} is not in the store chain`,
      );
      continue;
    }
    if (row.chainPosition !== position + 1) {
      fail(
        "chain_gap",
        row,
        position + 1,
        row.chainPosition > position + 1
          ? `positions ${position + 1} to ${row.chainPosition - 1} are missing (a deleted request, or deleted events)`
          : `position ${row.chainPosition} appears twice`,
      );
    }
    position = row.chainPosition;
    const next = nextStoreHead(head, row.hash);
    if (next !== row.chainHash) {
      fail(
        "chain_broken",
        row,
        position,
        `request ${row.requestId}, event ${row.n} does not follow the chain before it`,
      );
    }
    head = row.chainHash ?? next;
    if (since && position === since.position) {
      sinceSeen = true;
      if (head !== since.head)
        fail("chain_broken", row, position, "the chain no longer passes through the head given as `since`");
    }
  }
  if (position !== stored.position || head !== stored.head) {
    fail(
      "head_mismatch",
      undefined,
      Math.max(position, stored.position),
      `the chain ends at position ${position}, the store records ${stored.position} (events deleted at the end, or the head changed)`,
    );
  }
  if (!sinceSeen)
    fail("chain_gap", undefined, since!.position, "the chain is shorter than the head given as `since`");
  return { head: { position, head }, link };
}

import { historyLinks, nextStoreHead, STORE_CHAIN_GENESIS } from "../../../domain/history-chain.js";
import type { RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import type { AuditedEvent, AuditedRequest, HistoryAuditTrail, StoreChainHead } from "../audit-trail.js";
import type { SqlExecutor } from "./driver.js";

/**
 * The schema of the tamper-evident history: each event row carries `prev` (the hash of the event before
 * it in its request, or of the request's content) and `hash` (its own, see `eventHash`), both computed
 * by the store in JavaScript over canonical JSON; and its place in the store chain, `chain_pos` and
 * `chain_hash`, given by a trigger from `rk_chain`, the store's running hash (see `nextStoreHead`). The
 * trigger takes the single `rk_chain` row for the rest of the transaction, so writers append to the chain
 * one at a time, in the order they commit. An event row without its hash is refused.
 */
export const HISTORY_CHAIN_SQL = `
alter table rk_events add column prev text, add column hash text, add column chain_pos bigint,
  add column chain_hash text;
create unique index rk_events_chain on rk_events (chain_pos);

create table rk_chain (
  id integer primary key check (id = 1),
  position bigint not null,
  head text not null
);
insert into rk_chain (id, position, head) values (1, 0, '${STORE_CHAIN_GENESIS}');

create function rk_chain_link() returns trigger language plpgsql as $$
begin
  if new.hash is null or new.prev is null then
    raise exception 'referral-kit: event % of request % is stored without its hash links', new.n, new.request_id;
  end if;
  update rk_chain
    set position = position + 1,
        head = 'sha256:' || encode(sha256(convert_to(head || new.hash, 'UTF8')), 'hex')
    where id = 1
    returning position, head into new.chain_pos, new.chain_hash;
  return new;
end $$;

create trigger rk_events_chain before insert on rk_events
  for each row execute function rk_chain_link();
`;

const SEAL_PAGE = 500;

/**
 * Links the events a store held before it had the chain (a store written by an earlier release): each
 * request's history from its content, and the store chain in the order the requests were stored. Run once,
 * in the migration's transaction. The chain then vouches for these events from the upgrade on; it cannot
 * tell whether they were changed before it.
 */
export async function sealExistingHistory(tx: SqlExecutor): Promise<void> {
  let head = STORE_CHAIN_GENESIS as string;
  let position = 0;
  let after = 0;
  for (;;) {
    const rows = await tx.query<{
      id: string;
      seq: string | number;
      content: RequestContent;
      events: RequestEvent[] | null;
    }>(
      `select r.id, r.seq, r.content,
         (select jsonb_agg(e.event order by e.n) from rk_events e where e.request_id = r.id) as events
       from rk_requests r where r.seq > $1 order by r.seq limit ${SEAL_PAGE}`,
      [after],
    );
    if (rows.length === 0) break;
    const updates: {
      request_id: string;
      n: number;
      prev: string;
      hash: string;
      chain_pos: number;
      chain_hash: string;
    }[] = [];
    for (const row of rows) {
      historyLinks({ ...row.content, events: row.events ?? [] }).forEach((link, n) => {
        position += 1;
        head = nextStoreHead(head, link.hash);
        updates.push({
          request_id: row.id,
          n,
          prev: link.prev,
          hash: link.hash,
          chain_pos: position,
          chain_hash: head,
        });
      });
    }
    if (updates.length > 0) {
      await tx.query(
        `update rk_events e set prev = x.prev, hash = x.hash, chain_pos = x.chain_pos, chain_hash = x.chain_hash
         from jsonb_to_recordset($1::jsonb)
           as x(request_id text, n integer, prev text, hash text, chain_pos bigint, chain_hash text)
         where e.request_id = x.request_id and e.n = x.n`,
        [JSON.stringify(updates)],
      );
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
  await tx.query("update rk_chain set position = $1, head = $2 where id = 1", [position, head]);
}

/**
 * The rows of one SQL store as `verifyHistory` reads them, paged: requests in store order with their
 * events, then every event by chain position.
 */
export function sqlAuditTrail(db: SqlExecutor): HistoryAuditTrail {
  const event = (row: EventRow): AuditedEvent => ({
    requestId: row.request_id,
    n: Number(row.n),
    event: row.event,
    prev: row.prev,
    hash: row.hash,
    chainPosition: row.chain_pos === null ? null : Number(row.chain_pos),
    chainHash: row.chain_hash,
  });
  return {
    async *requests(): AsyncIterable<AuditedRequest> {
      let after = 0;
      for (;;) {
        const rows = await db.query<{
          id: string;
          seq: string | number;
          content: unknown;
          event_count: number;
        }>(
          `select id, seq, content, event_count from rk_requests where seq > $1 order by seq limit ${SEAL_PAGE}`,
          [after],
        );
        if (rows.length === 0) return;
        const events = await db.query<EventRow>(
          `select ${EVENT_COLUMNS} from rk_events where request_id = any($1::text[]) order by request_id, n`,
          [rows.map((row) => row.id)],
        );
        const byId = new Map<string, AuditedEvent[]>();
        for (const row of events) {
          const list = byId.get(row.request_id) ?? [];
          list.push(event(row));
          byId.set(row.request_id, list);
        }
        for (const row of rows) {
          yield {
            requestId: row.id,
            content: row.content,
            eventCount: Number(row.event_count),
            events: byId.get(row.id) ?? [],
          };
        }
        after = Number(rows[rows.length - 1]!.seq);
      }
    },
    async *chain(): AsyncIterable<AuditedEvent> {
      let after = 0;
      for (;;) {
        const rows = await db.query<EventRow>(
          `select ${EVENT_COLUMNS} from rk_events where chain_pos > $1 order by chain_pos limit ${SEAL_PAGE}`,
          [after],
        );
        for (const row of rows) yield event(row);
        if (rows.length < SEAL_PAGE) break;
        after = Number(rows[rows.length - 1]!.chain_pos);
      }
      // Rows that bypassed the trigger have no chain position: listed last, so they are reported.
      const unchained = await db.query<EventRow>(
        `select ${EVENT_COLUMNS} from rk_events where chain_pos is null order by request_id, n`,
      );
      for (const row of unchained) yield event(row);
    },
    async head(): Promise<StoreChainHead> {
      const [row] = await db.query<{ position: string | number; head: string }>(
        "select position, head from rk_chain where id = 1",
      );
      return row
        ? { position: Number(row.position), head: row.head }
        : { position: -1, head: "(no chain row)" };
    },
  };
}

interface EventRow {
  request_id: string;
  n: number;
  event: unknown;
  prev: string | null;
  hash: string | null;
  chain_pos: string | number | null;
  chain_hash: string | null;
}

const EVENT_COLUMNS = "request_id, n, event, prev, hash, chain_pos, chain_hash";

import type { ContentHash } from "../../../domain/canonical-json.js";
import { historyLinks, linkEvents } from "../../../domain/history-chain.js";
import type { ReferralRequest, RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import { StoreError } from "../../errors.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf } from "../history.js";
import type { EnqueueEntry, RequestFilter, RequestStore, SaveResult } from "../port.js";
import { UNIT_OF } from "./deconfliction-sql.js";
import type { SqlDriver, SqlExecutor } from "./driver.js";
import type { KnownHead, KnownHeads, SavedHistories } from "./history-caches.js";
import { json, num } from "./rows.js";

/** A request being stored for the first time, with its job plan. */
export type FreshEntry = { readonly request: ReferralRequest; readonly batches: EnqueueEntry["batches"] };

const PAGE = 500;

/** The advisory lock `saveRequests` holds for its transaction on a shared database (any fixed number). */
const ENQUEUE_LOCK = 4_242_424_243;

/**
 * The SQL store's requests (`rk_requests`), their hash-linked histories (`rk_events`) and the index of the
 * targets they cover (`rk_targets`). The job queue's rows for new requests are written by `enqueue`, in
 * the transaction that stores the requests.
 */
export class SqlRequestRepository {
  constructor(
    private readonly driver: SqlDriver,
    private readonly heads: KnownHeads,
    private readonly saved: SavedHistories,
    /** The database has one session (PGlite), so transactions never overlap. */
    private readonly singleSession: boolean,
  ) {}

  /**
   * See `RequestStore.saveRequests`; `enqueue` writes the job plans of the requests stored now, in the
   * same transaction.
   */
  async save(
    entries: readonly EnqueueEntry[],
    enqueue: (tx: SqlExecutor, fresh: readonly FreshEntry[]) => Promise<void>,
  ): Promise<SaveResult> {
    const checked = entries.map((entry) => ({ request: checkEntry(entry), batches: entry.batches }));
    let saved: readonly ReferralRequest[] = [];
    let heads: [string, KnownHead][] = [];
    const result = await this.driver.transaction(async (tx) => {
      // Workers enqueueing the same file at once take turns: without this, each saw the other's
      // requests as new and one failed on the primary key (or both deadlocked on it).
      if (!this.singleSession) await tx.query("select pg_advisory_xact_lock($1)", [ENQUEUE_LOCK]);
      const ids = checked.map(({ request }) => request.id);
      const stored = await tx.query<{ id: string; content: RequestContent }>(
        "select id, content from rk_requests where id = any($1::text[]) for update",
        [ids],
      );
      const existingJson = new Map(stored.map((row) => [row.id, canonicalJson(row.content)]));
      const inserted: string[] = [];
      const existing: string[] = [];
      const seen = new Map<string, string>();
      for (const { request } of checked) {
        const contentJson = canonicalJson(contentOf(request));
        const before = existingJson.get(request.id) ?? seen.get(request.id);
        if (before !== undefined && before !== contentJson) throw conflict(request.id);
        seen.set(request.id, contentJson);
      }
      const fresh: FreshEntry[] = [];
      for (const entry of checked) {
        const id = entry.request.id;
        if (existingJson.has(id) || fresh.some((other) => other.request.id === id)) existing.push(id);
        else fresh.push(entry);
      }
      if (fresh.length > 0) {
        heads = await this.insertFresh(tx, fresh);
        await enqueue(tx, fresh);
        inserted.push(...fresh.map(({ request }) => request.id));
        saved = fresh.map(({ request }) => request);
      }
      return { inserted, existing };
    });
    // Committed: remember the histories (checkEntry's own copies, which nothing else holds).
    this.heads.remember(heads);
    this.saved.keep(saved);
    return result;
  }

  /**
   * Inserts new requests, their histories and their targets: set-based, three statements whatever the
   * number of requests (PGlite pays per statement). Returns the heads of the histories.
   */
  private async insertFresh(tx: SqlExecutor, fresh: readonly FreshEntry[]): Promise<[string, KnownHead][]> {
    await tx.query(
      `insert into rk_requests (id, platform, content, status, event_count)
         select x.id, x.platform, x.content, x.status, x.event_count
         from jsonb_to_recordset($1::jsonb)
           as x(id text, platform text, content jsonb, status text, event_count integer, position integer)
         order by x.position`,
      [
        json(
          fresh.map(({ request }, position) => ({
            id: request.id,
            platform: request.platform,
            content: contentOf(request),
            status: request.events[request.events.length - 1]!.type,
            event_count: request.events.length,
            position,
          })),
        ),
      ],
    );
    const links = fresh.map(({ request }) => historyLinks(request));
    await tx.query(
      `insert into rk_events (request_id, n, event, prev, hash)
         select x.request_id, x.n, x.event, x.prev, x.hash
         from jsonb_to_recordset($1::jsonb)
           as x(request_id text, n integer, event jsonb, prev text, hash text)`,
      [
        json(
          fresh.flatMap(({ request }, index) =>
            request.events.map((event, n) => ({
              request_id: request.id,
              n,
              event,
              prev: links[index]![n]!.prev,
              hash: links[index]![n]!.hash,
            })),
          ),
        ),
      ],
    );
    await tx.query(
      `insert into rk_targets (target_key, request_id)
         select distinct x.target_key, x.request_id
         from jsonb_to_recordset($1::jsonb) as x(target_key text, request_id text)`,
      [
        json(
          fresh.flatMap(({ request, batches }) =>
            batches.flat().map((targetKey) => ({ target_key: targetKey, request_id: request.id })),
          ),
        ),
      ],
    );
    return fresh.map(({ request }, index) => [
      request.id,
      { count: request.events.length, head: links[index]!.at(-1)!.hash },
    ]);
  }

  /** See `RequestStore.getRequest`. */
  async get(id: string): Promise<ReferralRequest | undefined> {
    return (await this.load(this.driver, [id])).get(id);
  }

  /** See `RequestStore.listRequests`: pages of requests in the order stored. */
  async *list(filter: RequestFilter): AsyncIterable<ReferralRequest> {
    let after = 0;
    for (;;) {
      const rows = await this.driver.query<{ id: string; seq: string | number }>(
        `select id, seq from rk_requests r
           where seq > $1
             and ($2::text is null or platform = $2)
             and ($3::text[] is null or status = any($3::text[]))
             and ($4::text[] is null or id = any($4::text[]))
             and ($5::text is null or ${UNIT_OF} = $5)
           order by seq limit ${PAGE}`,
        [after, filter.platform ?? null, filter.status ?? null, filter.ids ?? null, filter.unit ?? null],
      );
      if (rows.length === 0) return;
      const loaded = await this.load(
        this.driver,
        rows.map((row) => row.id),
      );
      for (const row of rows) {
        const request = loaded.get(row.id);
        if (request) yield request;
      }
      after = num(rows[rows.length - 1]!.seq);
      if (rows.length < PAGE) return;
    }
  }

  /** See `RequestStore.appendEvents`. */
  append(
    requestId: string,
    events: readonly RequestEvent[],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ): Promise<ReferralRequest> {
    return this.driver.transaction(async (tx) => {
      await tx.query("select id from rk_requests where id = $1 for update", [requestId]);
      const request = (await this.load(tx, [requestId])).get(requestId);
      if (!request) {
        throw new StoreError("request_not_found", `no request ${requestId} is stored`, { requestId });
      }
      const parsed = checkAppend(request, events, options.expectedCount);
      await this.insertEvents(tx, request, parsed);
      return { ...request, events: [...request.events, ...parsed] };
    });
  }

  /** Requests with their histories, by id. */
  async load(db: SqlExecutor, ids: readonly string[]): Promise<Map<string, ReferralRequest>> {
    const out = new Map<string, ReferralRequest>();
    if (ids.length === 0) return out;
    const rows = await db.query<{ id: string; content: RequestContent }>(
      "select id, content from rk_requests where id = any($1::text[])",
      [ids],
    );
    const events = await db.query<{ request_id: string; event: RequestEvent }>(
      "select request_id, event from rk_events where request_id = any($1::text[]) order by request_id, n",
      [ids],
    );
    const byId = new Map<string, RequestEvent[]>();
    for (const row of events) {
      const list = byId.get(row.request_id) ?? [];
      list.push(row.event);
      byId.set(row.request_id, list);
    }
    for (const row of rows) out.set(row.id, { ...row.content, events: byId.get(row.id) ?? [] });
    return out;
  }

  private async insertEvents(db: SqlExecutor, request: ReferralRequest, events: readonly RequestEvent[]) {
    if (events.length === 0) return;
    const start = request.events.length;
    // Linked to the stored hash of the last event, not one recomputed from what was read: a changed
    // history must not be vouched for by the events that follow it.
    const [last] = await db.query<{ hash: ContentHash }>(
      "select hash from rk_events where request_id = $1 order by n desc limit 1",
      [request.id],
    );
    const links = linkEvents(request.id, start, last?.hash ?? historyLinks(request).at(-1)!.hash, events);
    await db.query(
      `insert into rk_events (request_id, n, event, prev, hash)
       select $1, x.n, x.event, x.prev, x.hash
       from jsonb_to_recordset($2::jsonb) as x(n integer, event jsonb, prev text, hash text)`,
      [request.id, json(events.map((event, i) => ({ n: start + i, event, ...links[i] })))],
    );
    this.heads.remember([
      [request.id, { count: start + events.length, head: links[links.length - 1]!.hash }],
    ]);
    await db.query("update rk_requests set status = $2, event_count = $3 where id = $1", [
      request.id,
      events[events.length - 1]!.type,
      start + events.length,
    ]);
  }
}

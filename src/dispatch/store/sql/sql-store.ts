import type { ContentHash } from "../../../domain/canonical-json.js";
import { historyLinks, linkEvents } from "../../../domain/history-chain.js";
import type { ReferralRequest, RequestContent, RequestEvent } from "../../../domain/schemas/request.js";
import { StoreError } from "../../errors.js";
import { canonicalJson, checkAppend, checkEntry, conflict, contentOf } from "../history.js";
import type {
  AttemptError,
  AttemptOutcome,
  AttemptRecord,
  ClaimedJob,
  DispatchJob,
  EnqueueEntry,
  JobRef,
  JobState,
  QueueCounts,
  RequestFilter,
  RequestStore,
  SaveResult,
  SettleResult,
  StoredReceipt,
  WhenRequestSubmitted,
} from "../port.js";
import { sqlDeconfliction, UNIT_OF } from "./deconfliction-sql.js";
import { batchInTransaction, type SqlDriver, type SqlExecutor, type SqlStep } from "./driver.js";
import { sqlAuditTrail } from "./history-chain-sql.js";
import { typedDriver } from "./typed-driver.js";

interface JobRow {
  request_id: string;
  batch: number;
  platform: string;
  target_keys: string[];
  state: JobState;
  generation: number;
  idempotency_key: string;
  attempts: number;
  not_before: string | number;
  lease_owner: string | null;
  lease_expires_at: string | number | null;
  receipt: StoredReceipt | null;
  last_error: AttemptError | null;
}

interface AttemptRow {
  request_id: string;
  batch: number;
  idempotency_key: string;
  generation: number;
  attempt: number;
  worker_id: string;
  started_at: string | number;
  finished_at: string | number | null;
  outcome: AttemptRecord["outcome"];
  error: AttemptError | null;
  platform_ref: string | null;
}

const JOB_COLUMNS =
  "request_id, batch, platform, target_keys, state, generation, idempotency_key, attempts, not_before, " +
  "lease_owner, lease_expires_at, receipt, last_error";

/** `pg` returns bigint as a string; PGlite as a number. Times fit a double exactly. */
const num = (value: string | number): number => Number(value);
const optNum = (value: string | number | null): number | undefined =>
  value === null ? undefined : Number(value);

function toJob(row: JobRow): DispatchJob {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    platform: row.platform,
    targetKeys: row.target_keys,
    state: row.state,
    generation: Number(row.generation),
    idempotencyKey: row.idempotency_key,
    attempts: Number(row.attempts),
    notBefore: num(row.not_before),
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: optNum(row.lease_expires_at),
    receipt: row.receipt ?? undefined,
    lastError: row.last_error ?? undefined,
  };
}

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    requestId: row.request_id,
    batch: Number(row.batch),
    idempotencyKey: row.idempotency_key,
    generation: Number(row.generation),
    attempt: Number(row.attempt),
    workerId: row.worker_id,
    startedAt: num(row.started_at),
    finishedAt: optNum(row.finished_at),
    outcome: row.outcome,
    error: row.error ?? undefined,
    platformRef: row.platform_ref ?? undefined,
  };
}

/**
 * Splits outcomes into rounds in which no job appears twice, keeping each job's outcomes in order (almost
 * always one round).
 */
function rounds(outcomes: readonly AttemptOutcome[]): AttemptOutcome[][] {
  const out: AttemptOutcome[][] = [];
  const seen = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = `${outcome.requestId}\u0000${outcome.batch}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    if (!out[round]) out[round] = [];
    out[round]!.push(outcome);
  }
  return out;
}

const jobKey = (requestId: string, batch: number) => `${requestId}\u0000${batch}`;

/** One outcome as a row of the round statement's recordset. */
function outcomeRow(outcome: AttemptOutcome) {
  return {
    request_id: outcome.requestId,
    batch: outcome.batch,
    idempotency_key: outcome.idempotencyKey,
    worker_id: outcome.workerId,
    kind: outcome.kind,
    error: outcome.kind === "failed" ? outcome.error : null,
    retry_at: outcome.kind === "failed" ? (outcome.retryAt ?? null) : null,
    counts: outcome.kind === "failed" ? outcome.countsAsAttempt !== false : true,
    receipt: outcome.kind === "submitted" ? outcome.receipt : null,
    platform_ref: outcome.kind === "submitted" ? outcome.receipt.platformRef : null,
  };
}

/**
 * Claimed requests kept for settles at most (an entry is dropped when its outcomes settle), and, apart,
 * histories of requests stored here and not yet claimed.
 */
const CONTENT_CACHE_LIMIT = 20_000;

/**
 * What a claim knows of a request, kept until its outcomes settle: the content (it never changes once
 * stored: `saveRequests` refuses a different one under the same id), the history when this store holds
 * it at the length the claim saw (see `savedHistories` in `createSqlStore`), and the claimed job when it is the
 * request's only one. A settle completing a one-job request with a known history computes the events
 * from this alone; the append is guarded (the history must still have the length the claim saw, every
 * job must be submitted), so a stale entry costs a step-by-step settle, never a wrong history.
 */
interface ClaimedRequest {
  readonly content: RequestContent;
  /** The history, when known at the length the claim saw; otherwise the settle reads it. */
  events: RequestEvent[] | undefined;
  /** The claimed job, when it covers every target (the stored plan keys each target once: its only job). */
  only: DispatchJob | undefined;
}

/** The job as a settle's round statement leaves it once `receipt` is recorded. */
function asSubmitted(job: DispatchJob, receipt: StoredReceipt): DispatchJob {
  return {
    requestId: job.requestId,
    batch: job.batch,
    platform: job.platform,
    targetKeys: job.targetKeys,
    state: "submitted",
    generation: job.generation,
    idempotencyKey: job.idempotencyKey,
    attempts: job.attempts,
    notBefore: job.notBefore,
    leaseOwner: undefined,
    leaseExpiresAt: undefined,
    receipt,
    lastError: undefined,
  };
}

/**
 * The rows that append events to requests whose histories have a known length: `inserts` and `statuses`
 * for `APPEND_SQL` and `GUARDED_APPEND_SQL` (`expected` is the length read; the unguarded statement
 * ignores it), and the settle's results.
 */
function appendPlan() {
  const inserts: { request_id: string; n: number; event: RequestEvent; prev: string; hash: string }[] = [];
  const statuses: { id: string; status: string; event_count: number; expected: number }[] = [];
  const appendedBy = new Map<string, RequestEvent[]>();
  const heads = new Map<string, { count: number; head: ContentHash }>();
  return {
    inserts,
    statuses,
    appendedBy,
    heads,
    /**
     * Plans `events` after `request`'s history, whose last event's hash is `head`; nothing when there are
     * none.
     */
    add(request: ReferralRequest, events: RequestEvent[], head: ContentHash): void {
      if (events.length === 0) return;
      const expected = request.events.length;
      const links = linkEvents(request.id, expected, head, events);
      events.forEach((event, i) => {
        inserts.push({
          request_id: request.id,
          n: expected + i,
          event,
          prev: links[i]!.prev,
          hash: links[i]!.hash,
        });
      });
      heads.set(request.id, { count: expected + events.length, head: links[links.length - 1]!.hash });
      statuses.push({
        id: request.id,
        status: events[events.length - 1]!.type,
        event_count: expected + events.length,
        expected,
      });
      appendedBy.set(request.id, events);
    },
    results: (ids: readonly string[]): SettleResult[] =>
      ids.map((requestId) => ({ requestId, appended: appendedBy.get(requestId) ?? [] })),
  };
}

const LOCK_SQL = "select id from rk_requests where id = any($1::text[]) order by id for update";

/** Records one round of outcomes: attempts, jobs; returns the request of each job now submitted. */
const SETTLE_ROUND_SQL = `with x as (
   select * from jsonb_to_recordset($1::jsonb) as x(request_id text, batch integer,
     idempotency_key text, worker_id text, kind text, error jsonb, retry_at bigint, counts boolean,
     receipt jsonb, platform_ref text)
 ), settling as materialized (
   -- The outbox: each outcome settles the worker's latest pending attempt of that job and key.
   select x.kind, x.error, x.platform_ref,
     (select max(id) from rk_attempts p
      where p.request_id = x.request_id and p.batch = x.batch
        and p.idempotency_key = x.idempotency_key and p.worker_id = x.worker_id
        and p.outcome = 'pending') as attempt_id
   from x
 ), attempts as (
   -- The ids as an array, so the rows are fetched by primary key: joined on the subquery alone, the
   -- planner (expecting 100 outcomes from the recordset) hashed the whole attempts table every settle.
   update rk_attempts a set outcome = s.kind, finished_at = $2, error = s.error,
     platform_ref = s.platform_ref
   from settling s
   where a.id = any(array(select attempt_id from settling)) and a.id = s.attempt_id
 ), others as (
   -- Only the lease holder decides a queued job's fate; a stale worker's failure changes nothing.
   update rk_jobs j set lease_owner = null, lease_expires_at = null,
     last_error = case when x.kind = 'failed' then x.error else j.last_error end,
     state = case when x.kind = 'failed' and x.retry_at is null then 'failed' else j.state end,
     not_before = coalesce(x.retry_at, j.not_before),
     attempts = case when x.kind = 'released' or not x.counts then greatest(0, j.attempts - 1)
                     else j.attempts end
   from x
   where x.kind <> 'submitted' and j.request_id = x.request_id and j.batch = x.batch
     and j.state = 'queued' and j.lease_owner = x.worker_id
     -- As for the attempts: through the primary key, not a scan of every queued job.
     and j.request_id = any(array(select request_id from x where kind <> 'submitted'))
 )
 update rk_jobs j set state = 'submitted', receipt = x.receipt, platform_ref = x.platform_ref,
   lease_owner = null, lease_expires_at = null, last_error = null
 from x
 where x.kind = 'submitted' and j.request_id = x.request_id and j.batch = x.batch
   and j.state <> 'submitted'
 returning j.request_id`;

/** Select-list columns of request `r`: its history and its jobs, each as one jsonb array. */
const HISTORY_AND_JOBS = `(select jsonb_agg(e.event order by e.n) from rk_events e where e.request_id = r.id) as events,
   (select e.hash from rk_events e where e.request_id = r.id order by e.n desc limit 1) as head,
   (select jsonb_agg(to_jsonb(j) order by j.batch) from (
      select ${JOB_COLUMNS} from rk_jobs where request_id = r.id) j) as jobs`;

/**
 * "None of the request's jobs is unsubmitted", as a count per request: a subquery run for each request,
 * through the jobs' primary key. Written as `not exists`, the planner may turn it into an anti join
 * over every job in the table (it did, for the settle's read: a sequential scan of all jobs per settle).
 */
const NO_JOB_LEFT = (request: string, except = "") =>
  `(select count(*) from rk_jobs j where j.request_id = ${request} and j.state <> 'submitted'${except}) = 0`;

/** The requests among `$1` whose every job is submitted, with content, history and jobs. */
const COMPLETED_SQL = `select r.id, r.content,
 ${HISTORY_AND_JOBS}
             from rk_requests r
             where r.id = any($1::text[]) and ${NO_JOB_LEFT("r.id")}
             order by r.id`;

/** Appends events (`$1`) and sets the requests' status and event count (`$2`). */
const APPEND_SQL = `with inserted as (
   insert into rk_events (request_id, n, event, prev, hash)
   select x.request_id, x.n, x.event, x.prev, x.hash
   from jsonb_to_recordset($1::jsonb) as x(request_id text, n integer, event jsonb, prev text, hash text)
 )
 update rk_requests r set status = x.status, event_count = x.event_count
 from jsonb_to_recordset($2::jsonb) as x(id text, status text, event_count integer)
 where r.id = x.id`;

/**
 * The requests among `$1` that the jobs in `$2` (request id and batch, about to be submitted) complete:
 * every other job is already submitted. With history and jobs, and content for the ids in `$3` (the
 * store keeps the content of the requests it claimed).
 */
const COMPLETING_SQL = `with s as materialized (
   -- Parsed once: as a correlated subquery the recordset would be parsed again for every job.
   select * from jsonb_to_recordset($2::jsonb) as s(request_id text, batch integer)
 )
 select r.id, case when r.id = any($3::text[]) then r.content end as content,
   ${HISTORY_AND_JOBS}
 from rk_requests r
 where r.id = any($1::text[])
   and ${NO_JOB_LEFT("r.id", " and (j.request_id, j.batch) not in (select request_id, batch from s)")}`;

/**
 * Appends events (`$2`) to the requests in `$1` whose history still has the `expected` length and whose
 * every job is now submitted, sets their status and count, and returns the ids it could not append to
 * (the one-trip settle then rolls back).
 */
const GUARDED_APPEND_SQL = `with x as (
   select * from jsonb_to_recordset($1::jsonb) as x(id text, status text, event_count integer, expected integer)
 ), ok as (
   select x.id from x join rk_requests r on r.id = x.id and r.event_count = x.expected
   where ${NO_JOB_LEFT("x.id")}
 ), inserted as (
   insert into rk_events (request_id, n, event, prev, hash)
   select e.request_id, e.n, e.event, e.prev, e.hash
   from jsonb_to_recordset($2::jsonb) as e(request_id text, n integer, event jsonb, prev text, hash text)
   where e.request_id in (select id from ok)
 ), updated as (
   update rk_requests r set status = x.status, event_count = x.event_count
   from x where r.id = x.id and r.id in (select id from ok)
 )
 select x.id from x where x.id not in (select id from ok)`;

/**
 * Requests among `$1`, other than those whose events the batch appended (`$2`), left with every job
 * submitted but no `submitted` event: the one-trip settle's check.
 */
const LEFT_INCOMPLETE_SQL = `select r.id from rk_requests r
 where r.id = any($1::text[]) and r.id <> all($2::text[])
   and ${NO_JOB_LEFT("r.id")}
   and (select count(*) from rk_events e where e.request_id = r.id and e.event->>'type' = 'submitted') = 0`;

/** jsonb parameters go in as JSON text; both drivers cast `$n::jsonb`. */
const json = (value: unknown) => JSON.stringify(value);

const PAGE = 500;

/** The advisory lock `saveRequests` holds for its transaction on a shared database (any fixed number). */
const ENQUEUE_LOCK = 4_242_424_243;

/**
 * The SQL implementation of {@link RequestStore}, over any {@link SqlDriver}: the embedded PGlite store
 * and the PostgreSQL store are this, with a different driver. Claims use `FOR UPDATE SKIP LOCKED`, so
 * workers sharing a database never take the same job, and a lease that expired (a dead worker) is
 * claimable again. Completing a request's last job and appending its events happen in one transaction,
 * under a lock on the request row, so two workers finishing sibling batches append the events once.
 * Run the migrations first (the `open…Store` functions do).
 *
 * @example
 * ```ts
 * const store = createSqlStore(driver, { kind: "postgres", location: "db.internal/referrals" });
 * ```
 */
export function createSqlStore(
  untypedDriver: SqlDriver,
  info: {
    kind: string;
    location: string;
    onClose?: () => Promise<void>;
    /** The database has one session (PGlite), so transactions never overlap and row locks can be skipped. */
    singleSession?: boolean;
  },
): RequestStore {
  return new SqlStore(untypedDriver, info);
}

/** The state and operations behind {@link createSqlStore}. */
class SqlStore implements RequestStore {
  private readonly driver: SqlDriver;

  private closed = false;

  private readonly open = () => {
    if (this.closed)
      throw new StoreError("store_closed", `the ${this.info.kind} store at ${this.info.location} is closed`);
  };

  // What a claim read of each request it handed out, so a settle need not read it back (see
  // `ClaimedRequest`). Bounded: an entry goes when its request's outcomes settle, and all go past the limit.
  private readonly claimed = new Map<string, ClaimedRequest>();

  // The histories of requests this store saved and has not claimed yet: a claim checks only their length
  // (the history is append-only, so the same length is the same history) instead of reading every event
  // of every claimed request back, which was the dearest part of a claim. Bounded: past the limit, a
  // request's history is read at settle instead, as for requests another process saved.
  private readonly savedHistories = new Map<string, RequestEvent[]>();

  // The hash of the last event of requests whose events this store wrote, with the history's length then,
  // so a settle links its events without reading or hashing the history again. Bounded like the above.
  private readonly knownHeads = new Map<string, { count: number; head: ContentHash }>();

  private readonly rememberHeads = (heads: Iterable<[string, { count: number; head: ContentHash }]>) => {
    for (const [id, head] of heads) {
      if (this.knownHeads.size >= CONTENT_CACHE_LIMIT && !this.knownHeads.has(id)) this.knownHeads.clear();
      this.knownHeads.set(id, head);
    }
  };

  /** The hash of `request`'s last event: known, or computed from its content and history. */
  private readonly headOf = (request: ReferralRequest): ContentHash => {
    const known = this.knownHeads.get(request.id);
    if (known?.count === request.events.length) return known.head;
    return historyLinks(request).at(-1)!.hash;
  };

  private async loadRequests(db: SqlExecutor, ids: readonly string[]): Promise<Map<string, ReferralRequest>> {
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
    this.rememberHeads([[request.id, { count: start + events.length, head: links[links.length - 1]!.hash }]]);
    await db.query("update rk_requests set status = $2, event_count = $3 where id = $1", [
      request.id,
      events[events.length - 1]!.type,
      start + events.length,
    ]);
  }

  /** Records the outcomes and the jobs, one statement per round; returns the requests of jobs now submitted. */
  private readonly roundSteps = (outcomes: readonly AttemptOutcome[], now: number): SqlStep[] =>
    rounds(outcomes).map((round) => ({ sql: SETTLE_ROUND_SQL, params: [json(round.map(outcomeRow)), now] }));

  /**
   * Settles in two round trips: reads the requests this settle may complete, computes their `submitted`
   * events here, then records outcomes, jobs and events in one transaction sent as one batch (the PGlite
   * thread runs it without waiting for this thread between statements). The batch appends a request's
   * events only if its history is still the one read and all its jobs are submitted, and rolls back if any
   * request ends up complete without its `submitted` event (a sibling batch settled elsewhere in between,
   * say); the caller then settles step by step. So the outcome is always the step-by-step one.
   */
  private async settleInOneTrip(
    outcomes: readonly AttemptOutcome[],
    ids: readonly string[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[] | undefined> {
    const receipts = new Map<string, StoredReceipt>();
    const submitting: { request_id: string; batch: number }[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind !== "submitted") continue;
      receipts.set(jobKey(outcome.requestId, outcome.batch), outcome.receipt);
      submitting.push({ request_id: outcome.requestId, batch: outcome.batch });
    }
    const requestIds = [...new Set(submitting.map((job) => job.request_id))];
    const plan = appendPlan();
    /** Plans the events of `request` completed with `jobs`; false when the fold refuses them. */
    const planCompleted = (
      request: ReferralRequest,
      jobs: DispatchJob[],
      head?: ContentHash | null,
    ): boolean => {
      if (request.events.some((event) => event.type === "submitted")) return true;
      try {
        plan.add(
          request,
          checkAppend(request, whenRequestSubmitted(request, jobs), undefined),
          head ?? this.headOf(request),
        );
        return true;
      } catch {
        return false; // Step by step, where the same failure rolls the settle back as it always did.
      }
    };
    // A request with one job, claimed here, is completed by that job's success: its events come from
    // what the claim read, with no read now. The others are read: which of them this settle completes,
    // with their jobs and history.
    const toRead: string[] = [];
    for (const id of requestIds) {
      const entry = this.claimed.get(id);
      const job = entry?.only;
      const receipt = job && receipts.get(jobKey(id, job.batch));
      if (!entry?.events || !job || !receipt) {
        toRead.push(id);
        continue;
      }
      if (!planCompleted({ ...entry.content, events: entry.events }, [asSubmitted(job, receipt)])) {
        return undefined;
      }
    }
    const reading = new Set(toRead);
    const candidates =
      toRead.length === 0
        ? []
        : await this.driver.query<{
            id: string;
            content: RequestContent | null;
            events: RequestEvent[];
            head: ContentHash | null;
            jobs: JobRow[];
          }>(COMPLETING_SQL, [
            toRead,
            json(submitting.filter((job) => reading.has(job.request_id))),
            toRead.filter((id) => !this.claimed.has(id)),
          ]);
    for (const row of candidates) {
      const content = row.content ?? this.claimed.get(row.id)?.content;
      if (!content) return undefined;
      // The jobs as the round statements will leave them.
      const jobs = row.jobs.map((jobRow): DispatchJob => {
        const job = toJob(jobRow);
        const receipt = receipts.get(jobKey(job.requestId, job.batch));
        return receipt && job.state !== "submitted" ? asSubmitted(job, receipt) : job;
      });
      if (!planCompleted({ ...content, events: row.events ?? [] }, jobs, row.head)) return undefined;
    }
    const steps: SqlStep[] = [...this.lockSteps(ids), ...this.roundSteps(outcomes, now)];
    // Rolled back if a prepared append finds its history changed, or if a request the batch did not
    // append to is left complete without its `submitted` event (only those need the events scanned).
    if (plan.statuses.length > 0) {
      steps.push({
        sql: GUARDED_APPEND_SQL,
        params: [json(plan.statuses), json(plan.inserts)],
        rollbackIfRows: true,
      });
    }
    // Nothing to check when the batch appended to every request it touched (the common case).
    if (ids.some((id) => !plan.appendedBy.has(id))) {
      steps.push({
        sql: LEFT_INCOMPLETE_SQL,
        params: [ids, [...plan.appendedBy.keys()]],
        rollbackIfRows: true,
      });
    }
    const result = await (this.driver.batch
      ? this.driver.batch(steps)
      : batchInTransaction(this.driver, steps));
    if (!result.committed) return undefined;
    // Settled: a job given back is claimed (and read) again; a sibling job still out reads its request.
    for (const id of ids) this.claimed.delete(id);
    this.rememberHeads(plan.heads);
    return plan.results(ids);
  }

  private readonly claimLock: string;

  /** Row locks on the requests, in a fixed order: serialises workers finishing sibling batches. */
  private readonly lockSteps = (ids: readonly string[]): SqlStep[] =>
    // One session (PGlite) runs one transaction at a time, so there is nothing to serialise against.
    this.info.singleSession ? [] : [{ sql: LOCK_SQL, params: [ids] }];

  /** The settle as one transaction with this thread between its statements (the general case). */
  private settleStepByStep(
    outcomes: readonly AttemptOutcome[],
    ids: readonly string[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[]> {
    return this.driver
      .transaction(async (tx) => {
        for (const step of this.lockSteps(ids)) await tx.query(step.sql, step.params);
        const completed = new Set<string>();
        // One statement per round records the attempts and the jobs (the recordset is parsed once). A
        // statement's parts must not touch one job twice, so a job with two outcomes in one settle (given
        // back, claimed again and sent within one tick) takes a second round, in order.
        for (const step of this.roundSteps(outcomes, now)) {
          const submitted = await tx.query<{ request_id: string }>(step.sql, step.params);
          for (const row of submitted) completed.add(row.request_id);
        }
        const plan = appendPlan();
        if (completed.size > 0) {
          // The requests whose every job is now submitted, with their jobs, content and history: one
          // statement.
          const done = await tx.query<{
            id: string;
            content: RequestContent;
            events: RequestEvent[];
            head: ContentHash | null;
            jobs: JobRow[];
          }>(COMPLETED_SQL, [[...completed]]);
          for (const row of done) {
            const request: ReferralRequest = { ...row.content, events: row.events ?? [] };
            if (request.events.some((event) => event.type === "submitted")) continue;
            const jobs = row.jobs.map(toJob);
            // The whole history is folded with the new events (lifecycle, time order, safeguards).
            const events = checkAppend(request, whenRequestSubmitted(request, jobs), undefined);
            plan.add(request, events, row.head ?? this.headOf(request));
          }
          if (plan.inserts.length > 0) {
            await tx.query(APPEND_SQL, [json(plan.inserts), json(plan.statuses)]);
          }
        }
        return plan;
      })
      .then((plan) => {
        this.rememberHeads(plan.heads);
        return plan.results(ids);
      });
  }

  private readonly deconfliction: ReturnType<typeof sqlDeconfliction>;

  private readonly wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    this.open();
    return work();
  };

  constructor(
    untypedDriver: SqlDriver,
    private readonly info: {
      kind: string;
      location: string;
      onClose?: () => Promise<void>;
      /** The database has one session (PGlite), so transactions never overlap and row locks can be skipped. */
      singleSession?: boolean;
    },
  ) {
    this.kind = info.kind;
    // No raw driver error leaves the store: each becomes a StoreError with the driver's code kept.
    this.driver = typedDriver(untypedDriver, info.location);
    // Workers sharing a database skip each other's jobs; one session (PGlite) has no one to skip, and a
    // row lock is one more write per claimed row (its tuple header, and a WAL record).
    this.claimLock = info.singleSession ? "" : "for update of j skip locked";
    this.deconfliction = sqlDeconfliction(this.driver);
  }

  readonly kind: string;

  readonly saveRequests = (entries: readonly EnqueueEntry[], now: number) =>
    this.wrap(async (): Promise<SaveResult> => {
      const checked = entries.map((entry) => ({ request: checkEntry(entry), batches: entry.batches }));
      let saved: readonly ReferralRequest[] = [];
      let heads: [string, { count: number; head: ContentHash }][] = [];
      const result = await this.driver.transaction(async (tx) => {
        // Workers enqueueing the same file at once take turns: without this, each saw the other's
        // requests as new and one failed on the primary key (or both deadlocked on it).
        if (!this.info.singleSession) await tx.query("select pg_advisory_xact_lock($1)", [ENQUEUE_LOCK]);
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
        const fresh: { request: ReferralRequest; batches: EnqueueEntry["batches"] }[] = [];
        for (const entry of checked) {
          const id = entry.request.id;
          if (existingJson.has(id) || fresh.some((other) => other.request.id === id)) existing.push(id);
          else fresh.push(entry);
        }
        if (fresh.length > 0) {
          // Set-based: three statements per call, whatever the number of requests (PGlite pays per statement).
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
          heads = fresh.map(({ request }, index) => [
            request.id,
            { count: request.events.length, head: links[index]!.at(-1)!.hash },
          ]);
          await tx.query(
            `insert into rk_jobs (request_id, batch, platform, seq, emergency, target_keys, state, generation,
                                    idempotency_key, not_before)
               select x.request_id, x.batch, r.platform, r.seq, x.emergency, x.target_keys, 'queued', 0,
                      'rk:' || x.request_id || ':b' || x.batch, $2
               from jsonb_to_recordset($1::jsonb)
                 as x(request_id text, batch integer, emergency boolean, target_keys jsonb)
               join rk_requests r on r.id = x.request_id`,
            [
              json(
                fresh.flatMap(({ request, batches }) =>
                  batches.map((targetKeys, batch) => ({
                    request_id: request.id,
                    batch,
                    emergency: request.priority === "emergency",
                    target_keys: targetKeys,
                  })),
                ),
              ),
              now,
            ],
          );
          inserted.push(...fresh.map(({ request }) => request.id));
          saved = fresh.map(({ request }) => request);
        }
        return { inserted, existing };
      });
      // Committed: remember the histories (checkEntry's own copies, which nothing else holds).
      this.rememberHeads(heads);
      for (const request of saved) {
        if (this.savedHistories.size >= CONTENT_CACHE_LIMIT) break;
        this.savedHistories.set(request.id, request.events);
      }
      return result;
    });

  readonly getRequest = (id: string) =>
    this.wrap(async () => (await this.loadRequests(this.driver, [id])).get(id));

  async *listRequests(filter: RequestFilter = {}) {
    this.open();
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
      const loaded = await this.loadRequests(
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

  readonly appendEvents = (
    requestId: Parameters<RequestStore["appendEvents"]>[0],
    events: Parameters<RequestStore["appendEvents"]>[1],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ) =>
    this.wrap(() =>
      this.driver.transaction(async (tx) => {
        await tx.query("select id from rk_requests where id = $1 for update", [requestId]);
        const request = (await this.loadRequests(tx, [requestId])).get(requestId);
        if (!request) {
          throw new StoreError("request_not_found", `no request ${requestId} is stored`, { requestId });
        }
        const parsed = checkAppend(request, events, options.expectedCount);
        await this.insertEvents(tx, request, parsed);
        return { ...request, events: [...request.events, ...parsed] };
      }),
    );

  readonly claim = ({ platform, limit, workerId, leaseMs, now }: Parameters<RequestStore["claim"]>[0]) =>
    this.wrap(async () => {
      if (limit <= 0) return [];
      // One statement (so one transaction, and one round trip to the PGlite thread): lease the jobs,
      // record an attempt for each (the outbox: every attempt is on record, with its key, before the
      // caller makes any HTTP call), and return them with their request's content.
      const rows = await this.driver.query<
        // Content as JSON text, parsed here: the PGlite thread then neither parses it nor copies it
        // across as an object graph (a string crosses threads as one copy). Of the history, only its
        // length: the events are known here (saved by this store) or read at settle.
        JobRow & { emergency: boolean; seq: string | number; content: string; event_count: number }
      >(
        `with picked as (
             select j.request_id, j.batch, r.status from rk_jobs j join rk_requests r on r.id = j.request_id
             where j.platform = $1 and j.state = 'queued' and j.not_before <= $2
               and (j.lease_expires_at is null or j.lease_expires_at <= $2)
             order by j.emergency desc, j.seq, j.batch
             limit $3
             ${this.claimLock}
           ), cancelled as (
             -- Submitted through another channel (a portal, email) or withdrawn since it was queued.
             update rk_jobs j set state = 'cancelled',
               last_error = jsonb_build_object('code', 'not_approved', 'retryable', false,
                 'message', 'the request is "' || p.status || '", not "approved": not sent')
             from picked p
             where j.request_id = p.request_id and j.batch = p.batch and p.status <> 'approved'
           ), leased as (
             update rk_jobs j
             set lease_owner = $4, lease_expires_at = $2::bigint + $5::bigint, attempts = j.attempts + 1
             from picked p
             where j.request_id = p.request_id and j.batch = p.batch and p.status = 'approved'
             returning ${JOB_COLUMNS.split(", ")
               .map((column) => `j.${column}`)
               .join(", ")}, j.emergency, j.seq
           ), recorded as (
             insert into rk_attempts (request_id, batch, idempotency_key, generation, attempt, worker_id, started_at, outcome)
             select request_id, batch, idempotency_key, generation, attempts, $4, $2, 'pending'
             from leased order by emergency desc, seq, batch
           )
           select l.*, r.content::text as content, r.event_count
           from leased l join rk_requests r on r.id = l.request_id`,
        [platform, now, limit, workerId, leaseMs],
      );
      if (this.claimed.size > CONTENT_CACHE_LIMIT) this.claimed.clear();
      return rows
        .sort(
          (a, b) => Number(b.emergency) - Number(a.emergency) || num(a.seq) - num(b.seq) || a.batch - b.batch,
        )
        .map((row): ClaimedJob => {
          // Built in place (not a spread of toJob's result): one object per claimed job.
          const job = toJob(row) as DispatchJob & { request: RequestContent; attempt: number };
          const entry = this.claimed.get(job.requestId);
          // The history as this store knows it, if it still has the length the claim saw.
          const eventCount = Number(row.event_count);
          const saved = this.savedHistories.get(job.requestId);
          if (saved) this.savedHistories.delete(job.requestId);
          const known = saved ?? entry?.events;
          const events = known?.length === eventCount ? known : undefined;
          // One parsed content per request, however many of its jobs are claimed.
          job.request = entry?.content ?? (JSON.parse(row.content) as RequestContent);
          job.attempt = job.attempts;
          const only = job.targetKeys.length === job.request.targets.length ? job : undefined;
          if (entry) {
            entry.events = events;
            entry.only = only ?? entry.only;
          } else {
            this.claimed.set(job.requestId, { content: job.request, events, only });
          }
          return job;
        });
    });

  readonly renew = ({ jobs, workerId, leaseMs, now }: Parameters<RequestStore["renew"]>[0]) =>
    this.wrap(async () => {
      if (jobs.length === 0) return [];
      const rows = await this.driver.query<{ request_id: string; batch: number }>(
        // The request ids as an array, so the jobs are reached through their key: joined on the recordset
        // alone, the planner (expecting 100 rows from it) scanned every job at each renewal.
        `with x as (select * from jsonb_to_recordset($1::jsonb) as x(request_id text, batch integer))
           update rk_jobs j set lease_expires_at = $3::bigint + $4::bigint
           from x
           where j.request_id = any(array(select request_id from x))
             and j.request_id = x.request_id and j.batch = x.batch and j.state = 'queued'
             and j.lease_owner = $2 and j.lease_expires_at > $3
           returning j.request_id, j.batch`,
        [json(jobs.map((job) => ({ request_id: job.requestId, batch: job.batch }))), workerId, now, leaseMs],
      );
      const held = new Set(rows.map((row) => `${row.request_id}\u0000${row.batch}`));
      return jobs
        .filter((job) => held.has(`${job.requestId}\u0000${job.batch}`))
        .map((job): JobRef => ({ requestId: job.requestId, batch: job.batch }));
    });

  readonly settle = (
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ) =>
    this.wrap(async () => {
      if (outcomes.length === 0) return [];
      const ids = [...new Set(outcomes.map((outcome) => outcome.requestId))].sort();
      return (
        (await this.settleInOneTrip(outcomes, ids, whenRequestSubmitted, now)) ??
        this.settleStepByStep(outcomes, ids, whenRequestSubmitted, now)
      );
    });

  readonly requeueFailed = ({ requestIds, platform, now }: Parameters<RequestStore["requeueFailed"]>[0]) =>
    this.wrap(async () => {
      const rows = await this.driver.query(
        `update rk_jobs set state = 'queued', generation = generation + 1,
             idempotency_key = 'rk:' || request_id || ':b' || batch || ':g' || (generation + 1),
             attempts = 0, not_before = $3, last_error = null, lease_owner = null, lease_expires_at = null
           where state = 'failed'
             and ($1::text[] is null or request_id = any($1::text[]))
             and ($2::text is null or platform = $2)
           returning request_id`,
        [requestIds ?? null, platform ?? null, now],
      );
      return rows.length;
    });

  readonly listJobs = (filter: Parameters<RequestStore["listJobs"]>[0] = {}) =>
    this.wrap(async () => {
      const rows = await this.driver.query<JobRow>(
        `select ${JOB_COLUMNS} from rk_jobs
           where ($1::text is null or request_id = $1)
             and ($2::text is null or platform = $2)
             and ($3::text is null or state = $3)
           order by seq, batch`,
        [filter.requestId ?? null, filter.platform ?? null, filter.state ?? null],
      );
      return rows.map(toJob);
    });

  readonly findJobByPlatformRef = (
    platform: Parameters<RequestStore["findJobByPlatformRef"]>[0],
    platformRef: Parameters<RequestStore["findJobByPlatformRef"]>[1],
  ) =>
    this.wrap(async () => {
      const rows = await this.driver.query<JobRow>(
        `select ${JOB_COLUMNS} from rk_jobs where platform = $1 and platform_ref = $2 limit 1`,
        [platform, platformRef],
      );
      return rows[0] ? toJob(rows[0]) : undefined;
    });

  readonly listAttempts = (requestId: Parameters<RequestStore["listAttempts"]>[0]) =>
    this.wrap(async () => {
      const rows = await this.driver.query<AttemptRow>(
        `select request_id, batch, idempotency_key, generation, attempt, worker_id, started_at, finished_at,
                  outcome, error, platform_ref
           from rk_attempts where request_id = $1 order by id`,
        [requestId],
      );
      return rows.map(toAttempt);
    });

  readonly counts = (
    platform: Parameters<RequestStore["counts"]>[0],
    now: Parameters<RequestStore["counts"]>[1],
  ) =>
    this.wrap(async (): Promise<QueueCounts> => {
      const [row] = await this.driver.query<{
        queued: string | number;
        leased: string | number;
        submitted: string | number;
        failed: string | number;
        cancelled: string | number;
        next: string | number | null;
      }>(
        `select
             count(*) filter (where state = 'queued') as queued,
             count(*) filter (where state = 'queued' and lease_owner is not null and lease_expires_at > $2) as leased,
             count(*) filter (where state = 'submitted') as submitted,
             count(*) filter (where state = 'failed') as failed,
             count(*) filter (where state = 'cancelled') as cancelled,
             min(case when lease_owner is not null and lease_expires_at > $2
                      then greatest(not_before, lease_expires_at) else not_before end)
               filter (where state = 'queued') as next
           from rk_jobs where ($1::text is null or platform = $1)`,
        [platform ?? null, now],
      );
      return {
        queued: Number(row!.queued),
        leased: Number(row!.leased),
        submitted: Number(row!.submitted),
        failed: Number(row!.failed),
        cancelled: Number(row!.cancelled),
        nextClaimableAt: optNum(row!.next),
      };
    });

  readonly platforms = () =>
    this.wrap(async () => {
      const rows = await this.driver.query<{ platform: string }>(
        "select distinct platform from rk_jobs order by platform",
      );
      return rows.map((row) => row.platform);
    });

  auditTrail() {
    this.open();
    return sqlAuditTrail(this.driver);
  }

  readonly findCovering = (targetKeys: Parameters<RequestStore["findCovering"]>[0]) =>
    this.wrap(() => this.deconfliction.findCovering(targetKeys));

  readonly placeHold = (
    hold: Parameters<RequestStore["placeHold"]>[0],
    now: Parameters<RequestStore["placeHold"]>[1],
  ) => this.wrap(() => this.deconfliction.placeHold(hold, now));

  readonly releaseHold = (options: Parameters<RequestStore["releaseHold"]>[0]) =>
    this.wrap(() => this.deconfliction.releaseHold(options));

  readonly listHolds = (filter: Parameters<RequestStore["listHolds"]>[0]) =>
    this.wrap(() => this.deconfliction.listHolds(filter));

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.info.onClose?.();
  }
}

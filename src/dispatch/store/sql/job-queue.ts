import type { RequestContent } from "../../../domain/schemas/request.js";
import type {
  AttemptOutcome,
  AttemptRecord,
  ClaimedJob,
  DispatchJob,
  JobRef,
  QueueCounts,
  RequestStore,
  SettleResult,
  WhenRequestSubmitted,
} from "../port.js";
import { ClaimedRequests } from "./claimed-requests.js";
import type { SqlDriver, SqlExecutor } from "./driver.js";
import type { KnownHeads, SavedHistories } from "./history-caches.js";
import type { FreshEntry } from "./request-repository.js";
import {
  type AttemptRow,
  JOB_COLUMNS,
  type JobRow,
  jobKey,
  json,
  num,
  optNum,
  toAttempt,
  toJob,
} from "./rows.js";
import { SqlSettler } from "./settle.js";

/**
 * The SQL store's dispatch queue: jobs (`rk_jobs`) with their leases, and the outbox of attempts
 * (`rk_attempts`). Claims use `FOR UPDATE SKIP LOCKED` (except with one session), so workers sharing a
 * database never take the same job, and a lease that expired (a dead worker) is claimable again. Settles
 * go through `SqlSettler`, which appends the events of the requests they complete in the same
 * transaction.
 */
export class SqlJobQueue {
  /** What claims read of the requests they handed out, for the settles. */
  private readonly claims = new ClaimedRequests();

  private readonly settler: SqlSettler;

  private readonly claimLock: string;

  constructor(
    private readonly driver: SqlDriver,
    heads: KnownHeads,
    private readonly saved: SavedHistories,
    /** The database has one session (PGlite), so transactions never overlap and row locks can be skipped. */
    singleSession: boolean,
  ) {
    // Workers sharing a database skip each other's jobs; one session (PGlite) has no one to skip, and a
    // row lock is one more write per claimed row (its tuple header, and a WAL record).
    this.claimLock = singleSession ? "" : "for update of j skip locked";
    this.settler = new SqlSettler(driver, heads, this.claims, singleSession);
  }

  /** Queues the job plans of requests stored now, in the transaction `tx` that stores them. */
  async enqueue(tx: SqlExecutor, fresh: readonly FreshEntry[], now: number): Promise<void> {
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
  }

  /** See `RequestStore.claim`. */
  async claim({
    platform,
    limit,
    workerId,
    leaseMs,
    now,
  }: Parameters<RequestStore["claim"]>[0]): Promise<ClaimedJob[]> {
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
    this.claims.trim();
    return rows
      .sort(
        (a, b) => Number(b.emergency) - Number(a.emergency) || num(a.seq) - num(b.seq) || a.batch - b.batch,
      )
      .map((row): ClaimedJob => {
        // Built in place (not a spread of toJob's result): one object per claimed job.
        const job = toJob(row) as DispatchJob & { request: RequestContent; attempt: number };
        const saved = this.saved.take(job.requestId);
        job.request = this.claims.note(job, row.content, Number(row.event_count), saved);
        job.attempt = job.attempts;
        return job;
      });
  }

  /** See `RequestStore.renew`. */
  async renew({ jobs, workerId, leaseMs, now }: Parameters<RequestStore["renew"]>[0]): Promise<JobRef[]> {
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
    const held = new Set(rows.map((row) => jobKey(row.request_id, row.batch)));
    return jobs
      .filter((job) => held.has(jobKey(job.requestId, job.batch)))
      .map((job): JobRef => ({ requestId: job.requestId, batch: job.batch }));
  }

  /** See `RequestStore.settle`. */
  settle(
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ): Promise<SettleResult[]> {
    return this.settler.settle(outcomes, whenRequestSubmitted, now);
  }

  /** See `RequestStore.requeueFailed`. */
  async requeueFailed({
    requestIds,
    platform,
    now,
  }: Parameters<RequestStore["requeueFailed"]>[0]): Promise<number> {
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
  }

  /** See `RequestStore.listJobs`. */
  async listJobs(filter: Parameters<RequestStore["listJobs"]>[0] = {}): Promise<DispatchJob[]> {
    const rows = await this.driver.query<JobRow>(
      `select ${JOB_COLUMNS} from rk_jobs
         where ($1::text is null or request_id = $1)
           and ($2::text is null or platform = $2)
           and ($3::text is null or state = $3)
         order by seq, batch`,
      [filter.requestId ?? null, filter.platform ?? null, filter.state ?? null],
    );
    return rows.map(toJob);
  }

  /** See `RequestStore.findJobByPlatformRef`. */
  async findJobByPlatformRef(platform: string, platformRef: string): Promise<DispatchJob | undefined> {
    const rows = await this.driver.query<JobRow>(
      `select ${JOB_COLUMNS} from rk_jobs where platform = $1 and platform_ref = $2 limit 1`,
      [platform, platformRef],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** See `RequestStore.listAttempts`. */
  async listAttempts(requestId: string): Promise<AttemptRecord[]> {
    const rows = await this.driver.query<AttemptRow>(
      `select request_id, batch, idempotency_key, generation, attempt, worker_id, started_at, finished_at,
                outcome, error, platform_ref
         from rk_attempts where request_id = $1 order by id`,
      [requestId],
    );
    return rows.map(toAttempt);
  }

  /** See `RequestStore.counts`. */
  async counts(platform: string | undefined, now: number): Promise<QueueCounts> {
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
  }

  /** See `RequestStore.platforms`. */
  async platforms(): Promise<string[]> {
    const rows = await this.driver.query<{ platform: string }>(
      "select distinct platform from rk_jobs order by platform",
    );
    return rows.map((row) => row.platform);
  }
}
